"""The answer pipeline of one turn: screen the input, plan, call tools, then generate through grounding and review.

Order matters and is the platform's promise to users:
1. compliance screens the message first (PII redacted before anything is stored or sent to the model; a refused
   message gets the refusal, never an answer);
2. the planner decides; a missing argument becomes a question, never a guessed number;
3. tools run concurrently; their cards go to the app before any text; if none could compute, a plain
   explanation is the answer;
4. the model phrases the tool facts; every chunk passes the numeric grounding filter, then compliance's
   streaming review, and only what the review releases is sent. A block ends the answer with a notice and
   aborts generation. If compliance cannot review, nothing more is released (fail closed).
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

import orjson

from services.common.text.extract import extract
from services.dialogue.models import (
    Caller,
    CardEvent,
    ChatMessage,
    ComplianceOutcome,
)
from services.dialogue.orchestration import (
    Guard,
    InputVerdict,
    OutputReview,
    ToolRound,
    ToolRunner,
    facts_message,
    failure_text,
    run_tools,
)
from services.dialogue.planning.grounding import Facts, GroundingFilter
from services.dialogue.planning.plan import Plan, Planner, Profile, ToolCall
from services.dialogue.profile_store import ProfileStore

ACTION_RANK = {"pass": 0, "disclaimer": 1, "warn": 2, "rewrite": 3, "block": 4}


@dataclass
class TurnDeps:
    """What the conversation core needs beyond the engine and the session store. Each part is optional so
    the OpenAI-compatible path and tests can run without it; the service wires all of them."""

    planner: Planner | None = None
    tools: ToolRunner | None = None
    guard: Guard | None = None
    profiles: ProfileStore | None = None


@dataclass
class TurnState:
    caller: Caller
    session_id: str
    turn_id: str
    user_text: str
    locale: str
    intent: str = ""
    tools: ToolRound = field(default_factory=ToolRound)
    input_verdict: InputVerdict | None = None
    review: OutputReview | None = None
    withheld_numbers: int = 0
    previous_calls: tuple[ToolCall, ...] = ()  # the last answered turn's tool calls, for follow-ups
    response_format: str = ""  # "json_object" from an OpenAI-compatible client

    def stored_calls(self) -> list[dict[str, Any]]:
        """The calls a follow-up may build on, with what their result decided (e.g. a warning to confirm)."""
        return [{"tool": o.call.tool, "args": {**o.call.args, **o.remember}} for o in self.tools.outcomes if o.ok]

    def compliance(self) -> ComplianceOutcome:
        outcomes = [ComplianceOutcome()]
        if self.input_verdict is not None:
            outcomes.append(ComplianceOutcome(self.input_verdict.action, self.input_verdict.rule_ids))
        if self.review is not None:
            outcomes.append(self.review.outcome())
        action = max((o.action for o in outcomes), key=lambda a: ACTION_RANK.get(a, 0))
        rules = tuple(dict.fromkeys(r for o in outcomes for r in o.rule_ids))
        return ComplianceOutcome(action, rules, self.withheld_numbers)


async def screen(deps: TurnDeps, state: TurnState) -> InputVerdict:
    if deps.guard is None:
        return InputVerdict(True, state.user_text)
    verdict = await deps.guard.screen_input(state.caller, state.session_id, state.user_text, state.locale)
    state.input_verdict = verdict
    state.user_text = verdict.text  # redacted from here on: stored, planned and prompted
    return verdict


async def plan_turn(deps: TurnDeps, state: TurnState) -> Plan | None:
    if deps.planner is None:
        return None
    classification = await deps.planner.classifier.classify_async(state.user_text)
    if not state.session_id and classification.intent != "table_question":
        return None  # the stateless (OpenAI-compatible) path plans only exact table questions
    profile = await deps.profiles.get(state.caller) if deps.profiles and state.session_id else Profile()
    plan = deps.planner.plan(state.user_text, state.locale, profile, classification, state.previous_calls)
    state.intent = plan.intent
    return plan


async def call_tools(deps: TurnDeps, state: TurnState, plan: Plan) -> AsyncIterator[CardEvent]:
    if deps.tools is None or not plan.calls:
        return
    state.tools = await run_tools(deps.tools, plan.calls, state.caller, state.locale)
    for outcome in state.tools.outcomes:
        if outcome.card:
            yield CardEvent(str(outcome.card.get("kind", outcome.call.tool)), dict(outcome.card.get("data", {})))


def canned_answer(plan: Plan | None, state: TurnState) -> str:
    """The turn's whole answer when the model is not needed: a refusal, a question, or a tool failure."""
    if plan is None:
        return ""
    if plan.refuse or plan.clarify:
        return plan.refuse or plan.clarify
    written = [o for o in state.tools.outcomes if o.ok and o.answer]
    if written:
        if state.response_format == "json_object":  # the OpenAI-compatible client asked for JSON
            return "\n".join(orjson.dumps(o.remember.get("openai_json", {})).decode() for o in written)
        return "\n".join(o.answer for o in written)
    if plan.calls and state.tools.outcomes and not any(o.ok for o in state.tools.outcomes):
        return failure_text(state.tools, state.locale)
    return ""


def allowed_numbers(plan: Plan | None, state: TurnState, prompt: list[ChatMessage]) -> Facts:
    """Tool values, plus every number already in the conversation the model sees: the user's own messages and
    earlier answers (which were grounded when they were released)."""
    facts = state.tools.facts(plan) if plan is not None else Facts()
    for message in prompt:
        if message.role != "system":
            facts.extend(extract(message.content).numbers)
    return facts


def with_facts(prompt: list[ChatMessage], plan: Plan | None, state: TurnState) -> list[ChatMessage]:
    """Put the tool facts into the system message (small models follow one system message best)."""
    if plan is None or not state.tools.outcomes:
        return prompt
    system = prompt[0]
    merged = ChatMessage("system", system.content + "\n\n" + facts_message(plan, state.tools, state.locale))
    return [merged, *prompt[1:]]


class ReleaseFilter:
    """Grounding then review on every chunk; yields only text the user may see."""

    def __init__(self, state: TurnState, facts: Facts, on_withheld: Callable[[int], None]) -> None:
        self._state = state
        self._grounding = GroundingFilter(facts, state.locale)
        self._on_withheld = on_withheld
        self.blocked_notice = ""

    async def push(self, text: str, final: bool = False) -> str:
        grounded = self._grounding.feed(text) + (self._grounding.flush() if final else "")
        self._count_withheld()
        review = self._state.review
        if review is None:
            return grounded
        released = await review.feed(grounded) if grounded else None
        out = released.text if released else ""
        if released and released.blocked:
            self.blocked_notice = released.notice
            return out
        if final:
            tail = await review.finish()
            out += tail.text
            if tail.blocked:
                self.blocked_notice = tail.notice
        return out

    def _count_withheld(self) -> None:
        new = len(self._grounding.withheld) - self._state.withheld_numbers
        if new > 0:
            self._state.withheld_numbers += new
            self._on_withheld(new)


async def open_review(deps: TurnDeps, state: TurnState, content_type: str) -> None:
    if deps.guard is not None:
        state.review = await deps.guard.open_review(
            state.caller, state.session_id, state.turn_id, state.locale, content_type
        )


async def close_review(state: TurnState) -> None:
    if state.review is not None:
        with contextlib.suppress(Exception):
            await state.review.aclose()
