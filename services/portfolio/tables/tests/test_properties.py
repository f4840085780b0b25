"""Property tests: generated tables survive printing in every format and unit and parsing back; the operations
agree with brute-force definitions (numpy and O(n^2) loops, not ops.py)."""

from __future__ import annotations

import datetime as dt
import json
import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from services.portfolio.tables import ops
from services.portfolio.tables.model import Column, Table, build_tables
from services.portfolio.tables.ops import Window
from services.portfolio.tables.parse import parse_tables
from services.portfolio.tables.trading import Trade, margin, position

START = dt.date(2023, 1, 2)
DATE_STYLES = {
    "iso": lambda d: d.isoformat(), "compact": lambda d: d.strftime("%Y%m%d"),
    "zh": lambda d: f"{d.year}年{d.month}月{d.day}日", "us": lambda d: f"{d.month}/{d.day}/{d.year}",
}
# (header, factor the printed number is divided by, cell suffix)
UNITS = [("收盘价(元)", 1.0, ""), ("成交额(万元)", 1e4, ""), ("成交额", 1e8, "亿"), ("Close", 1.0, ""),
         ("涨跌幅(%)", 1.0, ""), ("成交量(手)", 1.0, ""), ("Amount (in millions)", 1e6, "")]

values = st.one_of(st.none(), st.decimals(min_value=-10**7, max_value=10**7, places=2, allow_nan=False,
                                          allow_infinity=False).map(float))


@st.composite
def tables(draw: st.DrawFn) -> tuple[list[dt.date], list[float | None], tuple[str, float, str]]:
    n = draw(st.integers(min_value=2, max_value=25))
    gaps = draw(st.lists(st.integers(min_value=1, max_value=4), min_size=n, max_size=n))
    dates, d = [], START
    for g in gaps:
        d += dt.timedelta(days=g)
        dates.append(d)
    vals = draw(st.lists(values, min_size=n, max_size=n))
    if all(v is None for v in vals):
        vals[0] = 1.0
    return dates, vals, draw(st.sampled_from(UNITS))


def _cell(v: float | None, suffix: str, sep: bool, missing: str) -> str:
    if v is None:
        return missing
    text = f"{v:,.2f}" if sep else f"{v:.2f}"
    return text + suffix


def _render(fmt: str, dates: list[dt.date], vals: list[float | None], unit: tuple[str, float, str],
            style: str) -> str:
    header, _, suffix = unit
    ds = [DATE_STYLES[style](d) for d in dates]
    if fmt == "markdown":
        rows = [f"| {d} | {_cell(v, suffix, True, '--')} |" for d, v in zip(ds, vals, strict=True)]
        return "\n".join([f"| 日期 | {header} |", "|---|---|", *rows])
    if fmt == "csv":
        rows = [f'{d},"{_cell(v, suffix, True, "")}"' for d, v in zip(ds, vals, strict=True)]
        return "\n".join([f'date,"{header}"', *rows])
    if fmt == "json":
        return json.dumps([{"date": d, header: v} for d, v in zip(ds, vals, strict=True)], ensure_ascii=False)
    if fmt == "transposed":
        return "\n".join(["| 指标 | " + " | ".join(ds) + " |", "|---" * (len(ds) + 1) + "|",
                          f"| {header} | " + " | ".join(_cell(v, suffix, True, "--") for v in vals) + " |"])
    width = max(len(header), 16) + 4
    rows = [d.ljust(20) + _cell(v, suffix, False, "NaN").ljust(width) for d, v in zip(ds, vals, strict=True)]
    return "\n".join(["Date".ljust(20) + header.ljust(width), *rows])


@settings(max_examples=60, deadline=None)
@given(tables(), st.sampled_from(["markdown", "csv", "json", "transposed", "text"]), st.sampled_from(list(DATE_STYLES)))
def test_round_trip_in_every_format(table: tuple, fmt: str, style: str) -> None:  # type: ignore[type-arg]
    dates, vals, unit = table
    if fmt == "text" and style == "zh":
        style = "iso"
    if fmt == "json" and unit[2]:
        unit = ("成交额(万元)", 1e4, "")  # JSON carries numbers, not "1.2亿" strings
    raws = parse_tables(_render(fmt, dates, vals, unit, style))
    assert len(raws) == 1
    (t,) = build_tables(raws[0])
    assert t.dates == dates
    (col,) = t.columns
    for got, want in zip(col.values, vals, strict=True):
        if want is None:
            assert math.isnan(got)
        else:
            expect = want * (1e8 / 1e8 if unit[2] else 1.0)  # a 亿 suffix in a unit-less header: stored in base units
            expect = want * 1e8 if unit[2] == "亿" else expect
            assert math.isclose(got, expect, rel_tol=1e-12, abs_tol=1e-6), (got, want, unit)


