"""The planner's reading of numbers: the shared extraction (services/common/text) plus two forms that only make
sense in an advice question: a rate written without a percent sign after a rate word ("利率四点二", "年化6",
"interest rate of 5.5"), and a bare amount in a loan question ("a loan of 30,000"). Numbers that are only part
of a word ("一共", "一次性", "一笔") or of a fraction ("四分之一") are not amounts.
"""

from __future__ import annotations

import re

from services.common.text.extract import NUM, Extraction, Money, Percent, extract
from services.common.text.numerals import parse_number

_BARE_RATE = re.compile(
    r"(?:年?利率|年化(?:收益率?|回报率?)?|收益率|回报率|(?:interest )?rate|return|yield|apr)\s*"
    r"(?:是|为|按|大概|约|在|of|is|at|about|around|:|：|=)?\s*(?P<num>" + NUM + r")"
    r"(?=\s*(?:$|[，,。；;！!？?、)）]|左右|上下|的|计|算|per\b|a year|annual|p\.?a\.?|and\b|for\b|over\b|with\b))",
    re.IGNORECASE,
)
_FRACTION = re.compile(r"\s*分之")  # 四分之一: a share, not an amount
_WORD_ONE = re.compile(r"一(?=共|次|笔|起|下|些|直|定|般|样|半|点)")


def read(text: str) -> Extraction:
    ex = extract(text)
    ex.money[:] = [m for m in ex.money if not (m.text == "一" and _WORD_ONE.match(ex.text, m.start))
                   and not _FRACTION.match(ex.text, m.end) and not ex.text[:m.start].endswith("分之")]
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
    return ex


def bare_amount(ex: Extraction) -> float | None:
    """The largest plain number of at least 1,000 (no currency or scale written): in a loan question, the amount."""
    return max((n for n in ex.numbers if n >= 1000 and not any(m.value == n for m in ex.money)), default=None)


__all__ = ["Extraction", "Money", "Percent", "bare_amount", "read"]
