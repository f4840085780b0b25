"""The one entry point: ``answer(question, tables, locale, market) -> TableAnswer`` (JSON-ready).

A wrong number is worse than no number: every failure to ground the question (no table, an unknown column, a date
that is not a trading day, an ambiguous request) comes back as status "clarify" or "decline" with a reason."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Protocol

from services.portfolio.tables import execute
from services.portfolio.tables.answer import card, explanation, format_value
from services.portfolio.tables.cells import parse_date, parse_num
from services.portfolio.tables.labelled import Labelled, answer_labelled, labelled, question_text
from services.portfolio.tables.merge import merge_same_instrument
from services.portfolio.tables.model import Table, build_tables
from services.portfolio.tables.ops import OpError
from services.portfolio.tables.parse import parse_tables
from services.portfolio.tables.planner import plan
from services.portfolio.tables.prompt import OutputSpec, data_part, render, split_prompt
from services.portfolio.tables.question import language
from services.portfolio.tables.resolve import Ask


class MarketTables(Protocol):
    """The platform's shipped market data, one Table per instrument (backed by the lead)."""

    def get(self, instrument_id: str) -> Table | None: ...

    def instruments(self) -> list[str]: ...


@dataclass
class TableAnswer:
    status: str  # answered | clarify | decline
    value: float | int | str | None = None  # full precision; a date as ISO text
    formatted: str = ""  # at the requested precision and form
    explanation: str = ""  # one sentence, in the question's language
    card: dict[str, Any] = field(default_factory=dict)
    operation: str = ""
    reason: str = ""  # "<code>: <message>" when not answered

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def openai_json(self) -> dict[str, Any]:
        """The body for an OpenAI-compatible client that asked for a JSON answer via response_format."""
        return {"answer": self.formatted if self.status == "answered" else None, "explanation": self.explanation}


_TABLE_LINE = re.compile(r"^\s*(?:\|.*\||[\[{\]}].*|-{3,}.*)\s*$")


def _data_row(line: str) -> bool:
    """A CSV/TSV/aligned data row: three or more cells, most of them numbers or dates (not a sentence)."""
    cells = [c for c in re.split(r"[,\t]|\s{2,}", line.strip()) if c.strip()]
    if len(cells) < 3:
        return False
    return sum(parse_num(c) is not None or parse_date(c.strip()) is not None for c in cells) * 2 > len(cells)


def _question_text(question: str, tables: str | None) -> str:
    """The question without any table pasted into it (a caption line such as 取数问句 stays). With the tables
    passed separately the question is taken as it is."""
    if tables:
        return question
    lines = [ln for ln in question.splitlines() if ln.strip() and not (_TABLE_LINE.match(ln) or _data_row(ln))]
    return "\n".join(lines) or question


def _tables(question: str, tables: str | None) -> list[Table]:
    raw = parse_tables(tables) if tables else []
    if not raw:
        raw = parse_tables(question)
    out: list[Table] = []
    for r in raw:
        out += [t for t in build_tables(r) if t.dates or t.periods]
    return merge_same_instrument(out)


def _pasted_by_label(question: str, tables: str | None) -> Labelled | None:
    """A pasted table keyed by names (months, funds, budget lines) when none is keyed by dates."""
    raw = (parse_tables(tables) if tables else []) or parse_tables(question)
    return next((t for t in map(labelled, raw) if t is not None), None)


def _by_label(text: str, table: Labelled, lang: str) -> TableAnswer:
    got = answer_labelled(text, table, lang)
    view = {
        "operation": got.operation,
        "instrument": "",
        "table": {"format": table.fmt, "caption": table.caption, "rows": len(table.labels), "first": None,
                  "last": None, "label_column": table.label_header},
        "inputs": {"column": got.column, "rows": [o["row"] for o in got.operands]},
        "operands": got.operands,
        "formula": got.formula,
        "conventions": [],
        "details": {},
        "result": {"value": got.value, "formatted": got.formatted, "kind": "percent" if got.unit == "%" else "number",
                   "unit": got.unit},
    }
    said = (f"按 {got.formula} 计算，结果为 {got.formatted}。" if lang == "zh"
            else f"{got.formula} = {got.formatted}.")
    return TableAnswer("answered", got.value, got.formatted, said, view, got.operation)


