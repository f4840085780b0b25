"""The raw cells of the evaluation tables (the "spreadsheet"): fixed, seeded daily bars rounded as terminals print
them. Everything in the question set is computed from these rows by reference.py, never by the code under test."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    date: dt.date
    open: float | None
    high: float | None
    low: float | None
    close: float | None
    volume: float | None  # 手 (lots of 100 shares) for A-shares, shares for US
    amount: float | None  # 万元 for A-shares, USD millions for US
    pct: float | None  # 涨跌幅 in percent, 2 decimals, as the terminal prints it


@dataclass(frozen=True)
class Dataset:
    name: str
    code: str
    bars: list[Bar]


def _days(start: dt.date, end: dt.date, holidays: set[dt.date]) -> list[dt.date]:
    out, d = [], start
    while d <= end:
        if d.weekday() < 5 and d not in holidays:
            out.append(d)
        d += dt.timedelta(days=1)
    return out


def _bars(seed: int, days: list[dt.date], start: float, vol: float, lots: int, missing: set[int]) -> list[Bar]:
    rng = random.Random(seed)
    bars, prev = [], start
    for i, d in enumerate(days):
        close = round(prev * (1 + rng.gauss(0.0005, vol)), 2)
        open_ = round(prev * (1 + rng.gauss(0, vol / 3)), 2)
        high = round(max(open_, close) * (1 + abs(rng.gauss(0, vol / 2))), 2)
        low = round(min(open_, close) * (1 - abs(rng.gauss(0, vol / 2))), 2)
        volume = float(rng.randint(lots // 2, lots * 2))
        amount = round(volume * 100 * close / 10_000, 2) if lots > 1000 else round(volume * close / 1e6, 2)
        pct = round((close / prev - 1) * 100, 2)
        if i in missing:  # a suspended day: every cell printed as "--"
            bars.append(Bar(d, None, None, None, None, None, None, None))
            continue
        bars.append(Bar(d, open_, high, low, close, volume, amount, pct))
        prev = close
    return bars


SEPT = _days(dt.date(2024, 9, 2), dt.date(2024, 9, 30), {dt.date(2024, 9, 16), dt.date(2024, 9, 17)})
MARCH = _days(dt.date(2024, 3, 1), dt.date(2024, 4, 5), {dt.date(2024, 3, 29), dt.date(2024, 4, 4)})

PINGAN = Dataset("平安银行", "000001.SZ", _bars(7, SEPT, 10.05, 0.018, 900_000, set()))
CMB = Dataset("招商银行", "600036.SH", _bars(11, SEPT, 33.40, 0.015, 500_000, set()))
MOUTAI = Dataset("贵州茅台", "600519.SH", _bars(23, SEPT, 1385.0, 0.016, 30_000, {8}))
ACME = Dataset("Acme Corp", "ACME", _bars(5, MARCH, 34.80, 0.017, 800, set()))


@dataclass(frozen=True)
class Flow:
    date: dt.date
    inflow: float  # 万元
    outflow: float  # 万元
    net: float  # 万元 = inflow - outflow


def _flows(seed: int, days: list[dt.date]) -> list[Flow]:
    rng = random.Random(seed)
    out = []
    for d in days:
        inflow = round(rng.uniform(20_000, 60_000), 2)
        outflow = round(rng.uniform(20_000, 60_000), 2)
        out.append(Flow(d, inflow, outflow, round(inflow - outflow, 2)))
    return out


FLOWS = _flows(3, SEPT[:12])
