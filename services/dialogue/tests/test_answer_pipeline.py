"""The turn pipeline, with the engine, tools and compliance client passed in.

Redis is real (the session store); the engine is a scripted stand-in so the exact generated text is known, which is
what grounding and review are about. The same pipeline runs against the real services in tests/integration.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from typing import Any

import orjson
import pytest
import redis.asyncio as aioredis

from services.common.errors import Unavailable
from services.compliance.client import CallContext, ComplianceUnavailable, InputCheck, Reviewed
from services.dialogue.engine_client import EngineFinal, EngineStreamBroken, EngineToken
from services.dialogue.knowledge import KnowledgeBase
from services.dialogue.metrics import DialogueMetrics
from services.dialogue.models import (
    CardEvent,
    ChatMessage,
    ConverseEvent,
    DeltaEvent,
    DoneEvent,
    ErrorEvent,
    GenerationOptions,
    NoticeEvent,
    Usage,
)
from services.dialogue.pipeline import TurnPipeline
from services.dialogue.planning.intent import IntentClassifier
from services.dialogue.planning.plan import Planner, ToolCall
from services.dialogue.session_store import SessionStore
from services.dialogue.settings import DialogueSettings
from services.dialogue.tool_round import Fact, ToolOutcome
from services.dialogue.turn import TurnDeps

ALICE = CallContext("default", "alice")
# a projection asked for from the index's history: the planner calls the savings tool with no rate assumed
HISTORY_QUESTION = "我每月定投2000元，按历史数据算，十年后大概有多少？"


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

    async def run(self, call: ToolCall, ctx: CallContext) -> ToolOutcome:
        self.calls.append(call)
        if self.fail:
            raise ConnectionError("portfolio-tool down")
        facts = (Fact("median final value", 345678.9, "CNY", "bootstrap, as of 2022-12-28"),)
        card = {"kind": "savings_projection", "data": {"median": 345678.9, "currency": "CNY"}}
        return ToolOutcome(call, "ok", 3.0, card=card, facts=facts)


class PhraseReview:
    """A review stream that holds back nothing and blocks on a phrase; fails when told compliance is gone."""

    def __init__(self, phrase: str, down: bool) -> None:
        self.phrase, self.down, self.seen = phrase, down, ""

    async def send(self, text: str) -> Reviewed:
        if self.down:
            raise ComplianceUnavailable("compliance unreachable")
        self.seen += text
        if self.phrase in self.seen:
            return Reviewed("", blocked=True, notice="[withheld]", rule_ids=("promise.guaranteed",))
        return Reviewed(text)

    async def finish(self) -> Reviewed:
        return Reviewed("", final=True)

    async def aclose(self) -> None:
        return None


class Compliance:
    """Stands in for the ComplianceClient: screening refuses laundering and redacts a phone number."""

    def __init__(self, phrase: str = "guaranteed", down: bool = False) -> None:
        self.phrase, self.down = phrase, down
        self.contexts: list[CallContext] = []

    async def check_input(self, ctx: CallContext, text: str) -> InputCheck:
        self.contexts.append(ctx)
        if "launder" in text:
            return InputCheck(False, "block", text, ("crime.aml",), "I can't help with that.")
        redacted = text.replace("13812345678", "[PHONE]")
        return InputCheck(True, "rewrite" if redacted != text else "allow", redacted)

    async def open_review(self, ctx: CallContext, content_type: str = "general") -> PhraseReview:
        self.contexts.append(ctx)
        return PhraseReview(self.phrase, self.down)


async def _run(
    redis_client: aioredis.Redis, engine: ScriptedEngine, text: str, deps: TurnDeps, locale: str = "zh-CN"
) -> tuple[list[ConverseEvent], Any]:
    store = SessionStore(redis_client, ttl_s=60, max_turns=10)
    settings = DialogueSettings(coalesce_max_tokens=1)  # one chunk per token: shows what happens mid-answer
    pipeline = TurnPipeline(store, engine, settings, DialogueMetrics.create(), deps)  # type: ignore[arg-type]
    session = await store.create(ALICE, locale)
    ctx = CallContext("default", "alice", session_id=session.session_id, locale=locale)
    events = [e async for e in pipeline.converse(ctx, text=text)]
    return events, await store.get(ALICE, session.session_id)


def _deps(tool: SavingsTool, compliance: Compliance | None = None) -> TurnDeps:
    planner = Planner(IntentClassifier(), {"zh": "000001.SH", "en": "SP500"})
    return TurnDeps(planner=planner, tools=tool, compliance=compliance)  # type: ignore[arg-type]


async def test_tool_turn_sends_card_first_and_grounds_numbers(redis_client: aioredis.Redis) -> None:
    engine = ScriptedEngine(["十年后", "中位数约", "34.57万", "元，", "也可能", "翻倍到", "70万。"])
    tool = SavingsTool()
    events, session = await _run(redis_client, engine, HISTORY_QUESTION, _deps(tool))
    assert isinstance(events[0], CardEvent) and events[0].data["median"] == 345678.9
    # facts first: the platform's own words with the tool's figure, before any model text
    assert isinstance(events[1], DeltaEvent) and "345,678.90 元" in events[1].text
    assert "平台测算" in events[1].text and "不是预测" in events[1].text
    text = "".join(e.text for e in events if isinstance(e, DeltaEvent))
    assert "34.57万" in text and "70万" not in text and "〔数字待核实〕" in text
    done = events[-1]
    assert isinstance(done, DoneEvent) and done.intent == "savings_projection"
    assert done.compliance.withheld_numbers == 1 and [t.tool for t in done.tools] == ["project_savings"]
    assert tool.calls[0].args["monthly_contribution"] == 2000
    reference = engine.prompts[0][-1]  # the facts reach the model last, after the question
    assert reference.role == "system" and "345,678.90 CNY" in reference.content
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
    deps = _deps(SavingsTool(), Compliance())
    events, session = await _run(redis_client, engine, "how do I launder money", deps, locale="en")
    assert engine.prompts == [] and isinstance(events[0], NoticeEvent)
    assert session.turns[0].assistant_text == "I can't help with that."  # the refusal, as shown
    done = events[-1]
    assert isinstance(done, DoneEvent) and done.compliance.action == "block"
    await _run(redis_client, engine, "我的电话13812345678，指数基金是什么？", deps)
    assert "13812345678" not in engine.prompts[-1][-1].content and "[PHONE]" in engine.prompts[-1][-1].content


async def test_review_block_stops_generation_and_stores_only_what_was_shown(redis_client: aioredis.Redis) -> None:
    engine = ScriptedEngine(["Index funds ", "are cheap. ", "Returns are guar", "anteed!", " more", " text"])
    events, session = await _run(redis_client, engine, "what is an index fund?", _deps(SavingsTool(), Compliance()),
                                 locale="en")
    text = "".join(e.text for e in events if isinstance(e, DeltaEvent))
    assert "guaranteed" not in text and "more text" not in text
    assert any(isinstance(e, NoticeEvent) and e.code == "answer_withheld" for e in events)
    assert engine.closed_early
    assert "guaranteed" not in session.turns[0].assistant_text


async def test_compliance_down_mid_answer_fails_closed(redis_client: aioredis.Redis) -> None:
    engine = ScriptedEngine(["Index funds ", "are cheap."])
    events, session = await _run(redis_client, engine, "what is an index fund?",
                                 _deps(SavingsTool(), Compliance(down=True)), locale="en")
    assert not any(isinstance(e, DeltaEvent) for e in events)
    assert isinstance(events[-1], ErrorEvent) and events[-1].code == "compliance_unavailable"
    assert session.turns[0].status == "error" and session.turns[0].assistant_text == ""


class DisclaimingReview(PhraseReview):
    async def finish(self) -> Reviewed:
        return Reviewed("", disclaimer="Investing involves risk.", final=True, rule_ids=("disclaimer.risk",))


async def test_done_carries_every_compliance_action_and_the_contexts_carry_the_turn(
    redis_client: aioredis.Redis,
) -> None:
    compliance = Compliance()

    async def review(ctx: CallContext, content_type: str = "general") -> PhraseReview:
        compliance.contexts.append(ctx)
        return DisclaimingReview("guaranteed", False)

    compliance.open_review = review  # type: ignore[method-assign]
    engine = ScriptedEngine(["指数基金", "跟踪一个", "指数。"])
    question = "我的电话13812345678，指数基金是什么？"
    events, session = await _run(redis_client, engine, question, _deps(SavingsTool(), compliance))
    text = "".join(e.text for e in events if isinstance(e, DeltaEvent))
    assert text.endswith("指数基金跟踪一个指数。\n\nInvesting involves risk.")
    done = events[-1]
    assert isinstance(done, DoneEvent) and done.compliance.action == "rewrite"  # rewrite outranks the disclaimer
    assert done.compliance.rule_ids == ("disclaimer.risk",)
    screened, reviewed = compliance.contexts
    assert screened.session_id == reviewed.session_id == session.session_id
    assert screened.turn_id == "" and reviewed.turn_id == done.turn_id == session.turns[0].turn_id
    assert screened.locale == reviewed.locale == "zh-CN"
    assert session.turns[0].user_text == "我的电话[PHONE]，指数基金是什么？"


async def test_client_gone_mid_answer_keeps_what_it_saw(redis_client: aioredis.Redis) -> None:
    store = SessionStore(redis_client, ttl_s=60, max_turns=10)
    engine = ScriptedEngine(["Index funds ", "are cheap. ", "More ", "text."])
    settings = DialogueSettings(coalesce_max_tokens=1)
    pipeline = TurnPipeline(store, engine, settings, DialogueMetrics.create(), _deps(SavingsTool()))  # type: ignore[arg-type]
    session = await store.create(ALICE, "en")
    ctx = CallContext("default", "alice", session_id=session.session_id, locale="en")
    events = pipeline.converse(ctx, text="what is an index fund?")
    first = await anext(events)
    await events.aclose()
    assert isinstance(first, DeltaEvent) and engine.closed_early
    stored = (await store.get(ALICE, session.session_id)).turns
    assert [(t.status, t.assistant_text) for t in stored] == [("cancelled", first.text)]


async def test_stateless_turn_uses_the_clients_messages_and_stores_nothing(redis_client: aioredis.Redis) -> None:
    store = SessionStore(redis_client, ttl_s=60, max_turns=10)
    engine = ScriptedEngine(["Fine."])
    pipeline = TurnPipeline(store, engine, DialogueSettings(), DialogueMetrics.create(), _deps(SavingsTool()))  # type: ignore[arg-type]
    messages = [ChatMessage("user", "hi"), ChatMessage("assistant", "hello"), ChatMessage("user", "what is an ETF?")]
    stateless = CallContext("default", "alice", locale="")  # no session: the OpenAI-compatible path
    events = [e async for e in pipeline.converse(stateless, text="", messages=messages)]
    assert isinstance(events[-1], DoneEvent) and all(isinstance(e, DeltaEvent) for e in events[:-1])
    assert "".join(e.text for e in events if isinstance(e, DeltaEvent)) == "Fine."
    assert engine.prompts[0][0].role == "system" and engine.prompts[0][1:4] == messages
    assert await redis_client.keys("adv:*") == []


async def test_a_looping_model_stops_at_the_last_good_sentence(redis_client: aioredis.Redis) -> None:
    """On the small CPU model the text under a correct card looped until the token limit (issue 17)."""
    loop = ["十年后大约", "有34.57万元。"] + ["你可以每月定投", "2000元，", "年化收益按8%算。"] * 6
    engine = ScriptedEngine(loop)
    events, session = await _run(redis_client, engine, HISTORY_QUESTION, _deps(SavingsTool()))
    text = "".join(e.text for e in events if isinstance(e, DeltaEvent))
    assert text.count("你可以每月定投") == 1 and text.endswith("年化收益按〔数字待核实〕算。")  # 8% is no tool figure
    assert engine.closed_early  # the engine stream was closed: the replica stops generating
    assert session.turns[0].assistant_text == text and session.turns[0].status == "completed"


async def test_an_off_language_continuation_is_cut(redis_client: aioredis.Redis) -> None:
    engine = ScriptedEngine(["C2是稳健型", "投资者。", "C2 is a type of high-end ", "luxury investment for the rich. ",
                             "更多说明。"])
    events, _ = await _run(redis_client, engine, "C2是什么意思？", _deps(SavingsTool()))
    text = "".join(e.text for e in events if isinstance(e, DeltaEvent))
    assert text == "C2是稳健型投资者。" and engine.closed_early


async def test_a_planner_defect_does_not_fail_the_turn(redis_client: aioredis.Redis) -> None:
    """A load test met a planner exception as a 502; the turn is now answered without a plan (and logged)."""

    class BrokenPlanner(Planner):
        def plan(self, *args: Any, **kwargs: Any) -> Any:
            raise ValueError("zip() argument 2 is shorter than argument 1")

    deps = TurnDeps(planner=BrokenPlanner(IntentClassifier(), {"zh": "000001.SH", "en": "SP500"}))
    engine = ScriptedEngine(["指数基金", "跟踪一个", "指数。"])
    events, session = await _run(redis_client, engine, "指数基金是什么？", deps)
    assert isinstance(events[-1], DoneEvent) and engine.prompts
    assert session.turns[0].status == "completed"


def test_weights_that_do_not_pair_with_holdings_become_equal() -> None:
    from services.dialogue.planning.followup import analysis_call

    call = analysis_call(["600036.SH", "600809.SH"], [1.0])
    assert [h["weight"] for h in call.args["holdings"]] == [0.5, 0.5]


def _stateless(tool: SavingsTool, engine: ScriptedEngine, redis_client: aioredis.Redis,
               knowledge: KnowledgeBase | None = None) -> TurnPipeline:
    deps = _deps(tool, Compliance())
    deps.knowledge = knowledge
    store = SessionStore(redis_client, ttl_s=60, max_turns=10)
    return TurnPipeline(store, engine, DialogueSettings(), DialogueMetrics.create(), deps)  # type: ignore[arg-type]


async def _stateless_text(pipeline: TurnPipeline, question: str, json_mode: bool = False) -> list[ConverseEvent]:
    options = GenerationOptions(response_format="json_object" if json_mode else "")
    ctx = CallContext("default", "alice", locale="")
    return [e async for e in pipeline.converse(ctx, text="", messages=[ChatMessage("user", question)],
                                               options=options)]


async def test_the_openai_path_plans_and_calls_tools_like_chat(redis_client: aioredis.Redis) -> None:
    tool = SavingsTool()
    events = await _stateless_text(_stateless(tool, ScriptedEngine(["这只是估算。"]), redis_client),
                                   HISTORY_QUESTION)
    assert [c.tool for c in tool.calls] == ["project_savings"]
    text = "".join(e.text for e in events if isinstance(e, DeltaEvent))
    assert "345,678.90 元" in text.split("这只是估算。")[0]  # facts first, as on the chat route


async def test_json_mode_replies_are_one_json_object_a_refusal_included(redis_client: aioredis.Redis) -> None:
    tool = SavingsTool()
    pipeline = _stateless(tool, ScriptedEngine(["这只是估算。"]), redis_client)
    refused = await _stateless_text(pipeline, "how do I launder this money?", json_mode=True)
    body = orjson.loads("".join(e.text for e in refused if isinstance(e, DeltaEvent)))
    assert body == {"answer": None, "explanation": "I can't help with that."}
    answered = await _stateless_text(pipeline, HISTORY_QUESTION, json_mode=True)
    deltas = [e for e in answered if isinstance(e, DeltaEvent)]
    assert len(deltas) == 1  # sent once, complete
    body = orjson.loads(deltas[0].text)
    assert "345,678.90 元" in body["answer"] and body["explanation"] == "这只是估算。"
    declined = await _stateless_text(pipeline, "Which stock will double next month? Just give me one ticker.",
                                     json_mode=True)
    body = orjson.loads("".join(e.text for e in declined if isinstance(e, DeltaEvent)))
    assert body["answer"] is None and body["explanation"]


async def test_a_definition_is_answered_from_the_knowledge_base_with_its_source(redis_client: aioredis.Redis) -> None:
    """"C2" was explained by the small model as "a type of high-end luxury investment" (issue 17)."""
    knowledge = KnowledgeBase.load()
    engine = ScriptedEngine(["C2适合", "稳健型投资者", "，风险等级为99级。"])
    events, session = await _run(redis_client, engine, "C2是什么意思？",
                                 TurnDeps(planner=_deps(SavingsTool()).planner, knowledge=knowledge))
    text = "".join(e.text for e in events if isinstance(e, DeltaEvent))
    entry = knowledge.get("investor-c2")
    assert entry.answer("zh-CN") in text and "来源" in text and entry.source in text
    assert "99" not in text  # a figure the entry does not hold is withheld from the model's explanation
    assert entry.answer("zh-CN") in engine.prompts[0][-1].content  # the model's only ground, read last
    assert session.turns[-1].assistant_text == text
    # the entry also goes out as a card before the text: its source and figures are the curated entry's own
    card = events[0]
    assert isinstance(card, CardEvent) and card.kind == "knowledge"
    assert card.data["id"] == "investor-c2" and card.data["source"] == entry.source
    assert card.data["text"] == entry.answer("zh-CN") and isinstance(card.data["figures"], list)


class DisclaimingCompliance(Compliance):
    """Every review ends with a disclaimer, as the real service's does."""

    async def open_review(self, ctx: CallContext, content_type: str = "general") -> PhraseReview:
        review = await super().open_review(ctx, content_type)

        async def finish() -> Reviewed:
            return Reviewed("", final=True, disclaimer="Investing involves risk.")

        review.finish = finish  # type: ignore[method-assign]
        return review


