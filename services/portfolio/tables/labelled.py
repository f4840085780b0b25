"""Tables whose rows are labels, not dates: six months of closes (Jan, 1月), holdings, a monthly budget.

The dated engine (planner/execute) reads time series; a pasted table keyed by names has none of its structure,
and was either refused ("it needs a date column") or, worse, answered from the shipped market data. The questions
people ask of such a table are few and plain: a total, an average, the highest or lowest row, the spread between
them, one row's share of the total, the change from the first row to the last (or between two named rows), and
the value of holdings (units x price). Each is read from the question's words; the column is the only numeric
one or the one the question names. Anything else, or two readings at once, is asked back: never a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from services.portfolio.tables.cells import parse_num
from services.portfolio.tables.parse import RawTable
from services.portfolio.tables.resolve import Ask

_I = re.IGNORECASE


@dataclass(frozen=True)
class Labelled:
    """A pasted table as row labels and numeric columns (header -> values, one per label)."""

    label_header: str
    labels: list[str]
    columns: dict[str, list[float]]
    units: dict[str, str]  # a column's unit written in its cells or header ("%", "元")
    caption: str
    fmt: str


def labelled(raw: RawTable) -> Labelled | None:
    """The table as labelled rows: one text column (the labels) and at least one all-numeric column."""
    header = [str(h).strip() for h in raw.header]
    # a prose line with a comma ("which month had the highest close, and what was it?") is not a row, nor is a
    # total the user pasted with the rows (it would be counted twice)
    rows = [r for r in raw.rows if len(r) == len(header) and any(parse_num(c) is not None for c in r)
            and not any(_TOTAL_ROW.fullmatch(str(c).strip()) for c in r)]
    if len(rows) < 2 or len(header) < 2:
        return None
    numeric: dict[str, list[float]] = {}
    units: dict[str, str] = {}
    label_at = None
    for j, name in enumerate(header):
        cells = [parse_num(r[j]) for r in rows]
        if all(c is not None for c in cells):
            numeric[name] = [c.value for c in cells if c is not None]
            units[name] = next((c.unit for c in cells if c is not None and c.unit), "") or _header_unit(name)
        elif label_at is None:
            label_at = j
    if label_at is None and len(numeric) >= 2 and _LABEL_HEAD.search(header[0]):
        label_at = 0  # years or periods as the rows' names ("| 年份 | 分红 |", "| 2019 | 1.20 |")
        numeric.pop(header[0])
    if label_at is None or not numeric:
        return None
    labels = [str(r[label_at]).strip() for r in rows]
    if len(set(labels)) < len(labels):
        return None  # repeated labels (a long table by instrument and date): not a list of rows by name
    return Labelled(header[label_at], labels, numeric, units, raw.caption, raw.fmt)


def question_text(text: str, table: Labelled) -> str:
    """The message without the table's own lines (its header, separator and rows), so that the labels written in
    the table do not count as labels the question names."""
    keys = {table.label_header.lower(), *(lab.lower() for lab in table.labels)}
    kept = []
    for line in text.splitlines():
        cells = [c.strip().lower() for c in re.split(r"[,|\t]", line) if c.strip()]
        total_row = len(cells) >= 2 and _TOTAL_ROW.fullmatch(cells[0]) is not None
        if not cells or re.fullmatch(r"[\s|:\-]+", line) or cells[0] in keys or total_row:
            continue
        kept.append(line)
    return "\n".join(kept)


_TOTAL_ROW = re.compile(r"total|sum|grand total|subtotal|合计|总计|小计|总额|共计|总和|合共", _I)
_LABEL_HEAD = re.compile(r"^(?:日期|年份|年度|年|月份|季度|期间|时间|year|date|month|quarter|period)\b", _I)


def _header_unit(name: str) -> str:
    m = re.search(r"[（(]\s*(%|元|万元|亿元|美元|港元|USD|HKD|CNY|RMB)\s*[)）]", name, _I)
    return m.group(1) if m else ""


# ---------- what the question asks ----------
_VALUE = re.compile(r"market value|total value|\bworth\b|值多少|市值|总值|总价值|价值多少|一共值|总共值", _I)
_SHARE = re.compile(r"(?:percent(?:age)?|share|proportion|fraction|part)\s+of\s+(?:the\s+|my\s+|our\s+)?"
                    r"(?:total|whole|all|sum)|\bshare of\b|\bwhat share\b|proportion|"
                    r"占.{0,6}(?:比|百分|多少)|比例|比重", _I)
_RANGE = re.compile(r"(?:highest|max(?:imum)?|biggest|largest|最高|最大).{0,30}"
                    r"(?:lowest|min(?:imum)?|smallest|最低|最小).{0,20}(?:difference|gap|spread|差|相差|差距|差多少)|"
                    r"(?:difference|gap|spread) between (?:the |my |our )?(?:highest|max|largest|biggest)|"
                    r"\brange\b|极差|最高.{0,8}最低.{0,8}(?:差|相差)", _I)
_CHANGE = re.compile(r"\b(?:rise|rose|risen|fall|fell|fallen|gain(?:ed)?|grow|grew|grown|change[ds]?|"
                     r"go(?:ne)? up|went up|go(?:ne)? down|went down|increase[ds]?|decrease[ds]?)\b|"
                     r"涨了|跌了|涨幅|跌幅|变化|变动|增长了|下降了|上涨|下跌|升了|降了", _I)
_PERCENT = re.compile(r"%|percent|百分", _I)
_MEAN = re.compile(r"\baverage|\bmean\b|平均|均值|均价", _I)
_MAX = re.compile(r"highest|\bmax(?:imum)?\b|largest|biggest|\bmost\b|\bpeak|\btop\b|\bbest\b|最高|最大|最多|最好", _I)
_MIN = re.compile(r"lowest|\bmin(?:imum)?\b|smallest|\bleast\b|\bworst\b|最低|最小|最少|最差", _I)
_SUM = re.compile(r"\btotal|\bsum\b|altogether|in all\b|combined|add(?:ed)? up|\boverall\b|一共|合计|总共|加起来|"
                  r"总计|总额|总和|共计|总共花|总市值|总价值|总值", _I)
_UNITS = re.compile(r"units?\b|shares?\b|qty|quantity|holdings?\b|份额|份数|股数|数量|持有", _I)
_PRICE = re.compile(r"price|\bnav\b|\bclose\b|净值|价格|单价|股价|收盘", _I)
_CURRENCY = [("HKD", re.compile(r"HK\$|HKD|港元|港币", _I)), ("USD", re.compile(r"US\$|\$|USD|dollars?|美元", _I)),
             ("CNY", re.compile(r"yuan|RMB|CNY|人民币|元|块", _I))]


@dataclass(frozen=True)
class LabelledAnswer:
    value: float
    formatted: str
    unit: str
    operation: str
    formula: str
    operands: list[dict[str, Any]]
    column: str


def answer_labelled(question: str, table: Labelled, lang: str) -> LabelledAnswer:
    """The one figure the question asks of the table, or Ask when the question or the column is unclear."""
    q = question
    currency = _currency(" ".join([q, table.caption, *table.columns]))
    if _VALUE.search(q):
        units = [c for c in table.columns if _UNITS.search(c)]
        prices = [c for c in table.columns if _PRICE.search(c)]
        if len(units) == 1 and len(prices) == 1 and units != prices:
            qty, px = table.columns[units[0]], table.columns[prices[0]]
            total = sum(a * b for a, b in zip(qty, px, strict=True))
            ops = [_cell(table, i, units[0]) | {"times": _cell(table, i, prices[0])} for i in range(len(qty))]
            return _done(total, currency, "holdings_value", f"sum({units[0]} × {prices[0]})", ops,
                         f"{units[0]}×{prices[0]}")
    col = _column(q, table, lang)
    values = table.columns[col]
    unit = table.units.get(col) or currency
    named = [i for i, lab in enumerate(table.labels) if _names(q, lab)]
    if _SHARE.search(q) and len(named) != 1:
        raise _ask(lang, "which_row", "要算哪一行占合计的比例？", "Whose share of the total: which row?")
    if _SHARE.search(q):
        i, total = named[0], sum(values)
        if total == 0:
            raise _ask(lang, "zero_total", "这一列合计为零，无法计算占比。",
                       "The column sums to zero; a share of it is undefined.")
        return _done(values[i] / total * 100, "%", "share_of_total", f"{table.labels[i]} / sum({col}) × 100",
                     [_cell(table, i, col)], col)
    if _RANGE.search(q):
        hi, lo = max(range(len(values)), key=values.__getitem__), min(range(len(values)), key=values.__getitem__)
        return _done(values[hi] - values[lo], unit, "range", f"max({col}) − min({col})",
                     [_cell(table, hi, col), _cell(table, lo, col)], col)
    found = [name for name, rx in (("mean", _MEAN), ("max", _MAX), ("min", _MIN), ("sum", _SUM)) if rx.search(q)]
    if not found:
        change = _change(q, table, col, unit, named, lang)
        if change is not None:
            return change
    if len(found) != 1:
        raise _ask(lang, "which_operation", "请说明要对这张表算什么：合计、平均、最高、最低，还是某一行的占比？",
                   "What should I compute from this table: the total, the average, the highest, the lowest, or "
                   "one row's share?")
    op = found[0]
    if op == "mean":
        return _done(sum(values) / len(values), unit, "mean", f"mean({col}) over {len(values)} rows",
                     [_cell(table, i, col) for i in range(len(values))], col)
    if op == "sum":
        return _done(sum(values), unit, "sum", f"sum({col}) over {len(values)} rows",
                     [_cell(table, i, col) for i in range(len(values))], col)
    pick = (max if op == "max" else min)(range(len(values)), key=values.__getitem__)
    return _done(values[pick], unit, op, f"{op}({col}) at {table.labels[pick]}", [_cell(table, pick, col)], col)


def _change(q: str, table: Labelled, col: str, unit: str, named: list[int], lang: str) -> LabelledAnswer | None:
    """The change from the first row to the last, or between the two rows the question names; None when the
    question asks no change."""
    values = table.columns[col]
    if not (_CHANGE.search(q) and (_PERCENT.search(q) or "多少" in q or "how much" in q.lower())):
        return None
    first, last = (named[0], named[-1]) if len(named) == 2 else (0, len(values) - 1)
    if values[first] == 0:
        raise _ask(lang, "zero_base", "起点为零，无法计算变化率。",
                   "The starting value is zero; a rate of change is undefined.")
    pct = bool(_PERCENT.search(q)) and unit != "%"
    change = (values[last] / values[first] - 1) * 100 if pct else values[last] - values[first]
    # a column of percentages changes by percentage points, not by a percent of itself
    unit = "%" if pct else ("pp" if unit == "%" else unit)
    return _done(change, unit, "change_pct" if pct else "change",
                 f"({table.labels[last]} / {table.labels[first]} − 1) × 100" if pct
                 else f"{table.labels[last]} − {table.labels[first]}",
                 [_cell(table, first, col), _cell(table, last, col)], col)


def _column(q: str, table: Labelled, lang: str) -> str:
    cols = list(table.columns)
    if len(cols) == 1:
        return cols[0]
    low = q.lower()
    named = [c for c in cols if c.lower() in low or any(w in low for w in _words(c))]
    if len(named) == 1:
        return named[0]
    raise _ask(lang, "which_column", f"请说明用哪一列：{'、'.join(cols)}？",
               f"Which column do you mean: {', '.join(cols)}?")


def _words(header: str) -> list[str]:
    # "Close (USD)" -> ["close"]; "收盘价" -> ["收盘价", "收盘"]
    base = re.sub(r"[（(].*?[)）]", "", header).strip().lower()
    words = [w for w in re.split(r"[\s_/]+", base) if len(w) >= 3 or re.search(r"[\u4e00-\u9fff]{2}", w)]
    return words + [w[:2] for w in words if re.fullmatch(r"[\u4e00-\u9fff]{3,}", w)]


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _names(q: str, label: str) -> bool:
    """The question names this row ("rent", "房租", "Jan" or "January"): as a word in English, as written in
    Chinese; a one-letter label ("B") only in capitals, so the article "a" names no row."""
    lab = label.strip()
    if not lab:
        return False
    if re.search(r"[\u4e00-\u9fff]", lab):
        return lab in q
    if len(lab) == 1:
        return re.search(r"(?<![A-Za-z])" + re.escape(lab) + r"(?![A-Za-z])", q) is not None
    low = lab.lower()
    month = low[:3] if low[:3] in _MONTHS and re.fullmatch(r"[a-z]+\.?", low) else ""
    word = re.escape(month) + r"[a-z]*\.?" if month else re.escape(low)
    return re.search(r"(?<![a-z])" + word + r"(?![a-z])", q.lower()) is not None


def _currency(text: str) -> str:
    return next((code for code, rx in _CURRENCY if rx.search(text)), "")


def _cell(table: Labelled, i: int, col: str) -> dict[str, Any]:
    return {"name": col, "value": table.columns[col][i], "row": table.labels[i], "column": col,
            "unit": table.units.get(col, "")}


def _done(value: float, unit: str, op: str, formula: str, operands: list[dict[str, Any]], col: str) -> LabelledAnswer:
    value = round(value, 10)
    shown = f"{value:,.2f}" if abs(value) >= 0.01 or value == 0 else f"{value:.6g}"
    formatted = f"{shown}%" if unit == "%" else (f"{shown} {unit}" if unit else shown)  # "pp": percentage points
    return LabelledAnswer(value, formatted, unit, op, formula, operands, col)


def _ask(lang: str, code: str, zh: str, en: str) -> Ask:
    return Ask("clarify", code, zh if lang == "zh" else en)
