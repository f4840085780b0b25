"""Coalesce a token stream into chunks before it crosses a process boundary.

Per-token gRPC messages cost ~10x more CPU than chunks, so tokens are batched: the first token leaves at once
(time to first token is what users feel), later ones leave when ``max_items`` are buffered or the oldest has
waited ``max_delay_s``. A reader task drains the source into a buffer, so a slow consumer simply gets bigger
chunks; a timer handle (not a task per token) wakes the consumer when the delay runs out.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncGenerator, AsyncIterator, Callable
from typing import TypeVar

T = TypeVar("T")


async def coalesce(
    source: AsyncIterator[T],
    *,
    max_items: int,
    max_delay_s: float,
    urgent: Callable[[T], bool] = lambda _: False,
) -> AsyncGenerator[list[T], None]:
    """Yield lists of items from ``source``. Items for which ``urgent`` is true flush immediately."""
    loop = asyncio.get_running_loop()
    buffer: list[T] = []
    wake = asyncio.Event()
    timer: asyncio.TimerHandle | None = None
    finished = False
    failure: BaseException | None = None
    first = True

    async def pump() -> None:
        nonlocal timer, finished, failure, first
        try:
            async for item in source:
                buffer.append(item)
                if first or urgent(item) or len(buffer) >= max_items:
                    first = False
                    wake.set()
                    await asyncio.sleep(0)  # let the consumer take this chunk before the next item lands
                elif timer is None:
                    timer = loop.call_later(max_delay_s, wake.set)
        except Exception as err:
            failure = err
        finally:
            finished = True
            wake.set()

    reader = asyncio.create_task(pump())
    try:
        while True:
            await wake.wait()
            wake.clear()
            if timer is not None:
                timer.cancel()
                timer = None
            if buffer:
                batch = buffer[:]
                buffer.clear()
                yield batch
            if finished and not buffer:
                if failure is not None:
                    raise failure
                return
    finally:
        if timer is not None:
            timer.cancel()
        reader.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await reader
        if hasattr(source, "aclose"):
            await source.aclose()
