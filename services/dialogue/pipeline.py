"""One conversational turn, top to bottom: screen → plan → tools → compose → generate → review and release →
store. The order is the platform's promise to users (docs/architecture.md): PII is redacted before anything is
stored or prompted; a refused message is never answered; tool cards come before any text; only what grounding and
then compliance's review release is shown, and a review that cannot be done releases nothing more (fail closed).
A failure before any answer text stores nothing. The other modules are the steps this one calls.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncGenerator, Sequence
from dataclasses import replace

from services.common.errors import DomainError, InvalidArgument, Unavailable
from services.common.locale import lang
from services.common.text.extract import extract
from services.compliance.client import CallContext, InputCheck
from services.dialogue.compose import EXPLANATION_TOKENS, answer_locale, entry_text, facts_text, json_reply
from services.dialogue.engine_client import ContextOverflow, EngineClient, EngineFinal, EngineStreamBroken
from services.dialogue.generation import engine_chunks, resolve_options
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
    Timings,
    TurnStatus,
    Usage,
)
from services.dialogue.planning.grounding import Facts
from services.dialogue.planning.plan import Plan, Profile
from services.dialogue.prompt import build_messages, entry_message, with_facts, with_reference, written_answer
from services.dialogue.release import ReleaseFilter, ReviewUnavailable
from services.dialogue.session_store import SessionStore
from services.dialogue.settings import DialogueSettings
from services.dialogue.tenancy import apply_tenant
from services.dialogue.tool_round import run_tools
from services.dialogue.turn import TurnDeps, TurnState, begin_turn

log = logging.getLogger(__name__)

EXPLANATION_FAILED = {
    "zh": "以上数据已完整给出；补充说明暂时无法生成，如需要请稍后再问一次。",
    "en": "The figures above are complete; the short explanation could not be written just now. Ask again later "
          "if you would like it.",
}


class TurnPipeline:
    def __init__(
        self,
        store: SessionStore,
        engine: EngineClient,
        settings: DialogueSettings,
        metrics: DialogueMetrics,
        deps: TurnDeps | None = None,
    ) -> None:
        self._store = store
        self._engine = engine
        self._settings = settings
        self._metrics = metrics
        self._deps = deps or TurnDeps()

    async def converse(
        self,
        ctx: CallContext,
        *,
        text: str,
        messages: Sequence[ChatMessage] = (),
        options: GenerationOptions | None = None,
    ) -> AsyncGenerator[ConverseEvent, None]:
        """One turn's events. ``ctx`` comes from the gRPC edge: a session id for the app's API, none for the
        stateless OpenAI-compatible path (which sends its own ``messages``)."""
        turn = await begin_turn(self._store, self._settings, ctx, text, messages, options or GenerationOptions(),
                                self._deps.tenants)
        self._metrics.streams_inflight.inc()
        status: TurnStatus = "completed"
        failed: ErrorEvent | None = None
        try:
            answer = self._answer(turn)
            if turn.options.response_format == "json_object":
                answer = self._as_json(turn, answer)
            async with contextlib.aclosing(answer) as events:
                async for event in events:
                    yield event
        except EngineStreamBroken as err:
            log.warning("engine stream broke mid-answer", extra={"reason": str(err)})
            status = "error"
            failed = ErrorEvent("engine_stream_broken", "The answer was interrupted. Please try again.", True)
        except ReviewUnavailable:
            # fail closed: compliance cannot review, so nothing more is released
            status = "error"
            failed = ErrorEvent("compliance_unavailable", "The answer could not be reviewed. Please try again.", True)
        except (asyncio.CancelledError, GeneratorExit):
            # The client went away; keep what it saw. Shielded: this task is already being cancelled.
            try:
                await asyncio.shield(self._keep(turn, "cancelled"))
            except DomainError:
                log.warning("could not store the cancelled turn", exc_info=True)
            raise
        finally:
            self._metrics.streams_inflight.dec()
        await self._keep(turn, status)
        yield failed or self._done(turn)

    async def _answer(self, turn: TurnState) -> AsyncGenerator[ConverseEvent, None]:
        # screen, then plan (screening and planning fail before any text: a status, nothing stored)
        check = await self._screen(turn)
        if check.allowed:
            turn.plan = await self._plan(turn)
        # tools: their cards go out before any text
        if turn.plan is not None:
            self._metrics.intents.labels(turn.plan.intent, turn.plan.classification.layer).inc()
            if self._deps.tools is not None and turn.plan.calls:
                turn.tools = await run_tools(self._deps.tools, turn.plan.calls, turn.ctx)
                for card in turn.tools.cards():
                    yield card
            for outcome in turn.tools.outcomes:
                self._metrics.tool_seconds.labels(outcome.call.tool, outcome.status).observe(outcome.ms / 1000)
            if turn.plan.intent == "explain_term" and self._deps.knowledge is not None:
                turn.entry = await self._deps.knowledge.lookup_async(
                    turn.user_text, answer_locale(turn.user_text, turn.ctx.locale))
                if turn.entry is not None:
                    yield CardEvent("knowledge", turn.entry.card())
        # compose: exact answers are the platform's own words; only the rest goes to the model
        locale, response_format = turn.ctx.locale, turn.options.response_format
        written = check.message if not check.allowed else written_answer(turn.plan, turn.tools, locale, response_format)
        if written and not check.allowed:
            yield NoticeEvent("warning", "input_refused", check.message)
            yield self._show(turn, written, 0)
            return
        if written:  # the platform's own words are reviewed and audited like the model's
            async with contextlib.aclosing(self._release_written(turn, written)) as events:
                async for event in events:
                    yield event
            return
        # generate, then review and release chunk by chunk
        async with contextlib.aclosing(self._generate(turn)) as events:
            async for event in events:
                yield event

    async def _screen(self, turn: TurnState) -> InputCheck:
        if self._deps.compliance is None:
            return InputCheck(allowed=True, action="allow", redacted_text=turn.user_text)
        # audited against the session, as it always was: the input event carries no turn id
        turn.screened = await self._deps.compliance.check_input(replace(turn.ctx, turn_id=""), turn.user_text)
        turn.user_text = turn.screened.redacted_text  # redacted from here on: stored, planned and prompted
        return turn.screened

    async def _plan(self, turn: TurnState) -> Plan | None:
        planner, profiles = self._deps.planner, self._deps.profiles
        if planner is None:
            return None
        classification = await planner.classifier.classify_async(turn.user_text)
        # the stateless (OpenAI-compatible) path plans like a session's first turn: no stored profile or calls
        profile = await profiles.get(turn.ctx) if profiles and turn.ctx.session_id else Profile()
        args = (turn.user_text, turn.ctx.locale, profile, classification, turn.previous_calls,
                turn.earlier_questions)
        try:
            if planner.may_reclassify(turn.user_text, turn.earlier_questions):
                # read with what came before, the message is classified again, perhaps by the embedding model:
                # not on the event loop, where it would stall every other stream of this replica
                plan = await asyncio.to_thread(planner.plan, *args)
            else:
                plan = planner.plan(*args)
            if turn.tenant is not None:
                plan = apply_tenant(plan, turn.tenant, turn.user_text, turn.ctx.locale, profile)
            return plan
        except Exception:  # a planner defect must not fail the turn: the model answers in general terms
            log.exception("planner failed; answering without a plan")
            return None

    async def _generate(self, turn: TurnState) -> AsyncGenerator[ConverseEvent, None]:
        options = resolve_options(self._settings, turn.options)
        prompt = self._prompt(turn)
        release = await self._release_filter(turn, prompt)
        unexplained = False
        try:
            # facts first: the tool's figures (or the knowledge entry) in the platform's own words, then at most a
            # short explanation
            locale = answer_locale(turn.user_text, turn.ctx.locale)
            if opening := facts_text(turn.plan, turn.tools, locale) or entry_text(turn.entry):
                turn.opening = opening
                if shown := await release.push_written(opening):
                    yield self._show(turn, shown, 0)
                options = replace(options, max_tokens=min(options.max_tokens, EXPLANATION_TOKENS))
            while True:
                try:
                    facts_prompt = with_facts(prompt, turn.plan, turn.tools, turn.ctx.locale)
                    if turn.entry is not None:
                        facts_prompt = with_reference(facts_prompt, entry_message(turn.entry))
                    chunks = engine_chunks(self._engine, facts_prompt, options, self._settings, turn.ctx.session_id)
                    async with contextlib.aclosing(chunks) as stream:
                        async for item in stream:
                            if isinstance(item, EngineFinal):
                                turn.final = item
                                continue
                            turn.tokens += item[1]
                            self._metrics.chunk_tokens.observe(item[1])
                            if shown := await release.push(item[0]):
                                yield self._show(turn, shown, item[1])
                            if release.blocked_notice or release.degenerate:
                                break  # leaving the loop closes the engine stream: the replica aborts the request
                    break
                except (EngineStreamBroken, Unavailable) as err:
                    if not turn.opening:
                        # what was generated before a break is still reviewed and shown, then the error follows;
                        # an engine unavailable before anything was shown fails the turn as a status (503)
                        if isinstance(err, EngineStreamBroken) and (tail := await release.push("", final=True)):
                            yield self._show(turn, tail, 0)
                        raise
                    # the tool's figures (or the entry) already answer the question: only the explanation failed,
                    # so the turn completes, with a notice, instead of failing as a whole
                    log.warning("explanation after the opening failed", extra={"reason": str(err)})
                    self._metrics.explanations_failed.inc()
                    unexplained = True
                    break
                except ContextOverflow:
                    if turn.opening and (turn.given is not None or not turn.history):
                        break  # the facts or the entry already answer it; there is no room for an explanation
                    prompt = self._trimmed(turn)
            if not release.blocked_notice and (tail := await release.push("", final=True)):
                yield self._show(turn, tail, 0)
            if notice := self._withheld(turn, release):
                yield notice
            if unexplained:
                yield NoticeEvent("info", "explanation_unavailable", EXPLANATION_FAILED[lang(turn.ctx.locale)])
        finally:  # whichever way the answer ended: the outcome is kept for the store and done, the review closed
            turn.reviewed = release.outcome()
            await release.aclose()

    async def _release_written(self, turn: TurnState, written: str) -> AsyncGenerator[ConverseEvent, None]:
        release = await self._release_filter(turn, [])
        try:
            shown = await release.push_written(written)
            if not release.blocked_notice:
                shown += await release.push("", final=True)
            if shown:
                yield self._show(turn, shown, 0)
            if notice := self._withheld(turn, release):
                yield notice
        finally:
            turn.reviewed = release.outcome()
            await release.aclose()

    async def _as_json(
        self, turn: TurnState, events: AsyncGenerator[ConverseEvent, None]
    ) -> AsyncGenerator[ConverseEvent, None]:
        """JSON mode: the text is sent once, as one JSON object (json_reply), when the answer is complete."""
        shown: list[str] = []
        withheld = ""
        async with contextlib.aclosing(events) as answer:
            async for event in answer:
                if isinstance(event, DeltaEvent):
                    shown.append(event.text)
                    continue
                if isinstance(event, NoticeEvent) and event.code in ("input_refused", "answer_withheld"):
                    withheld = event.text
                yield event
        plan = turn.plan
        if not withheld and plan is not None and (plan.refuse or (plan.clarify and not turn.tools.outcomes)):
            withheld = plan.refuse or plan.clarify  # declined, or a question back: no answer
        yield DeltaEvent(json_reply("".join(shown), turn.opening, withheld), 0)

    def _prompt(self, turn: TurnState) -> list[ChatMessage]:
        if turn.given is not None:
            return [*turn.given[:-1], ChatMessage("user", turn.user_text)]
        s = self._settings
        return build_messages(turn.ctx.locale, turn.history, turn.user_text, max_turns=s.max_prompt_turns,
                              max_chars=s.max_prompt_chars, persona=turn.persona)

    def _trimmed(self, turn: TurnState) -> list[ChatMessage]:
        """The engine refused the prompt before the first token: drop the older half of the history, by the
        engine's own token count, and try again."""
        if turn.given is not None or not turn.history:
            raise InvalidArgument("the message is too long for the model's context", code="context_overflow") from None
        turn.history = turn.history[len(turn.history) // 2 + 1 :] if len(turn.history) > 1 else []
        self._metrics.context_trims.inc()
        return self._prompt(turn)

    async def _release_filter(self, turn: TurnState, prompt: list[ChatMessage]) -> ReleaseFilter:
        review = None
        if self._deps.compliance is not None:
            content_type = content_type_of(turn)
            try:
                review = await self._deps.compliance.open_review(turn.ctx, content_type)
            except DomainError as err:
                # nothing released yet: the turn fails as a whole and may be retried
                message = f"compliance review unavailable: {err.message}"
                raise Unavailable(message, code="compliance_unavailable") from err
        facts = allowed_numbers(turn, prompt)
        return ReleaseFilter(facts, answer_locale(turn.user_text, turn.ctx.locale), review,
                             self._metrics.ungrounded_numbers.inc,
                             disclaimers=turn.options.response_format != "json_object")  # JSON stays JSON

    @staticmethod
    def _withheld(turn: TurnState, release: ReleaseFilter) -> NoticeEvent | None:
        """The review blocked the rest of the answer: the user sees (and the session keeps) the notice."""
        if not release.blocked_notice:
            return None
        turn.parts.append("\n" + release.blocked_notice)
        return NoticeEvent("warning", "answer_withheld", release.blocked_notice)

    def _show(self, turn: TurnState, text: str, tokens: int) -> DeltaEvent:
        turn.parts.append(text)
        if not turn.first_delta_at:
            turn.first_delta_at = time.perf_counter()
            self._metrics.ttft.observe(turn.first_delta_at - turn.received)
        return DeltaEvent(text, tokens)

    async def _keep(self, turn: TurnState, status: TurnStatus) -> None:
        """Store the turn (sessions only) and count it, by status and by the strongest compliance action."""
        self._metrics.turns.labels(status=status).inc()
        self._metrics.compliance_actions.labels(turn.compliance().action).inc()
        if turn.ctx.session_id:
            await self._store.append_turn(turn.ctx, turn.ctx.session_id, turn.record(status))

    def _done(self, turn: TurnState) -> DoneEvent:
        """The one place the done event is built: usage, timings, intent, tool timings, compliance outcome."""
        final = turn.final or EngineFinal("stop", "", Usage(completion_tokens=turn.tokens), 0.0)
        usage = final.usage if final.usage.completion_tokens else Usage(completion_tokens=turn.tokens)
        ttft = (turn.first_delta_at - turn.received) * 1000 if turn.first_delta_at else 0.0
        total = (time.perf_counter() - turn.received) * 1000
        timings = Timings(ttft_ms=ttft, engine_ttft_ms=final.engine_ttft_ms, total_ms=total)
        return DoneEvent(turn.ctx.turn_id, final.finish_reason, final.model, usage, timings, intent=turn.intent,
                         tools=turn.tools.timings, compliance=turn.compliance())


# What an answer is about, for the disclaimer compliance adds (the base packs' and the tenant's, by content type).
CONTENT_TYPES = {"check_suitability": "product", "record_confirmation": "product", "list_products": "product",
                 "analyze_portfolio": "portfolio", "project_savings": "projection", "solve_goal": "projection",
                 "loan_schedule": "projection"}


def content_type_of(turn: TurnState) -> str:
    return next((CONTENT_TYPES[o.call.tool] for o in turn.tools.outcomes if o.call.tool in CONTENT_TYPES),
                "general")


def allowed_numbers(turn: TurnState, prompt: list[ChatMessage]) -> Facts:
    """Tool values, plus every number already in the conversation the model sees: the user's own messages and
    earlier answers (which were grounded when they were released)."""
    facts = turn.tools.facts(turn.plan) if turn.plan is not None else Facts()
    if turn.entry is not None:
        facts.extend(turn.entry.numbers)
    for message in prompt:
        if message.role != "system":
            facts.extend(extract(message.content).numbers)
    return facts