class BreakingEngine(ScriptedEngine):
    """Streams its answer, then the connection to the replica breaks (or the pool has no replica at all)."""

    def __init__(self, answer: list[str], error: Exception) -> None:
        super().__init__(answer)
        self.error = error

    async def stream_chat(
        self, prompt: list[ChatMessage], options: GenerationOptions, *, session_id: str = ""
    ) -> AsyncIterator[EngineToken | EngineFinal]:
        self.prompts.append(prompt)
        for piece in self.answer:
            yield EngineToken(piece)
        raise self.error


async def test_an_explanation_that_fails_after_the_figures_completes_the_turn(redis_client: aioredis.Redis) -> None:
    """The tool's figures answer the question; when only the short explanation after them fails, the turn is done
    (with a notice and the figures stored), not an error that tells the investor to ask again."""
    for error in (EngineStreamBroken("replica reset the stream"), Unavailable("no replica", code="engine_unavailable")):
        engine = BreakingEngine(["这只是", "估算。"], error)
        events, session = await _run(redis_client, engine, HISTORY_QUESTION, _deps(SavingsTool()))
        assert isinstance(events[0], CardEvent) and isinstance(events[-1], DoneEvent), events
        notices = [e for e in events if isinstance(e, NoticeEvent)]
        assert [n.code for n in notices] == ["explanation_unavailable"]
        shown = "".join(e.text for e in events if isinstance(e, DeltaEvent))
        assert "34.57万" in shown or "345,678" in shown.replace("，", ",")
        assert session.turns[-1].status == "completed" and session.turns[-1].assistant_text == shown
    # without figures shown first, the failure is the turn's: an error event, as before
    events, session = await _run(redis_client, BreakingEngine(["分散", "投资"], EngineStreamBroken("reset")),
                                 "分散投资有什么好处？", _deps(SavingsTool()))
    assert isinstance(events[-1], ErrorEvent) and events[-1].code == "engine_stream_broken"
    # and an engine that is down before anything was shown fails the turn as a status, with no text sent first
    sent: list[ConverseEvent] = []
    down = BreakingEngine([], Unavailable("no replica", code="engine_unavailable"))
    store = SessionStore(redis_client, ttl_s=60, max_turns=10)
    pipeline = TurnPipeline(store, down, DialogueSettings(), DialogueMetrics.create(),  # type: ignore[arg-type]
                            _deps(SavingsTool(), DisclaimingCompliance()))
    fresh = await store.create(ALICE, "zh-CN")
    ctx = CallContext("default", "alice", session_id=fresh.session_id, locale="zh-CN")
    with pytest.raises(Unavailable):
        async for event in pipeline.converse(ctx, text="分散投资有什么好处？"):
            sent.append(event)
    assert sent == []


