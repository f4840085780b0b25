"""Simulator additions for the routing benchmark: shared prefill, KV capacity in blocks, a fleet in one process.

The scheduler is checked on its own clock (``_admit(now)``), so no assertion depends on wall time.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from devstack.stack import Stack, consecutive_free_ports, simulator_proc
from services.engine.simulator.engine import Sequence, SimEngine
from services.engine.simulator.metrics import SimMetrics
from services.engine.simulator.settings import SimulatorSettings


def engine(**settings: object) -> SimEngine:
    s = SimulatorSettings(block_size=4, prefill_tokens_per_s=1000, **settings)  # type: ignore[arg-type]
    return SimEngine(s, SimMetrics.create("m"))


def seq(tokens: int, max_tokens: int = 4, tag: str = "p") -> Sequence:
    return Sequence([f"{tag}{i}" for i in range(tokens)], max_tokens, random.Random(0))


def test_shared_prefill_queues_uncached_prompts_and_a_prefix_hit_skips_the_queue() -> None:
    eng = engine(prefill_shared=True)
    a, b = seq(100, tag="a"), seq(100, tag="b")
    eng.submit(a)
    eng.submit(b)
    eng._admit(10.0)
    assert (a.ready_at, b.ready_at) == pytest.approx((10.1, 10.2))  # b waits for a's prefill
    again = seq(100, tag="a")  # a's prompt again: 25 cached blocks, nothing to prefill
    eng.submit(again)
    eng._admit(10.0)
    assert again.cached_tokens == 100 and again.ready_at == pytest.approx(10.2)
    private = engine(prefill_shared=False)
    c, d = seq(100, tag="c"), seq(100, tag="d")
    private.submit(c)
    private.submit(d)
    private._admit(10.0)
    assert (c.ready_at, d.ready_at) == pytest.approx((10.1, 10.1))


def test_kv_capacity_limits_admission_until_a_sequence_finishes() -> None:
    eng = engine(kv_cache_blocks=60)  # each sequence needs (100 + 4) / 4 = 26 blocks
    seqs = [seq(100, tag=str(i)) for i in range(3)]
    for s in seqs:
        eng.submit(s)
    eng._admit(0.0)
    assert eng.running == seqs[:2] and list(eng.waiting) == seqs[2:]
    eng.abort(seqs[0])
    eng._admit(0.0)
    assert eng.running == seqs[1:]


def test_one_oversized_request_still_runs_alone() -> None:
    eng = engine(kv_cache_blocks=10)
    big = seq(100)
    eng.submit(big)
    eng._admit(0.0)
    assert eng.running == [big]


def test_cached_prefixes_are_evicted_lru_when_the_cache_is_small() -> None:
    eng = engine(prefix_cache_blocks=50)
    for tag in ("a", "b", "a"):  # 25 blocks each: a, b fit together
        s = seq(100, tag=tag)
        eng.submit(s)
        eng._admit(0.0)
        eng.abort(s)
    assert s.cached_tokens == 100
    for tag in ("c", "a"):  # c pushes out b (least recent), a survives
        s = seq(100, tag=tag)
        eng.submit(s)
        eng._admit(0.0)
        eng.abort(s)
    assert s.cached_tokens == 100
    b = seq(100, tag="b")
    eng.submit(b)
    eng._admit(0.0)
    assert b.cached_tokens == 0


def test_running_sequences_shrink_the_prefix_cache() -> None:
    eng = engine(kv_cache_blocks=60, max_num_seqs=8)
    first = seq(100, max_tokens=4, tag="a")
    eng.submit(first)
    eng._admit(0.0)
    eng.abort(first)
    hog = seq(8, max_tokens=200, tag="h")  # reserves 52 blocks of output: room for 8 + 2 cached blocks
    eng.submit(hog)
    eng._admit(0.0)
    again = seq(100, tag="a")
    eng.submit(again)
    eng._admit(0.0)
    assert again.cached_tokens < 100  # most of a's prefix had to go


@pytest.fixture(scope="module")
def fleet(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[str]]:
    stack = Stack(Path(tmp_path_factory.mktemp("fleet")))
    port = consecutive_free_ports(3)
    proc = simulator_proc(port, replicas="3", block_size="4", log_level="WARNING")
    stack.start(proc)
    yield [f"http://127.0.0.1:{port + i}" for i in range(3)]
    stack.stop_all()


def _hits(base: str) -> float:
    for line in httpx.get(f"{base}/metrics").text.splitlines():
        if line.startswith("vllm:prefix_cache_hits_total"):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_a_fleet_in_one_process_has_independent_replicas(fleet: list[str]) -> None:
    body = {"model": "m", "messages": [{"role": "user", "content": "shared words " * 20}], "max_tokens": 2}
    for base in fleet:
        assert httpx.get(f"{base}/health").status_code == 200
    first = httpx.post(f"{fleet[0]}/v1/chat/completions", json=body).json()
    second = httpx.post(f"{fleet[0]}/v1/chat/completions", json=body).json()
    elsewhere = httpx.post(f"{fleet[1]}/v1/chat/completions", json=body).json()
    assert first["usage"]["prompt_tokens_details"]["cached_tokens"] == 0
    assert second["usage"]["prompt_tokens_details"]["cached_tokens"] > 0
    assert elsewhere["usage"]["prompt_tokens_details"]["cached_tokens"] == 0  # its own cache
    assert _hits(fleet[0]) > 0 and _hits(fleet[1]) == 0 and _hits(fleet[2]) == 0
