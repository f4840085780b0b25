"""Ground a question in the tables: which table (instrument), which columns, which rows. Every argument is checked
against the table; a date that is not a trading day or a column that is not there raises Ask with the nearest
alternative, never a silently interpolated value."""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import math
import re
from dataclasses import dataclass

import numpy as np

from services.common.text.extract import extract
from services.portfolio.tables import phrases
from services.portfolio.tables.cells import MONTHS, parse_header, queried
from services.portfolio.tables.model import COLUMN_NAMES, Column, Table
from services.portfolio.tables.ops import Window


class Ask(Exception):
    """Not answerable as asked: status "clarify" (the user can fix it) or "decline" (out of scope)."""

    def __init__(self, status: str, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


# How questions name columns, beyond the header names: verbs and short forms ("closed above", "收在").
QUESTION_NAMES: dict[str, tuple[str, ...]] = {
    "acc_nav": ("累计净值", "累计单位净值", "accumulated nav", "cumulative nav"),
    "adj_close": ("复权收盘价", "后复权收盘价", "前复权收盘价", "adjusted close", "adjusted closing price", "adj close",
                  "adj. close"),
    "day_range": ("日内价差", "高低价差", "最高最低价差", "high-low range", "high-low spread", "high minus low",
                  "daily range", "intraday range", "trading range"),
    "close": ("收盘价", "收盘", "收市价", "收市", "收在", "close price", "closing price", "closing prices", "closes",
              "closed", "close", "单位净值", "净值", "nav"),
    "open": ("开盘价", "开盘", "开市价", "open price", "opening price", "opened", "opens", "open"),
    "high": ("最高价", "日内最高", "high price", "intraday high", "daily highs", "daily high", "highs", "high"),
    "low": ("最低价", "日内最低", "low price", "intraday low", "daily lows", "daily low", "lows", "low"),
    "volume": ("成交量", "成交股数", "交易量", "成交了多少股", "成交多少股", "成交了多少手", "成交多少手",
               "trading volume",
               "volume", "shares traded", "shares changed hands"),
    "amount": ("成交金额", "成交额", "交易额", "turnover value", "traded value", "value traded", "turnover", "amount"),
    "turnover_rate": ("换手率", "turnover rate"),
    "pct_change": ("涨跌幅", "日涨跌幅", "涨幅", "跌幅", "pct change", "percent change", "% change", "change %",
                   "daily change"),
    "change": ("涨跌额", "price change"),
    "net_inflow": ("主力净流入", "资金净流入", "净流入", "净流出", "资金流向", "net inflow", "net inflows", "net flow"),
    "inflow": ("资金流入", "流入"),
    "outflow": ("资金流出", "流出"),
    "amplitude": ("振幅", "amplitude", "intraday range %"),
    "market_cap": ("总市值", "市值", "market cap"),
    "pe": ("市盈率", "p/e", "pe ratio"),
}
_ALL = sorted(((n, k) for k, names in QUESTION_NAMES.items() for n in names), key=lambda p: -len(p[0]))
_ASCII_WORD = re.compile(r"[a-z%/ ]+")


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    key: str
    text: str


def column_mentions(text: str, tables: list[Table] | None = None) -> list[Mention]:
    """Leftmost-longest, non-overlapping column names in the question (English names on word boundaries, so
    "highest" is not "high"); the tables' own header names count too (累计净值, acc_nav, 主力净额)."""
    low = text.lower()
    taken = bytearray(len(low))
    found = []
    names = _ALL
    if tables:
        own = {(parse_header(c.label).field.lower().replace("_", " "), c.key) for t in tables for c in t.columns}
        own |= {(n.replace(" ", "_"), k) for n, k in own}
        own |= {(n[:-2], k) for n, k in own if n.endswith("净额") and len(n) >= 5 and k.startswith("x:")}  # dde大单
        own |= {alias for t in tables if (alias := caption_field(t)) is not None}
        names = sorted([*_ALL, *((n, k) for n, k in own if len(n) >= 2)], key=lambda p: -len(p[0]))
    for name, key in names:
        if name not in low:  # cheap pre-check; the word-boundary pattern runs only on a hit
            continue
        for m in _name_pattern(name).finditer(low):
            if any(taken[m.start():m.end()]):
                continue
            taken[m.start():m.end()] = b"\x01" * (m.end() - m.start())
            found.append(Mention(m.start(), m.end(), key, m.group(0)))
    return sorted(found, key=lambda m: m.start)


_CAPTION_FIELD = re.compile(r"的\s*(?P<field>[A-Za-z\u4e00-\u9fff][\w\u4e00-\u9fff]{1,11})\s*$")


def caption_field(t: Table) -> tuple[str, str] | None:
    """(the field the caption's query asked for, the column's key) when the table holds one field only and its
    header names it otherwise (取数问句: X每日的dde大单 over 主动买入大单净额[...]): the query is what the table
    answers; a field the engine knows by name (资金流入, 收盘价) is never renamed this way."""
    keys = {c.key for c in t.columns}
    m = _CAPTION_FIELD.search(t.caption.split("/")[-1].strip()) if t.caption else None
    if len(keys) != 1 or m is None:
        return None
    field = m.group("field").lower()
    if any(name in field for name, _ in _ALL):  # a known field (资金流入 over 资金流向): no silent renaming
        return None
    return field, keys.pop()


@functools.lru_cache(maxsize=2048)
def _name_pattern(name: str) -> re.Pattern[str]:
    pattern = re.escape(name)
    if _ASCII_WORD.fullmatch(name):  # whole words, plurals too (volumes, highs)
        pattern = r"(?<![a-z])" + pattern + r"(?:e?s)?(?![a-z])"
    return re.compile(pattern)


def mask(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for s, e in spans:
        chars[s:e] = " " * (e - s)
    return "".join(chars)


def nearest_column(t: Table, key: str) -> str:
    labels = [c.label for c in t.columns]
    wanted = COLUMN_NAMES.get(key, (key,))[0]
    close = difflib.get_close_matches(wanted, labels, n=1, cutoff=0.0)
    return close[0] if close else ", ".join(labels)


def require_column(t: Table, key: str, lang: str) -> Column:
    c = t.col(key)
    if c is not None:
        return c
    if t.sampled and key in ("pct_change", "amplitude"):
        raise consecutive_days_needed(lang)
    if key == "pct_change" and t.col("close") is not None:
        return derive_pct_change(t)
    if key == "amplitude" and all(t.col(k) is not None for k in ("high", "low", "close")):
        return derive_amplitude(t)
    if key == "net_inflow" and t.col("inflow") is not None and t.col("outflow") is not None:
        inflow, outflow = t.col("inflow"), t.col("outflow")
        assert inflow is not None and outflow is not None
        scales = None if inflow.scales is None or outflow.scales is None else [
            a if a == b else math.inf for a, b in zip(inflow.scales, outflow.scales, strict=True)]  # inf: mixed
        col = Column("net_inflow", f"{inflow.label} - {outflow.label}", inflow.unit, inflow.values - outflow.values,
                     inflow.places, scales)
        t.columns.append(col)
        return col
    if key == "day_range" and t.col("high") is not None and t.col("low") is not None:
        high, low = t.col("high"), t.col("low")
        assert high is not None and low is not None
        col = Column("day_range", f"{high.label} - {low.label}", high.unit, high.values - low.values, high.places)
        t.columns.append(col)
        return col
    have = "、".join(c.label for c in t.columns) if lang == "zh" else ", ".join(c.label for c in t.columns)
    name = COLUMN_NAMES.get(key, (key,))[0] if lang == "zh" else key.replace("_", " ")
    raise Ask("clarify", "no_column", f"表中没有“{name}”列；现有列：{have}。" if lang == "zh" else
              f"The table has no {name} column; it has: {have}.")


def consecutive_days_needed(lang: str) -> Ask:
    zh = "表中的日期是挑选出的几天，不是连续交易日，无法计算逐日涨跌。"
    return Ask("clarify", "not_consecutive", zh if lang == "zh" else
               "The table's dates are a selection, not consecutive trading days, so daily moves cannot be computed.")


def derive_pct_change(t: Table) -> Column:
    """涨跌幅 in % from consecutive closes, for questions about daily moves on a table that only has closes."""
    close = t.col("close")
    assert close is not None
    v = close.values
    pct = np.full(len(v), np.nan)
    pct[1:] = (v[1:] / v[:-1] - 1) * 100
    col = Column("pct_change", f"涨跌幅(由{close.label}计算)", "%", pct)
    t.columns.append(col)
    return col


_COUNT_WORDS = {"": 1, "the": 1, "a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10}


def derive_amplitude(t: Table) -> Column:
    """振幅 in % = (high - low) / previous close × 100, as Chinese terminals define it."""
    high, low, close = (t.col(k) for k in ("high", "low", "close"))
    assert high is not None and low is not None and close is not None
    amp = np.full(len(t.dates), np.nan)
    amp[1:] = (high.values[1:] - low.values[1:]) / close.values[:-1] * 100
    col = Column("amplitude", "振幅(由最高价、最低价、前收盘价计算)", "%", amp)
    t.columns.append(col)
    return col


@dataclass
class DateRef:
    pos: int
    end: int
    index: int | None  # row in the table
    date: dt.date | None


def not_trading(t: Table, d: dt.date, lang: str) -> Ask:
    before, after = t.nearest(d)
    if before is None or after is None:
        span = f"{t.dates[0].isoformat()} – {t.dates[-1].isoformat()}" if t.dates else "—"
        return Ask("clarify", "out_of_range", f"{d.isoformat()} 不在表格的日期范围（{span}）内。" if lang == "zh" else
                   f"{d.isoformat()} is outside the table's dates ({span}).")
    near = f"{before.isoformat()} / {after.isoformat()}"
    return Ask("clarify", "not_trading_day", f"{d.isoformat()} 不是表中的交易日；最近的交易日是 {near}，"
               "请确认用哪一天。"
               if lang == "zh" else f"{d.isoformat()} is not a trading day in the table; the nearest are {near}. "
               "Which one do you mean?")


def _year_for(t: Table, month: int, day: int) -> int | None:
    """The year of a date written without one: the table's only year; several years -> ask (never guess)."""
    years = sorted({d.year for d in t.dates if d.month == month and d.day == day}) or sorted({d.year for d in t.dates})
    if len(years) > 1:
        raise Ask("clarify", "which_year", f"表中有多个年份（{years[0]}–{years[-1]}），请写明年份。/ "
                  f"The table spans several years ({years[0]}-{years[-1]}); which year do you mean?")
    return years[0] if years else None


def find_dates(text: str, t: Table) -> list[tuple[int, int, dt.date]]:
    """Calendar dates in the question; a date without a year takes the table's year."""
    ex = extract(text)
    found = [(d.start, d.end, d.date) for d in ex.dates if d.date.year > 0]
    for m in _DMY_EN.finditer(text):  # the 3rd of September 2024
        try:
            named = dt.date(int(m.group(3)), MONTHS[m.group(2)[:3].lower()], int(m.group(1)))
            found.append((m.start(), m.end(), named))
        except (ValueError, KeyError):
            continue
    for m in _DOTTED_RANGE.finditer(text):  # 9.2-9.6: a range of month.day dates (never a price band)
        if re.search(r"在|介于|价|高于|低于|超过|between", text[max(0, m.start() - 8):m.start()]) or \
                re.match(r"\s*(?:之间|之内|区间|元)", text[m.end():]):
            continue
        for g, (mo, dd) in ((1, (m.group(1), m.group(2))), (3, (m.group(3), m.group(4)))):
            year = _year_for(t, int(mo), int(dd))
            try:
                found.append((m.start(g), m.end(g + 1), dt.date(year or 0, int(mo), int(dd))))
            except ValueError:
                break
    taken = [(s, e) for s, e, _ in found]
    for s, e, month, day in phrases.month_days(text, taken):
        year = _year_for(t, month, day)
        if year is not None:
            found.append((s, e, dt.date(year, month, day)))
    for m in _DAY_ONLY_END.finditer(text):  # 9月2日至6日 / Sep 2-6: the second day takes the first one's month
        first = next((d for s, e, d in found if s <= m.start(1) < e), None)
        if first is not None and not any(s <= m.start(2) < e for s, e, _ in found):
            try:
                found.append((m.start(2), m.end(2), first.replace(day=int(m.group(2)))))
            except ValueError:
                continue
    return sorted(found)


_DOTTED_RANGE = re.compile(r"(?<![\d.])(1[0-2]|0?[1-9])\.([0-3]?\d)\s*(?:-|~|到|至|—|–)\s*(1[0-2]|0?[1-9])\.([0-3]?\d)"
                           r"(?![\d.%])")
_DMY_EN = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+of\s+([a-z]{3,9})\.?,?\s+(\d{4})\b", re.IGNORECASE)
_DAY_ONLY_END = re.compile(r"(\d{1,2}\s*[日号]?)\s*(?:至|到|-|~|—|－|–|to|through)\s*(\d{1,2})(?:\s*[日号]|"
                           r"(?![\d/.月:]))")
_MON = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
_MONTH_EDGE = re.compile(
    r"(?P<m>\d{1,2})\s*月份?的?\s*(?P<zh>月末|月底|最后一个?交易日|最后一天|月初|第一个?交易日|第一天)|"
    r"(?P<en>end|close|last (?:trading )?day|start|beginning|first (?:trading )?day) of (?P<mon>" + _MON + r")|"
    r"(?P<mon2>" + _MON + r")(?:'s)? month-end|month-end (?:close |price |value )?(?:for|of|in) (?P<mon3>" + _MON + ")",
    re.IGNORECASE)


def month_edges(text: str, t: Table) -> list[tuple[int, int, int]]:
    """月末/月初 and "end of March": (start, end, row) of the month's last or first trading day in the table."""
    out = []
    for m in _MONTH_EDGE.finditer(text):
        name = (m["mon"] or m["mon2"] or m["mon3"] or "")[:3].lower()
        month = int(m["m"]) if m["m"] else MONTHS.get(name)
        if not month:
            continue
        rows = [i for i, d in enumerate(t.dates) if d.month == month]
        if not rows:
            raise Ask("clarify", "out_of_range", f"The table has no rows in month {month}.")
        word = (m["zh"] or m["en"] or "end").lower()
        last = not any(w in word for w in ("初", "第一", "start", "beginning", "first"))
        out.append((m.start(), m.end(), rows[-1] if last else rows[0]))
    if out:  # 3月的月末收盘价相比月初: a bare 月初/月末 after a month's edge is the same month's
        month = t.dates[out[0][2]].month
        rows = [i for i, d in enumerate(t.dates) if d.month == month and d.year == t.dates[out[0][2]].year]
        for m in _BARE_EDGE.finditer(text):
            if m.start() > out[0][1] and not any(s <= m.start() < e for s, e, _ in out):
                out.append((m.start(), m.end(), rows[0] if m.group(0) == "月初" else rows[-1]))
    return out


_BARE_EDGE = re.compile(r"(?<![\d份的])(?:月初|月末|月底)")


def resolve_dates(text: str, t: Table, lang: str, strict: bool) -> list[DateRef]:
    """Every date the question names, as table rows; with strict, a non-trading day raises Ask."""
    refs: list[DateRef] = []
    spans = []
    for s, e, d in find_dates(text, t):
        i = t.index(d)
        if i is None and strict:
            raise not_trading(t, d, lang)
        refs.append(DateRef(s, e, i, d))
        spans.append((s, e))
    for s, e, i in month_edges(text, t):
        refs.append(DateRef(s, e, i, t.dates[i]))
        spans.append((s, e))
    for pos, end, kind, n in phrases.relative_days(text):
        if any(s <= pos < e for s, e in spans) or any(r.pos == pos for r in refs):
            continue
        i = 0 if kind == "first" else len(t.dates) - 1 if kind == "last" else n - 1
        if not 0 <= i < len(t.dates):
            raise Ask("clarify", "out_of_range", f"表中只有 {len(t.dates)} 个交易日。" if lang == "zh" else
                      f"The table has only {len(t.dates)} trading days.")
        refs.append(DateRef(pos, end, i, t.dates[i]))
    refs.sort(key=lambda r: r.pos)
    for r in refs:  # the day after Sep 13 / the trading day before 2024-09-03
        m = re.search(r"\b(?:(\w+) )?(?:trading )?(?:days?|sessions?) (after|before)\s*(?:the\s+)?$|"
                      r"\b(?:previous|prior)\b[^.?]{0,25}\b(before)\s*$|\bnext\b[^.?]{0,25}\b(after)\s*$",
                      text[max(0, r.pos - 40):r.pos], re.IGNORECASE)
        if m and r.index is not None:
            n = _COUNT_WORDS.get((m.group(1) or "").lower(), 1) if not (m.group(1) or "").isdigit() else int(m.group(1))
            r.index += n if (m.group(2) or m.group(3) or m.group(4)).lower() == "after" else -n
            if not 0 <= r.index < len(t.dates):
                raise Ask("clarify", "out_of_range", "The table has no row for that day.")
            r.date = t.dates[r.index]
            continue
        # 9月3日的前一个交易日 / the day after Sep 3
        after = text[r.end:r.end + 12]
        for pattern, step in ((phrases.PREV, -1), (phrases.NEXT, 1)):
            m = pattern.search(after)
            if m and r.index is not None and re.fullmatch(r"[\s的之]*", after[:m.start()]):
                r.index += step
                if not 0 <= r.index < len(t.dates):
                    raise Ask("clarify", "out_of_range", "表中没有那一天的数据。" if lang == "zh" else
                              "The table has no row for that day.")
                r.date = t.dates[r.index]
    return refs


def window_of(t: Table, lo: dt.date, hi: dt.date, lang: str) -> Window:
    """Rows with lo <= date <= hi; the bounds need not be trading days, but must lie within the table."""
    lo, hi = min(lo, hi), max(lo, hi)
    lo = t.as_of.get(lo, lo)  # a start the table's query answered with an earlier row (a holiday) starts there
    early = lo < t.dates[0] - dt.timedelta(days=7) and not queried(t.caption, lo) if t.dates else True
    late = hi > t.dates[-1] + dt.timedelta(days=7) and not queried(t.caption, hi) if t.dates else True
    if early or late:  # a bound may lie in a gap the table's query covers (a holiday before its first row)
        raise not_trading(t, lo if not t.dates or lo < t.dates[0] else hi, lang)
    rows = [i for i, d in enumerate(t.dates) if lo <= d <= hi]
    if not rows:
        raise Ask("clarify", "empty_window", "这段时间内表中没有交易日。" if lang == "zh" else
                  "The table has no trading day in that period.")
    return Window(rows[0], rows[-1])
