"""The generate step: the request's options within the service's limits, and the engine's tokens coalesced into
chunks (by size and time) before any per-chunk work, so grounding, review and the gRPC hop run per chunk, not per
token. The first token goes alone (time to first token); a slow consumer simply gets bigger chunks."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncGenerator

from services.dialogue.coalesce import coalesce
from services.dialogue.engine_client import EngineClient, EngineFinal, EngineToken
from services.dialogue.models import ChatMessage, GenerationOptions
from services.dialogue.settings import DialogueSettings


def resolve_options(settings: DialogueSettings, o: GenerationOptions) -> GenerationOptions:
    max_tokens = min(o.max_tokens or settings.default_max_tokens, settings.max_tokens_limit)
    return GenerationOptions(
        max_tokens=max_tokens,
        temperature=settings.temperature if o.temperature is None else o.temperature,
        top_p=settings.top_p if o.top_p is None else o.top_p,
        stop=o.stop,
        seed=o.seed,
        repetition_penalty=settings.repetition_penalty,
    )


async def engine_chunks(
    engine: EngineClient,
    prompt: list[ChatMessage],
    options: GenerationOptions,
    settings: DialogueSettings,
    session_id: str,
) -> AsyncGenerator[EngineFinal | tuple[str, int], None]:
    """Chunks of text with their token counts, and the engine's final record as soon as a batch carries it (before
    that batch's text, so a caller that stops at the text still has it). The session id keys the replica choice,
    so every turn of a conversation reaches the replica holding its prefix."""
    batched = coalesce(
        engine.stream_chat(prompt, options, session_id=session_id),
        max_items=settings.coalesce_max_tokens,
        max_delay_s=settings.coalesce_max_delay_ms / 1000,
        urgent=lambda item: isinstance(item, EngineFinal),
    )
    # closed with this generator: a caller that stops early closes the engine stream, and the replica aborts
    async with contextlib.aclosing(batched) as batches:
        async for batch in batches:
            for item in batch:
                if isinstance(item, EngineFinal):
                    yield item
            pieces = [item.text for item in batch if isinstance(item, EngineToken)]
            if pieces:
                yield "".join(pieces), len(pieces)
