"""The pool client: member state, the routing decision, request outcomes, and the scrape/probe/discovery loops.

Each dialogue replica embeds one. Decisions read only this instance's state, so there is no shared router to
fail; instances agree on a session's replica through the hash ring, not through shared memory, and each keeps
its own index of where it sent which prompt blocks (prefix.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

import aiohttp

from services.engine.pool.health import HealthPolicy
from services.engine.pool.metrics import PoolMetrics
from services.engine.pool.policy import Choice, LoadView, Policy, make_policy
from services.engine.pool.prefix import PrefixIndex
from services.engine.pool.replica import Replica
from services.engine.pool.scrape import parse_load

log = logging.getLogger(__name__)

Outcome = Literal["ok", "error", "timeout", "cancelled", "rejected"]
AFFINITY_RESULT = {"home": "hit", "spill": "miss", "none": "none"}


class NoReplicaAvailable(LookupError):
    pass


class Discovery(Protocol):
    async def run(self, on_change: Callable[[list[str]], None]) -> None:
        """Call ``on_change`` with the full member list whenever it changes; return only when done."""


@dataclass(frozen=True)
class PoolConfig:
    policy: str = "affinity"
    epsilon: float = 0.3  # bounded load: a replica above (1+eps) x mean passes the session on
    # The session's home keeps it up to (1+home_epsilon) x mean: it holds the prefix, a spill prefills it all.
    # 1.0 measured best on the routing bench (hit rate at the oracle's, lowest TTFT p99; docs/routing.md).
    home_epsilon: float = 1.0
    prefix_index_blocks: int = 65_536  # per generation of the index's two-generation LRU (~10 MB at most)
    scrape_interval_s: float = 1.0
    probe_interval_s: float = 2.0
    probe_timeout_s: float = 1.0
    slow_start_s: float = 10.0
    health: HealthPolicy = field(default_factory=HealthPolicy)

    @property
    def view(self) -> LoadView:
        return LoadView(max_age_s=max(3 * self.scrape_interval_s, 2.0), slow_start_s=self.slow_start_s)


class Lease:
    """One attempt on one replica. ``finish`` exactly once (later calls are ignored)."""

    __slots__ = ("_finished", "_pool", "_prefilling", "affinity", "replica", "started")

    def __init__(self, pool: EnginePool, replica: Replica, affinity: str) -> None:
        self._pool = pool
        self.replica = replica
        self.affinity = affinity
        self.started = time.perf_counter()
        self._finished = False
        self._prefilling = True
        replica.prefilling += 1

    @property
    def url(self) -> str:
        return self.replica.url

    def first_token(self) -> None:
        if self._prefilling:
            self._prefilling = False
            self.replica.prefilling -= 1
        if self._pool.metrics:
            self._pool.metric_child("ttft", self.url).observe(time.perf_counter() - self.started)

    def finish(self, outcome: Outcome) -> None:
        if not self._finished:
            self._finished = True
            if self._prefilling:
                self._prefilling = False
                self.replica.prefilling -= 1
            self._pool.release(self.replica, outcome)


class EnginePool:
    def __init__(
        self,
        http: aiohttp.ClientSession,
        config: PoolConfig | None = None,
        *,
        urls: Iterable[str] = (),
        metrics: PoolMetrics | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._http = http
        self.config = config or PoolConfig()
        self.metrics = metrics
        self._clock = clock
        self.members: list[Replica] = []
        self._everyone: tuple[bool, ...] = ()  # `eligible` when nothing is excluded or ejected
        self.prefix_index = PrefixIndex(self.config.prefix_index_blocks)
        self._policy: Policy = self._make_policy([])
        self._tasks: list[asyncio.Task[None]] = []
        self._children: dict[tuple[str, str], Any] = {}
        self._probing = False  # the probe loop runs: it alone brings ejected replicas back
        self._ejected_count = 0
        self.set_members(list(urls))

    # -- membership -----------------------------------------------------------------------------------------

    def set_members(self, urls: Sequence[str]) -> None:
        """Replace the member list, keeping the state of replicas that stay (their load, health, warmth)."""
        wanted = list(dict.fromkeys(u.rstrip("/") for u in urls))
        if wanted == [r.url for r in self.members]:
            return
        known = {r.url: r for r in self.members}
        self.members = [known.get(u) or Replica(u) for u in wanted]
        for i, r in enumerate(self.members):
            r.index = i
        self._everyone = (True,) * len(self.members)
        for url, r in known.items():
            if url not in wanted:
                self.prefix_index.forget(r)
        self._policy = self._make_policy(wanted)
        log.info("engine pool members changed", extra={"members": wanted})
        self._publish_states()

    def _make_policy(self, urls: list[str]) -> Policy:
        c = self.config
        return make_policy(c.policy, urls, c.epsilon, c.view, c.home_epsilon, self.prefix_index)

    @property
    def urls(self) -> list[str]:
        return [r.url for r in self.members]

    def healthy(self) -> list[str]:
        return [r.url for r in self.members if not r.ejected_until]

    # -- the decision ---------------------------------------------------------------------------------------

    def choose(self, key: str, exclude: Iterable[str] = (), blocks: Sequence[int] = ()) -> Choice:
        """Pick a replica; the prefix index refreshes what it matched, and ``acquire`` records the pick."""
        if not self.members:
            raise NoReplicaAvailable("the engine pool has no members")
        now = self._clock()
        if self._ejected_count and not self._probing:
            self._return_after_backoff(now)
        eligible: Sequence[bool]
        if not exclude and not self._ejected_count:
            eligible = self._everyone  # the common case: no list to build
        else:
            skip = set(exclude)
            eligible = [not r.ejected_until and r.url not in skip for r in self.members]
        if not any(eligible):
            # Every replica is ejected: try them anyway (panic mode) rather than failing at once.
            skip = set(exclude)
            eligible = [r.url not in skip for r in self.members]
            if not any(eligible):
                raise NoReplicaAvailable("no engine replica left to try")
        return self._policy.choose(key, self.members, eligible, now, blocks)

    def _return_after_backoff(self, now: float) -> None:
        # Without active probes, a replica comes back on trial once its backoff is over; the next failure
        # ejects it again for twice as long.
        for r in self.members:
            if r.ejected_until and now >= r.ejected_until:
                r.ejected_until, r.failures, r.returned_at = 0.0, 0, now
        self._publish_states()

    def acquire(self, key: str = "", exclude: Iterable[str] = (), blocks: Sequence[int] = ()) -> Lease:
        """Pick a replica for a prompt and count the request on it.

        ``key`` is the session (the ring's key); ``blocks`` are the prompt's chained block hashes
        (``prefix.prompt_blocks``): the pick is remembered against them, so the conversation's next turn, or
        any prompt sharing this one's prefix, can find the replica that holds it.
        """
        started = time.perf_counter()
        choice = self.choose(key, exclude, blocks)
        choice.replica.inflight += 1
        if blocks:
            self.prefix_index.record(blocks, choice.replica)
        if self.metrics:
            self.metrics.decisions.record(choice.replica.url, AFFINITY_RESULT[choice.affinity],
                                          time.perf_counter() - started)
        return Lease(self, choice.replica, choice.affinity)

    def metric_child(self, metric: str, label: str) -> Any:
        # Labelled children cached: .labels() costs microseconds, and this is on every request's path.
        child = self._children.get((metric, label))
        if child is None and self.metrics:
            parent = getattr(self.metrics, metric)
            child = parent.labels(label)
            self._children[(metric, label)] = child
        return child

    def release(self, r: Replica, outcome: Outcome) -> None:
        r.inflight = max(0, r.inflight - 1)
        if outcome == "ok":
            self.config.health.on_success(r)
        elif outcome in ("error", "timeout"):
            if self.metrics:
                self.metrics.errors.labels(replica=r.url, kind=outcome).inc()
            if self.config.health.on_failure(r, self._clock()):
                self._ejected(r)

    def _ejected(self, r: Replica) -> None:
        log.warning("engine replica ejected", extra={"engine": r.url, "until": r.ejected_until})
        # Whatever it held may be gone (a crash loses the KV cache): send its prefixes home along the ring.
        self.prefix_index.forget(r)
        if self.metrics:
            self.metrics.ejections.labels(replica=r.url).inc()
        self._publish_states()

    def _publish_states(self) -> None:
        self._ejected_count = ejected = sum(1 for r in self.members if r.ejected_until)
        if self.metrics:
            self.metrics.replicas.labels(state="ejected").set(ejected)
            self.metrics.replicas.labels(state="healthy").set(len(self.members) - ejected)

    # -- background loops -----------------------------------------------------------------------------------

    def start(self, discovery: Discovery | None = None) -> None:
        loop_specs: list[tuple[Callable[[], object], float]] = [
            (self.scrape_once, self.config.scrape_interval_s),
            (self.probe_once, self.config.probe_interval_s),
        ]
        for fn, interval in loop_specs:
            if interval > 0:
                self._tasks.append(asyncio.create_task(self._every(fn, interval)))
        self._probing = self.config.probe_interval_s > 0
        if discovery is not None:
            self._tasks.append(asyncio.create_task(discovery.run(self.set_members)))

    async def close(self) -> None:
        self._probing = False
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._tasks.clear()

    async def _every(self, fn: Callable[[], object], interval: float) -> None:
        while True:
            try:
                result = fn()
                if asyncio.iscoroutine(result):
                    await result
            except Exception:  # a loop must outlive one bad round
                log.exception("engine pool background round failed")
            await asyncio.sleep(interval)

    async def scrape_once(self) -> None:
        await asyncio.gather(*(self._scrape(r) for r in self.members if not r.ejected_until))

    async def _scrape(self, r: Replica) -> None:
        timeout = aiohttp.ClientTimeout(total=self.config.probe_timeout_s)
        try:
            async with self._http.get(f"{r.url}/metrics", timeout=timeout) as resp:
                if resp.status != 200:
                    return
                text = await resp.text()
        except (aiohttp.ClientError, TimeoutError):
            return  # the probe, not the scrape, decides health
        sample = parse_load(text)
        r.scraped_running, r.scraped_waiting, r.kv_usage = sample.running, sample.waiting, sample.kv_usage
        r.scraped_at = self._clock()
        r.inflight_at_scrape = r.inflight

    async def probe_once(self) -> None:
        members = list(self.members)
        results = await asyncio.gather(*(self._probe(r) for r in members))
        now = self._clock()
        for r, ok in zip(members, results, strict=True):
            change = self.config.health.on_probe(r, ok, now)
            if change == "ejected":
                self._ejected(r)
            elif change == "returned":
                log.info("engine replica returned", extra={"engine": r.url})
                self._publish_states()

    async def _probe(self, r: Replica) -> bool:
        try:
            timeout = aiohttp.ClientTimeout(total=self.config.probe_timeout_s)
            async with self._http.get(f"{r.url}/health", timeout=timeout) as resp:
                return resp.status == 200
        except (aiohttp.ClientError, TimeoutError):
            return False