def _table(closes: list[float]) -> Table:
    dates = [START + dt.timedelta(days=i) for i in range(len(closes))]
    return Table("X", dates, [Column("close", "close", "元", np.array(closes, dtype=np.float64))], "test")


prices = st.lists(st.floats(min_value=0.5, max_value=500, allow_nan=False), min_size=3, max_size=60)


@settings(max_examples=80, deadline=None)
@given(prices)
def test_max_drawdown_matches_the_pairwise_definition(closes: list[float]) -> None:
    t = _table(closes)
    got = float(ops.max_drawdown(t, "close", Window(0, len(closes) - 1)).value)
    brute = max([0.0] + [1 - closes[j] / closes[i] for i in range(len(closes)) for j in range(i, len(closes))])
    assert math.isclose(got, brute, abs_tol=1e-12) and 0 <= got < 1


@settings(max_examples=80, deadline=None)
@given(prices)
def test_return_statistics_match_numpy(closes: list[float]) -> None:
    t = _table(closes)
    w = Window(0, len(closes) - 1)
    r = np.diff(np.array(closes)) / np.array(closes[:-1])
    assert math.isclose(float(ops.return_stats(t, "close", w, "std").value), float(np.std(r, ddof=1)), rel_tol=1e-9,
                        abs_tol=1e-15)
    assert math.isclose(float(ops.return_stats(t, "close", w, "vol").value), float(np.std(r, ddof=1) * np.sqrt(252)),
                        rel_tol=1e-9, abs_tol=1e-15)
    assert math.isclose(float(ops.return_stats(t, "close", w, "mean").value), float(np.mean(r)), rel_tol=1e-9,
                        abs_tol=1e-15)


@settings(max_examples=80, deadline=None)
@given(prices, st.data())
def test_aggregates_counts_and_windows(closes: list[float], data: st.DataObject) -> None:
    t = _table(closes)
    lo = data.draw(st.integers(0, len(closes) - 1))
    hi = data.draw(st.integers(lo, len(closes) - 1))
    w = Window(lo, hi)
    part = closes[lo:hi + 1]
    assert ops.aggregate(t, "close", w, "max").value == max(part)
    assert ops.aggregate(t, "close", w, "min").value == min(part)
    assert math.isclose(float(ops.aggregate(t, "close", w, "range").value), max(part) - min(part))
    assert math.isclose(float(ops.aggregate(t, "close", w, "mean").value), sum(part) / len(part), rel_tol=1e-12)
    assert ops.arg_extreme(t, "close", w, "max").value == t.dates[lo + part.index(max(part))]
    up = int(ops.count_days(t, "close", w, "up").value)
    down = int(ops.count_days(t, "close", w, "down").value)
    flat = int(ops.count_days(t, "close", w, "flat").value)
    assert up + down + flat == (hi - lo + 1) - (1 if lo == 0 else 0)
    x = data.draw(st.sampled_from(closes))
    above = int(ops.count_days(t, "close", w, "gt", x).value)
    at_most = int(ops.count_days(t, "close", w, "le", x).value)
    assert above + at_most == hi - lo + 1


@settings(max_examples=80, deadline=None)
@given(st.floats(0.5, 500), st.floats(0.5, 500), st.integers(1, 10_000), st.floats(0, 0.2), st.integers(1, 400))
def test_position_and_margin_identities(buy: float, sell: float, shares: int, rate: float, days: int) -> None:
    b = ops.Operand("buy", buy, START, "close", "元")
    s = ops.Operand("sell", sell, START + dt.timedelta(days=days), "close", "元")
    profit = float(position(b, s, Trade(shares=shares), "profit").value)
    assert math.isclose(profit, shares * (sell - buy), rel_tol=1e-9, abs_tol=1e-9)
    ret = float(position(b, s, Trade(amount=10_000.0), "return").value)
    assert math.isclose(ret, sell / buy - 1, rel_tol=1e-9, abs_tol=1e-12)
    # leverage 2 on own capital E: return = 2 × (sell/buy - 1) - E × rate × days / 365 / E
    lev = float(margin(b, s, Trade(amount=10_000.0, leverage=2.0, rate=rate), "return").value)
    assert math.isclose(lev, 2 * (sell / buy - 1) - rate * days / 365, rel_tol=1e-9, abs_tol=1e-9)
