"""The operations: pure functions of a Table that return a value plus its operands (each with its table cell),
the formula and the conventions used. Definitions are in docs/tables.md; this module is the one place they live."""

from __future__ import annotations

import datetime as dt
import itertools
import math
from dataclasses import dataclass, field

import numpy as np

from services.portfolio.tables.model import Column, Table

ANNUALISATION_DAYS = 252


class OpError(Exception):
    """The operation cannot be computed as asked (a missing cell, an empty window): ask, never guess."""

    def __init__(self, code: str, message: str, suggestion: str = "") -> None:
        super().__init__(message)
        self.code, self.message, self.suggestion = code, message, suggestion


@dataclass(frozen=True)
class Operand:
    name: str
    value: float
    date: dt.date | None
    column: str  # the header as written
    unit: str
    instrument: str = ""

    def cell(self) -> dict[str, object]:
        return {"name": self.name, "value": self.value, "row": self.date.isoformat() if self.date else None,
                "column": self.column, "unit": self.unit, "instrument": self.instrument}


@dataclass
class Result:
    value: float | int | dt.date
    kind: str  # fraction | number | money | count | date
    unit: str
    formula: str
    operands: list[Operand] = field(default_factory=list)
    conventions: list[str] = field(default_factory=list)
    extra: dict[str, object] = field(default_factory=dict)
    places: int | None = None  # default display decimals (a column's printed decimals); None: the kind's default
    remark: dict[str, str] = field(default_factory=dict)  # {"zh": ..., "en": ...}: said with the answer (a premise)


@dataclass(frozen=True)
class Window:
    start: int  # row indices into table.dates, inclusive
    end: int


def column(t: Table, key: str) -> Column:
    c = t.col(key)
    if c is None:
        raise OpError("no_column", f"column {key} is not in the table")
    return c


def cell(t: Table, key: str, i: int, name: str) -> Operand:
    c = column(t, key)
    v = float(c.values[i])
    if math.isnan(v):
        raise OpError("missing_cell", f"the {c.label} cell on {t.dates[i].isoformat()} is empty")
    return Operand(name, v, t.dates[i], c.label, c.unit, t.instrument)


def _present(t: Table, key: str, w: Window) -> list[int]:
    c = column(t, key)
    rows = [i for i in range(w.start, w.end + 1) if not math.isnan(c.values[i])]
    if not rows:
        raise OpError("empty_window", f"no {c.label} values between {t.dates[w.start]} and {t.dates[w.end]}")
    return rows


def _window_note(t: Table, w: Window, rows: list[int]) -> str:
    skipped = (w.end - w.start + 1) - len(rows)
    text = f"window {t.dates[w.start].isoformat()}..{t.dates[w.end].isoformat()} inclusive, {len(rows)} rows"
    return text + (f" ({skipped} empty cells skipped)" if skipped else "")


def value_at(t: Table, key: str, i: int) -> Result:
    op = cell(t, key, i, "value")
    return Result(op.value, "number", op.unit, "value", [op], places=column(t, key).places)


def pick(t: Table, key: str, rule: str, w: Window, name: str, after: int | None = None) -> Operand:
    """The price a rule chooses: first/last row of the window, or its lowest/highest value (earliest on ties).
    With ``after`` (a sell after a buy) only rows on or after that row are eligible."""
    rows = _present(t, key, Window(max(w.start, after or 0), w.end))
    vals = column(t, key).values
    if rule == "first":
        i = rows[0]
    elif rule == "last":
        i = rows[-1]
    elif rule == "min":
        i = min(rows, key=lambda r: (vals[r], r))
    else:
        i = min(rows, key=lambda r: (-vals[r], r))
    return cell(t, key, i, name)


def ret(buy: Operand, sell: Operand, what: str = "return") -> Result:
    if buy.value == 0:
        raise OpError("zero_base", "the starting value is zero; a ratio is undefined")
    if buy.value < 0:  # a net outflow as the base: end / start - 1 has no meaning as a growth rate
        raise OpError("negative_base", f"the starting value {buy.value:g} is negative; a growth rate is undefined")
    value = sell.value / buy.value - 1
    return Result(value, "fraction", "", f"{what} = end / start - 1", [buy, sell],
                  ["simple return, no dividends unless the prices are adjusted"])


