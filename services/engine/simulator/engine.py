"""The simulated engine: a continuous-batching scheduler like vLLM's, cheap enough for thousands of streams.

One loop steps every running sequence together (one token each per step, ``token_rate`` steps a second),
admits waiting requests up to ``max_num_seqs`` in FIFO order, charges prefill time for prompt tokens not found
in the prefix cache (an LRU of chained block hashes), and wakes each stream's writer once per step. No task or
timer per token per stream: per-step work is a loop over the running list.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections import OrderedDict, deque
from dataclasses import dataclass, field
from typing import Any

from services.engine.simulator.metrics import SimMetrics
from services.engine.simulator.settings import SimulatorSettings
from services.engine.simulator.tokens import WORDS, block_hashes

FAULT_FIELDS = (
    "fault_latency_ms",
    "fault_error_rate",
    "fault_hang_rate",
    "fault_crash_after_tokens",
    "fault_invent_number_rate",
)


@dataclass(eq=False)
class Sequence:
    prompt: list[str]
    max_tokens: int
    rng: random.Random
    hang: bool = False
    arrival: float = field(default_factory=time.monotonic)
    ready_at: float = 0.0
    cached_tokens: int = 0
    generated: int = 0
    pending: list[int] = field(default_factory=list)
    finish_reason: str = ""  # "length" when done, "abort" when the client went away
    first_token_at: float = 0.0
    waiter: asyncio.Future[None] | None = None
    script_len: int = 0  # > 0: the answer is a fixed script; tokens are positions in it, and it ends with "stop"

    @property
    def done(self) -> bool:
        return bool(self.finish_reason)

    def wake(self) -> None:
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_result(None)


class SimEngine:
    def __init__(self, settings: SimulatorSettings, metrics: SimMetrics) -> None:
        self.settings = settings
        self.metrics = metrics
        self.faults: dict[str, float] = {name: float(getattr(settings, name)) for name in FAULT_FIELDS}
        self.waiting: deque[Sequence] = deque()
        self.running: list[Sequence] = []
        self._prefix: OrderedDict[bytes, None] = OrderedDict()
        self._work = asyncio.Event()
        self._rng = random.Random(settings.seed)
        self._kv_reserved = 0  # blocks held by running sequences (prompt + max_tokens)
        self._prefill_free_at = 0.0  # shared prefill: when the replica can start the next prompt

    def roll(self, fault: str) -> bool:
        return self._rng.random() < self.faults[fault]

    def submit(self, seq: Sequence) -> None:
        self.waiting.append(seq)
        self._work.set()

    def abort(self, seq: Sequence) -> None:
        if seq.done:
            return
        seq.finish_reason = "abort"
        if seq in self.waiting:
            self.waiting.remove(seq)
        self._finish(seq, time.monotonic())
        seq.wake()

    async def run(self) -> None:
        period = 1.0 / self.settings.token_rate
        loop = asyncio.get_running_loop()
        next_step = loop.time()
        while True:
            if not self.running and not self.waiting:
                self._publish()
                self._work.clear()
                await self._work.wait()
                next_step = loop.time()
            now = time.monotonic()
            self._admit(now)
            self._step(now)
            self._publish()
            next_step += period
            delay = next_step - loop.time()
            if delay < 0:  # overloaded: skip the missed steps rather than bursting to catch up
                next_step = loop.time()
                delay = 0
            await asyncio.sleep(delay)

    def _blocks(self, seq: Sequence) -> int:
        return -(-(len(seq.prompt) + seq.max_tokens) // self.settings.block_size)

    def _admit(self, now: float) -> None:
        s = self.settings
        while self.waiting and len(self.running) < s.max_num_seqs:
            seq = self.waiting[0]
            need = self._blocks(seq)
            if self.running and self._kv_reserved + need > s.kv_cache_blocks:
                break  # KV cache full: wait (FIFO) until running sequences finish
            self.waiting.popleft()
            self._kv_reserved += need
            hashes = block_hashes(seq.prompt, s.block_size)
            hits = 0
            for h in hashes:
                if h not in self._prefix:
                    break
                hits += 1
            for h in hashes:
                self._prefix[h] = None
                self._prefix.move_to_end(h)
            # Cached prefixes keep only what the running sequences' generated tokens leave free.
            room = min(s.prefix_cache_blocks, s.kv_cache_blocks - self._kv_reserved + self._prompt_blocks())
            while len(self._prefix) > max(room, 0):
                self._prefix.popitem(last=False)
            seq.cached_tokens = hits * s.block_size
            uncached = len(seq.prompt) - seq.cached_tokens
            start = max(now, self._prefill_free_at) if s.prefill_shared else now
            seq.ready_at = start + uncached / s.prefill_tokens_per_s
            if s.prefill_shared:
                self._prefill_free_at = seq.ready_at
            self.metrics.prefix_queries.inc(len(seq.prompt))
            self.metrics.prefix_hits.inc(seq.cached_tokens)
            self.metrics.prompt_tokens.inc(len(seq.prompt))
            self.running.append(seq)

    def _step(self, now: float) -> None:
        finished = False
        n_words = len(WORDS)
        for seq in self.running:
            if seq.hang or now < seq.ready_at:
                continue
            seq.pending.append(seq.generated if seq.script_len else seq.rng.randrange(n_words))
            seq.generated += 1
            if seq.generated == 1:
                seq.first_token_at = now
                self.metrics.ttft.observe(now - seq.arrival)
            if seq.generated >= seq.max_tokens:
                seq.finish_reason = "length"
                finished = True
            elif seq.script_len and seq.generated >= seq.script_len:
                seq.finish_reason = "stop"
                finished = True
            seq.wake()
        if finished:
            for seq in [q for q in self.running if q.done]:
                self._finish(seq, now)

    def _prompt_blocks(self) -> int:
        return sum(len(q.prompt) // self.settings.block_size for q in self.running)

    def _finish(self, seq: Sequence, now: float) -> None:
        if seq in self.running:
            self.running.remove(seq)
            self._kv_reserved -= self._blocks(seq)
        self.metrics.generation_tokens.inc(seq.generated)
        self.metrics.finished(seq.finish_reason)
        self.metrics.e2e.observe(now - seq.arrival)

    def _publish(self) -> None:
        m, s = self.metrics, self.settings
        m.running.set(len(self.running))
        m.waiting.set(len(self.waiting))
        used = sum((len(q.prompt) + q.generated) // s.block_size + 1 for q in self.running)
        m.kv_usage.set(min(1.0, used / s.kv_cache_blocks))

    def set_faults(self, changes: dict[str, Any]) -> dict[str, float]:
        for name, value in changes.items():
            if name not in FAULT_FIELDS:
                raise ValueError(f"unknown fault {name!r}; known: {', '.join(FAULT_FIELDS)}")
            number = float(value)
            if number < 0 or (name.endswith("_rate") and number > 1):
                raise ValueError(f"{name} out of range")
            self.faults[name] = number
        return dict(self.faults)
