"""Tools and compliance around one turn: the interfaces the conversation core uses, and how tool results become
cards (for the app) and facts (for the prompt and for numeric grounding).

The conversation core depends only on the two protocols here; ``services/dialogue/tools.py`` and
``services/dialogue/guard.py`` implement them over gRPC, and tests can pass their own.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from services.dialogue.models import Caller, ComplianceOutcome, ToolTiming
from services.dialogue.planning.grounding import Facts
from services.dialogue.planning.plan import Plan, ToolCall


@dataclass(frozen=True)
class Fact:
    """One number a tool produced, labelled for the prompt: the model may quote it, never compute a new one."""

    label: str
    value: float
    unit: str  # "CNY", "USD", "ratio", "%", "months", ...
    note: str = ""  # method, window, as-of date


@dataclass(frozen=True)
class ToolOutcome:
    call: ToolCall
    status: str  # "ok" or the failure's code
    ms: float
    card: dict[str, Any] | None = None  # {"kind": ..., "data": {...}}
    facts: tuple[Fact, ...] = ()
    message: str = ""  # why it failed, safe to show
    remember: dict[str, Any] = field(default_factory=dict)  # kept with the turn for a follow-up to use
    answer: str = ""  # a complete answer the tool wrote itself (exact table answers): the model is not asked

    @property
    def ok(self) -> bool:
        return self.status == "ok"


class ToolRunner(Protocol):
    async def run(self, call: ToolCall, caller: Caller, locale: str) -> ToolOutcome: ...


@dataclass(frozen=True)
class InputVerdict:
    allowed: bool
    text: str  # the message with PII redacted: what is stored and sent to the model
    action: str = "pass"
    rule_ids: tuple[str, ...] = ()
    message: str = ""  # shown instead of an answer when not allowed


class ReviewUnavailable(Exception):
    """Compliance could not review the answer mid-stream: the conversation stops releasing text (fail closed)."""


@dataclass
class Released:
    text: str
    blocked: bool = False
    notice: str = ""  # replacement notice after a block


class OutputReview(Protocol):
    """One answer's review stream: text goes in as it is generated; only what comes out may be shown."""

    async def feed(self, text: str) -> Released: ...

    async def finish(self) -> Released: ...

    def outcome(self) -> ComplianceOutcome: ...

    async def aclose(self) -> None: ...


class Guard(Protocol):
    async def screen_input(self, caller: Caller, session_id: str, text: str, locale: str) -> InputVerdict: ...

    async def open_review(
        self, caller: Caller, session_id: str, turn_id: str, locale: str, content_type: str
    ) -> OutputReview: ...


@dataclass
class ToolRound:
    outcomes: list[ToolOutcome] = field(default_factory=list)

    @property
    def timings(self) -> tuple[ToolTiming, ...]:
        return tuple(ToolTiming(o.call.tool, round(o.ms, 2), o.status) for o in self.outcomes)

    @property
    def failed(self) -> list[ToolOutcome]:
        return [o for o in self.outcomes if not o.ok]

    def facts(self, plan: Plan) -> Facts:
        """What an answer may state: every tool number and every number the user wrote."""
        allowed = Facts()
        allowed.extend(plan.extraction.numbers)
        for outcome in self.outcomes:
            allowed.extend(f.value for f in outcome.facts)
        return allowed


async def run_tools(runner: ToolRunner, calls: Sequence[ToolCall], caller: Caller, locale: str) -> ToolRound:
    """Run a plan's calls concurrently; a failure is an outcome, never an exception that ends the turn."""

    async def one(call: ToolCall) -> ToolOutcome:
        started = time.perf_counter()
        try:
            return await runner.run(call, caller, locale)
        except Exception as err:  # any tool failure becomes a stated outcome, never a broken turn
            ms = (time.perf_counter() - started) * 1000
            return ToolOutcome(call, "unavailable", ms, message=type(err).__name__)

    return ToolRound(list(await asyncio.gather(*(one(c) for c in calls))))


def _fmt(value: float) -> str:
    if abs(value) >= 1000:
        return f"{value:,.2f}"
    return f"{value:.4g}" if abs(value) < 1 else f"{value:.2f}"


def facts_message(plan: Plan, tools: ToolRound, locale: str) -> str:
    """The system message that carries tool results into the prompt, in the user's language."""
    zh = locale.startswith("zh")
    lines = [
        "以下是工具计算出的事实。回答时只能引用这些数字（可四舍五入），不要自行计算或编造任何数字；说明方法和数据日期。"
        if zh
        else "Facts computed by the platform's tools follow. Quote only these numbers (rounding is fine); never "
        "compute or invent a number; say which method and data date they come from."
    ]
    for outcome in tools.outcomes:
        if outcome.ok:
            for f in outcome.facts:
                note = f" ({f.note})" if f.note else ""
                lines.append(f"- {f.label}: {_fmt(f.value)} {f.unit}{note}")
        else:
            lines.append(
                f"- {outcome.call.tool}: 无法计算（{outcome.message or outcome.status}）"
                if zh
                else f"- {outcome.call.tool}: could not be computed ({outcome.message or outcome.status})"
            )
    if plan.assumptions:
        lines.append(("假设：" if zh else "Assumptions: ") + "; ".join(plan.assumptions))
    return "\n".join(lines)


def failure_text(tools: ToolRound, locale: str) -> str:
    """A plain answer when no tool could compute anything: say what could not be computed, and why."""
    reasons = "; ".join(f"{o.call.tool}: {o.message or o.status}" for o in tools.failed)
    if locale.startswith("zh"):
        return f"抱歉，暂时无法完成计算（{reasons}）。请检查输入后重试，或稍后再试。投资有风险，决策需谨慎。"
    return (
        f"Sorry, I could not compute this right now ({reasons}). Please check the inputs and try again, or retry "
        "later. Investing involves risk."
    )
