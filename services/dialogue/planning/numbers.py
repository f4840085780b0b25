"""The planner's reading of numbers: the shared extraction (services/common/text) plus two forms that only make
sense in an advice question: a rate written without a percent sign after a rate word ("利率四点二", "年化6",
"interest rate of 5.5"), and a bare amount in a loan question ("a loan of 30,000"). Numbers that are only part
of a word ("一共", "一次性", "一笔") or of a fraction ("四分之一") are not amounts.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Literal

from services.common.text.extract import NUM, Duration, Extraction, Money, Percent, extract
from services.common.text.numerals import parse_number

_BARE_RATE = re.compile(
    r"(?:年?利率|年化(?:收益率?|回报率?)?|收益率|回报率|(?:interest )?rate|return|yield|apr)\s*"
    r"(?:是|为|按|大概|约|在|of|is|at|about|around|'s|:|：|=)?\s*(?P<num>" + NUM + r")"
    r"(?=\s*(?:$|\.(?:\s|$)|[，,。；;！!？?、)）]|左右|上下|的|计|算|呢|吧|啊|了|per\b|a year|annual|"
    r"p\.?a\.?|and\b|for\b|over\b|with\b))",
    re.IGNORECASE,
)
# 分24期, 36期还清, over 48 installments: monthly instalments, so a term in months
_INSTALMENTS = re.compile(r"(?<!第)(?:分|共)?(?<!第)(?P<num>\d{1,3})\s*期(?![货权间末初中])|"
                          r"(?P<en>\d{1,3})\s*(?:monthly )?(?:instal+ments|payments)\b", re.IGNORECASE)
# Amounts written in Chinese numerals with a scale (一百万, 两千万): the shared extraction reads them as numbers
_CN_AMOUNT = re.compile(r"[零一二两三四五六七八九十百千]+(?:万|亿)(?![元块]?[零一二两三四五六七八九十百千\d])")
# "1万2" is 12,000 and "3万5" 35,000, as people say them
_SPOKEN_TAIL = re.compile(r"[1-9](?![\d.%万千亿年个月期岁])")
_CN_DIGIT = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"两": 2}
_FRACTION = re.compile(r"\s*分之")  # 四分之一: a share, not an amount
_WORD_ONE = re.compile(r"一(?=共|次|笔|起|下|些|直|定|般|样|半|点)")
_PERIOD_WORD = re.compile(r"每个?月|每年|monthly|yearly|annually|a month|a year|per (?:month|year)|"
                          r"every (?:month|year)|each (?:month|year)|/\s*(?:month|mo|year|yr)\b", re.IGNORECASE)


def _next_sentence(text: str, m: Money) -> bool:
    """A period word found only after a full stop ("I have $50k now. Monthly amount at 7%?") belongs to the
    next sentence: the amount is a sum held, not a contribution."""
    if m.per is None or _PERIOD_WORD.search(text[max(0, m.start - 12): m.start]):
        return False
    after = text[m.end: m.end + 16]
    return bool(re.match(r"[^.?!]*[.?!](?:\s|$)", after)) and not _PERIOD_WORD.search(re.split(r"[.?!]", after)[0])


_GRAND = re.compile(r"\s*(?:(?P<k>grand|thousand)|(?P<m>mil|mill|million))\b", re.IGNORECASE)


def _goal_after(text: str, m: Money) -> bool:
    """"save monthly for $100k": the period word asks for a monthly amount, the sum after "for" is the target."""
    return m.per is not None and bool(re.search(r"(?:monthly|每个?月)\s*(?:for|to (?:reach|have|get|hit))\s*\W{0,2}$",
                                                text[max(0, m.start - 20): m.start], re.IGNORECASE))


def _spoken(text: str, m: Money) -> Money:
    grand = _GRAND.match(text, m.end)
    if grand is not None and m.value < 1000:  # "250 grand", "40 thousand", "$1.5 mil"
        scale = 1000 if grand["k"] else 1_000_000
        return dataclasses.replace(m, text=m.text + grand.group(0), end=grand.end(), value=m.value * scale)
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
            value = parse_number(m.group(0))
        except ValueError:
            continue
        monthly = re.search(r"每个?月\S{0,4}$", ex.text[max(0, m.start() - 8): m.start()])
        per: Literal["month"] | None = "month" if monthly else None
        ex.money.append(Money(m.group(0), m.start(), m.end(), value, "", per))
    ex.money.sort(key=lambda x: x.start)


_UNITS = {w: i for i, w in enumerate([
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"])}
_TENS = {w: 10 * i for i, w in enumerate(["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"],
                                         start=2)}
_WORD = r"(?:" + "|".join([*_TENS, *_UNITS]) + r")(?:[- ](?:" + "|".join(_UNITS) + r"))?"
# "a grand", "another grand", "half a million", "two hundred thousand dollars", "six percent", "four and a half percent"
_WORD_MONEY = re.compile(r"\b(?:(?P<grand>a|one|another|an extra)\s+grand(?! total)|(?P<g>\d+(?:\.\d+)?)\s*grand\b|"
                         r"(?P<half>half a) million|"
                         r"(?P<a>a|one) million|(?P<n>" + _WORD + r")(?P<h> hundred)?(?P<scale> thousand| million)"
                         r"(?: dollars| bucks)?)\b", re.IGNORECASE)
_WORD_PERCENT = re.compile(r"\b(?P<n>" + _WORD + r")(?P<half> and a half)?(?: point (?P<d>" + "|".join(_UNITS) +
                           r"))? (?:percent|per cent)\b", re.IGNORECASE)


def _word_number(words: str) -> int:
    total = 0
    for part in re.split(r"[- ]", words.lower()):
        total += _TENS.get(part, 0) or _UNITS.get(part, 0)
    return total


def _english_words(ex: Extraction) -> None:
    """Amounts and rates written in English words: the shared extraction reads horizons in words, not these."""
    taken = [(s.start, s.end) for s in [*ex.money, *ex.percents, *ex.durations, *ex.dates]]
    for m in _WORD_MONEY.finditer(ex.text):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        if m["grand"]:
            value = 1000.0
        elif m["g"]:
            value = float(m["g"]) * 1000
        elif m["half"] or m["a"]:
            value = 500_000.0 if m["half"] else 1_000_000.0
        else:
            value = _word_number(m["n"]) * (100 if m["h"] else 1) * (1000 if "thousand" in m["scale"] else 1e6)
        monthly = re.match(r"\s*(?:every|each|a|per) month|\s*monthly", ex.text[m.end(): m.end() + 14], re.I)
        ex.money.append(Money(m.group(0), m.start(), m.end(), float(value), "", "month" if monthly else None))
        taken.append((m.start(), m.end()))
    for m in _WORD_PERCENT.finditer(ex.text):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        value = _word_number(m["n"]) + (0.5 if m["half"] else 0) + (_UNITS[m["d"].lower()] / 10 if m["d"] else 0)
        ex.percents.append(Percent(m.group(0), m.start(), m.end(), float(value)))
    for m in _WORD_YEARS.finditer(ex.text):
        if not any(s < m.end() and m.start() < e for s, e in taken):
            years = 1.5 if m["half"] else 10 * (_word_number(m["d"]) if m["d"] else 1) if m["dec"] else _word_number(
                m["n"])
            if years:
                ex.durations.append(Duration(m.group(0), m.start(), m.end(), years * 12.0))
    ex.money.sort(key=lambda x: x.start)
    ex.percents.sort(key=lambda x: x.start)


# "a decade", "two decades", "a year and a half", "ten yrs"
_WORD_YEARS = re.compile(r"\b(?:(?P<dec>(?:a|one|(?P<d>two|three|four|five)) decades?)|(?P<half>a year and a half)|"
                         r"(?P<n>" + _WORD + r") yrs?)\b", re.IGNORECASE)


def read(text: str) -> Extraction:
    ex = extract(text)
    ex.money[:] = [m for m in ex.money if not (m.text == "一" and _WORD_ONE.match(ex.text, m.start))
                   and not _FRACTION.match(ex.text, m.end) and not ex.text[:m.start].endswith("分之")]
    ex.money[:] = [_spoken(ex.text, _period_later(ex.text, m, len(ex.money))) for m in ex.money]
    ex.money[:] = [dataclasses.replace(m, per=None) if _next_sentence(ex.text, m) or _goal_after(ex.text, m) else m
                   for m in ex.money]
    _chinese_amounts(ex)
    _english_words(ex)
    taken = [(s.start, s.end) for s in [*ex.money, *ex.percents, *ex.durations, *ex.dates]]
    for m in _BARE_RATE.finditer(ex.text):
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