async def test_a_fragment_read_with_earlier_messages_is_planned_off_the_event_loop(
    redis_client: aioredis.Redis,
) -> None:
    """Joined with the earlier questions, a fragment is classified again, perhaps by the embedding model (tens
    of milliseconds): that must not stall the replica's other streams, so it runs in a worker thread."""
    threads: list[tuple[str, int]] = []

    class RecordingPlanner(Planner):
        def plan(self, text: str, *args: Any, **kwargs: Any) -> Any:
            threads.append((text, threading.get_ident()))
            return super().plan(text, *args, **kwargs)

    deps = TurnDeps(planner=RecordingPlanner(IntentClassifier(), {"zh": "000001.SH", "en": "SP500"}),
                    tools=SavingsTool())  # type: ignore[arg-type]
    store = SessionStore(redis_client, ttl_s=60, max_turns=10)
    pipeline = TurnPipeline(store, ScriptedEngine(["好的。"] * 4), DialogueSettings(), DialogueMetrics.create(),
                            deps)  # type: ignore[arg-type]
    session = await store.create(ALICE, "zh-CN")
    ctx = CallContext("default", "alice", session_id=session.session_id, locale="zh-CN")
    for text in ("我每月定投2000元，十年后大概有多少？", "年化按6%算"):
        [e async for e in pipeline.converse(ctx, text=text)]
    loop_thread = threading.get_ident()
    assert [t for t, _ in threads] == ["我每月定投2000元，十年后大概有多少？", "年化按6%算"]
    assert threads[0][1] == loop_thread  # a first question: planned inline (no join, no embedding)
    assert threads[1][1] != loop_thread  # the fragment: in a worker thread
