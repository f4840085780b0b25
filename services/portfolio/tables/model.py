"""A parsed table: a date index, typed numeric columns with their units, and where every cell came from."""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from services.portfolio.tables.cells import Header, parse_date, parse_header, parse_num
from services.portfolio.tables.parse import RawTable, blank

FloatArray = NDArray[np.float64]

# Canonical column keys and how headers (and questions) name them; the first matching key wins, so the
# more specific names (收盘价 before 收盘, 净流入 before 流入) come first within a key and across keys.
COLUMN_NAMES: dict[str, tuple[str, ...]] = {
    "date": ("交易日期", "日期", "时间", "交易日", "date", "tradedate", "trade date", "day", "time", "datetime"),
    "code": ("证券代码", "股票代码", "基金代码", "代码", "code", "ticker", "symbol", "secucode"),
    "name": ("证券简称", "股票简称", "基金简称", "证券名称", "股票名称", "简称", "名称", "name", "security", "stock"),
    "pre_close": ("前收盘价", "前收盘", "昨收盘", "昨收", "prev close", "previous close", "preclose", "pre close"),
    "acc_nav": ("累计净值", "累计单位净值", "acc nav", "accumulated nav", "cumulative nav", "累计净值(元)"),
    "adj_close": ("复权收盘价", "后复权收盘价", "前复权收盘价", "adj close", "adjusted close", "adj. close"),
    "close": ("收盘价", "收盘", "收市价", "最新价", "close price", "closing price", "close", "last price", "price",
              "单位净值", "净值", "nav", "价格", "股价"),
    "open": ("开盘价", "开盘", "今开", "open price", "opening price", "open"),
    "high": ("最高价", "最高", "high price", "high"),
    "low": ("最低价", "最低", "low price", "low"),
    "net_inflow": ("主力净流入", "资金净流入", "净流入额", "净流入", "主力资金净额", "资金流向", "net inflow",
                   "net flow", "netinflow"),  # 资金流向 (signed): the net flow
    "inflow": ("资金流入", "流入额", "流入", "inflow"),
    "outflow": ("资金流出", "流出额", "流出", "outflow"),
    "turnover_rate": ("换手率", "turnover rate", "turnover ratio", "换手"),
    "amount": ("成交金额", "成交额", "amount", "turnover", "value traded", "traded value", "dollar volume"),
    "volume": ("成交量", "volume", "vol", "shares traded", "成交股数"),
    "pct_change": ("涨跌幅", "涨幅", "pct change", "% change", "change %", "pct chg", "change pct", "pctchg",
                   "change percent", "chg %", "percent change", "return", "日收益率", "收益率"),
    "change": ("涨跌额", "涨跌", "change", "chg", "price change"),
    "amplitude": ("振幅", "amplitude"),
    "market_cap": ("总市值", "市值", "market cap", "market value", "mkt cap"),
    "pe": ("市盈率", "pe ratio", "p/e", "pe"),
}
DISPLAY = {"zh": {"close": "收盘价", "open": "开盘价", "high": "最高价", "low": "最低价", "volume": "成交量",
                  "amount": "成交额", "pct_change": "涨跌幅", "change": "涨跌额", "net_inflow": "净流入",
                  "turnover_rate": "换手率", "inflow": "流入", "outflow": "流出"},
           "en": {"close": "close", "open": "open", "high": "high", "low": "low", "volume": "volume",
                  "amount": "turnover (amount)", "pct_change": "% change", "change": "change",
                  "net_inflow": "net inflow", "turnover_rate": "turnover rate"}}


@functools.lru_cache(maxsize=4096)
def canonical(field_name: str) -> str:
    """The canonical key of a header's field, or "x:<field>" for a column this module has no name for."""
    s = re.sub(r"\s+", " ", field_name.strip().lower().replace("_", " "))
    for key, names in COLUMN_NAMES.items():
        if s in names or s.replace(" ", "") in names:
            return key
    for key, names in COLUMN_NAMES.items():  # 收盘价(前复权), 主力净流入-净额: a name inside a longer header
        if any(len(n) >= 2 and not n.isascii() and n in s for n in names):
            return key
    return "x:" + s


