"""Task prompts that wrap the question in sections (数据参考 / 用户问题 / 输出格式): the question is read from its own
section, and the output-format section says how the answer must look (a bare decimal with at most N places, percent
cells as decimals or as printed, dates as x年x月x日 or 20000322, the JSON keys). Rendering follows that section, so
the value an OpenAI-compatible client gets in ``answer`` is the one the prompt asked for."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from services.portfolio.tables.answer import convert, rounded
from services.portfolio.tables.cells import split_unit
from services.portfolio.tables.ops import Result
from services.portfolio.tables.phrases import Form
from services.portfolio.tables.question import Plan

_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]*(?P<title>[^\n]*?)[ \t]*$", re.MULTILINE)
_OUTPUT = re.compile(r"输出格式|回答格式|output format", re.IGNORECASE)
_QUESTION = re.compile(r"用户问题|^问题$|^question$", re.IGNORECASE)
_QUESTION_LABEL = re.compile(r"^\s*(?:question|问题)\s*[:：]\s*", re.IGNORECASE)
_MAX_PLACES = re.compile(r"(?:保留|精确到)\s*(\d)\s*位|(\d)\s*位小数")


@dataclass(frozen=True)
class OutputSpec:
    """What the prompt's output-format section asks for."""

    max_places: int | None = None  # 最多小数点后保留4位
    percent_cells_as_decimal: bool = False  # 统一表示成小数: a 3.54% cell is answered 0.0354
    date_style: str = "iso"  # cn: 2024年3月1日 | compact: 20240301 | iso
    keys: tuple[str, ...] = ()  # the JSON keys the prompt names ("cot", "answer")

    def describe(self) -> dict[str, object]:
        return {"max_places": self.max_places, "percent_cells_as_decimal": self.percent_cells_as_decimal,
                "date_style": self.date_style, "keys": list(self.keys)}


def _sections(text: str) -> list[tuple[str, int, int]]:
    """(title, body start, body end) of each Markdown heading's section."""
    heads = list(_HEADING.finditer(text))
    return [(h.group("title"), h.end(), heads[i + 1].start() if i + 1 < len(heads) else len(text))
            for i, h in enumerate(heads)]


def parse_spec(section: str) -> OutputSpec:
    m = _MAX_PLACES.search(section)
    places = int(m.group(1) or m.group(2)) if m else None
    as_decimal = bool(re.search(r"统一(?:表示|转换|换算)(?:成|为)小数", section))
    if re.search(r"x\s*年\s*x\s*月\s*x\s*日", section, re.IGNORECASE):
        style = "cn"
    elif re.search(r"(?:例如|如|e\.g\.)\s*[:：]?\s*(?:19|20)\d{6}(?!\d)|YYYYMMDD", section):
        style = "compact"
    else:
        style = "iso"
    keys = tuple(dict.fromkeys(re.findall(r"[\"“](\w+)[\"”]\s*[:：]", section)))
    return OutputSpec(places, as_decimal, style, keys)


def split_prompt(text: str) -> tuple[str, OutputSpec | None]:
    """(the question, the output format) of a sectioned prompt; (text, None) when the prompt has no output-format
    section. The question is the 用户问题 section when there is one, else the text without the format section."""
    sections = _sections(text)
    out = next(((s, e) for title, s, e in sections if _OUTPUT.search(title)), None)
    if out is None:
        return text, None
    spec = parse_spec(text[out[0]:out[1]])
    asked = next((text[s:e] for title, s, e in sections if _QUESTION.search(title.strip())), None)
    if asked is None:
        start = max(h.start() for h in _HEADING.finditer(text) if _OUTPUT.search(h.group("title")))
        return text[:start] + text[out[1]:], spec
    return _QUESTION_LABEL.sub("", asked.strip()), spec


def data_part(text: str) -> str:
    """The prompt without its question and output-format sections (where the tables are)."""
    keep = [text[s:e] for title, s, e in _sections(text) if not (_OUTPUT.search(title) or _QUESTION.search(title))]
    return "\n".join(keep) if keep else text


def _date(d: dt.date, style: str) -> str:
    if style == "cn":
        return f"{d.year}年{d.month}月{d.day}日"
    return d.strftime("%Y%m%d") if style == "compact" else d.isoformat()


def printed_scale(p: Plan, res: Result) -> float | None:
    """The scale word the cells behind the result were printed with (1.2亿 -> 1e8), when they agree; None when the
    cells mix scales (4814.18万元 and 2.79亿元) and the question names no unit: the unit is then ambiguous."""
    found: set[float] = set()
    col = p.table.col(p.key) if p.key and not res.operands and p.window is not None else None
    if col is not None and col.scales is not None and p.window is not None:  # a mean or median: every cell used
        found |= {x for x in col.scales[p.window.start:p.window.end + 1] if not math.isnan(x)}
    for o in res.operands[-1:] if p.op == "value_at_ext" else res.operands:  # the value asked, not its criterion
        owner, col = next(((t, c) for t in (p.table, p.table2) if t is not None for c in t.columns
                           if c.label == o.column and (not o.instrument or t.instrument == o.instrument)),
                          (None, None))
        i = owner.index(o.date) if owner is not None and o.date is not None else None
        if col is None or col.scales is None or i is None:
            found.add(1.0)
            continue
        found.add(1.0 if math.isnan(col.scales[i]) else col.scales[i])
    if not found:
        return 1.0
    return found.pop() if len(found) == 1 and math.inf not in found else None


def render(spec: OutputSpec, p: Plan, res: Result, form: Form) -> str | None:
    """The bare answer the output format asks for; None when its unit cannot be told (ask back instead)."""
    v = res.value
    if isinstance(v, dt.date):
        return _date(v, spec.date_style)
    if res.kind == "count":
        return str(int(v))
    x = float(v)
    places = 4 if spec.max_places is None else spec.max_places
    if form.places is not None:
        places = min(places, form.places)
    if res.unit == "%" and res.kind != "fraction":
        x = x / 100 if spec.percent_cells_as_decimal else x
    elif res.kind != "fraction":
        converted = convert(x, res.unit, form.unit) if form.unit else None
        if converted is not None:
            x = converted[0]
        elif not form.unit:
            scale = printed_scale(p, res)
            if scale is None:
                return None
            have, _ = split_unit(res.unit)
            x = x / scale if scale != 1.0 and have == 1.0 else x
    text = rounded(x, places).replace(",", "")
    return text.rstrip("0").rstrip(".") if "." in text else text
