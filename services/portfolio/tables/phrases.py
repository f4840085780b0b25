"""Pieces of a question: requested precision and form, dates (with or without a year), relative days and
windows within the table, thresholds, fees, rates and leverage. Dates, shares, money and percents come from the
platform's shared bilingual extractor; this module adds what is specific to questions about a table."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from services.common.text.numerals import CHINESE, parse_chinese
from services.portfolio.tables.cells import MONTHS

CN_NUM = {"一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
NUMBER = r"[+\-−]?\d+(?:,\d{3})*(?:\.\d+)?"


def small_int(token: str) -> int:
    return int(token) if token.isdigit() else int(parse_chinese(token))


@dataclass
class Form:
    percent: bool | None = None  # None: the default form for the value's kind
    places: int | None = None
    date_fmt: str | None = None
    unit: str | None = None  # the unit the answer was asked in (多少亿元, in millions): 亿元, 万手, 股, ...


_ASKED_UNIT = re.compile(r"(?:多少|几)\s*((?:万亿|亿|千万|百万|万|千)?(?:元|港元|美元|手|股)|"
                         r"(?:万亿|亿|千万|百万|万)(?![\u4e00-\u9fff]))|"  # 多少亿？: a scale without its currency
                         r"(?:以|用)((?:亿|万)(?:元|股|手)?)为?单位|"
                         r"\bin (?:hk\$|us\$|\$|rmb|cny|usd|hkd)?\s*(millions|billions|thousands|10k)\b", re.IGNORECASE)
_EN_UNITS = {"millions": "百万", "billions": "十亿", "thousands": "千", "10k": "万"}


def asked_unit(text: str) -> str | None:
    m = _ASKED_UNIT.search(text)
    if not m:
        return None
    return m.group(1) or m.group(2) or _EN_UNITS[m.group(3).lower()]

_PLACES = [
    re.compile(r"(?:保留|精确到|精确至|四舍五入到|取)(?:小数点后)?\s*(?P<n>\d+|" + CHINESE + r")\s*位(?:小数|"
                                                                           r"有效数字)?"),
    re.compile(r"(?P<n>\d+|" + CHINESE + r")\s*位小数"),
    re.compile(r"(?:精确到|精确至|保留到|rounded? to|to the nearest)\s*(?P<unit>0\.0*1|1)(?![\d.])(?!\s*(?:decimal|"
               r"dp|位))",
               re.IGNORECASE),
    re.compile(r"(?:to|with|in|rounded to|round to)?\s*(?P<n>\d+|one|two|three|four|five|six)\s*"
               r"(?:decimal places?|decimals?|dp|digits after the decimal point)\b", re.IGNORECASE),
]
_INTEGER = re.compile(r"nearest whole number|nearest integer|whole number|取整|保留整数|四舍五入到整数|精确到个位|"
                      r"round(?:ed)? to (?:an |the nearest )?integer", re.IGNORECASE)
_EN_NUM = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_PCT_FORM = re.compile(r"百分比|百分数|百分号|%形式|用%|以%|in percent(?:age)?s?|as a percentage|as a percent|"
                       r"percentage (?:form|terms)|as percentage|in %|percent form|with a % sign", re.IGNORECASE)
_DEC_FORM = re.compile(r"小数形式|用小数|以小数|小数表示|as a decimal|decimal form|in decimals?\b|as a fraction|"
                       r"decimal \(e\.g|not (?:as a )?percent", re.IGNORECASE)
_DATE_FMT = re.compile(r"(YYYY[-/.]?MM[-/.]?DD|MM/DD/YYYY|YYYY年MM月DD日|yyyy[-/.]?mm[-/.]?dd|mm/dd/yyyy|"
                       r"yyyy年mm月dd日|"
                       r"X年X月X日|x年x月x日)", re.IGNORECASE)


def take_form(text: str) -> tuple[Form, str]:
    """The precision and form the user asked for, and the text with those phrases removed (so "保留4位小数"
    is not read as a threshold or a count)."""
    form = Form(unit=asked_unit(text))
    m0 = _INTEGER.search(text)
    if m0:
        form.places = 0
        text = text[: m0.start()] + " " + text[m0.end():]
    for pattern in _PLACES if form.places is None else []:
        m = pattern.search(text)
        if m:
            if m.groupdict().get("unit"):
                u = m["unit"]
                form.places = len(u.split(".")[1]) if "." in u else 0
            else:
                n = m["n"].lower()
                form.places = _EN_NUM.get(n) or small_int(n)
            text = text[: m.start()] + " " + text[m.end():]
            break
    m2 = _DATE_FMT.search(text)
    if m2:
        fmt = m2.group(1).upper().replace("X年X月X日", "YYYY年MM月DD日")
        form.date_fmt = fmt
        text = text[: m2.start()] + " " + text[m2.end():]
    if _DEC_FORM.search(text):
        form.percent = False
    elif _PCT_FORM.search(text):
        form.percent = True
    text = _PCT_FORM.sub(" ", _DEC_FORM.sub(" ", text))
    return form, text


_MD_ZH = re.compile(r"(?<![\d年])(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]?")
_MD_EN = re.compile(r"\b(?P<mon>jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+(?P<d>\d{1,2})"
                    r"(?:st|nd|rd|th)?\b(?!,?\s*\d{4})", re.IGNORECASE)
_DM_EN = re.compile(r"\b(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>jan|feb|mar|apr|may|jun|jul|aug|sep|"
                    r"oct|nov|dec)[a-z]*\b(?!,?\s*\d{4})", re.IGNORECASE)
_MD_SLASH = re.compile(r"(?<![\d/.])(?P<m>\d{1,2})/(?P<d>\d{1,2})(?![\d/.%])")


def month_days(text: str, taken: list[tuple[int, int]]) -> list[tuple[int, int, int, int]]:
    """Dates written without a year (9月6日, Sep 6, 6 Sep, 9/6): (start, end, month, day)."""
    out = []
    for pattern in (_MD_ZH, _MD_EN, _DM_EN, _MD_SLASH):
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            month = MONTHS[m["mon"][:3].lower()] if "mon" in m.groupdict() and m["mon"] else int(m["m"])
            if pattern is _MD_ZH and not re.match(r"\s*[日号]", text[m.end("d"):m.end("d") + 2]) and \
                    text[m.end("d"):m.end("d") + 1] not in ("", " ", "，", ",", "到", "至", "-", "~", "和", "与", "的",
                                                            "收", "开", "买", "卖", "?", "？"):
                continue
            try:
                dt.date(2000, month, int(m["d"]))
            except ValueError:
                continue
            taken.append((m.start(), m.end()))
            out.append((m.start(), m.end(), month, int(m["d"])))
    return out


_MONTH_ZH = re.compile(r"(?:(?P<y>\d{4})\s*年\s*)?(?P<m>\d{1,2}|" + CHINESE + r")\s*月(?:份)?(?!\s*\d)")
_MONTH_EN = re.compile(r"\b(?:in|during|for|of|over)\s+(?P<mon>january|february|march|april|may|june|july|august|"
                       r"september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\b"
                       r"(?:\s+(?P<y>\d{4}))?", re.IGNORECASE)


def months(text: str) -> list[tuple[int, int | None]]:
    """Whole months named as a window: 3月, 3月份, 2024年3月, in March (2024)."""
    out: list[tuple[int, int | None]] = []
    for m in _MONTH_ZH.finditer(text):
        try:
            month = small_int(m["m"])
        except ValueError:
            continue
        if 1 <= month <= 12:
            out.append((month, int(m["y"]) if m["y"] else None))
    for m in _MONTH_EN.finditer(text):
        out.append((MONTHS[m["mon"][:3].lower()], int(m["y"]) if m["y"] else None))
    return out


_FIRST = re.compile(r"第一(?:个)?(?:交易)?日|第一天|首日|首个交易日|第一个交易日|期初|开始那天|最早|"
                    r"\bfirst (?:trading )?day\b|\bstart of the (?:period|window|table)\b|\bearliest\b|\bday one\b",
                    re.IGNORECASE)
_LAST = re.compile(r"最后(?:一个|一)?(?:交易)?(?:日|天)|最近一(?:个)?(?:交易)?[日天]|最新(?:一天|交易日|的)?|期末|末日|"
                   r"\blast (?:trading )?day\b|\blatest\b|\bmost recent (?:trading )?day\b|\bend of the (?:period|"
                   r"window|"
                   r"table)\b|\bfinal (?:trading )?day\b", re.IGNORECASE)
_NTH = re.compile(r"第(?P<n>\d+|" + CHINESE + r")(?:个)?(?:交易)?[日天]|\b(?P<en>\d+)(?:st|nd|rd|"
                                             r"th) (?:trading )?day\b",
                  re.IGNORECASE)
_LAST_N = re.compile(r"(?:最近|近|最后|过去|后)(?P<n>\d+|" + CHINESE + r")(?:个)?(?:交易)?[日天]|"
                     r"\b(?:last|past|final|latest|most recent) (?P<en>\d+|two|three|four|five|"
                     r"six) (?:trading )?days\b",
                     re.IGNORECASE)
_FIRST_N = re.compile(r"(?:前|头|最初|开始)(?P<n>\d+|" + CHINESE + r")(?:个)?(?:交易)?[日天]|"
                      r"\bfirst (?P<en>\d+|two|three|four|five|six) (?:trading )?days\b", re.IGNORECASE)
PREV = re.compile(r"前一(?:个)?(?:交易)?[日天]|上一(?:个)?交易日|前一日|昨日|昨天|\bprevious (?:trading )?day\b|"
                  r"\bday before\b|"
                  r"\bprior (?:trading )?day\b", re.IGNORECASE)
NEXT = re.compile(r"后一(?:个)?(?:交易)?[日天]|下一(?:个)?交易日|次日|第二天|\bnext (?:trading )?day\b|\bday after\b|"
                  r"\bfollowing (?:trading )?day\b", re.IGNORECASE)


def relative_days(text: str) -> list[tuple[int, int, str, int]]:
    """Days named relative to the table: (start, end, "first"/"last"/"nth", n)."""
    out = [(m.start(), m.end(), "first", 1) for m in _FIRST.finditer(text)]
    out += [(m.start(), m.end(), "last", 1) for m in _LAST.finditer(text)]
    for m in _NTH.finditer(text):
        n = small_int(m["n"]) if m["n"] else int(m["en"])
        if n >= 1 and not any(s == m.start() for s, *_ in out):
            out.append((m.start(), m.end(), "nth", n))
    return sorted(out)


def n_days(text: str) -> tuple[str, int] | None:
    """The last/first N trading days as a window: ("last", 5) for 最近5个交易日 / last 5 trading days."""
    for kind, pattern in (("last", _LAST_N), ("first", _FIRST_N)):
        m = pattern.search(text)
        if m:
            tok = (m["n"] or m["en"]).lower()
            n = _EN_NUM.get(tok) or small_int(tok)
            if n >= 2:  # 前一交易日 is the previous day, not a one-day window
                return kind, n
    return None


def rate_of(text: str) -> float | None:
    """万三 = 0.0003, 万分之2.5 = 0.00025, 千分之一 = 0.001, 0.03% = 0.0003 (as a fraction)."""
    m = re.search(r"万分之\s*(" + NUMBER + "|" + CHINESE + r")|万\s*(\d+(?:\.\d+)?|"
                                                        r"[一二两三四五六七八九](?:点[一二三四五六七八九])?)",
                  text)
    if m:
        tok = m.group(1) or m.group(2)
        tok = tok.replace("点", ".")
        value = float(tok) if re.fullmatch(r"[\d.]+", tok) else _cn_decimal(tok)
        return value / 10_000
    m = re.search(r"千分之\s*(" + NUMBER + "|" + CHINESE + ")", text)
    if m:
        tok = m.group(1)
        return (float(tok) if re.fullmatch(r"[\d.]+", tok) else parse_chinese(tok)) / 1000
    m = re.search(r"(" + NUMBER + r")\s*(?:%|percent|个百分点)", text)
    if m:
        return float(m.group(1).replace(",", "")) / 100
    m = re.search(r"(" + NUMBER + r")\s*(?:bp|bps|个基点)", text)
    return float(m.group(1)) / 10_000 if m else None


def _cn_decimal(tok: str) -> float:
    whole, _, frac = tok.partition(".")
    return CN_NUM[whole] + (CN_NUM[frac] / 10 if frac else 0.0)