@dataclass
class Column:
    key: str
    label: str  # the header as written, for provenance
    unit: str  # 元, 万元, %, 手, shares, "" (the unit the values are stored in)
    values: FloatArray  # NaN is a missing cell
    places: int = 2  # decimals as printed (the most any cell shows), for echoing values as the table shows them
    scales: list[float] | None = None  # per cell, the scale word it was printed with (2.79亿元 -> 1e8; NaN: missing)


@dataclass(frozen=True)
class PeriodCell:
    """A value the table reports for a whole period (区间涨跌幅[20240902-20240906](%)), kept as printed."""

    key: str
    label: str
    unit: str
    start: dt.date
    end: dt.date
    value: float


@dataclass
class Table:
    instrument: str  # name and/or code ("" when the table names none)
    dates: list[dt.date]
    columns: list[Column]
    fmt: str
    caption: str = ""
    notes: list[str] = field(default_factory=list)
    date_label: str = "日期"
    periods: list[PeriodCell] = field(default_factory=list)
    sampled: bool = False  # dates picked by the user (wide 收盘价[20240916] exports): rows need not be consecutive days
    # a day with no row -> the row the table's own query returned for it (取数问句: …10月7日的收盘价 answered with
    # 收盘价[20240930], the last close before the holiday): that row is the table's value "as of" the day
    as_of: dict[dt.date, dt.date] = field(default_factory=dict)

    def col(self, key: str) -> Column | None:
        return next((c for c in self.columns if c.key == key), None)

    def index(self, date: dt.date) -> int | None:
        lo, hi = 0, len(self.dates)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.dates[mid] < date:
                lo = mid + 1
            else:
                hi = mid
        if lo < len(self.dates) and self.dates[lo] == date:
            return lo
        return self.index(self.as_of[date]) if date in self.as_of else None

    def nearest(self, date: dt.date) -> tuple[dt.date | None, dt.date | None]:
        before = [d for d in self.dates if d < date]
        after = [d for d in self.dates if d > date]
        return (before[-1] if before else None, after[0] if after else None)


def price_table(instrument: str, dates: Any, closes: Any, unit: str = "", source: str = "market") -> Table:
    """A Table of daily closes (for MarketTables backed by the shipped data): dates as datetime.date or numpy
    datetime64, closes as floats (NaN for a day without a price)."""
    days = [d if isinstance(d, dt.date) else dt.date.fromisoformat(str(np.datetime64(d, "D"))) for d in dates]
    values = np.asarray(closes, dtype=np.float64)
    return Table(instrument, days, [Column("close", "close", unit, values, 2)], source)


def _column(header: Header, cells: list[Any], label: str) -> Column:
    nums = [None if blank(c) else parse_num(c) for c in cells]
    units = Counter(n.unit for n in nums if n is not None and n.unit)
    unit = header.unit or (units.most_common(1)[0][0] if units else "")
    values = np.array([np.nan if n is None else (n.value / header.scale if n.scale != 1.0 else n.value)
                       for n in nums], dtype=np.float64)
    scale_word = _SCALE_WORD.get(header.scale, "")
    places = max((_decimals(c) for c, n in zip(cells, nums, strict=True) if n is not None and n.scale == 1.0),
                 default=2)
    scales = [math.nan if n is None else n.scale for n in nums]
    return Column(canonical(header.field), label, (scale_word + unit) if unit != "%" else "%", values, places, scales)


_SCALE_WORD = {1e4: "万", 1e8: "亿", 1e3: "千", 1e6: "百万", 1e12: "万亿", 1e7: "千万"}


def _decimals(cell: Any) -> int:
    text = repr(cell) if isinstance(cell, float) else str(cell)
    m = re.search(r"\.(\d+)", text)
    return 0 if m is None or (isinstance(cell, float) and cell == int(cell)) else min(len(m.group(1)), 6)


