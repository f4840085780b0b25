"""The dialogue core: one conversational turn, from the user's text to a stored, streamed answer.

It knows nothing of gRPC. What is stored, and when:
- completed answer: the turn (question + answer) is appended atomically when the engine finishes;
- client cancelled mid-answer: the turn is stored with status ``cancelled`` and the text produced so far, so
  the history shows what the user saw; such turns are not fed back into later prompts;
- engine broke after the first token: an ``error`` event ends the stream and the partial answer is stored
  with status ``error``;
- failure before any answer text (engine or store down, bad input): nothing is stored and the error is
  returned as a status, so the client can retry the same message without creating a duplicate.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncGenerator, AsyncIterator, Sequence
from dataclasses import dataclass

from services.common.errors import DomainError, InvalidArgument
from services.common.ids import new_id
from services.dialogue.answer import (
    ReleaseFilter,
    TurnDeps,
    TurnState,
    allowed_numbers,
    call_tools,
    canned_answer,
    close_review,
    open_review,
    plan_turn,
    screen,
    with_facts,
)
from services.dialogue.coalesce import coalesce
from services.dialogue.engine_client import (
    ContextOverflow,
    EngineClient,
    EngineFinal,
    EngineStreamBroken,
    EngineToken,
)
from services.dialogue.metrics import DialogueMetrics
from services.dialogue.models import (
    Caller,
    ChatMessage,
    ConverseEvent,
    DeltaEvent,
    DoneEvent,
    ErrorEvent,
    GenerationOptions,
    NoticeEvent,
    Session,
    Timings,
    Turn,
    TurnStatus,
    Usage,
)
from services.dialogue.orchestration import ReviewUnavailable
from services.dialogue.planning.plan import Plan, ToolCall
from services.dialogue.prompt import SUMMARY_TURNS, build_messages, persona_for
from services.dialogue.session_store import SessionStore
from services.dialogue.settings import DialogueSettings

log = logging.getLogger(__name__)

ROLES = {"system", "user", "assistant"}


@dataclass
class _Progress:
    """What has been streamed so far in one turn."""

    parts: list[str]
    tokens: int = 0
    first_delta_at: float = 0.0
    final: EngineFinal | None = None

    @property
    def text(self) -> str:
        return "".join(self.parts)


class Conversation:
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

    async def create_session(self, caller: Caller, locale: str) -> Session:
        return await self._store.create(caller, _normalise_locale(locale))

    async def get_session(self, caller: Caller, session_id: str) -> Session:
        return await self._store.get(caller, session_id)

    async def converse(
        self,
        caller: Caller,
        *,
        session_id: str,
        text: str,
        locale: str,
        messages: Sequence[ChatMessage] = (),
        options: GenerationOptions | None = None,
    ) -> AsyncGenerator[ConverseEvent, None]:
        received = time.perf_counter()
        history: list[Turn] = []
        if session_id:
            self._check_text(text)
            # a few more turns than the prompt holds verbatim: the older ones are summarised
            last_turns = self._settings.max_prompt_turns + SUMMARY_TURNS
            session = await self._store.get(caller, session_id, last_turns=last_turns)
            locale = _normalise_locale(locale or session.locale)
            history = [t for t in session.turns if t.status == "completed"]
        else:
            stateless = self._stateless_prompt(messages, locale)
            text, locale = stateless[-1].content, _normalise_locale(locale)
        state = TurnState(caller, session_id, new_id(), text, locale, previous_calls=_last_calls(history))
        state.response_format = options.response_format if options else ""
        progress = _Progress(parts=[])
        self._metrics.streams_inflight.inc()
        try:
            # Screening and planning fail before any text: the error goes back as a status, nothing stored.
            verdict = await screen(self._deps, state)
            plan = await plan_turn(self._deps, state) if verdict.allowed else None
            if plan is not None:
                self._metrics.intents.labels(plan.intent, plan.classification.layer).inc()
                async for card in call_tools(self._deps, state, plan):
                    yield card
                self._record_tools(state)
            canned = verdict.message if not verdict.allowed else canned_answer(plan, state)
            if canned:
                if not verdict.allowed:
                    yield NoticeEvent("warning", "input_refused", verdict.message)
                yield self._say(canned, progress, received)
            else:
                if session_id:
                    prompt = self._session_prompt(locale, history, state.user_text)
                else:
                    prompt = [*stateless[:-1], ChatMessage("user", state.user_text)]
                async for event in self._generate(state, plan, prompt, history, options, progress, received):
                    yield event
        except EngineStreamBroken as err:
            log.warning("engine stream broke mid-answer", extra={"reason": str(err)})
            await self._finish(state, progress, "error")
            yield ErrorEvent("engine_stream_broken", "The answer was interrupted. Please try again.", True)
            return
        except ReviewUnavailable:
            # Fail closed: compliance cannot review, so nothing more is released.
            await self._finish(state, progress, "error")
            yield ErrorEvent("compliance_unavailable", "The answer could not be reviewed. Please try again.", True)
            return
        except (asyncio.CancelledError, GeneratorExit):
            # The client went away; keep what it saw. Shielded: this task is already being cancelled.
            try:
                await asyncio.shield(self._finish(state, progress, "cancelled"))
            except DomainError:
                log.warning("could not store the cancelled turn", exc_info=True)
            raise
        finally:
            self._metrics.streams_inflight.dec()
            await close_review(state)
        await self._finish(state, progress, "completed")
        yield self._done(state, progress, received)

    async def _generate(
        self,
        state: TurnState,
        plan: Plan | None,
        prompt: list[ChatMessage],
        history: list[Turn],
        options: GenerationOptions | None,
        progress: _Progress,
        received: float,
    ) -> AsyncIterator[ConverseEvent]:
        resolved = self._resolve(options or GenerationOptions())
        content_type = "advice_with_figures" if state.tools.outcomes else "general"
        await open_review(self._deps, state, content_type)
        release = ReleaseFilter(state, allowed_numbers(plan, state, prompt), self._metrics.ungrounded_numbers.inc)
        while True:
            try:
                chunks_of = self._engine_chunks(with_facts(prompt, plan, state), resolved, progress, state.session_id)
                async with contextlib.aclosing(chunks_of) as chunks:
                    async for chunk, tokens in chunks:
                        text = await release.push(chunk)
                        if text:
                            yield self._delta(text, tokens, progress, received)
                        if release.blocked_notice:
                            break  # leaving the loop closes the engine stream: the replica aborts the request
                break
            except EngineStreamBroken:
                # what was generated before the break is still reviewed and shown, then the error event follows
                tail = await release.push("", final=True)
                if tail:
                    yield self._delta(tail, 0, progress, received)
                raise
            except ContextOverflow:
                # Nothing has been streamed yet (the engine refuses before the first token): drop the older half
                # of the history, by the engine's own token count, and try again.
                if not state.session_id or not history:
                    raise InvalidArgument(
                        "the message is too long for the model's context", code="context_overflow"
                    ) from None
                history = history[len(history) // 2 + 1 :] if len(history) > 1 else []
                prompt = self._session_prompt(state.locale, history, state.user_text)
                self._metrics.context_trims.inc()
        if not release.blocked_notice:
            tail = await release.push("", final=True)
            if tail:
                yield self._delta(tail, 0, progress, received)
        if release.blocked_notice:
            progress.parts.append("\n" + release.blocked_notice)
            yield NoticeEvent("warning", "answer_withheld", release.blocked_notice)

    async def _engine_chunks(
        self, prompt: list[ChatMessage], options: GenerationOptions, progress: _Progress, session_id: str
    ) -> AsyncGenerator[tuple[str, int], None]:
        """The engine's tokens, coalesced into chunks (by size and time) before any per-chunk work. The session
        id keys the replica choice, so every turn of a conversation reaches the replica holding its prefix."""
        batches = coalesce(
            self._engine.stream_chat(prompt, options, session_id=session_id),
            max_items=self._settings.coalesce_max_tokens,
            max_delay_s=self._settings.coalesce_max_delay_ms / 1000,
            urgent=lambda item: isinstance(item, EngineFinal),
        )
        async for batch in batches:
            pieces = [item.text for item in batch if isinstance(item, EngineToken)]
            for item in batch:
                if isinstance(item, EngineFinal):
                    progress.final = item
            if pieces:
                progress.tokens += len(pieces)
                self._metrics.chunk_tokens.observe(len(pieces))
                yield "".join(pieces), len(pieces)

    def _delta(self, text: str, tokens: int, progress: _Progress, received: float) -> DeltaEvent:
        progress.parts.append(text)
        if not progress.first_delta_at:
            progress.first_delta_at = time.perf_counter()
            self._metrics.ttft.observe(progress.first_delta_at - received)
        return DeltaEvent(text, tokens)

    def _say(self, text: str, progress: _Progress, received: float) -> DeltaEvent:
        """A whole answer the platform wrote itself (refusal, question, tool failure): no engine involved."""
        return self._delta(text, 0, progress, received)

    def _record_tools(self, state: TurnState) -> None:
        for outcome in state.tools.outcomes:
            self._metrics.tool_seconds.labels(outcome.call.tool, outcome.status).observe(outcome.ms / 1000)

    async def _finish(self, state: TurnState, progress: _Progress, status: TurnStatus) -> None:
        self._metrics.turns.labels(status=status).inc()
        self._metrics.compliance_actions.labels(state.compliance().action).inc()
        if not state.session_id:
            return
        final = progress.final
        usage = final.usage if final else Usage(completion_tokens=progress.tokens)
        turn = Turn(
            turn_id=state.turn_id,
            user_text=state.user_text,  # as screened: PII redacted
            assistant_text=progress.text,  # what the user was shown, nothing more
            status=status,
            created_unix_ms=int(time.time() * 1000),
            model=final.model if final else "",
            usage=usage,
            intent=state.intent,
            tool_calls=state.stored_calls(),
        )
        await self._store.append_turn(state.caller, state.session_id, turn)

    def _done(self, state: TurnState, progress: _Progress, received: float) -> DoneEvent:
        final = progress.final or EngineFinal("stop", "", Usage(completion_tokens=progress.tokens), 0.0)
        usage = final.usage if final.usage.completion_tokens else Usage(completion_tokens=progress.tokens)
        now = time.perf_counter()
        ttft = (progress.first_delta_at - received) * 1000 if progress.first_delta_at else 0.0
        timings = Timings(ttft_ms=ttft, engine_ttft_ms=final.engine_ttft_ms, total_ms=(now - received) * 1000)
        return DoneEvent(
            state.turn_id,
            final.finish_reason,
            final.model,
            usage,
            timings,
            intent=state.intent,
            tools=state.tools.timings,
            compliance=state.compliance(),
        )

    def _session_prompt(self, locale: str, history: list[Turn], text: str) -> list[ChatMessage]:
        return build_messages(
            locale,
            history,
            text,
            max_turns=self._settings.max_prompt_turns,
            max_chars=self._settings.max_prompt_chars,
        )

    def _check_text(self, text: str) -> None:
        if not text.strip():
            raise InvalidArgument("message text is empty", code="empty_message")
        if len(text) > self._settings.max_message_chars:
            raise InvalidArgument(
                f"message is longer than {self._settings.max_message_chars} characters",
                code="message_too_long",
            )

    def _stateless_prompt(self, messages: Sequence[ChatMessage], locale: str) -> list[ChatMessage]:
        if not messages:
            raise InvalidArgument("messages must not be empty", code="empty_messages")
        for m in messages:
            if m.role not in ROLES:
                raise InvalidArgument(f"unknown role {m.role!r}", code="invalid_role")
        if messages[-1].role != "user":
            raise InvalidArgument("the last message must come from the user", code="invalid_messages")
        self._check_text(messages[-1].content)
        prompt = list(messages)
        if prompt[0].role != "system":
            prompt.insert(0, ChatMessage("system", persona_for(_normalise_locale(locale))))
        return prompt

    def _resolve(self, o: GenerationOptions) -> GenerationOptions:
        s = self._settings
        max_tokens = min(o.max_tokens or s.default_max_tokens, s.max_tokens_limit)
        return GenerationOptions(
            max_tokens=max_tokens,
            temperature=s.temperature if o.temperature is None else o.temperature,
            top_p=s.top_p if o.top_p is None else o.top_p,
            stop=o.stop,
            seed=o.seed,
        )


def _last_calls(history: list[Turn]) -> tuple[ToolCall, ...]:
    """The previous answered turn's calculation, which a short follow-up may change one input of."""
    if not history:
        return ()
    return tuple(ToolCall(c["tool"], dict(c["args"])) for c in history[-1].tool_calls)


def _normalise_locale(locale: str) -> str:
    return "zh-CN" if locale.lower().startswith("zh") else "en"
