"""The tools step of a turn: a plan's calls run concurrently, and each result becomes a card (for the app) and
facts (labelled numbers for the prompt and for numeric grounding).

``tools.py`` runs one call against portfolio-tool and compliance over gRPC; tests pass their own runner.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from services.common.locale import is_zh
from services.compliance.client import CallContext
from services.dialogue.models import CardEvent, ToolTiming
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
    async def run(self, call: ToolCall, ctx: CallContext) -> ToolOutcome: ...


@dataclass
class ToolRound:
    outcomes: list[ToolOutcome] = field(default_factory=list)

    @property
    def timings(self) -> tuple[ToolTiming, ...]:
        return tuple(ToolTiming(o.call.tool, round(o.ms, 2), o.status) for o in self.outcomes)

    @property
    def failed(self) -> list[ToolOutcome]:
        return [o for o in self.outcomes if not o.ok]

    def cards(self) -> list[CardEvent]:
        return [
            CardEvent(str(o.card.get("kind", o.call.tool)), dict(o.card.get("data", {})))
            for o in self.outcomes
            if o.card
        ]

    def facts(self, plan: Plan) -> Facts:
        """What an answer may state: every tool number and every number the user wrote."""
        allowed = Facts()
        allowed.extend(plan.extraction.numbers)
        for outcome in self.outcomes:
            allowed.extend(f.value for f in outcome.facts)
        return allowed

    def stored_calls(self) -> list[dict[str, Any]]:
        """The calls a follow-up may build on, with what their result decided (e.g. a warning to confirm)."""
        return [{"tool": o.call.tool, "args": {**o.call.args, **o.remember}} for o in self.outcomes if o.ok]


async def run_tools(runner: ToolRunner, calls: Sequence[ToolCall], ctx: CallContext) -> ToolRound:
    """Run a plan's calls concurrently; a failure is an outcome, never an exception that ends the turn."""

    async def one(call: ToolCall) -> ToolOutcome:
        started = time.perf_counter()
        try:
            return await runner.run(call, ctx)
        except Exception as err:  # any tool failure becomes a stated outcome, never a broken turn
            ms = (time.perf_counter() - started) * 1000
            return ToolOutcome(call, "unavailable", ms, message=type(err).__name__)

    return ToolRound(list(await asyncio.gather(*(one(c) for c in calls))))


def failure_text(tools: ToolRound, locale: str) -> str:
    """A plain answer when no tool could compute anything: say what could not be computed, and why."""
    reasons = "; ".join(f"{o.call.tool}: {o.message or o.status}" for o in tools.failed)
    if is_zh(locale):
        return f"抱歉，暂时无法完成计算（{reasons}）。请检查输入后重试，或稍后再试。投资有风险，决策需谨慎。"
    return (
        f"Sorry, I could not compute this right now ({reasons}). Please check the inputs and try again, or retry "
        "later. Investing involves risk."
    )