def _date_column(raw: RawTable, heads: list[Header]) -> int | None:
    for i, h in enumerate(heads):
        if canonical(h.field) == "date":
            return i
    for i in range(len(raw.header)):
        cells = [r[i] for r in raw.rows if not blank(r[i])]
        # a date column: mostly dates, and written as dates (6+ characters), not small numbers that look like years
        datey = all((isinstance(c, str) and len(c.strip()) >= 6) or isinstance(c, int) for c in cells)
        if cells and datey and sum(parse_date(c) is not None for c in cells) >= 0.8 * len(cells):
            return i
    return None


def _id_columns(heads: list[Header]) -> list[int]:
    return [i for i, h in enumerate(heads) if canonical(h.field) in ("code", "name")]


def _instrument(row: list[Any], ids: list[int]) -> str:
    return " ".join(str(row[i]).strip() for i in ids if not blank(row[i]))


def _finish(instrument: str, rows: list[tuple[dt.date, list[Any]]], heads: list[Header], labels: list[str],
            raw: RawTable, date_label: str) -> Table:
    notes: list[str] = []
    seen: dict[dt.date, list[Any]] = {}
    for d, cells in rows:
        if d in seen:
            notes.append(f"duplicate date {d.isoformat()} ignored (first row kept)")
            continue
        seen[d] = cells
    dates = sorted(seen)
    columns = []
    for j, h in enumerate(heads):
        if canonical(h.field) in ("date", "code", "name"):
            continue
        col = _column(h, [seen[d][j] for d in dates], labels[j])
        if not np.all(np.isnan(col.values)):
            columns.append(col)
    # 收盘价 and 收盘价_前复权 in one table share the key "close": the price as traded is the one a question about
    # 收盘价 reads, whichever order the headers came in (the adjusted column stays, by its own label)
    columns.sort(key=lambda c: "复权" in c.label or "adj" in c.label.lower())
    return Table(instrument or caption_instrument(raw.caption), dates, columns, raw.fmt, raw.caption, notes,
                 date_label)


_GENERIC = re.compile(r"^(?:取数问句|问句|表|数据|行情|日行情|股价|走势|收盘价|近期|最近|以下|下表|table|data|"
                      r"prices?)$",
                      re.IGNORECASE)


def caption_instrument(caption: str) -> str:
    """An instrument named in a caption: "平安银行（000001.SZ）日行情", "取数问句: 贵州茅台 9月", "ACME daily"."""
    text = re.sub(r"^[^:：]{0,8}[:：]", " ", caption or "")
    code = re.search(r"(?<![\d.])\d{6}(?:\.(?:SH|SZ|BJ|HK))?(?![\d])|\b\d{4,5}\.HK\b|\b[A-Z]{2,5}\b", text)
    asks = re.search(r"[?？]|多少|是否|哪", text)  # a caption that is the question itself names no instrument
    names = [] if asks else [w for w in re.findall(r"[\u4e00-\u9fff]{2,8}", text) if not _GENERIC.match(w)]
    name = re.sub(r"(?:日行情|行情|股价|收盘价|日线|数据)$", "", names[0]) if names else ""
    return " ".join(x for x in (code.group(0) if code else "", name) if x)


def build_tables(raw: RawTable) -> list[Table]:
    """One raw table becomes one Table per instrument. Layouts: long (a date column, maybe a code column with
    several instruments), transposed (dates across the header), and wide (收盘价[20240916] per instrument row)."""
    heads = [parse_header(str(h)) for h in raw.header]
    if any(h.date or h.period for h in heads):
        return _wide(raw, heads)
    di = _date_column(raw, heads)
    if di is not None:
        groups: dict[str, list[tuple[dt.date, list[Any]]]] = {}
        ids = _id_columns(heads)
        for row in raw.rows:
            d = parse_date(row[di])
            if d is not None:
                groups.setdefault(_instrument(row, ids), []).append((d, row))
        return [_finish(name, rows, heads, [str(h) for h in raw.header], raw, str(raw.header[di]))
                for name, rows in groups.items()]
    if len(heads) >= 3 and sum(parse_date(str(h)) is not None for h in raw.header[1:]) >= len(heads) - 2:
        return _transposed(raw)
    return []


