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
import logging
import time
from collections.abc import AsyncGenerator, AsyncIterator, Sequence
from dataclasses import dataclass

from services.common.errors import DomainError, InvalidArgument
from services.common.ids import new_id
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
    Session,
    Timings,
    Turn,
    TurnStatus,
    Usage,
)
from services.dialogue.prompt import build_messages, persona_for
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
        self, store: SessionStore, engine: EngineClient, settings: DialogueSettings, metrics: DialogueMetrics
    ) -> None:
        self._store = store
        self._engine = engine
        self._settings = settings
        self._metrics = metrics

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
            session = await self._store.get(caller, session_id, last_turns=self._settings.max_prompt_turns)
            locale = _normalise_locale(locale or session.locale)
            history = [t for t in session.turns if t.status == "completed"]
        else:
            stateless = self._stateless_prompt(messages, locale)
        progress = _Progress(parts=[])
        turn_id = new_id()
        resolved = self._resolve(options or GenerationOptions())
        self._metrics.streams_inflight.inc()
        try:
            while True:
                prompt = self._session_prompt(locale, history, text) if session_id else stateless
                try:
                    async for event in self._stream(prompt, resolved, progress, received):
                        yield event
                    break
                except ContextOverflow:
                    # Nothing has been streamed yet (the engine refuses before the first token): drop the
                    # older half of the history, by the engine's own token count, and try again.
                    if not history:
                        raise InvalidArgument(
                            "the message is too long for the model's context", code="context_overflow"
                        ) from None
                    history = history[len(history) // 2 + 1 :] if len(history) > 1 else []
                    self._metrics.context_trims.inc()
        except EngineStreamBroken as err:
            log.warning("engine stream broke mid-answer", extra={"reason": str(err)})
            await self._finish(caller, session_id, turn_id, text, progress, "error")
            yield ErrorEvent("engine_stream_broken", "The answer was interrupted. Please try again.", True)
            return
        except (asyncio.CancelledError, GeneratorExit):
            # The client went away; keep what it saw. Shielded: this task is already being cancelled.
            try:
                await asyncio.shield(self._finish(caller, session_id, turn_id, text, progress, "cancelled"))
            except DomainError:
                log.warning("could not store the cancelled turn", exc_info=True)
            raise
        finally:
            self._metrics.streams_inflight.dec()
        await self._finish(caller, session_id, turn_id, text, progress, "completed")
        yield self._done(turn_id, progress, received)

    async def _stream(
        self, prompt: list[ChatMessage], options: GenerationOptions, progress: _Progress, received: float
    ) -> AsyncIterator[DeltaEvent]:
        batches = coalesce(
            self._engine.stream_chat(prompt, options),
            max_items=self._settings.coalesce_max_tokens,
            max_delay_s=self._settings.coalesce_max_delay_ms / 1000,
            urgent=lambda item: isinstance(item, EngineFinal),
        )
        async for batch in batches:
            pieces = [item.text for item in batch if isinstance(item, EngineToken)]
            for item in batch:
                if isinstance(item, EngineFinal):
                    progress.final = item
            if not pieces:
                continue
            chunk = "".join(pieces)
            progress.parts.append(chunk)
            progress.tokens += len(pieces)
            if not progress.first_delta_at:
                progress.first_delta_at = time.perf_counter()
                self._metrics.ttft.observe(progress.first_delta_at - received)
            self._metrics.chunk_tokens.observe(len(pieces))
            yield DeltaEvent(chunk, len(pieces))

    async def _finish(
        self,
        caller: Caller,
        session_id: str,
        turn_id: str,
        user_text: str,
        progress: _Progress,
        status: TurnStatus,
    ) -> None:
        self._metrics.turns.labels(status=status).inc()
        if not session_id:
            return
        final = progress.final
        usage = final.usage if final else Usage(completion_tokens=progress.tokens)
        turn = Turn(
            turn_id=turn_id,
            user_text=user_text,
            assistant_text=progress.text,
            status=status,
            created_unix_ms=int(time.time() * 1000),
            model=final.model if final else "",
            usage=usage,
        )
        await self._store.append_turn(caller, session_id, turn)

    def _done(self, turn_id: str, progress: _Progress, received: float) -> DoneEvent:
        final = progress.final or EngineFinal("stop", "", Usage(completion_tokens=progress.tokens), 0.0)
        usage = final.usage if final.usage.completion_tokens else Usage(completion_tokens=progress.tokens)
        now = time.perf_counter()
        ttft = (progress.first_delta_at - received) * 1000 if progress.first_delta_at else 0.0
        timings = Timings(ttft_ms=ttft, engine_ttft_ms=final.engine_ttft_ms, total_ms=(now - received) * 1000)
        return DoneEvent(turn_id, final.finish_reason, final.model, usage, timings)

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


def _normalise_locale(locale: str) -> str:
    return "zh-CN" if locale.lower().startswith("zh") else "en"