def annualise(res: Result) -> Result:
    """(1 + r) ^ (365 / calendar days) - 1: a period return as a yearly rate, compounding (ACT/365)."""
    a, b = res.operands[0].date, res.operands[-1].date
    if a is None or b is None or (b - a).days <= 0:
        raise OpError("too_few", "an annualised return needs two different dates")
    days = (b - a).days
    if 1 + float(res.value) <= 0:  # type: ignore[arg-type]
        # fees above what the sale brought back: a loss of everything or more has no compounded yearly rate
        raise OpError("total_loss", "the return after fees is -100% or worse; an annualised rate is undefined")
    value = (1 + float(res.value)) ** (365 / days) - 1  # type: ignore[arg-type]
    return Result(value, "fraction", "", f"annualised return = (1 + period return) ^ (365 / {days}) - 1", res.operands,
                  [*res.conventions, f"{days} calendar days, 365-day year, compounded"],
                  {"period_return": res.value, "days": days})


def change(a: Operand, b: Operand) -> Result:
    return Result(b.value - a.value, "number", b.unit, "change = end - start", [a, b])


def with_places(res: Result, places: int | None) -> Result:
    res.places = places
    return res


def aggregate(t: Table, key: str, w: Window, fn: str) -> Result:
    rows = _present(t, key, w)
    c = column(t, key)
    vals = [float(c.values[i]) for i in rows]
    operands: list[Operand] = []
    if fn in ("max", "min", "range"):
        hi = min(rows, key=lambda r: (-c.values[r], r))
        lo = min(rows, key=lambda r: (c.values[r], r))
        if fn in ("max", "range"):
            operands.append(cell(t, key, hi, "max"))
        if fn in ("min", "range"):
            operands.append(cell(t, key, lo, "min"))
    value = {"max": max(vals), "min": min(vals), "sum": math.fsum(vals), "mean": math.fsum(vals) / len(vals),
             "range": max(vals) - min(vals), "median": float(np.median(vals))}[fn]
    formula = {"range": "range = max - min", "mean": "mean = sum / n"}.get(fn, f"{fn} over the window")
    return Result(value, "number", c.unit, formula, operands, [_window_note(t, w, rows)], {"n": len(rows)},
                  c.places if fn in ("max", "min", "range", "sum") else None)


def arg_extreme(t: Table, key: str, w: Window, fn: str) -> Result:
    op = pick(t, key, fn, w, fn)
    assert op.date is not None
    return Result(op.date, "date", "", f"date of the {fn}imum", [op],
                  [_window_note(t, w, _present(t, key, w)), "ties: the earliest date"])


def count_days(t: Table, key: str, w: Window, cond: str, a: float = 0.0, b: float = 0.0,
               key2: str | None = None) -> Result:
    """Rows in the window meeting the condition. up/down compare with the previous row's value (the row before
    the window counts for the window's first day); gt/lt strict, ge/le and between inclusive."""
    c = column(t, key)
    other = column(t, key2).values if key2 else None
    n = 0
    evaluated = 0
    for i in range(w.start, w.end + 1):
        v = c.values[i]
        if math.isnan(v):
            continue
        if other is not None:  # one column against another on the same row
            if math.isnan(other[i]):
                continue
            hit = v > other[i] if cond == "gtc" else v < other[i]
        elif cond in ("up", "down", "flat"):
            prev = c.values[i - 1] if i > 0 else math.nan
            if math.isnan(prev):
                continue
            hit = v > prev if cond == "up" else v < prev if cond == "down" else v == prev
        else:
            hit = {"gt": v > a, "lt": v < a, "ge": v >= a, "le": v <= a, "eq": v == a, "any": True,
                   "between": min(a, b) <= v <= max(a, b)}[cond]
        evaluated += 1
        n += bool(hit)
    note = {"up": "up day: value above the previous row's", "down": "down day: value below the previous row's"}
    what = {"between": f"between {a:g} and {b:g}", "gt": f"> {a:g}", "lt": f"< {a:g}", "ge": f">= {a:g}",
            "le": f"<= {a:g}", "eq": f"= {a:g}", "gtc": f"> {key2}", "ltc": f"< {key2}",
            "any": "has a value (trading days)"}.get(cond, cond)
    return Result(n, "count", "days", f"count of days where {key} {what}",
                  [], [_window_note(t, w, _present(t, key, w)), note.get(cond, "strict > and <; between inclusive"),
                       f"{evaluated} days evaluated"], {"evaluated": evaluated})


def share(res: Result) -> Result:
    """The count as a fraction of the days evaluated (收盘价低于10元的天数占比)."""
    evaluated = int(res.extra.get("evaluated", 0))  # type: ignore[call-overload]
    if evaluated == 0:
        raise OpError("empty_window", "no day could be evaluated")
    return Result(int(res.value) / evaluated, "fraction", "", f"share = {res.value} / {evaluated} days",  # type: ignore[arg-type]
                  res.operands, res.conventions, {"count": res.value, "evaluated": evaluated})


