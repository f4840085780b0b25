"""Savings questions as a goal frame: which quantity is unknown (final value, monthly amount, lump sum, months),
the horizon (a duration, or ages: "I'm 35 ... at 65"), the return the user assumes, inflation, and the target.

Only numbers the user wrote are used; which role a number plays is read from the words around it. The frame
becomes one ``solve_goal`` call that portfolio-tool computes exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from services.common.text.extract import EN_NUMBER, Extraction, Money, Percent, en_number

_I = re.IGNORECASE
_INFLATION = re.compile(r"通胀|通货膨胀|物价|inflation|cpi|prices? (?:rise|go up|increase|grow)|cost of living", _I)
REAL = re.compile(r"今天的|现在的钱|相当于(?:现在|今天|目前)|(?:值|等于|(?<![组适结综融])合)(?:现在|今天|当下)|"
                  r"折算(?:到|成)?(?:现在|今天)|实际(?:价值|购买力)|购买力|"
                  r"扣(?:掉|除)?.{0,4}通胀|today'?s (?:money|dollars|terms|purchasing)|purchasing power|"
                  r"real (?:value|terms)|"
                  r"in real|inflation[- ]adjusted|adjusted for (?:\S+ )?inflation", _I)
# 月 alone: not of a horizon (180个月以后值多少) nor of compounding (按月复利算，能赚多少)
_NEED_MONTHLY = re.compile(r"(?:每个?月|(?<![个\d按])月(?![供复])|monthly|each month|a month|per month|every month)"
                           r".{0,12}(?:多少|how much|"
                           r"needed|need|amount|contribution|should|要|得|需|还)|(?:how much|what).{0,30}(?:each|every|"
                           r"per|a) month|(?:how much|what).{0,30}monthly|多少.{0,6}每个?月|\bmonthly\s*[?？]|"
                           r"\bmonthly (?:amount|savings?|contributions?|deposits?|investment)\b"
                           r"(?!\s+(?:of|at|is|are|was|into|in)\b)|"
                           r"\bmonthly (?:amount |savings |contribution )?(?:needed |required )?(?:to|for) "
                           r"(?:reach|hit|get|have|build|accumulate|end up)|"
                           r"每个?月呢?\s*[?？]", _I)
_NEED_LUMP = re.compile(r"(?:一次性|现在|今天)[^\d，,。]{0,8}(?:多少|要投|需要)|"
                        r"(?:lump sum|one-off|up ?front)[^.?\d]{0,20}(?:need|required|"
                        r"how much (?:to|do|should|must|would|is needed))|"
                        r"(?:how much|what amount)[^.?\d]{0,30}(?:now|today|up ?front|"
                        r"lump sum|one-off)\b(?! and)|(?:need|have) to (?:invest|put in|put away|deposit)[^.?\d]{0,24}"
                        r"(?:now|today|in one go|at once|up ?front)", _I)
_NEED_TIME = re.compile(r"多久|多长时间|几年|多少年|哪一年|how long|how many (?:years|months)|when will|"
                        r"by when|time to reach", _I)
_NO_GROWTH = re.compile(r"no interest|without interest|zero (?:interest|return)|0 interest|不计(?:利息|收益)|"
                        r"不算(?:利息|收益)|"
                        r"零利率|没有收益|不投资|放着不动不生息|under the mattress|in cash", _I)
_TARGET = re.compile(r"目标|想要|想有|存够|凑到|达到|攒够|i want|want to have|goal|target|reach|hit", _I)
_HAVE = re.compile(r"已经有|已有|手头有|手上有|现有|现在有|存了|账户里|already|i have|i've got|i've saved|have saved|"
                   r"currently|saved up|starting with|\bnow\b", _I)
_AGE_NOW = re.compile(r"(?:我|今年|现在)\D{0,3}(\d{2})\s*岁|"
                      r"(?:i'?m|i am|we'?re|we are|aged?|being)\s*(\d{2})\b(?!\s*%)", _I)
# a child's age, for saving until they are 18 ("my daughter is 3", "孩子今年5岁"): paired only with their end age
_CHILD_NOW = re.compile(r"(?:daughter|son|kid|child|baby|孩子|女儿|儿子)(?:'s|\s+is|\s*今年|\s*现在|"
                        r"\s*\(\s*(?:she|he)(?:'s| is))?\s*(\d{1,2})"
                        r"(?:\s*岁|\b)(?!\s*%)", _I)
_CHILD_END = re.compile(r"(?:until|till|when|before|by the time) (?:she|he|they)(?:'s| is| are| turns?)\s*(\d{2})\b|"
                        r"(?:到|等到)(?:她|他|孩子|女儿|儿子)?\s*(\d{2})\s*岁(?!退休)", _I)
_AGE_END = re.compile(r"(\d{2})\s*岁(?:退休|时|的时候|那年|之前|以前|前)|(?:退休|到|等到|活到).{0,4}(\d{2})\s*岁|"
                      r"(?:by the time (?:i'?m|i am|i turn|we'?re)|when i turn|once i'?m|before i'?m|"
                      r"before (?:i )?turn|"
                      r"by age|turn|reach(?:ing)? age|at age|"
                      r"at|until i'?m|until age|until|till|til|to|by|when i'?m|when i am|"
                      r"when we'?re|retire at|age)\s*(\d{2})\b(?!\s*%| ?(?:years|months))", _I)


_INCOME = re.compile(r"(?:月薪|年薪|月入|年入|工资|收入|薪水|薪资|到手|税后|挣|"
                     r"\bearn(?:s|ing)?|\bmake|\bmaking|salary|income|\bpaid|take[- ]home)\s*"
                     r"(?:is|of|about|around|大概|有|是|约|能有|差不多)?\s*[$¥￥]?\s*$", _I)
_SHARE = [(0.5, r"一半|半数|half"), (1 / 3, r"三分之一|a third|one third"), (0.25, r"四分之一|a quarter|one quarter"),
          (0.2, r"五分之一|a fifth|one fifth"), (0.1, r"十分之一|a tenth|one tenth")]


def income(ex: Extraction) -> list[Money]:
    """Amounts said to be earned ("月薪2万", "I make $6k a month"): what the user has, not what they invest."""
    return [m for m in ex.money if _INCOME.search(ex.text[max(0, m.start - 16): m.start])]


def _from_income(ex: Extraction, earned: list[Money]) -> float:
    """A monthly contribution written as a share of the income ("invest a quarter of it", "拿出一半定投"), else 0."""
    if not earned:
        return 0.0
    share = next((f for f, p in _SHARE if re.search(p, ex.text[earned[0].end:], _I)), 0.0)
    pay = earned[0]
    near = ex.text[max(0, pay.start - 8): pay.end + 10]
    yearly = pay.per == "year" or bool(re.search(r"年薪|年入|年收入|a year|per year|annual", near, _I))
    return share * pay.value / (12 if yearly else 1)


@dataclass(frozen=True)
class Frame:
    args: dict[str, Any]
    missing: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()  # how an input was read, said with the answer


def inflation(ex: Extraction) -> Percent | None:
    """A percentage written next to an inflation word; or the only one, when the question is about today's money
    of a sum nothing is added to and inflation is the subject ("inflation worries me ... at 4%, in today's
    money?")."""
    for p in ex.percents:  # the inflation word before it, or after it in the same clause
        before = re.split(r"[，,。；;]", ex.text[max(0, p.start - 24): p.start])[-1]
        after = re.split(r"[，,。；;]", ex.text[p.end: p.end + 12], maxsplit=1)[0]
        if _INFLATION.search(before + " " + after):
            return p
    alone = len(ex.percents) == 1 and not ex.periodic("month") and not ex.periodic("year")
    if alone and REAL.search(ex.text) and _INFLATION.search(ex.text):
        return ex.percents[0]
    return None


def rate(ex: Extraction) -> Percent | None:
    infl = inflation(ex)
    return next((p for p in ex.percents if p is not infl), None)


_AGE_WORDS = re.compile(rf"\b(?:{EN_NUMBER})\b", _I)


def _digits(text: str) -> str:
    """Ages written in words as digits ("forty-two" -> "42"), for the age patterns only."""
    return _AGE_WORDS.sub(lambda m: str(int(en_number(m.group(0)))) if en_number(m.group(0)) >= 10 else m.group(0),
                          text)


def end_ages(text: str, whose: str = "own") -> list[int]:
    """The ages the text says a plan runs to: the saver's own ("retire at 65", "60岁退休") or a child's ("until
    she's 18", "到18岁")."""
    pattern = _CHILD_END if whose == "child" else _AGE_END
    return [int(g) for m in pattern.finditer(text) for g in m.groups() if g]


def age_months(text: str, before: str = "") -> float | None:
    """Months from the age stated now to the age the plan runs to: the saver's own ages first, else a child's
    with the child's end age ("my daughter is 3 and I'm 40 ... until I retire at 65" runs 25 years). ``before``:
    the earlier messages, where the current age (and, if this text names none, the end age) may have been said
    ("I'm 35" ... "retire at 65?")."""
    text, before = _digits(text), _digits(before)  # "I'm forty-two, retiring at sixty-seven"
    for whose, now_rx in (("own", _AGE_NOW), ("child", _CHILD_NOW)):
        now = now_rx.search(text) or now_rx.search(before)
        if now is None:
            continue
        start = int(next(g for g in now.groups() if g))
        later = [a for a in end_ages(text, whose) or end_ages(before, whose) if a > start]
        if later:
            return (later[0] - start) * 12.0
    return None


def unknown(text: str, ex: Extraction) -> str:
    """Which quantity the question asks for."""
    monthly_given = ex.periodic("month") or ex.periodic("year") or ex.periodic("week")
    if _NEED_TIME.search(text) and (ex.money or ex.numbers):
        return "months"
    if not monthly_given and _NEED_MONTHLY.search(text) and ex.lump_sums():
        return "monthly"
    if _NEED_LUMP.search(text) and ex.lump_sums() and not REAL.search(text):  # not "今天的钱是多少"
        return "initial"
    if not monthly_given and len(ex.lump_sums()) >= 2 and _TARGET.search(text):
        return "monthly"  # "I have 300k, I want 1.2M by 65": what it takes each month
    return "final_value"


def _split_lumps(lumps: list[Money], text: str) -> tuple[float, float]:
    """(initial, target) for a goal: the amount said to be held already is the initial, the largest other one
    the target."""
    if not lumps:
        return 0.0, 0.0
    if len(lumps) == 1:
        return 0.0, lumps[0].value
    held = [m for m in lumps if _HAVE.search(text[max(0, m.start - 12): m.start] + _clause(text[m.end: m.end + 10]))]
    smallest = min(lumps, key=lambda m: m.value)
    initial = held[0] if held and held[0].value < max(m.value for m in lumps) else smallest
    target = max((m for m in lumps if m is not initial), key=lambda m: m.value)
    return initial.value, target.value


def _clause(after: str) -> str:
    """The words after an amount up to the next punctuation ("$45k saved", not the next clause's "现在有")."""
    return re.split(r"[，,。；;！!？?]", after, maxsplit=1)[0]


_MULTIPLE = re.compile(r"翻倍|翻一番|翻番|double|doubles|doubled|triple|triples|翻两番|三倍|three times|twice", _I)


def _multiple(text: str) -> float:
    m = _MULTIPLE.search(text)
    if m is None:
        return 0.0
    return 3.0 if re.match(r"triple|三倍|three", m.group(0), _I) else 4.0 if m.group(0) == "翻两番" else 2.0


def frame(text: str, ex: Extraction, currency: str) -> Frame:
    solve = unknown(text, ex)
    months = ex.horizon_months or age_months(text)
    earned = income(ex)
    monthly = next((m for m in ex.money if m.per == "month" and m not in earned), None)
    yearly = next((m for m in ex.money if m.per == "year" and m not in earned), None)
    weekly = next((m for m in ex.money if m.per == "week" and m not in earned), None)
    contribution = monthly.value if monthly else (yearly.value / 12 if yearly else _from_income(ex, earned))
    notes: tuple[str, ...] = ()
    if weekly is not None and not (monthly or yearly):  # the tools save monthly: 52 weeks a year, said
        contribution = weekly.value * 52 / 12
        notes = (f"{weekly.value:g} a week counted as {contribution:.2f} a month (52 weeks / 12 months)",)
    r, infl = rate(ex), inflation(ex)
    args: dict[str, Any] = {"solve_for": solve, "currency": currency, "monthly": contribution}
    lumps = [m for m in ex.lump_sums() if m not in earned]
    if solve == "final_value":
        args["initial"] = lumps[0].value if lumps else 0.0
    else:
        args["initial"], args["target"] = _split_lumps(lumps, text)
        if solve == "initial":
            args["initial"] = 0.0
        elif len(lumps) == 1 and _multiple(text):  # "how long until my 80k doubles"
            args["initial"], args["target"] = lumps[0].value, lumps[0].value * _multiple(text)
    missing: list[str] = []
    if solve == "final_value" and not (contribution or lumps):
        missing.append("amount")
    if solve != "months":
        if months:
            args["months"] = round(months)
        else:
            missing.append("horizon")
    if r is not None:
        args["annual_return"] = r.value / 100
    elif _NO_GROWTH.search(text):
        args["annual_return"] = 0.0
    elif infl is not None or REAL.search(text):
        args["annual_return"] = 0.0 if not contribution else None  # an amount in the future, deflated
    if args.get("annual_return") is None:
        args.pop("annual_return", None)
        if solve != "final_value" or infl is not None:
            missing.append("rate")
    if infl is not None:
        args["inflation"] = infl.value / 100
    elif REAL.search(text):
        missing.append("inflation")
    return Frame(args, tuple(missing), notes)
