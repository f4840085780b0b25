"""Planner steps that pick days or sum flows: the date of a max/min (哪天成交额最大, biggest one-day drop) and the
net inflow over a window (净流入, 流入 - 流出, 净流出 with the sign turned)."""

from __future__ import annotations

import math
import re

from services.portfolio.tables import question as q
from services.portfolio.tables import steps
from services.portfolio.tables.plan_util import price_key, whole_window
from services.portfolio.tables.resolve import Ask, DateRef, require_column


def which_day(p: q.Plan, text: str, bare: str, keys: list[str], refs: list[DateRef]) -> bool:
    if not q.WHICH_DAY.search(bare):
        return False
    fn = None
    if re.search(r"跌(?:得|的)?最多|(?<!涨)跌幅最大|最大跌幅|跌得最厉害|"
                 r"(?:biggest|largest|worst|steepest|sharpest|greatest|most) (?:[\w%-]+ ){0,2}"
                 r"(?:drop|loss|fall|decline|decrease)|fell the most|worst day", text, re.I):
        fn, keys = "min", ["pct_change"]
    elif re.search(r"涨(?:得|的)?最多|涨幅最大|最大涨幅|"
                   r"(?:biggest|largest|best|greatest) (?:[\w%-]+ ){0,2}(?:one-day |single-day |daily )?"
                   r"(?:gain|rise|jump|increase)|rose the most|best day", text, re.I):
        fn, keys = "max", ["pct_change"]
    else:
        steps.both_extremes(bare, p.lang)
        fn = next((name for name, pat in q.AGG if name in ("max", "min") and pat.search(bare)), None)
    if fn is not None and re.search(r"净流出|net outflow", text, re.I) and "net_inflow" in keys:
        fn = "min" if fn == "max" else "max"  # 净流出最多: the most negative net inflow
    if fn is None and keys[:1] in (["high"], ["low"]):
        fn = "max" if keys[0] == "high" else "min"  # 最高价出现在哪一天: the day of the highest high
    if fn is None:
        return False
    p.op, p.fn, p.window = "argext", fn, whole_window(p)
    p.key = keys[0] if keys else price_key(p, [])
    if p.key in ("high", "low") and p.table.col(p.key) is None:
        p.key = price_key(p, [])
    require_column(p.table, p.key, p.lang)
    if p.key == "pct_change" and fn == "max" and re.search(r"涨跌幅(?:的)?最大", text):
        _biggest_move(p)
    if p.key == "pct_change" and fn == "min" and re.search(r"涨跌幅(?:的)?最小", text):
        _smallest_move(p)
    return True


def at_extreme(p: q.Plan, text: str, bare: str, keys: list[str], refs: list[DateRef]) -> bool:
    """A column's value on the day another is at its extreme (steps.at_extreme); 涨跌幅最大/最小 as the criterion
    has the same two readings as 哪天涨跌幅最大, and is asked back the same way when they pick different days."""
    if not steps.at_extreme(p, text, bare, keys, refs):
        return False
    if p.key == "pct_change" and p.fn == "max" and re.search(r"涨跌幅(?:的)?最大", text):
        _biggest_move(p)
    if p.key == "pct_change" and p.fn == "min" and re.search(r"涨跌幅(?:的)?最小", text):
        _smallest_move(p)
    return True


def _window_moves(p: q.Plan) -> dict[int, float]:
    """Row -> 涨跌幅 over the question's window, rows without a value left out (empty: nothing to compare)."""
    col = p.table.col("pct_change")
    if col is None or p.window is None:
        return {}
    return {i: col.values[i] for i in range(p.window.start, p.window.end + 1) if not math.isnan(col.values[i])}


def _smallest_move(p: q.Plan) -> None:
    """哪天涨跌幅最小 reads as the lowest value (the largest fall) or as the smallest move either way (closest to
    zero): answered when both are one day."""
    moves = _window_moves(p)
    if not moves:
        return
    low = min(moves, key=lambda i: moves[i])
    still = min(moves, key=lambda i: abs(moves[i]))
    if low != still:
        a, b = p.table.dates[low].isoformat(), p.table.dates[still].isoformat()
        raise Ask("clarify", "ambiguous_move", f"“涨跌幅最小”是指跌得最多（{a}）还是涨跌波动绝对值最小（{b}）？请说明。"
                  if p.lang == "zh" else f"Smallest % change: the biggest fall ({a}) or the smallest move either way "
                  f"({b})?")


def _biggest_move(p: q.Plan) -> None:
    """哪天涨跌幅最大 reads as the largest rise or as the largest move either way: answered when both are one day."""
    moves = _window_moves(p)
    if not moves:
        return
    rise = max(moves, key=lambda i: moves[i])
    move = max(moves, key=lambda i: abs(moves[i]))
    if rise != move:
        a, b = p.table.dates[rise].isoformat(), p.table.dates[move].isoformat()
        raise Ask("clarify", "ambiguous_move", f"“涨跌幅最大”是指涨幅最大（{a}）还是涨跌波动绝对值最大（{b}）？请说明。"
                  if p.lang == "zh" else f"Largest % change: the biggest rise ({a}) or the biggest move either way "
                  f"({b})?")


def net_flow(p: q.Plan, text: str, bare: str, keys: list[str], refs: list[DateRef]) -> bool:
    if q.GROWTH.search(bare):
        return False  # 净流入的增长率: the growth of the column between two days, not the window's sum
    if not q.NET.search(text) or any(p.search(bare) for name, p in q.AGG if name in ("mean", "max", "min", "median")):
        return False  # 净流入的平均值 / 最大: a statistic of the column, not the window's sum
    if len(refs) == 1 and p.window is None:
        return False  # the net inflow on one day is a plain value
    if p.table.col("net_inflow") is None and (p.table.col("inflow") is None or p.table.col("outflow") is None):
        require_column(p.table, "net_inflow", p.lang)
    p.op, p.key, p.window = "net_inflow", "net_inflow", whole_window(p)
    p.mode = "outflow" if re.search(r"净流出|net outflow", text, re.I) else ""
    return True