def _market(question: str, market: MarketTables, lang: str) -> list[Table]:
    """Instruments the question names: by full id (600519.SH), else by code stem (600519) if only one id has it,
    else by the name in the table's instrument (贵州茅台)."""
    low = question.lower()
    ids = market.instruments()
    chosen = [i for i in ids if i.lower() in low]
    if not chosen:
        stems = [i for i in ids if len(i.split(".")[0]) >= 4
                 and re.search(r"(?<![\w.])" + re.escape(i.split(".")[0].lower()) + r"(?![\w])", low)]
        if len({s.split(".")[0] for s in stems}) < len(stems):
            raise Ask("clarify", "which_instrument", f"请确认代码：{'、'.join(stems)}？" if lang == "zh" else
                      f"Which one do you mean: {', '.join(stems)}?")
        chosen = stems
    found = []
    for ident in chosen or ids[:500]:
        table = market.get(ident)
        if table is None:
            continue
        names = [w.lower() for w in table.instrument.split() if len(w) >= 2 and w.lower() != ident.lower()]
        if chosen or any(n in low for n in names):  # a private copy: planning may add derived columns
            found.append(replace(table, columns=list(table.columns), notes=list(table.notes)))
    if not found:
        raise Ask("clarify", "no_table", "请提供数据表，或告诉我是哪一只证券（代码）。" if lang == "zh" else
                  "Please paste the data table, or tell me which instrument (its code).")
    return found


def answer(question: str, tables: str | None, locale: str, market: MarketTables | None = None) -> TableAnswer:
    asked, spec = split_prompt(question or "")
    if spec is None:
        return _answer(question, tables, locale, market, None)
    # a sectioned task prompt: the question, the data and the output format apart
    res = _answer(asked, tables or data_part(question), locale, market, spec)
    res.card.setdefault("output_format", spec.describe())  # also when asking back: the JSON keys the prompt names
    return res


def _answer(question: str, tables: str | None, locale: str, market: MarketTables | None,
            spec: OutputSpec | None) -> TableAnswer:
    text = _question_text(question or "", tables)
    lang = language(text) if re.search(r"[A-Za-z\u4e00-\u9fff]", text) else ("zh" if locale.startswith("zh") else "en")
    try:
        found = _tables(question or "", tables)
        if not found and spec is None:
            pasted = _pasted_by_label(question or "", tables)
            if pasted is not None:  # answered from the table pasted, never from the shipped market data
                return _by_label(question_text(question or "", pasted) if not tables else text, pasted, lang)
        if not found and market is not None:
            found = _market(text, market, lang)
        if not found:
            raise Ask("clarify", "no_table", "没有找到可用的数据表（需要带日期列的表格）。" if lang == "zh" else
                      "I found no usable data table (it needs a date column).")
        p = plan(text, found)
        res = execute.run(p)
    except Ask as exc:
        return TableAnswer(exc.status, explanation=exc.message, reason=f"{exc.code}: {exc.message}")
    except OpError as exc:
        return TableAnswer("clarify", explanation=exc.message, reason=f"{exc.code}: {exc.message}")
    except (ValueError, ArithmeticError, IndexError, KeyError, TypeError, AssertionError) as exc:
        # a defect here must not become a number or a 500: decline, and keep the cause for the logs
        message = "这个问题我暂时无法可靠地计算。" if lang == "zh" else "I cannot compute this reliably."
        return TableAnswer("decline", explanation=message, reason=f"internal_error: {type(exc).__name__}: {exc}")
    value, formatted = format_value(res, p.form, p.op)
    view = card(p, res, value, formatted)
    if spec is not None:  # the prompt's output format: a bare number or date as it asks
        bare = render(spec, p, res, p.form)
        if bare is None:
            message = ("表中金额的单位不一致（万元、亿元混用），请说明要以哪个单位回答。" if lang == "zh" else
                       "The cells mix units; which unit should the answer be in?")
            return TableAnswer("clarify", explanation=message, card=view, operation=p.op,
                               reason=f"which_unit: {message}")
        formatted = bare
        view["result"]["formatted"] = bare
        view["output_format"] = spec.describe()
    return TableAnswer("answered", value, formatted, explanation(p, res, formatted), view, p.op)