def daily_returns(t: Table, key: str, w: Window) -> tuple[list[float], list[int]]:
    rows = _present(t, key, w)
    v = column(t, key).values
    return [float(v[b] / v[a] - 1) for a, b in itertools.pairwise(rows)], rows


def return_stats(t: Table, key: str, w: Window, stat: str, ddof: int = 1) -> Result:
    r, rows = daily_returns(t, key, w)
    need = 1 if stat == "mean" else 1 + ddof
    if len(r) < need:
        raise OpError("too_few", f"{len(r)} daily returns in the window; {stat} needs at least {need}")
    mean = math.fsum(r) / len(r)
    conv = [_window_note(t, w, rows), f"{len(r)} daily simple returns r = close_t / close_t-1 - 1"]
    if stat == "mean":
        return Result(mean, "fraction", "", "mean of daily returns", [], conv)
    if stat == "std":
        std = math.sqrt(math.fsum((x - mean) ** 2 for x in r) / (len(r) - ddof))
        kind = "sample" if ddof else "population"
        return Result(std, "fraction", "", f"{kind} standard deviation (ddof={ddof}) of daily returns: "
                      f"sqrt(sum((r - mean)^2) / (n - {ddof}))", [], conv)
    std = math.sqrt(math.fsum((x - mean) ** 2 for x in r) / (len(r) - 1))
    return Result(std * math.sqrt(ANNUALISATION_DAYS), "fraction", "", "std(daily returns, ddof=1) × sqrt(252)",
                  [], [*conv, "252 trading days a year"])


def max_drawdown(t: Table, key: str, w: Window) -> Result:
    rows = _present(t, key, w)
    v = column(t, key).values
    peak_i, best, best_pair = rows[0], 0.0, (rows[0], rows[0])
    for i in rows:
        if v[i] > v[peak_i]:
            peak_i = i
        dd = 1 - v[i] / v[peak_i]
        if dd > best:
            best, best_pair = float(dd), (peak_i, i)
    ops = [cell(t, key, best_pair[0], "peak"), cell(t, key, best_pair[1], "trough")]
    return Result(best, "fraction", "", "max drawdown = max over t of (1 - close_t / running peak)", ops,
                  [_window_note(t, w, rows), "positive fraction; 0 when the series never falls below a prior peak"])


def net_flow(t: Table, w: Window) -> Result:
    """The window's net inflow; every cell summed is an operand (the card lists the rows used)."""
    if t.col("net_inflow") is not None:
        res = aggregate(t, "net_inflow", w, "sum")
        res.formula = "net inflow = sum of the net inflow column"
        res.operands = [cell(t, "net_inflow", i, "net inflow") for i in _present(t, "net_inflow", w)]
        return res
    inflow, outflow = aggregate(t, "inflow", w, "sum"), aggregate(t, "outflow", w, "sum")
    assert isinstance(inflow.value, float) and isinstance(outflow.value, float)
    value = inflow.value - outflow.value
    cells = [cell(t, k, i, k) for k in ("inflow", "outflow") for i in _present(t, k, w)]
    return Result(value, "number", column(t, "inflow").unit, "net inflow = sum(inflow) - sum(outflow)", cells,
                  inflow.conventions)


def combine(a: Result, b: Result, mode: str, names: tuple[str, str]) -> Result:
    """Difference (a - b), ratio (a / b) or relative difference of two results (a / b - 1, "a is higher than b by
    x%"; 1 - a / b when the question asks how much lower): two dates, two columns, or two instruments."""
    x, y = float(a.value), float(b.value)  # type: ignore[arg-type]
    if mode in ("relative", "relative_down"):
        if y <= 0:
            raise OpError("zero_base" if y == 0 else "negative_base", "the base of a relative difference must be > 0")
        down = mode == "relative_down"
        return Result(1 - x / y if down else x / y - 1, "fraction", "",
                      f"relative difference = {'1 - ' if down else ''}{names[0]} / {names[1]}{'' if down else ' - 1'}",
                      a.operands + b.operands, a.conventions + b.conventions)
    if mode == "ratio":
        if y == 0:
            raise OpError("zero_base", "the denominator is zero")
        return Result(x / y, "number", "", f"ratio = {names[0]} / {names[1]}", a.operands + b.operands,
                      a.conventions + b.conventions, places=4)
    kind = "fraction" if a.kind == b.kind == "fraction" else "number"
    unit = a.unit if a.unit == b.unit else ""
    places = max(a.places, b.places) if a.places is not None and b.places is not None else None
    return Result(x - y, kind, unit, f"difference = {names[0]} - {names[1]}", a.operands + b.operands,
                  a.conventions + b.conventions, places=places)
