"""Spreadsheet-style reference answers: explicit loops over the raw cells, written separately from ops.py (which
they must never import). Each function mirrors one definition in docs/tables.md."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

Col = Sequence[tuple[dt.date, float | None]]


def in_window(col: Col, lo: dt.date | None = None, hi: dt.date | None = None) -> Col:
    return [(d, v) for d, v in col if (lo is None or d >= lo) and (hi is None or d <= hi)]


def values(col: Col) -> list[float]:
    return [v for _, v in col if v is not None]


def at(col: Col, day: dt.date) -> float:
    for d, v in col:
        if d == day:
            assert v is not None
            return v
    raise KeyError(day)


def simple_return(col: Col, d1: dt.date, d2: dt.date) -> float:
    return at(col, d2) / at(col, d1) - 1


def col_max(col: Col) -> float:
    best = None
    for v in values(col):
        if best is None or v > best:
            best = v
    assert best is not None
    return best


def col_min(col: Col) -> float:
    return -col_max([(d, -v if v is not None else None) for d, v in col])


def col_mean(col: Col) -> float:
    total, n = 0.0, 0
    for v in values(col):
        total += v
        n += 1
    return total / n


def col_sum(col: Col) -> float:
    total = 0.0
    for v in values(col):
        total += v
    return total


def argmax_date(col: Col, sign: float = 1.0) -> dt.date:
    best_d, best_v = None, None
    for d, v in col:
        if v is None:
            continue
        if best_v is None or sign * v > sign * best_v:  # strict: the earliest date wins ties
            best_d, best_v = d, v
    assert best_d is not None
    return best_d


def count_if(col: Col, test: object) -> int:
    n = 0
    for _, v in col:
        if v is not None and test(v):  # type: ignore[operator]
            n += 1
    return n


def count_up(full: Col, lo: dt.date, hi: dt.date, down: bool = False) -> int:
    """Days in [lo, hi] whose value is above (below) the previous row's value in the full table."""
    n = 0
    for k in range(1, len(full)):
        d, v = full[k]
        prev = full[k - 1][1]
        if lo <= d <= hi and v is not None and prev is not None and ((v < prev) if down else (v > prev)):
            n += 1
    return n


def daily_returns(col: Col) -> list[float]:
    vals = values(col)
    out = []
    for k in range(1, len(vals)):
        out.append(vals[k] / vals[k - 1] - 1)
    return out


def sample_std(xs: list[float]) -> float:
    mean = sum(xs) / len(xs)
    acc = 0.0
    for x in xs:
        acc += (x - mean) ** 2
    return math.sqrt(acc / (len(xs) - 1))


def max_drawdown(col: Col) -> float:
    peak, worst = None, 0.0
    for v in values(col):
        if peak is None or v > peak:
            peak = v
        dd = (peak - v) / peak
        if dd > worst:
            worst = dd
    return worst


def a_share_lots(amount: float, price: float) -> int:
    """Shares an amount buys on an A-share main board or ChiNext: whole lots of 100, the rest stays cash."""
    return math.floor(amount / price / 100) * 100


def position(buy: float, sell: float, shares: float, fee: float = 0.0, fee_min: float = 0.0,
             stamp: float = 0.0) -> tuple[float, float]:
    """(profit, return) of buying `shares` at `buy` and selling at `sell`; commission each side, stamp on sale."""
    cost, proceeds = shares * buy, shares * sell
    c_buy = max(cost * fee, fee_min) if (fee or fee_min) else 0.0
    c_sell = max(proceeds * fee, fee_min) if (fee or fee_min) else 0.0
    profit = proceeds - cost - c_buy - c_sell - proceeds * stamp
    return profit, profit / (cost + c_buy)


def margin(buy: float, sell: float, d1: dt.date, d2: dt.date, own: float, leverage: float, rate: float,
           basis: int = 365) -> tuple[float, float]:
    """(profit, return on own capital) with position own × leverage and interest on the borrowed part."""
    pos = own * leverage
    shares = pos / buy
    interest = (pos - own) * rate * (d2 - d1).days / basis
    profit = shares * (sell - buy) - interest
    return profit, profit / own


def fmt(x: float, places: int) -> str:
    return f"{Decimal(repr(x)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP):.{places}f}"


def pct(x: float, places: int = 2) -> str:
    return fmt(x * 100, places) + "%"
