"""Planner steps for window statistics (max/min/mean/sum/range/median of a column) and a plain value on a date."""

from __future__ import annotations

import re
from collections.abc import Callable

from services.portfolio.tables import question as q
from services.portfolio.tables.plan_util import date_indices, price_key, whole_window
from services.portfolio.tables.resolve import Ask, DateRef, require_column


def aggregate(p: q.Plan, text: str, bare: str, keys: list[str], refs: list[DateRef]) -> bool:
    fn = next((name for name, pat in q.AGG if pat.search(bare)), None)
    if fn and re.search(r"那一?天", bare) and not re.search(r"多少|几|是什么|what|how", bare, re.I):
        raise Ask("clarify", "which_day_or_value", "请问是要哪一天（日期），还是要那个数值？" if p.lang == "zh" else
                  "Do you want the day (a date) or the value?")
    if q.DIFF.search(bare) and all(pat.search(bare) for name, pat in q.AGG if name in ("max", "min")):
        fn = "range"  # the difference between the highest and the lowest
    if fn == "mean" and re.search(r"变化|变动|\bchanges?\b|\bmoves?\b", bare, re.I) and "pct_change" not in keys:
        zh = "平均每天的变化：是价格变化的平均值，还是涨跌幅的平均值？"
        raise Ask("clarify", "ambiguous_mean", zh if p.lang == "zh" else
                  "The average daily change: of the price, or of the % change?")
    hi_lo = [k for k in keys if k in ("high", "low")]
    if fn is None and hi_lo and (p.window is not None or not refs):
        fn = "max" if hi_lo[0] == "high" else "min"  # 这段时间的最高价 = the highest high (or close)
    if fn is None or (len(refs) == 1 and p.window is None):
        return False
    p.op, p.fn, p.window = "aggregate", fn, whole_window(p)
    if not keys and q.MOVE_WORDS.search(bare) and q.PER_DAY.search(text):
        keys = ["pct_change"]  # the biggest daily gain: a statistic of 涨跌幅
        if fn == "max" and re.search(r"(?<!涨)跌幅|drop|loss|decline|fall", bare, re.I):
            p.fn = "min"
    elif not keys and fn in ("max", "min") and re.search(r"\bprice\b|股价|价格", text, re.I) and \
            p.table.col("high" if fn == "max" else "low") is not None:
        keys = ["high" if fn == "max" else "low"]  # the highest price of a period is its highest high
    elif not keys and re.search(r"成交|traded|trading", text, re.I):
        keys = ["volume" if re.search(r"股|手|量|shares|volume", text, re.I) else "amount"]
    drop = re.search(r"(?<!涨)跌幅|drop|decline|loss|fall", text, re.I)
    if keys[:1] == ["pct_change"] and p.fn == "max" and drop and not re.search(r"涨幅|gain|rise", text, re.I):
        p.fn = "min"  # 最大单日跌幅: the most negative 涨跌幅
    if p.fn == "range" and {"high", "low"} <= set(keys):
        require_column(p.table, "high", p.lang)
        require_column(p.table, "low", p.lang)
        p.op, p.key, p.key2 = "range_hl", "high", "low"  # the highest high minus the lowest low
        _one_day_spread_or_range(p, bare)
        return True
    key = keys[0] if keys else price_key(p, [])
    if key in ("close", "open", "high", "low", "adj_close") and p.fn in ("max", "min") and \
            re.search(r"涨幅|跌幅|涨跌幅|收益率|回报率|\breturn\b|\bgain\b", text, re.I):
        raise Ask("clarify", "unsupported", "“相对某日的最大涨幅/跌幅”需要逐日相对起点计算，暂不支持；"
                  "可以问某两天之间的涨幅，或区间内收盘价的最大值。" if p.lang == "zh" else
                  "The largest gain relative to a day is not supported: ask for the return between two days, or the "
                  "period's highest close.")
    if key in ("high", "low") and p.table.col(key) is None:
        key = price_key(p, [])
        p.notes.append("no high/low column: the highest/lowest close is used")
    if key == "net_inflow" and p.table.col(key) is None and fn == "sum":
        p.op = "net_inflow"
    else:
        require_column(p.table, key, p.lang)
    p.key = key
    _two_days_or_between(p, text, refs)
    return True


