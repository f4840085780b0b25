"""The answer pipeline of the conversation core, with the engine, tools and guard passed in.

Redis is real (the session store); the engine is a scripted stand-in so the exact generated text is known, which is
what grounding and review are about. The same pipeline runs against the real services in tests/integration.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import redis.asyncio as aioredis

from services.dialogue.answer import TurnDeps
from services.dialogue.conversation import Conversation
from services.dialogue.engine_client import EngineFinal, EngineToken
from services.dialogue.metrics import DialogueMetrics
from services.dialogue.models import (
    Caller,
    CardEvent,
    ChatMessage,
    ComplianceOutcome,
    ConverseEvent,
    DeltaEvent,
    DoneEvent,
    ErrorEvent,
    GenerationOptions,
    NoticeEvent,
    Usage,
)
from services.dialogue.orchestration import Fact, InputVerdict, Released, ReviewUnavailable, ToolOutcome
from services.dialogue.planning.intent import IntentClassifier
from services.dialogue.planning.plan import Planner, ToolCall
from services.dialogue.session_store import SessionStore
from services.dialogue.settings import DialogueSettings

ALICE = Caller("default", "alice")


class ScriptedEngine:
    """Streams a fixed answer token by token and records the prompts it was given."""

    def __init__(self, answer: list[str]) -> None:
        self.answer = answer
        self.prompts: list[list[ChatMessage]] = []
        self.session_ids: list[str] = []
        self.closed_early = False

    async def stream_chat(
        self, prompt: list[ChatMessage], options: GenerationOptions, *, session_id: str = ""
    ) -> AsyncIterator[EngineToken | EngineFinal]:
        self.prompts.append(prompt)
        self.session_ids.append(session_id)
        finished = False
        try:
            for piece in self.answer:
                yield EngineToken(piece)
            finished = True
            yield EngineFinal("stop", "scripted", Usage(10, len(self.answer), 0), 1.0)
        finally:
            self.closed_early = not finished


class SavingsTool:
    def __init__(self, fail: bool = False) -> None:
        self.calls: list[ToolCall] = []
        self.fail = fail

    async def run(self, call: ToolCall, caller: Caller, locale: str) -> ToolOutcome:
        self.calls.append(call)
        if self.fail:
            raise ConnectionError("portfolio-tool down")
        facts = (Fact("median final value", 345678.9, "CNY", "bootstrap, as of 2022-12-28"),)
        card = {"kind": "savings_projection", "data": {"median": 345678.9, "currency": "CNY"}}
        return ToolOutcome(call, "ok", 3.0, card=card, facts=facts)


class PhraseReview:
    """Holds back nothing, blocks on a phrase; raises when told the compliance service is gone."""

    def __init__(self, phrase: str, down: bool) -> None:
        self.phrase, self.down, self.seen, self.blocked = phrase, down, "", False

    async def feed(self, text: str) -> Released:
        if self.down:
            raise ReviewUnavailable("compliance unreachable")
        self.seen += text
        if self.phrase in self.seen:
            self.blocked = True
            return Released("", blocked=True, notice="[withheld]")
        return Released(text)

    async def finish(self) -> Released:
        return Released("")

    def outcome(self) -> ComplianceOutcome:
        return ComplianceOutcome("block", ("promise.guaranteed",)) if self.blocked else ComplianceOutcome()

    async def aclose(self) -> None:
        return None


class Guard:
    def __init__(self, phrase: str = "guaranteed", down: bool = False) -> None:
        self.phrase, self.down = phrase, down

    async def screen_input(self, caller: Caller, session_id: str, text: str, locale: str) -> InputVerdict:
        if "launder" in text:
            return InputVerdict(False, text, "block", ("crime.aml",), "I can't help with that.")
        return InputVerdict(True, text.replace("13812345678", "[PHONE]"))

    async def open_review(self, caller: Caller, session_id: str, turn_id: str, locale: str, ct: str) -> PhraseReview:
        return PhraseReview(self.phrase, self.down)


async def _run(
    redis_client: aioredis.Redis, engine: ScriptedEngine, text: str, deps: TurnDeps, locale: str = "zh-CN"
) -> tuple[list[ConverseEvent], Any]:
    store = SessionStore(redis_client, ttl_s=60, max_turns=10)
    settings = DialogueSettings(coalesce_max_tokens=1)  # one chunk per token: shows what happens mid-answer
    conv = Conversation(store, engine, settings, DialogueMetrics.create(), deps)  # type: ignore[arg-type]
    session = await conv.create_session(ALICE, locale)
    events = [e async for e in conv.converse(ALICE, session_id=session.session_id, text=text, locale=locale)]
    return events, await store.get(ALICE, session.session_id)


def _deps(tool: SavingsTool, guard: Guard | None = None) -> TurnDeps:
    return TurnDeps(planner=Planner(IntentClassifier(), {"zh": "000001.SH", "en": "SP500"}), tools=tool, guard=guard)


async def test_tool_turn_sends_card_first_and_grounds_numbers(redis_client: aioredis.Redis) -> None:
    engine = ScriptedEngine(["十年后", "中位数约", "34.57万", "元，", "也可能", "翻倍到", "70万。"])
    tool = SavingsTool()
    events, session = await _run(redis_client, engine, "我每月定投2000元，十年后大概有多少？", _deps(tool))
    assert isinstance(events[0], CardEvent) and events[0].data["median"] == 345678.9
    text = "".join(e.text for e in events if isinstance(e, DeltaEvent))
    assert "34.57万" in text and "70万" not in text and "〔数字待核实〕" in text
    done = events[-1]
    assert isinstance(done, DoneEvent) and done.intent == "savings_projection"
    assert done.compliance.withheld_numbers == 1 and [t.tool for t in done.tools] == ["project_savings"]
    assert tool.calls[0].args["monthly_contribution"] == 2000
    assert "345,678.90 CNY" in engine.prompts[0][0].content  # the facts reached the model's system message
    assert engine.session_ids == [session.session_id]  # the replica choice is keyed on the session
    assert session.turns[0].assistant_text == text


async def test_missing_argument_asks_and_never_calls_engine_or_tool(redis_client: aioredis.Redis) -> None:
    engine, tool = ScriptedEngine(["x"]), SavingsTool()
    events, session = await _run(redis_client, engine, "我每月定投2000元，能攒多少？", _deps(tool))
    assert engine.prompts == [] and tool.calls == []
    assert "投资期限" in "".join(e.text for e in events if isinstance(e, DeltaEvent))
    assert session.turns[0].status == "completed"


async def test_all_tools_failing_gives_a_plain_explanation(redis_client: aioredis.Redis) -> None:
    engine = ScriptedEngine(["x"])
    events, _ = await _run(redis_client, engine, "I save $500 a month for 20 years at 5%", _deps(SavingsTool(True)),
                           locale="en")
    text = "".join(e.text for e in events if isinstance(e, DeltaEvent))
    assert engine.prompts == [] and "could not compute" in text
    done = events[-1]
    assert isinstance(done, DoneEvent) and done.tools[0].status == "unavailable"


async def test_refused_input_is_not_answered_and_pii_is_redacted(redis_client: aioredis.Redis) -> None:
    engine = ScriptedEngine(["sure"])
    deps = _deps(SavingsTool(), Guard())
    events, session = await _run(redis_client, engine, "how do I launder money", deps, locale="en")
    assert engine.prompts == [] and isinstance(events[0], NoticeEvent)
    assert session.turns[0].assistant_text == "I can't help with that."  # the refusal, as shown
    done = events[-1]
    assert isinstance(done, DoneEvent) and done.compliance.action == "block"
    await _run(redis_client, engine, "我的电话13812345678，指数基金是什么？", deps)
    assert "13812345678" not in engine.prompts[-1][-1].content and "[PHONE]" in engine.prompts[-1][-1].content


async def test_review_block_stops_generation_and_stores_only_what_was_shown(redis_client: aioredis.Redis) -> None:
    engine = ScriptedEngine(["Index funds ", "are cheap. ", "Returns are guar", "anteed!", " more", " text"])
    events, session = await _run(redis_client, engine, "what is an index fund?", _deps(SavingsTool(), Guard()),
                                 locale="en")
    text = "".join(e.text for e in events if isinstance(e, DeltaEvent))
    assert "guaranteed" not in text and "more text" not in text
    assert any(isinstance(e, NoticeEvent) and e.code == "answer_withheld" for e in events)
    assert engine.closed_early
    assert "guaranteed" not in session.turns[0].assistant_text


async def test_compliance_down_mid_answer_fails_closed(redis_client: aioredis.Redis) -> None:
    engine = ScriptedEngine(["Index funds ", "are cheap."])
    events, session = await _run(redis_client, engine, "what is an index fund?",
                                 _deps(SavingsTool(), Guard(down=True)), locale="en")
    assert not any(isinstance(e, DeltaEvent) for e in events)
    assert isinstance(events[-1], ErrorEvent) and events[-1].code == "compliance_unavailable"
    assert session.turns[0].status == "error" and session.turns[0].assistant_text == ""
