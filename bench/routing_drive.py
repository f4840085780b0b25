"""Driving one routing run: open-loop Poisson turns from the workload through EngineClients, and the figures.

Every policy is driven through the dialogue's own EngineClient (the same streaming code, the same retry rule);
only what it talks to changes: our pool client in-process, or a vllm-router in front of the same fleet.
"""

from __future__ import annotations

import asyncio
import contextvars
import random
import statistics
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

from aiohttp import ClientHandlerType, ClientRequest, ClientResponse

from bench.routing_workload import (
    Session,
    Workload,
    WorkloadShape,
    oracle_hit_rate,
    warm_oracle_hit_rate,
    working_set_blocks,
)
from services.common.errors import Unavailable
from services.dialogue.engine_client import EngineClient, EngineStreamBroken, EngineToken
from services.dialogue.models import ChatMessage, GenerationOptions

# The turn's session id, for routers that hash a header (vllm-router consistent_hash reads X-Session-ID). The
# dialogue's EngineClient passes the session id only to our pool, so the bench adds the header on the way out.
SESSION_ID: contextvars.ContextVar[str] = contextvars.ContextVar("bench_session_id", default="")


async def session_header(req: ClientRequest, handler: ClientHandlerType) -> ClientResponse:
    sid = SESSION_ID.get()
    if sid:
        req.headers["X-Session-ID"] = sid
    return await handler(req)


@dataclass
class Turn:
    sent: float
    ttft: float | None = None  # seconds; for a turn cut at the end without a token, the time it had waited
    status: str = "cut"  # ok | failed (before the first token) | broken (after) | cut (still running at the end)


@dataclass
class Drive:
    shape: WorkloadShape
    rate: float  # turns per second offered
    duration_s: float  # measured, after the warm-up
    warmup_s: float = 5.0  # same load, not measured: caches fill as each policy routes
    grace_s: float = 4.0
    seed: int = 11
    turns: list[Turn] = field(default_factory=list)
    prompts: list[list[dict[str, str]]] = field(default_factory=list)
    skipped: int = 0  # arrivals that found only busy sessions
    measured_from: int = 0  # index of the first measured turn/prompt

    async def run(
        self,
        clients: list[EngineClient],
        at_warm: Callable[[], Coroutine[Any, Any, None]],
        at_half: Callable[[], Coroutine[Any, Any, None]] | None = None,
    ) -> None:
        """Offer turns for warmup_s + duration_s; ``at_warm`` runs when measuring starts, ``at_half`` midway."""
        loop = asyncio.get_running_loop()
        workload, rng = Workload(self.shape), random.Random(self.seed)
        tasks: set[asyncio.Task[None]] = set()
        start, t, end = loop.time(), 0.0, self.warmup_s + self.duration_s
        warmed = halved = False
        while True:
            t += rng.expovariate(self.rate)
            if t >= end:
                break
            await asyncio.sleep(max(0.0, start + t - loop.time()))
            if not warmed and t >= self.warmup_s:
                warmed = True
                self.measured_from = len(self.turns)
                await at_warm()
            if at_half and not halved and t >= self.warmup_s + self.duration_s / 2:
                halved = True
                tasks.add(asyncio.create_task(at_half()))
            session = workload.pick()
            if session is None:
                self.skipped += 1 if t >= self.warmup_s else 0
                continue
            messages, qa = workload.next_prompt(session)
            session.busy = True
            self.prompts.append(messages)
            turn = Turn(time.perf_counter())
            self.turns.append(turn)
            client = clients[rng.randrange(len(clients))]  # instances split traffic as dialogue replicas would
            tasks.add(asyncio.create_task(self._turn(client, turn, session, messages, qa)))
        await asyncio.wait(tasks, timeout=max(0.0, start + end + self.grace_s - loop.time()))
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def _turn(
        self, client: EngineClient, turn: Turn, session: Session, messages: list[dict[str, str]],
        qa: tuple[str, str],
    ) -> None:
        turn.sent = time.perf_counter()
        SESSION_ID.set(session.sid)  # this task's own context
        prompt = [ChatMessage(m["role"], m["content"]) for m in messages]
        options = GenerationOptions(max_tokens=self.shape.answer_tokens)
        try:
            async for event in client.stream_chat(prompt, options, session_id=session.sid):
                if turn.ttft is None and isinstance(event, EngineToken):
                    turn.ttft = time.perf_counter() - turn.sent
            turn.status = "ok"
            session.turns.append(qa)
        except Unavailable:
            turn.status = "failed"
        except EngineStreamBroken:
            turn.status = "broken"
        except asyncio.CancelledError:
            if turn.ttft is None:
                turn.ttft = time.perf_counter() - turn.sent  # censored: at least this long
            raise
        finally:
            session.busy = False

    def summary(self, slo_ttft_s: float, block_size: int, replicas: int, kv_blocks: int) -> dict[str, Any]:
        turns = self.turns[self.measured_from :]
        with_ttft = sorted(t.ttft for t in turns if t.ttft is not None)
        counts = {s: sum(1 for t in turns if t.status == s) for s in ("ok", "failed", "broken", "cut")}
        good = sum(1 for t in turns if t.status == "ok" and t.ttft is not None and t.ttft <= slo_ttft_s)

        def pct(q: float) -> float | None:
            return round(with_ttft[min(len(with_ttft) - 1, int(q * len(with_ttft)))] * 1000, 1) if with_ttft else None

        return {
            "turns_sent": len(turns), "warmup_turns": self.measured_from, "turns_ok": counts["ok"],
            "failed_before_first_token": counts["failed"],
            "broken_after_first_token": counts["broken"], "cut_at_end": counts["cut"],
            "arrivals_skipped_busy": self.skipped,
            "ttft_ms_p50": pct(0.5), "ttft_ms_p99": pct(0.99),
            "ttft_ms_mean": round(statistics.fmean(with_ttft) * 1000, 1) if with_ttft else None,
            "goodput_turns_s": round(good / self.duration_s, 2),
            "throughput_turns_s": round(counts["ok"] / self.duration_s, 2),
            "oracle_hit_rate": round(
                warm_oracle_hit_rate(self.prompts, block_size, replicas, kv_blocks, self.measured_from), 4
            ),
            "unbounded_cache_hit_rate": round(oracle_hit_rate(self.prompts, block_size, self.measured_from), 4),
            "working_set_vs_fleet_kv": round(working_set_blocks(self.prompts, block_size) / (replicas * kv_blocks), 3),
        }


