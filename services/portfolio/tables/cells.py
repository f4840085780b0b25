"""One cell at a time: numbers as terminals print them (units, scale words, separators, negatives, missing) and
dates in every format users paste (2024年9月16日, 20240916, 2024-09-16, 9/16/2024, Sep 16, 2024)."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from services.common.text.numerals import normalise_digits

MISSING = {"", "-", "--", "---", "—", "——", "–", "n/a", "na", "nan", "none", "null", "停牌", "/", "…", "..."}
# Scale words a cell or a header may carry; the value is stored in the header's unit, or in base units.
SCALES = {"万亿": 1e12, "千亿": 1e11, "百亿": 1e10, "亿": 1e8, "千万": 1e7, "百万": 1e6, "万": 1e4, "千": 1e3,
          "k": 1e3, "K": 1e3, "m": 1e6, "M": 1e6, "mn": 1e6, "b": 1e9, "B": 1e9, "bn": 1e9, "million": 1e6,
          "billion": 1e9}
CURRENCIES = ("人民币元", "港元", "港币", "美元", "元", "HKD", "USD", "CNY", "RMB")
COUNT_UNITS = ("手", "股", "份", "笔", "shares", "lots")
_UNIT_RE = re.compile(
    r"^(?P<scale>万亿|千亿|百亿|亿|千万|百万|万|千|million|billion|mn|bn|[kKmMbB])?\s*"
    r"(?P<unit>人民币元|港元|港币|美元|元|HKD|USD|CNY|RMB|手|股|份|笔|shares|lots|%|‰|bp)?$"
)
_NUM_RE = re.compile(r"^(?P<sign>[+\-])?(?P<num>\d+(?:\.\d*)?|\.\d+)(?:[eE](?P<exp>[+\-]?\d+))?")
_MINUS = str.maketrans({"−": "-", "－": "-", "＋": "+", "，": ",", "（": "(", "）": ")", "\u00a0": " ",
                        "\u2009": "", "\u202f": ""})


@dataclass(frozen=True)
class Num:
    """A parsed cell: the number as written times any scale word, and the unit the cell itself named."""

    value: float
    scale: float = 1.0  # the scale word's factor (already applied to value)
    unit: str = ""  # 元, 万元 is unit 元 with scale 1e4; % for percent values


_UNIT_SCALES = (("万亿", 1e12), ("千万", 1e7), ("百万", 1e6), ("亿", 1e8), ("万", 1e4), ("千", 1e3))


def split_unit(unit: str) -> tuple[float, str]:
    """万元 -> (1e4, 元), 亿港元 -> (1e8, 港元), 手 -> (1, 手)."""
    for word, factor in _UNIT_SCALES:
        if unit.startswith(word):
            return factor, unit[len(word):]
    return 1.0, unit


def is_missing(text: str) -> bool:
    return text.strip().lower() in MISSING


def parse_num(text: object) -> Num | None:
    """A number cell, or None for a missing or non-numeric cell. "(1,234.5)" and "−3%" are negative."""
    if isinstance(text, bool) or text is None:
        return None
    if isinstance(text, int | float):
        return None if text != text else Num(float(text))  # NaN is a missing cell
    return _parse_num_text(str(text))


@functools.lru_cache(maxsize=65536)
def _parse_num_text(text: str) -> Num | None:
    s = normalise_digits(text).translate(_MINUS).strip()
    if is_missing(s):
        return None
    neg = s.startswith("(") and s.endswith(")")
    s = s.strip("()").replace(",", "").replace(" ", "").replace("'", "").replace("_", "")
    s = s.replace("¥", "").replace("￥", "").replace("HK$", "").replace("US$", "").replace("$", "")
    m = _NUM_RE.match(s)
    if not m:
        return None
    value = float(m["num"]) * (10 ** int(m["exp"]) if m["exp"] else 1)
    rest = _UNIT_RE.match(s[m.end():])
    if rest is None:
        return None
    scale = SCALES.get(rest["scale"] or "", 1.0)
    value *= scale
    if (m["sign"] == "-") != neg:
        value = -value
    return Num(value, scale, rest["unit"] or "")


_DATE_PATTERNS = [
    (re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?"), "ymd"),
    (re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?![\d])"), "ymd"),
    (re.compile(r"^((?:19|20)\d{2})(\d{2})(\d{2})(?![\d])"), "ymd"),
    (re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?![\d])"), "mdy"),
    (re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})(?![\d])"), "mdy"),
    (re.compile(r"^([A-Za-z]{3})[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})"), "mon"),
    (re.compile(r"^(\d{1,2})[\s-]([A-Za-z]{3})[a-z]*[\s-](\d{4})"), "dmon"),
]
MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}


def parse_date(text: object) -> dt.date | None:
    """A date cell in any listed format; None if the cell is not a date. 9/16/2024 is month first, unless the
    first number cannot be a month (16/9/2024); epoch milliseconds (JSON exports) are accepted too."""
    if isinstance(text, dt.datetime):
        return text.date()
    if isinstance(text, dt.date):
        return text
    if isinstance(text, int) and not isinstance(text, bool):
        if 10**12 <= text < 10**13:  # epoch milliseconds, as JSON exports of data frames write dates
            return dt.datetime.fromtimestamp(text / 1000, tz=dt.UTC).date()
        text = str(text)
    if not isinstance(text, str):
        return None
    return _parse_date_text(text)


@functools.lru_cache(maxsize=65536)
def _parse_date_text(text: str) -> dt.date | None:
    s = normalise_digits(text).strip()
    for pattern, kind in _DATE_PATTERNS:
        m = pattern.match(s)
        if not m:
            continue
        a, b, c = m.groups()
        try:
            if kind == "ymd":
                return dt.date(int(a), int(b), int(c))
            if kind == "mdy":
                first, second = int(a), int(b)
                month, day = (second, first) if first > 12 else (first, second)
                return dt.date(int(c), month, day)
            if kind == "mon":
                return dt.date(int(c), MONTHS[a[:3].lower()], int(b))
            return dt.date(int(c), MONTHS[b[:3].lower()], int(a))
        except (ValueError, KeyError):
            return None
    return None


@dataclass(frozen=True)
class Header:
    """A column header split into its field, unit, scale and any date it carries (收盘价(元)[20240916])."""

    field: str
    unit: str = ""
    scale: float = 1.0
    date: dt.date | None = None
    period: tuple[dt.date, dt.date] | None = None  # 区间涨跌幅[20240902-20240906]: a value for a whole period


def _period(inner: str) -> tuple[dt.date, dt.date] | None:
    for m in re.finditer(r"\s*(?:-|~|～|至|到|—|–)\s*", inner):
        a, b = _parse_date_text(inner[:m.start()]), _parse_date_text(inner[m.end():])
        if a is not None and b is not None and re.fullmatch(r"[\d年月日号\-/. ]+", inner[m.end():]):
            return (a, b)
    return None


_BRACKET = re.compile(r"[\[(（【{<]\s*([^\])）】}>]*)\s*[\])）】}>]")
_HEADER_UNIT = re.compile(r"^(万亿|千亿|百亿|亿|千万|百万|万|千)?(人民币元|港元|港币|美元|元|HKD|USD|CNY|RMB|手|股|"
                          r"份|笔|%|‰)$",
                          re.IGNORECASE)
_HEADER_EN_UNIT = re.compile(r"^(?:in\s+)?(thousands?|millions?|billions?|k|mn|bn|m)$", re.IGNORECASE)
_EN_SCALE = {"thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9}


@functools.lru_cache(maxsize=4096)
def parse_header(text: str) -> Header:
    """Split 收盘价(元), 成交额[万元], 涨跌幅(%), Volume (shares), 收盘价[20240916], Change % into parts."""
    s = normalise_digits(str(text)).strip().replace("\n", " ")
    unit, scale, date, period = "", 1.0, None, None
    for m in list(_BRACKET.finditer(s)):
        inner = m.group(1).strip()
        span = _period(inner) if inner else None
        d = parse_date(inner.split()[0]) if inner and span is None else None
        u = _HEADER_UNIT.match(inner.replace("单位:", "").replace("单位：", "").strip())
        en = _HEADER_EN_UNIT.match(inner)
        if span is not None:
            period = span
        elif d is not None and re.fullmatch(r"[\d年月日号\-/. ]+", inner):
            date = d
        elif u:
            scale, unit = SCALES.get(u.group(1) or "", 1.0), u.group(2)
        elif en:
            scale = _EN_SCALE[en.group(1).lower().rstrip("s")]
        elif inner.lower() in ("shares", "share", "lots", "usd", "hkd", "cny", "rmb"):
            unit = inner.upper() if inner.lower() in ("usd", "hkd", "cny", "rmb") else inner.lower()
        else:
            continue
        s = s.replace(m.group(0), " ")
    s = s.strip()
    if s.endswith("%") or s.lower().endswith("(%)"):
        unit, s = "%", s.rstrip("%").strip()
    return Header(re.sub(r"\s+", " ", s).strip(" :："), unit, scale, date, period)


def clear_caches() -> None:
    """Forget every parsed cell and header (the benchmark times answers over tables parsed from scratch)."""
    for fn in (_parse_num_text, _parse_date_text, parse_header):
        fn.cache_clear()


_SPAN = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日?\s*(?:至|到|-|~)\s*(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日")
_MONTH = re.compile(r"(\d{4})年(\d{1,2})月(?!\s*\d)")


def query_spans(caption: str) -> list[tuple[dt.date, dt.date]]:
    """The periods a table's caption (the query it answers) names: from day to day (…2024年1月1日至2024年1月10日…)
    or a whole month (…2024年1月每日的收盘价: the 1st to the month's last day)."""
    out = []
    for m in _SPAN.finditer(caption):
        y1, m1, d1, y2, m2, d2 = m.groups()
        try:
            out.append((dt.date(int(y1), int(m1), int(d1)), dt.date(int(y2 or y1), int(m2), int(d2))))
        except ValueError:
            continue
    for m in _MONTH.finditer(caption):
        year, month = int(m.group(1)), int(m.group(2))
        if 1 <= month <= 12:
            following = dt.date(year + month // 12, month % 12 + 1, 1)
            out.append((dt.date(year, month, 1), following - dt.timedelta(days=1)))
    return out


def queried(caption: str, day: dt.date) -> bool:
    """Whether a table's caption (the query it answers) names a period that holds the day."""
    if any(lo <= day <= hi for lo, hi in query_spans(caption)):
        return True
    return any((int(m.group(1)), int(m.group(2))) == (day.year, day.month) for m in _MONTH.finditer(caption))
