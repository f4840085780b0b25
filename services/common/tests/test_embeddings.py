"""Batching and caching of the shared embedder (the real model is exercised by the planner's and compliance's
tests; here a counting stand-in shows how calls are grouped)."""

from __future__ import annotations

import asyncio
from typing import Any

import numpy as np
import pytest

from services.common.embeddings import SentenceEmbedder


class CountingModel:
    def __init__(self) -> None:
        self.batches: list[list[str]] = []
        self.fail_next = False

    def encode(self, texts: list[str], **_: Any) -> np.ndarray:
        if self.fail_next:
            self.fail_next = False
            raise RuntimeError("model failed")
        self.batches.append(list(texts))
        return np.array([[len(t), sum(map(ord, t)) % 97] for t in texts], dtype=np.float32)


def _expected(text: str) -> list[float]:
    return [float(len(text)), float(sum(map(ord, text)) % 97)]


async def test_concurrent_requests_share_batches_and_keep_their_own_vectors() -> None:
    model = CountingModel()
    embedder = SentenceEmbedder(model, max_batch=16, window_ms=20)
    texts = [f"question {i}" for i in range(40)]
    results = await asyncio.gather(*(embedder.encode_async([t]) for t in texts))
    assert [r[0].tolist() for r in results] == [_expected(t) for t in texts]
    assert len(model.batches) < len(texts) and max(len(b) for b in model.batches) <= 16
    embedder.close()


async def test_repeated_texts_come_from_the_cache() -> None:
    model = CountingModel()
    embedder = SentenceEmbedder(model, window_ms=1)
    await embedder.encode_async(["hello", "world"])
    calls = len(model.batches)
    again = await embedder.encode_async(["world", "hello"])
    assert len(model.batches) == calls and again[0].tolist() == _expected("world")
    embedder.close()


async def test_a_failed_batch_fails_its_callers_and_the_worker_goes_on() -> None:
    model = CountingModel()
    embedder = SentenceEmbedder(model, window_ms=1)
    model.fail_next = True
    with pytest.raises(RuntimeError):
        await embedder.encode_async(["boom"])
    assert (await embedder.encode_async(["fine"]))[0].tolist() == _expected("fine")
    embedder.close()


def test_each_event_loop_gets_its_own_batching_worker() -> None:
    """A new loop (per test, or a restarted service loop) must not wait on the old loop's worker."""
    model = CountingModel()
    embedder = SentenceEmbedder(model, window_ms=1)
    first = asyncio.run(embedder.encode_async(["one"]))
    second = asyncio.run(asyncio.wait_for(embedder.encode_async(["two"]), 5))  # hung before the fix
    assert first[0].tolist() == _expected("one") and second[0].tolist() == _expected("two")
    embedder.close()