def decision_latency(n: int = 20_000, rounds: int = 3) -> dict[str, Any]:
    """The pool's routing decision over 8 scraped replicas, metrics on, in microseconds: the prompt's block
    hashes (``prompt_blocks``, as EngineClient computes them once per turn) plus ``acquire`` with them.

    The prompts are the routing workload's own (~800 tokens, ~4 KB rendered), so the index holds and
    matches what it would in the bench. Wall time includes preemption by whatever else runs on the machine; the
    CPU time of the thread is the decision's own cost. Each round's percentiles are taken, and the median round
    is reported.
    """
    import aiohttp

    from services.engine.pool.metrics import PoolMetrics
    from services.engine.pool.pool import EnginePool, PoolConfig
    from services.engine.pool.prefix import prompt_blocks

    workload = Workload(WorkloadShape(kind="distinct", sessions=160, start_turns=4))
    prompts: list[tuple[str, list[ChatMessage]]] = []
    for _ in range(2_000):
        session = workload.pick() or workload.sessions[0]
        messages, turn = workload.next_prompt(session)
        session.turns.append(turn)
        prompts.append((session.sid, [ChatMessage(m["role"], m["content"]) for m in messages]))

    async def measure() -> tuple[list[float], list[float], list[float]]:
        async with aiohttp.ClientSession() as http:
            pool = EnginePool(http, PoolConfig(), urls=[f"http://10.0.0.{i}:8000" for i in range(8)],
                              metrics=PoolMetrics.create())
            rng = random.Random(3)
            for r in pool.members:
                r.scraped_running, r.scraped_waiting, r.scraped_at = rng.randrange(16), rng.randrange(4), 1e12
            wall, cpu, hashing, held = [], [], [], []
            for i in range(n):
                sid, messages = prompts[i % len(prompts)]
                w0, c0 = time.perf_counter_ns(), time.thread_time_ns()
                blocks = prompt_blocks(messages)
                c_mid = time.thread_time_ns()
                lease = pool.acquire(sid, blocks=blocks)
                c1, w1 = time.thread_time_ns(), time.perf_counter_ns()
                wall.append((w1 - w0) / 1000)
                cpu.append((c1 - c0) / 1000)
                hashing.append((c_mid - c0) / 1000)
                held.append(lease)
                if len(held) > 64:
                    held.pop(0).finish("ok")
            return sorted(wall), sorted(cpu), sorted(hashing)

    def pct(values: list[float], q: float) -> float:
        return values[min(len(values) - 1, int(q * len(values)))]

    runs = [asyncio.run(measure()) for _ in range(rounds)]
    mid = sorted(runs, key=lambda r: pct(r[1], 0.99))[rounds // 2]
    return {"decision_us_p50": round(pct(mid[0], 0.5), 2), "decision_us_p99": round(pct(mid[0], 0.99), 2),
            "decision_cpu_us_p50": round(pct(mid[1], 0.5), 2), "decision_cpu_us_p99": round(pct(mid[1], 0.99), 2),
            "hashing_cpu_us_p50": round(pct(mid[2], 0.5), 2), "hashing_cpu_us_p99": round(pct(mid[2], 0.99), 2),
            "decisions": n, "rounds": rounds, "includes": "prompt_blocks + acquire"}
