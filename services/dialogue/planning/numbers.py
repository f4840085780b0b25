"""The planner's reading of numbers: the shared extraction (services/common/text, which also reads English number
words and keeps a period word to its own sentence) plus forms that only make sense in an advice question: a rate
written without a percent sign after a rate word ("利率四点二", "年化6", "interest rate of 5.5"), and a bare amount
in a loan question ("a loan of 30,000"). Numbers that are only part of a word ("一共", "一次性", "一笔") or of a
fraction ("四分之一") are not amounts.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Literal

from services.common.text.extract import NUM, Duration, Extraction, Money, Percent, extract
from services.common.text.numerals import parse_number

_BARE_RATE = re.compile(
    r"(?:年?利率|年化(?:收益率?|回报率?)?|收益率|回报率|(?:interest )?rate|return|yield|apr)\s*"
    r"(?:是|为|按|大概|约|在|(?:调|改|换|变|降|升|涨|提高|降低)(?:到|成|为)|of|is|at|about|around|'s|:|：|=|"
    r"(?:drops?|falls?|goes (?:up|down)|rises?|changes?|moves?) to)?\s*(?P<num>" + NUM + r")"
    r"(?=\s*(?:$|\.(?:\s|$)|[，,。；;！!？?、)）]|左右|上下|的|计|算|再|呢|吧|啊|了|per\b|a year|annual|"
    r"p\.?a\.?|and\b|for\b|over\b|with\b|[-–—])|"
    # "利率4.1 月供", "rate 6.5 whats the payment": a space, then a word that is not a unit of the number
    r"\s+(?![\d.%]|年|个?月(?!供)|期|万|千|元|块|y(?:ea)?rs?\b|y\b|months?\b|dollars?\b|bucks\b|k\b|grand\b))",
    re.IGNORECASE,
)
# "四点二的利率", "4.1的年利率": the number before the rate word
_RATE_BEFORE = re.compile(r"(?P<num>" + NUM + r")\s*(?:个点)?\s*的?\s*(?=(?:年?利率|年化|年息))")
# 分24期, 36期还清, over 48 installments: monthly instalments, so a term in months
_INSTALMENTS = re.compile(r"(?<!第)(?:分|共)?(?<!第)(?P<num>\d{1,3})\s*期(?![货权间末初中])|"
                          r"(?P<en>\d{1,3})\s*(?:monthly )?(?:instal+ments|payments)\b", re.IGNORECASE)
# Amounts written in Chinese numerals with a scale (一百万, 两千万): the shared extraction reads them as numbers
_CN_AMOUNT = re.compile(r"[零一二两三四五六七八九十百千]+个?(?:万|亿)(?![元块]?[零一二两三四五六七八九十百千\d])")
# "1万2" is 12,000 and "3万5" 35,000, as people say them
_SPOKEN_TAIL = re.compile(r"[1-9](?![\d.%万千亿年个月期岁])")
_CN_DIGIT = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"两": 2}
_FRACTION = re.compile(r"\s*分之")  # 四分之一: a share, not an amount
# Index names that carry a number (标普500, S&P 500, 沪深300, Russell 2000): the number is part of the name
_NAMED_INDEX = re.compile(r"(?:标普|s&p|\bsp|沪深|中证|上证|创业板|科创|纳斯达克|nasdaq|russell|罗素|ftse|日经|nikkei)"
                          r"\s*-?\s*\d{2,4}(?!\d)", re.IGNORECASE)
_WORD_ONE = re.compile(r"一(?=共|次|笔|起|下|些|直|定|般|样|半|点)")

def _goal_after(text: str, m: Money) -> bool:
    """"save monthly for $100k": the period word asks for a monthly amount, the sum after "for" is the target."""
    return m.per is not None and bool(re.search(r"(?:monthly|每个?月)\s*(?:for|to (?:reach|have|get|hit))\s*\W{0,2}$",
                                                text[max(0, m.start - 20): m.start], re.IGNORECASE))


def _spoken(text: str, m: Money) -> Money:
    tail = _SPOKEN_TAIL.match(text, m.end)
    if tail is None or not m.text.endswith(("万", "千")) or not re.fullmatch(r"\d+[万千]", m.text):
        return m
    unit = 1000 if m.text.endswith("万") else 100
    value = m.value + int(tail.group(0)) * unit
    return dataclasses.replace(m, text=m.text + tail.group(0), end=tail.end(), value=value)


def _period_later(text: str, m: Money, count: int) -> Money:
    """"$350 into my Roth every month": the period word further on in the same clause, when the clause has no
    other number (the shared extraction looks a few characters ahead)."""
    if m.per is not None or count != 1:
        return m
    clause = re.split(r"[，,。；;！!？?.\d]", text[m.end: m.end + 40], maxsplit=1)[0]
    if re.search(r"\b(?:every|each|a|per) month\b|\bmonthly\b|每个?月", clause, re.IGNORECASE):
        return dataclasses.replace(m, per="month")
    return m


def _chinese_amounts(ex: Extraction) -> None:
    taken = [(s.start, s.end) for s in [*ex.money, *ex.percents, *ex.durations, *ex.dates]]
    for m in _CN_AMOUNT.finditer(ex.text):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        try:
            value = parse_number(m.group(0).replace("个", ""))  # 一个亿
        except ValueError:
            continue
        monthly = re.search(r"每个?月\S{0,4}$", ex.text[max(0, m.start() - 8): m.start()])
        per: Literal["month"] | None = "month" if monthly else None
        ex.money.append(Money(m.group(0), m.start(), m.end(), value, "", per))
    ex.money.sort(key=lambda x: x.start)


def _index_names(ex: Extraction) -> None:
    """The number of an index name is no amount; a period word it took ("每月定投沪深300指数基金3000元") goes to the
    amount after it."""
    names = [(n.start(), n.end()) for n in _NAMED_INDEX.finditer(ex.text)]
    kept: list[Money] = []
    carried = None
    for m in ex.money:
        if any(s <= m.start < e for s, e in names):
            carried = carried or m.per
            continue
        kept.append(dataclasses.replace(m, per=carried) if carried and m.per is None else m)
        carried = None
    ex.money[:] = kept


def read(text: str) -> Extraction:
    ex = extract(text)
    _index_names(ex)
    ex.money[:] = [m for m in ex.money if not (m.text == "一" and _WORD_ONE.match(ex.text, m.start))
                   and not _FRACTION.match(ex.text, m.end) and not ex.text[:m.start].endswith("分之")]
    ex.money[:] = [_spoken(ex.text, _period_later(ex.text, m, len(ex.money))) for m in ex.money]
    ex.money[:] = [dataclasses.replace(m, per=None) if _goal_after(ex.text, m) else m for m in ex.money]
    _chinese_amounts(ex)
    taken = [(s.start, s.end) for s in [*ex.money, *ex.percents, *ex.durations, *ex.dates]]
    for m in [*_BARE_RATE.finditer(ex.text), *_RATE_BEFORE.finditer(ex.text)]:
        start, end = m.start("num"), m.end("num")
        if any(s < end and start < e for s, e in taken):
            continue
        try:
            value = parse_number(m["num"])
        except ValueError:
            continue
        if 0 < value <= 30:  # a yearly rate or return, in percent
            ex.percents.append(Percent(m["num"], start, end, value))
            taken.append((start, end))
    ex.percents.sort(key=lambda p: p.start)
    # "最后一个月", "第一个月": which month of a schedule, not a horizon of one month
    ex.durations[:] = [d for d in ex.durations
                       if not (d.text.startswith("一") and re.search(r"(?:最后|第|首|头)$", ex.text[:d.start]))]
    if not ex.durations:
        for m in _INSTALMENTS.finditer(ex.text):
            count = int(m["num"] or m["en"])
            if 1 < count <= 480 and not any(s < m.end() and m.start() < e for s, e in taken):
                ex.durations.append(Duration(m.group(0), m.start(), m.end(), float(count)))
                ex.money[:] = [x for x in ex.money if not (x.start >= m.start() and x.end <= m.end())]
                break
    return ex


def bare_amount(ex: Extraction) -> float | None:
    """The largest plain number of at least 1,000 (no currency or scale written): in a loan question, the amount."""
    return max((n for n in ex.numbers if n >= 1000 and not any(m.value == n for m in ex.money)), default=None)


__all__ = ["Extraction", "Money", "Percent", "bare_amount", "read"]