def _transposed(raw: RawTable) -> list[Table]:
    header = [str(r[0]) for r in raw.rows]
    body = [[row[j] for row in raw.rows] for j in range(1, len(raw.header))]
    flipped = RawTable([str(raw.header[0]) or "日期"], [], raw.fmt, raw.caption)
    flipped.header = ["日期", *header]
    flipped.rows = [[raw.header[j + 1], *cells] for j, cells in enumerate(body)]
    return build_tables(flipped)


def _wide(raw: RawTable, heads: list[Header]) -> list[Table]:
    tables = []
    for row in raw.rows:
        by_date: dict[dt.date, dict[int, Any]] = {}
        fields: dict[str, int] = {}
        for j, h in enumerate(heads):
            if h.date is not None:
                by_date.setdefault(h.date, {})[fields.setdefault(h.field, len(fields))] = row[j]
        field_heads = [Header(f, next(h.unit for h in heads if h.field == f), next(h.scale for h in heads
                                                                                   if h.field == f))
                       for f in fields]
        labels = [next(str(raw.header[j]).split("[")[0] for j, h in enumerate(heads) if h.field == f) for f in fields]
        rows = [(d, [cells.get(k, "") for k in range(len(fields))]) for d, cells in by_date.items()]
        table = _finish(_instrument(row, _id_columns(heads)), rows, field_heads, labels, raw, "日期")
        table.periods = _periods(row, heads, raw)
        table.sampled = not (_DAILY.search(raw.caption) and _no_skipped_weekdays(table.dates))
        table.as_of = _as_of(raw.caption, table.dates)
        if table.as_of:
            table.notes += [f"the table's query for {asked.isoformat()} returned the row of {row.isoformat()}, the "
                            f"latest before it: a question about {asked.isoformat()} reads that row"
                            for asked, row in table.as_of.items()]
        tables.append(table)
    return tables


_DAILY = re.compile(r"每日|每天|逐日|日线|\bdaily\b", re.IGNORECASE)
_FULL_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})[日号]")
_SPAN_WORD = re.compile(r"至|到|~|～|—|–|以来|之间|期间")


def skips_weekdays(a: dt.date, b: dt.date) -> bool:
    """Whether a weekday lies strictly between two consecutive rows' dates (a holiday, or a day not selected)."""
    return any((a + dt.timedelta(days=k)).weekday() < 5 for k in range(1, (b - a).days))


def _no_skipped_weekdays(dates: list[dt.date]) -> bool:
    """Whether rows captioned 每日 (…每日的收盘价) really are every trading day: a holiday skips weekdays now and
    then, a selection of days (every other day) skips them between most rows."""
    gaps = sum(skips_weekdays(a, b) for a, b in itertools.pairwise(dates))
    return gaps < 3 or gaps * 4 <= len(dates) - 1


def _as_of(caption: str, dates: list[dt.date]) -> dict[dt.date, dt.date]:
    """A one-day query (取数问句: 中信证券2024年10月7日的收盘价) answered with one row of an earlier day at most a
    week before (收盘价[20240930]: 10月7日 was a holiday): the day asked reads that row. Nothing else is aliased."""
    query = caption.split("/")[-1]
    found = _FULL_DATE.findall(query)
    if len(found) != 1 or len(dates) != 1 or _SPAN_WORD.search(query):
        return {}
    try:
        asked = dt.date(*(int(x) for x in found[0]))
    except ValueError:
        return {}
    return {asked: dates[0]} if 0 < (asked - dates[0]).days <= 7 else {}


def _periods(row: list[Any], heads: list[Header], raw: RawTable) -> list[PeriodCell]:
    out = []
    for j, h in enumerate(heads):
        num = None if h.period is None or blank(row[j]) else parse_num(row[j])
        if h.period is not None and num is not None:
            unit = "%" if h.unit == "%" or num.unit == "%" else _SCALE_WORD.get(h.scale, "") + (h.unit or num.unit)
            out.append(PeriodCell(canonical(h.field), str(raw.header[j]), unit, h.period[0], h.period[1], num.value))
    return out
