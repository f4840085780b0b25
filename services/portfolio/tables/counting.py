"""Counting days: a threshold on a column (scale words converted to the column's unit), one column against another,
up/down days, all trading days of a window, and the share of days that meet the condition."""

from __future__ import annotations

import re

from services.portfolio.tables import question as q
from services.portfolio.tables import steps
from services.portfolio.tables.cells import split_unit
from services.portfolio.tables.plan_util import PRICE_KEYS, price_key, whole_window
from services.portfolio.tables.resolve import Ask, DateRef, consecutive_days_needed, require_column

NO_CONDITION_ZH = "数哪些天？请给出条件（例如收盘价高于 35 元、上涨的天数）。"
NO_CONDITION_EN = "Which days should I count? Give a condition (e.g. close above 35, up days)."
SHARE = q.cue(r"占比|比例|百分之几的|几成|percentage of (?:the )?(?:trading )?days|share of (?:the )?days|"
              r"what fraction|proportion|what percent of (?:the )?days")
ALL_DAYS = q.cue(r"(?:多少|几)个?交易日|交易日(?:有|共有|一共有)?(?:多少|几)个?|交易日的?(?:数量|总数|个数)|"
                 r"how many trading (?:days|sessions)|"
                 r"how many sessions|number of trading days|多少行|how many rows")
STREAK = q.cue(r"连续|in a row|consecutive|streak")
STREAK_ZH = "连续天数有歧义：是最长连续，还是截至最后一天的连续？请说明。"
STREAK_EN = "A streak is ambiguous: the longest run, or the run up to the last day? Please say which."
# a fall named in a condition (跌幅超过2%: 涨跌幅 < -2); 涨跌幅大于5% is no fall
FALLING = q.cue(r"(?<!涨)跌幅|下跌|跌了|跌超|跌逾|跌破|fell|fall|drop|declin|lost|down (?:by|more)")
_SCALED_NUMBER = re.compile(r"\d\s*(?:万亿|亿|万|千|million|billion|bn|k\b|m\b)", re.IGNORECASE)


def unit_scale(unit: str) -> float:
    return split_unit(unit)[0]


def count(p: q.Plan, text: str, bare: str, keys: list[str], refs: list[DateRef]) -> bool:
    if not q.COUNT.search(bare) and not SHARE.search(bare):
        return False
    if STREAK.search(bare):
        raise Ask("clarify", "streak", STREAK_ZH if p.lang == "zh" else STREAK_EN)
    p.op, p.window = "count", whole_window(p)
    p.mode = "share" if SHARE.search(bare) else ""
    th = q.threshold(bare)
    key = keys[0] if keys else None
    if th is not None:
        p.fn, p.a, p.b = th
        pct_th = bool(re.search(r"\d\s*(?:%|percent|个百分点)", bare))
        if key is None or (pct_th and key in PRICE_KEYS):
            key = "pct_change" if pct_th else price_key(p, [])
        if FALLING.search(text) and key == "pct_change" and p.fn in ("gt", "ge") and p.a > 0:
            p.fn, p.a = ("lt" if p.fn == "gt" else "le"), -p.a  # "fell more than 2%": 涨跌幅 < -2
        column = require_column(p.table, key, p.lang)
        scale = unit_scale(column.unit)
        if scale != 1.0 and _SCALED_NUMBER.search(bare):  # 成交额超过10亿元 on a 万元 column: 100000 万元
            p.a, p.b = p.a / scale, p.b / scale
    elif steps.column_condition(p, bare, keys):
        return True
    elif q.UP.search(bare) or q.DOWN.search(bare):
        m_up, m_down = q.UP.search(bare), q.DOWN.search(bare)
        if m_up and m_down:  # 上涨天数和下跌天数（分别）是多少 / 比…多几天: two counts, not one
            raise Ask("clarify", "two_questions", "请一次问一个：上涨的天数，还是下跌的天数？" if p.lang == "zh" else
                      "One at a time, please: the up days or the down days?")
        up = m_up is not None and (m_down is None or m_up.start() < m_down.start())
        if key in (None, "pct_change") and p.table.col("pct_change") is not None:
            key, p.fn = "pct_change", "gt" if up else "lt"
        else:
            if p.table.sampled:
                raise consecutive_days_needed(p.lang)
            key, p.fn = key or price_key(p, []), "up" if up else "down"
    elif ALL_DAYS.search(bare) and not keys:
        key, p.fn = price_key(p, []), "any"  # how many trading days: rows with a price
    else:
        raise Ask("clarify", "no_condition", NO_CONDITION_ZH if p.lang == "zh" else NO_CONDITION_EN)
    require_column(p.table, key, p.lang)
    p.key = key
    return True
