"""Arguments from free text, in Chinese and English: amounts, percentages, horizons, dates, fund codes, tickers.

It never guesses: a number it cannot place is returned as a plain number (so grounding still knows the user wrote
it) and the planner asks a clarifying question when a required argument is missing. Spans are consumed in a fixed
order (dates, percentages, durations, money, codes) so "2024年9月2日" is a date and not three durations, and
"十年后" is a horizon and not an amount.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Literal

from services.common.text.numerals import (
    ARABIC,
    CHINESE,
    SCALE_RE,
    apply_scale,
    normalise_digits,
    parse_number,
)

NUM = rf"(?:{ARABIC}|{CHINESE})"
Period = Literal["month", "year", "week"]

_PERIODS: list[tuple[str, Period]] = [
    (r"(?:每个?月|月供|月投|按月|monthly|per\s+month|a\s+month|every\s+month|each\s+month|/\s*month|/mo\b)", "month"),
    (r"(?:每年|年投|按年|yearly|annually|per\s+year|a\s+year|every\s+year|each\s+year|/\s*y(?:ea)?r)", "year"),
    (r"(?:每周|每星期|每个?礼拜|weekly|per\s+week|a\s+week|every\s+week|each\s+week|/\s*w(?:ee)?k\b)", "week"),
]
_CURRENCY_BEFORE = {"¥": "CNY", "￥": "CNY", "RMB": "CNY", "CNY": "CNY", "$": "USD", "US$": "USD", "USD": "USD",
                    "HK$": "HKD", "HKD": "HKD"}
_CURRENCY_AFTER = {"元": "CNY", "块": "CNY", "块钱": "CNY", "人民币": "CNY", "rmb": "CNY", "cny": "CNY", "yuan": "CNY",
                   "美元": "USD", "美金": "USD", "usd": "USD", "dollars": "USD", "dollar": "USD", "bucks": "USD",
                   "港元": "HKD", "港币": "HKD", "hkd": "HKD", "hong kong dollars": "HKD", "hong kong dollar": "HKD",
                   "hk dollars": "HKD", "hk dollar": "HKD", "us dollars": "USD", "us dollar": "USD"}
_MONEY = re.compile(
    r"(?P<cur1>US\$|HK\$|[¥￥$]|RMB|CNY|USD|HKD)?\s*(?P<num>" + NUM + r")\s*(?P<scale>" + SCALE_RE + r")?\s*"
    r"(?P<cur2>块钱|元|块|人民币|美元|美金|港元|港币|(?i:(?:hong kong|hk|us) dollars?|rmb|cny|yuan|usd|dollars?|bucks|"
    r"hkd)\b)?"
)
_PERCENT = re.compile(r"百分之(?P<cn>" + NUM + r")|(?P<num>" + NUM + r")\s*(?:%|percent\b|pct\b|个百分点|个点)|"
                      r"(?P<li>\d+(?:\.\d+)?|[一二三四五六七八九])\s*厘(?P<li2>\d{1,2}|[一二三四五六七八九](?![十百千万]))?",
                      re.IGNORECASE)  # 利率4厘1 / 4.9厘 / 3厘95: a rate in 厘 of a percent (4.1 %, 4.9 %, 3.95 %)
_DURATION = re.compile(
    r"(?P<num>" + NUM + r"|半)\s*(?:个)?[\s-]*"
    r"(?P<unit>年半|年|月(?![供息薪初底末])|周|星期|天|日|years?\b|yrs?\b|y\b(?!\s*/\s*o\b|\.?\s*o\.)|months?\b|mos?\b|weeks?\b|days?\b)",
    re.IGNORECASE,
)
_UNIT_MONTHS = {"年": 12.0, "year": 12.0, "yr": 12.0, "y": 12.0, "月": 1.0, "month": 1.0, "mo": 1.0,
                "周": 12 / 52, "星期": 12 / 52, "week": 12 / 52, "天": 12 / 365, "日": 12 / 365, "day": 12 / 365}
_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
_DATES = [
    (re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]?"), "ymd"),
    (re.compile(r"(?<!\d)(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?!\d)"), "ymd"),
    (re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})(?P<m>\d{2})(?P<d>\d{2})(?!\d)"), "ymd"),
    (re.compile(r"(?<!\d)(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4})(?!\d)"), "ymd"),
    (re.compile(r"(?<![\d年])(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]"), "md"),
    (re.compile(r"\b(?P<mon>[A-Za-z]{3})[a-z]*\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})\b"), "mon"),
]
_SHARES = re.compile(r"(?P<num>" + NUM + r")\s*(?P<unit>股|手|份|shares?\b|units?\b)", re.IGNORECASE)
# Six digits: mainland fund/stock codes (optionally with an exchange suffix); tickers: 2-5 capitals.
_CODE = re.compile(r"(?<![\d.])(?P<code>\d{6})(?P<sfx>\.(?:SH|SZ|SS|OF|BJ))?(?![\d])", re.IGNORECASE)
_TICKER = re.compile(r"(?<![A-Za-z$.])\$?(?P<t>[A-Z]{2,5})(?![A-Za-z])")  # not an exchange suffix (.SH)
_NOT_TICKERS = {"SH", "SZ", "BJ", "ETF", "LOF", "QDII", "FOF", "USD", "CNY", "RMB", "HKD", "IRR", "VAR", "CVAR",
                "AI", "OK", "CEO",
                "CFO", "IPO", "GDP", "CPI", "PE", "PB", "ROE", "API", "THE", "AND", "FOR", "YOU", "ME", "MY", "NO",
                "IS", "IT", "AM", "PM", "CD", "GIC", "ISA", "FV", "PV", "YTD", "NAV", "EPS",
                "USA", "US", "UK", "EU", "CN", "HK", "ID", "VS", "DCA", "APR", "APY", "TO",
                "IN", "OF", "ON", "AT", "BY", "OR", "IF", "SO", "DO", "BE", "WE", "HE", "AN", "UP", "A", "I"}


@dataclass(frozen=True)
class Span:
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Money(Span):
    value: float
    currency: str  # "" when the user named none
    per: Period | None = None


@dataclass(frozen=True)
class Percent(Span):
    value: float  # as written: 5% -> 5.0


@dataclass(frozen=True)
class Duration(Span):
    months: float


@dataclass(frozen=True)
class Shares(Span):
    count: float


@dataclass(frozen=True)
class DateMention(Span):
    date: dt.date


@dataclass
class Extraction:
    text: str
    money: list[Money] = field(default_factory=list)
    percents: list[Percent] = field(default_factory=list)
    durations: list[Duration] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    shares: list[Shares] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    tickers: list[str] = field(default_factory=list)
    numbers: list[float] = field(default_factory=list)  # every number the user wrote, for grounding

    def periodic(self, per: Period) -> Money | None:
        return next((m for m in self.money if m.per == per), None)

    def lump_sums(self) -> list[Money]:
        return [m for m in self.money if m.per is None]

    @property
    def horizon_months(self) -> float | None:
        return max((d.months for d in self.durations), default=None)


class _Taken:
    """Character positions already claimed by an earlier, more specific pattern."""

    def __init__(self, size: int) -> None:
        self._mask = bytearray(size)

    def free(self, start: int, end: int) -> bool:
        return not any(self._mask[start:end])

    def take(self, start: int, end: int) -> None:
        self._mask[start:end] = b"\x01" * (end - start)


def extract(raw: str) -> Extraction:
    text = normalise_digits(raw)
    out = Extraction(text=text)
    taken = _Taken(len(text))
    _dates(text, taken, out)
    _percents(text, taken, out)
    _durations(text, taken, out)
    _shares(text, taken, out)
    _codes(text, taken, out)
    for m in _ACCOUNTS.finditer(text):  # "my 401k": an account, not 401 thousand
        taken.take(m.start(), m.end())
    _money(text, taken, out)
    out.tickers = [m["t"] for m in _TICKER.finditer(text) if m["t"] not in _NOT_TICKERS]
    return out


def _dates(text: str, taken: _Taken, out: Extraction) -> None:
    for pattern, kind in _DATES:
        for m in pattern.finditer(text):
            if not taken.free(m.start(), m.end()):
                continue
            month = _MONTHS.get(m["mon"][:3].lower(), 0) if kind == "mon" else int(m["m"])
            # 9月6日 takes its year from a full date written earlier in the message, or is not a date at all
            year = _year_before(out.dates, m.start()) if kind == "md" else int(m["y"])
            try:
                date = dt.date(year or 0, month, int(m["d"]))
            except ValueError:
                continue  # 20241399 is not a date; it may still be a number
            taken.take(m.start(), m.end())
            out.dates.append(DateMention(m.group(0), m.start(), m.end(), date))
    out.dates.sort(key=lambda d: d.start)


def _year_before(dates: list[DateMention], pos: int) -> int | None:
    earlier = [d for d in dates if d.start < pos]
    return max(earlier, key=lambda d: d.start).date.year if earlier else None


def _shares(text: str, taken: _Taken, out: Extraction) -> None:
    for m in _SHARES.finditer(text):
        if taken.free(m.start(), m.end()):
            count = parse_number(m["num"])
            out.numbers.append(count)
            taken.take(m.start(), m.end())
            lots = m["unit"] == "手"  # an A-share lot is 100 shares
            out.shares.append(Shares(m.group(0), m.start(), m.end(), count * 100 if lots else count))


def _percents(text: str, taken: _Taken, out: Extraction) -> None:
    for m in _PERCENT.finditer(text):
        if taken.free(m.start(), m.end()):
            if m["li"]:
                tail = m["li2"] or ""
                value = parse_number(m["li"]) + (parse_number(tail) / 10 ** len(tail) if tail else 0.0)
            else:
                value = parse_number(m["cn"] or m["num"])
            taken.take(m.start(), m.end())
            out.percents.append(Percent(m.group(0), m.start(), m.end(), value))
            out.numbers.append(value)
    for m in _EN_PERCENT.finditer(text):
        if taken.free(m.start(), m.end()):
            whole = float(m["n"]) if m["n"].isdigit() else en_number(m["n"])
            value = whole + _fraction(m["frac"]) + (en_number(m["d"]) / 10 if m["d"] else 0.0)
            taken.take(m.start(), m.end())
            out.percents.append(Percent(m.group(0), m.start(), m.end(), value))
            out.numbers.append(value)
    out.percents.sort(key=lambda p: p.start)


_EN_UNITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
             "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
_EN_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_EN_VALUE = {w: float(i) for i, w in enumerate(_EN_UNITS)} | {w: 10.0 * i for i, w in enumerate(_EN_TENS, start=2)}
_UNIT_WORD = "|".join(sorted(_EN_UNITS, key=len, reverse=True))
# one to ninety-nine in words: "six", "twenty", "twenty-five", "forty two"
EN_NUMBER = rf"(?:(?:{'|'.join(_EN_TENS)})(?:[- ](?:{_UNIT_WORD}))?|{_UNIT_WORD})"
_EN_DURATION = re.compile(
    rf"\b(?:(?P<num>{EN_NUMBER})[\s-]+(?P<unit>years?|yrs?|months?)|(?P<dec>a|one|(?P<d>{EN_NUMBER})) decades?|"
    rf"(?P<half>a year and a half))\b", re.IGNORECASE)
# after "point" only single digits: "five point two" is 5.2, "five point twelve" is no percentage
_DIGIT_WORD = "zero|one|two|three|four|five|six|seven|eight|nine"
# "and a half", "and a quarter", "and three quarters", "and an eighth", "and seven eighths"
_FRACTION = r"(?P<frac>a half|a quarter|one quarter|three quarters|an eighth|one eighth|(?:three|five|seven) eighths)"
_FRACTIONS = {"half": 0.5, "quarter": 0.25, "quarters": 0.25, "eighth": 0.125, "eighths": 0.125}
# "six percent", "four and a half percent", "4 and a half percent", "five and seven eighths percent", "five point
# two percent"
_EN_PERCENT = re.compile(rf"\b(?P<n>{EN_NUMBER}|\d{{1,2}})(?: and {_FRACTION})?(?: point (?P<d>{_DIGIT_WORD}))? "
                         rf"(?:percent|per cent)\b", re.IGNORECASE)
# "a grand", "another grand", "half a million", "a quarter million", "one and a half million", "two hundred
# thousand dollars", "two hundred grand", "forty thousand", "two hundred dollars"
_EN_MONEY = re.compile(rf"\b(?:(?P<grand>a|one|another|an extra) grand(?! total)|"
                       rf"(?P<part>half a|a quarter(?: of a)?|quarter of a|three quarters of a) million|"
                       rf"(?P<n>{EN_NUMBER}|a)(?: and {_FRACTION})?(?P<h> hundred)?"
                       rf"(?:(?P<scale> thousand| million| grand(?! total))(?: dollars| bucks)?|"
                       rf" (?P<unit>dollars|bucks)))\b",
                       re.IGNORECASE)


def _fraction(words: str | None) -> float:
    """"a half" -> 0.5, "seven eighths" -> 0.875, None -> 0."""
    if not words:
        return 0.0
    count, _, part = words.lower().partition(" ")
    return (1.0 if count in ("a", "an", "one") else en_number(count)) * _FRACTIONS[part]


def en_number(words: str) -> float:
    """"twenty-five" -> 25: the sum of the tens and the unit written."""
    return sum(_EN_VALUE.get(part, 0.0) for part in re.split(r"[- ]+", words.lower()))


def _durations(text: str, taken: _Taken, out: Extraction) -> None:
    for m in _EN_DURATION.finditer(text):  # "twenty years from now", "a decade", "a year and a half"
        if taken.free(m.start(), m.end()):
            if m["half"]:
                months = 18.0
            elif m["dec"]:
                months = 120.0 * (en_number(m["d"]) if m["d"] else 1.0)
            else:
                months = en_number(m["num"]) * (12.0 if m["unit"].lower().startswith("y") else 1.0)
            if months:
                taken.take(m.start(), m.end())
                out.durations.append(Duration(m.group(0), m.start(), m.end(), months))
    for m in _DURATION.finditer(text):
        if not taken.free(m.start(), m.end()) or text[max(0, m.start() - 1): m.start()] == "第":
            continue  # 第一个月 is the first month, not a month-long horizon
        unit = m["unit"].lower().rstrip("s")
        if re.fullmatch(r"(?:19|20)\d\d", m["num"]) and unit.startswith(("年", "y")):
            out.numbers.append(float(m["num"]))
            continue  # 2018年: a calendar year, not a horizon of 2018 years
        if unit == "月" and re.search(r"(?:19|20)\d\d\s*年\s*$", text[max(0, m.start() - 8): m.start()]):
            out.numbers.append(parse_number(m["num"]))
            continue  # 2017年3月: a calendar month
        half = unit == "年半"  # 一年半 = 1.5 years
        months_per = _UNIT_MONTHS["年" if half else unit]
        if m["num"] == "半":
            amount = 0.5
        else:
            amount = parse_number(m["num"])
            out.numbers.append(amount)
            amount += 0.5 if half else 0.0
        taken.take(m.start(), m.end())
        out.durations.append(Duration(m.group(0), m.start(), m.end(), amount * months_per))
    out.durations.sort(key=lambda d: d.start)


def _codes(text: str, taken: _Taken, out: Extraction) -> None:
    for m in _CODE.finditer(text):
        after = text[m.end(): m.end() + 3]
        before = text[max(0, m.start() - 1): m.start()]
        money_after = re.match(r"\s*(?:元|块|万|美元|港元|%)", after)
        if not taken.free(m.start(), m.end()) or money_after or (before and before in "¥￥$"):
            continue  # 100000元 is money, not a code
        cue = _CODE_CUES.search(text[max(0, m.start() - 10): m.start()])
        if not (cue or m["sfx"]) and m["code"].endswith("0000"):
            continue  # "borrow 300000": a round number with no code cue is an amount
        taken.take(m.start(), m.end())
        out.codes.append(m["code"] + (m["sfx"] or "").upper())


def _money(text: str, taken: _Taken, out: Extraction) -> None:
    for m in _MONEY.finditer(text):
        start, end = m.start("num"), m.end()
        if not m["num"] or not taken.free(start, m.end("num")):
            continue
        value = apply_scale(parse_number(m["num"]), m["scale"])
        cur_text = m["cur1"] or m["cur2"]
        currency = _CURRENCY_BEFORE.get(m["cur1"] or "", "") or _CURRENCY_AFTER.get((m["cur2"] or "").lower(), "")
        out.numbers.append(value)
        ordinal = text[max(0, m.start() - 1): m.start()] == "第"  # 第一个月, 第3期
        if ordinal or _INSTALMENTS_AFTER.match(text, m.end("num")):
            continue  # 还300期: a number of monthly instalments, not an amount
        periodic = _PER_AFTER.match(text, m.end("num"))  # "300/month", "250 a month": the period makes it money
        if not (cur_text or m["scale"] or periodic or _money_context(text, m.start())):
            continue  # a bare number with no money cue: keep it for grounding, do not call it an amount
        taken.take(m.start(), end)
        out.money.append(Money(m.group(0).strip(), m.start(), end, value, currency, _period(text, m.start(), end)))
    for m in _EN_MONEY.finditer(text):
        if not taken.free(m.start(), m.end()):
            continue
        if m["grand"]:
            value = 1000.0
        elif m["part"]:
            value = 1e6 * (0.5 if m["part"].lower().startswith("half") else 0.75 if "three" in m["part"] else 0.25)
        else:
            count = 1.0 if m["n"].lower() == "a" else en_number(m["n"])  # "a hundred thousand"
            count += _fraction(m["frac"])
            scale = m["scale"].strip().lower() if m["scale"] else ""
            value = count * (100 if m["h"] else 1) * {"thousand": 1e3, "grand": 1e3, "million": 1e6}.get(scale, 1.0)
        taken.take(m.start(), m.end())
        # "two million dollars", "half a million hong kong dollars", "a million yuan"
        named = re.match(r"(?:\s*(?:dollars|bucks)|\s+(?P<w>hong kong|hk|us) dollars?|\s+(?P<y>yuan|rmb))?",
                         text[m.end(): m.end() + 24], re.IGNORECASE)
        dollars = re.search(r"dollars|bucks", m.group(0), re.IGNORECASE) or (named and named.group(0).strip())
        hkd = named is not None and (named["w"] or "").lower() in ("hong kong", "hk")
        currency = "HKD" if hkd else "CNY" if named is not None and named["y"] else "USD" if dollars else ""
        out.numbers.append(value)
        out.money.append(Money(m.group(0), m.start(), m.end(), value, currency, _period(text, m.start(), m.end())))
    out.money.sort(key=lambda x: x.start)


_INSTALMENTS_AFTER = re.compile(r"\s*期(?![货权间末初中])")
# "300/month", "250 a month" (not "48 monthly payments", a term)
_PER_AFTER = re.compile(r"\s*(?:/\s*(?:month|mo|mth)\b|(?:a|per|every|each) month\b|"
                        r"monthly\b(?!\s+(?:re)?payments|\s+instal)|每个?月)", re.IGNORECASE)
_ACCOUNTS = re.compile(r"\b401\s*\(?k\)?|\b403\s*\(?b\)?", re.IGNORECASE)
_CODE_CUES = re.compile(r"(?:代码|基金|股票|ETF|code|fund|ticker|stock)\W{0,3}\w{0,6}\s*$", re.IGNORECASE)
_MONEY_CUES = re.compile(
    r"(?:投|存|买入?|贷款?|借|还|本金|工资|收入|月供|定投|每个?月|每年|每周|invest|save|saving|deposit|borrow|"
    r"loan|principal|put|contribute|salary|income|stash|set aside|put away|tuck away|add|top up)\w{0,3}\s*$",
    re.IGNORECASE,
)


def _money_context(text: str, start: int) -> bool:
    return bool(_MONEY_CUES.search(text[max(0, start - 12): start]))


def _period(text: str, start: int, end: int) -> Period | None:
    """每月2000 / $1.5k a month: the period words right before the amount, or right after it up to the next
    punctuation or number (so in "投入3万，每月再存1000" the 每月 belongs to 1000, not to 3万), and never across
    an English full stop ("I have $50k. Monthly amount at 7%?": the 50k is a sum held). "over a year" after an
    amount is a term, not a period."""
    before = text[max(0, start - 28) : start]
    after = re.split(r"[，,。；;！!？?\d]|\.(?:\s|$)", text[end : end + 16], maxsplit=1)[0]
    after = _TERM_WORDS.sub(" ", after)
    for pattern, per in _PERIODS:
        right_before = re.search(pattern + r"[^\w.!?]{0,2}(?:[^\W\d]{0,6}|" + _NAMED_AMOUNT + r")\s*$", before,
                                 re.IGNORECASE)
        if right_before or re.search(pattern, after, re.IGNORECASE):
            return per
    return None


# "monthly contribution: $2,000", "每月定投金额为2000"
_NAMED_AMOUNT = (r"(?:contributions?|deposits?|investments?|savings?|amount|payments?|top-?ups?|DCA|"
                 r"定投金额|投入金额|金额)\s*(?:of|is|are|=|:|：|为|是)?")
_TERM_WORDS = re.compile(r"\b(?:over|for|in|within|after)\s+(?:a|one)\s+(?:year|month|week)\b", re.IGNORECASE)