def _one_day_spread_or_range(p: q.Plan, bare: str) -> None:
    """最高价与最低价的差值最大: the highest high minus the lowest low of the window, or the largest one-day spread
    (high − low on the same day)? Answered when both are the same number, else asked back."""
    hi, lo, w = p.table.col("high"), p.table.col("low"), p.window
    if not re.search(q.LARGEST_DIFF, bare, re.I) or hi is None or lo is None or w is None:
        return
    highs, lows = hi.values[w.start:w.end + 1], lo.values[w.start:w.end + 1]
    spreads = [float(h - low) for h, low in zip(highs, lows, strict=True) if h == h and low == low]
    if not spreads:  # no day with both cells: nothing to compare (the operation itself reports the gap)
        return
    overall = float(max(v for v in highs if v == v) - min(v for v in lows if v == v))
    if abs(max(spreads) - overall) > 1e-9 * max(1.0, abs(overall)):
        raise Ask("clarify", "ambiguous_diff", "“最高价与最低价的差值最大”是指区间最高价减最低价，"
                  "还是单日最高价与最低价之差的最大值？两者不同，请说明。" if p.lang == "zh" else
                  "The largest high-low difference: the period's highest high minus its lowest low, or the largest "
                  "one-day spread? They differ.")


_AND = re.compile(r"^\s*(?:和|与|跟|及|、|and)\s*$", re.I)
_BETWEEN = re.compile(r"之间|期间|区间|这段|between|from|during|[到至~]", re.I)
_STAT: dict[str, Callable[[list[float]], float]] = {
    "max": max, "min": min, "sum": sum, "mean": lambda v: sum(v) / len(v), "range": lambda v: max(v) - min(v)}


def _two_days_or_between(p: q.Plan, text: str, refs: list[DateRef]) -> None:
    """9日和13日的收盘价，最大的值: the two days named, or every day from one to the other? Answered when both
    readings give the same number, else asked back (never the window by default)."""
    dated = sorted((r for r in refs if r.index is not None), key=lambda r: r.pos)
    col = p.table.col(p.key) if p.op == "aggregate" else None
    if len(dated) != 2 or p.window is None or col is None or p.fn not in _STAT or _BETWEEN.search(text) or \
            not _AND.match(text[dated[0].end:dated[1].pos]):
        return
    pick = _STAT[p.fn]
    two = [float(col.values[r.index]) for r in dated if r.index is not None]
    every = [float(v) for v in col.values[p.window.start:p.window.end + 1] if v == v]
    if two and every and abs(pick(two) - pick(every)) > 1e-9 * max(1.0, abs(pick(every))):
        raise Ask("clarify", "which_days", "是只看这两天，还是这两天之间的每个交易日？两种算法结果不同，请说明。"
                  if p.lang == "zh" else "Just those two days, or every trading day between them? The two differ.")


def value(p: q.Plan, text: str, bare: str, keys: list[str], refs: list[DateRef]) -> bool:
    rows = date_indices(p, refs)
    if len(rows) != 1:
        return False
    if not keys and q.WHICH_DAY.search(bare):
        p.op, p.rows = "date_of", rows  # 第10个交易日是哪天: the date itself
        return True
    if len(keys) >= 2:
        raise Ask("clarify", "two_questions", "请一次问一个数值。" if p.lang == "zh" else
                  "One value at a time, please.")
    p.op, p.rows = "value", rows
    p.key = keys[0] if keys else price_key(p, [])
    require_column(p.table, p.key, p.lang)
    return True
