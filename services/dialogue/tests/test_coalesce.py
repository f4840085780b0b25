"""Token coalescing: first token alone, then chunks by size, a timer flush when the source stalls, and errors
and cancellation propagated to the source."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from services.dialogue.coalesce import coalesce


async def _script(steps: list[object]) -> AsyncIterator[str]:
    """Yields strings; a float in the script is a pause in seconds."""
    for step in steps:
        if isinstance(step, float):
            await asyncio.sleep(step)
        else:
            yield str(step)


async def _collect(source: AsyncIterator[str], **kw: object) -> list[list[str]]:
    return [batch async for batch in coalesce(source, **kw)]  # type: ignore[arg-type]


async def test_first_item_flushes_alone_then_size_bound() -> None:
    items = [str(i) for i in range(10)]
    batches = await _collect(_script(items), max_items=4, max_delay_s=10.0)
    assert batches[0] == ["0"]
    assert [x for b in batches for x in b] == items
    assert all(len(b) <= 4 for b in batches)


async def test_timer_flushes_a_partial_chunk_when_the_source_stalls() -> None:
    # After "b", the source pauses far longer than max_delay: "b" must not wait for "c".
    batches = await _collect(_script(["a", 0.05, "b", 0.5, "c"]), max_items=16, max_delay_s=0.02)
    assert batches == [["a"], ["b"], ["c"]]


async def test_urgent_item_flushes_immediately() -> None:
    batches = await _collect(_script(["a", "b", "END", 0.3, "z"]), max_items=16, max_delay_s=5.0,
                             urgent=lambda x: x == "END")
    assert batches[0] == ["a"]
    assert batches[1] == ["b", "END"]


async def test_source_error_is_raised_after_buffered_items() -> None:
    async def failing() -> AsyncIterator[str]:
        yield "a"
        yield "b"
        raise RuntimeError("engine broke")

    seen: list[str] = []
    with pytest.raises(RuntimeError, match="engine broke"):
        async for batch in coalesce(failing(), max_items=16, max_delay_s=0.01):
            seen.extend(batch)
    assert seen == ["a", "b"]


async def test_closing_the_consumer_closes_the_source() -> None:
    closed = asyncio.Event()

    async def endless() -> AsyncIterator[str]:
        try:
            while True:
                yield "x"
                await asyncio.sleep(0.001)
        finally:
            closed.set()

    gen = coalesce(endless(), max_items=4, max_delay_s=0.01)
    await gen.__anext__()
    await gen.aclose()
    assert closed.is_set()
