"""The shipped market data: provenance (hashes), the loader's validation, and the caller-series checks."""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import shutil
from pathlib import Path

import numpy as np
import pytest

from services.common.errors import InvalidArgument
from services.portfolio.marketdata import (
    DATA_DIR,
    MarketDataError,
    align,
    load_market_data,
    own_series,
    parse_dates,
)

HASHES = {  # as documented in data/SOURCES.md
    "cn_hk_daily.csv.gz": "92a642b8c2d31cd4a88686ad1006add16f9f710a006ae913d45b1d60a184df2c",
    "sp500_dataset.csv.gz": "ee21cac28befb1d0a739a9ceb22184f995394726aa0cfde9a21941d1ac04ac0d",
    "sp500_index.csv.gz": "894c34431c284f86aa64a467e176e2a3c9b697c857eb9ab35006c2dd55d3fdf2",
    "factors_dataset.csv.gz": "6eb089953db90c9a38d3283582751701a90db6f59965847fd64b0578de497161",
}


def test_files_are_the_documented_ones() -> None:
    for name, digest in HASHES.items():
        assert hashlib.sha256((DATA_DIR / name).read_bytes()).hexdigest() == digest, name
    assert sum(p.stat().st_size for p in DATA_DIR.iterdir()) < 3 * 1024 * 1024


@pytest.mark.skipif(importlib.util.find_spec("skfolio") is None, reason="skfolio (dev-only) not installed")
def test_us_files_are_byte_copies_of_the_skfolio_wheel() -> None:
    spec = importlib.util.find_spec("skfolio")
    assert spec is not None and spec.origin is not None
    wheel_dir = Path(spec.origin).parent / "datasets" / "data"
    for name in ("sp500_dataset.csv.gz", "sp500_index.csv.gz", "factors_dataset.csv.gz"):
        assert (wheel_dir / name).read_bytes() == (DATA_DIR / name).read_bytes()


def test_loader_reports_instruments_windows_and_as_of() -> None:
    md = load_market_data()
    assert len(md.instruments) >= 8
    assert md.as_of == "2022-12-28"
    markets = {i.market for i in md.instruments.values()}
    assert markets == {"CN", "HK", "US"}
    cn = md.instruments["000001.SH"]
    assert cn.series.currency == "CNY" and str(cn.series.dates[-1]) == "2017-07-26"
    assert md.instruments["00700.HK"].series.currency == "HKD"
    spx = md.instruments["SP500"].series
    assert str(spx.dates[0]) == "1990-01-02" and spx.dates.size == 8313
    for inst in md.instruments.values():
        s = inst.series
        assert (np.diff(s.dates).astype(int) > 0).all() and (s.prices > 0).all() and np.isfinite(s.prices).all()
        assert inst.max_gap_days <= 16


def test_unknown_instrument_is_named() -> None:
    md = load_market_data()
    with pytest.raises(InvalidArgument, match=r"holdings\[0\]\.instrument: unknown instrument 'NOPE'"):
        md.series("holdings[0].instrument", "NOPE")
    assert md.series("f", " aapl ").id == "AAPL"


def _broken_copy(tmp_path: Path, edit: str, replacement: str) -> Path:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    path = data / "cn_hk_daily.csv.gz"
    text = gzip.decompress(path.read_bytes()).decode()
    assert edit in text
    path.write_bytes(gzip.compress(text.replace(edit, replacement, 1).encode()))
    return data


@pytest.mark.parametrize(
    ("edit", "replacement", "message"),
    [
        ("2011-07-29,2701.73", "2011-07-29,-2701.73", "non-positive"),
        ("2011-07-29,2701.73", "2011-07-28,2701.73", "duplicate or unsorted"),
        ("2017-07-26,", "2017-09-26,", "gap of"),
        ("2011-07-29,2701.73", "2011-07-29,abc", "unreadable"),
    ],
)
def test_loader_refuses_broken_data(tmp_path: Path, edit: str, replacement: str, message: str) -> None:
    with pytest.raises(MarketDataError, match=message):
        load_market_data(_broken_copy(tmp_path, edit, replacement))


def test_own_series_checks_name_the_field() -> None:
    ok = own_series("holdings[0].series", ["2024-01-02", "2024-01-03"], [1.0, 1.1], "", 2)
    assert ok.currency == "CNY" and ok.own
    cases = [
        (["2024-01-02", "2024-01-02"], [1.0, 1.1], r"series\.dates\[1\]: duplicate date"),
        (["2024-01-03", "2024-01-02"], [1.0, 1.1], r"series\.dates\[1\]: dates must increase"),
        (["2024-01-02", "2024-01-03"], [1.0, float("nan")], r"series\.prices\[1\]: must be a finite number"),
        (["2024-01-02", "2024-01-03"], [1.0, 0.0], r"series\.prices\[1\]: prices must be positive"),
        (["2024-01-02"], [1.0, 2.0], r"series\.dates: 1 dates for 2 prices"),
        (["2024-01-02", "2024-1-3"], [1.0, 2.0], r"series\.dates\[1\]: dates must be ISO 8601"),
        (["2024-01-02"], [1.0], r"series\.prices: too short"),
    ]
    for dates, prices, message in cases:
        with pytest.raises(InvalidArgument, match=message):
            own_series("holdings[0].series", dates, prices, "", 2)


def test_align_never_trims_a_callers_series() -> None:
    md = load_market_data()
    spx = md.series("f", "SP500")
    own = own_series("s", ["2022-12-27", "2022-12-28"], [1.0, 1.1], "USD", 2)
    dates, cols = align("holdings", [spx, own])
    assert [str(d) for d in dates] == ["2022-12-27", "2022-12-28"] and cols[0].size == 2
    weekend = own_series("s", ["2022-12-24", "2022-12-28"], [1.0, 1.1], "USD", 2)
    with pytest.raises(InvalidArgument, match=r"holdings\[1\]\.dates: 2 dates, of which only 1"):
        align("holdings", [spx, weekend])


def test_parse_dates_rejects_garbage() -> None:
    with pytest.raises(InvalidArgument, match="start_date"):
        parse_dates("start_date", ["2024-13-01"])
