"""Routing policies: plain functions of (key, blocks, replicas, now) with no I/O, so they are tested directly.

``affinity`` is the default. It prefers the replica that holds the most of the prompt's prefix, as this
instance's ``PrefixIndex`` of block hashes knows it (the previous turn's replica, or wherever an earlier prompt
with the same opening or document went); failing that, the session's home on a consistent-hash ring, which
every instance computes alike. Bounded load (Mirrokni et al.) guards both: a replica takes a new request only
while its load is below ceil((1+eps) x mean load, counting the new one); otherwise the request passes on along
the session's ring walk. The replica holding the prefix has a wider bound (``home_epsilon``): leaving it costs a
whole prefill elsewhere. Without a key or a known prefix it is least-loaded. ``session_affinity`` (the ring and
bounds without the index), ``least_loaded``, ``round_robin`` and ``random`` are kept for comparison.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from services.engine.pool.prefix import PrefixIndex
from services.engine.pool.replica import Replica
from services.engine.pool.ring import HashRing, hash64

Affinity = Literal["home", "spill", "none"]


@dataclass(slots=True)  # not frozen: a frozen dataclass's __init__ costs ~1 us, on every decision
class Choice:
    replica: Replica
    affinity: Affinity  # home: the replica holding the prefix (or the ring owner); spill: passed on by load


@dataclass(frozen=True)
class LoadView:
    """How policies read load: the blended estimate, the slow-start share, and the scrape's age limit."""

    max_age_s: float = 5.0
    slow_start_s: float = 10.0

    def load(self, r: Replica, now: float) -> float:
        return r.load(now, self.max_age_s)

    def warmth(self, r: Replica, now: float) -> float:
        return r.warmth(now, self.slow_start_s)


class Policy(Protocol):
    name: str

    def choose(
        self, key: str, members: Sequence[Replica], eligible: Sequence[bool], now: float, blocks: Sequence[int] = (),
    ) -> Choice: ...


def least_loaded(members: Sequence[Replica], eligible: Sequence[bool], now: float, view: LoadView) -> Replica:
    """Lowest blended load scaled by slow start; waiting requests and a full KV cache count extra."""
    best: Replica | None = None
    best_score = math.inf
    for r, ok in zip(members, eligible, strict=True):
        if not ok:
            continue
        waiting = r.scraped_waiting if r.scraped_at and now - r.scraped_at <= view.max_age_s else 0.0
        score = (view.load(r, now) + waiting + 1) / view.warmth(r, now) + r.kv_usage
        if score < best_score:
            best, best_score = r, score
    if best is None:
        raise LookupError("no eligible replica")
    return best


class AffinityPolicy:
    """Prefix first, then the session's ring walk, each replica under its load bound (see the module doc)."""

    name = "affinity"

    def __init__(
        self, ring: HashRing, epsilon: float = 0.25, view: LoadView | None = None, home_epsilon: float | None = None,
        index: PrefixIndex | None = None, min_match: float = 0.5,
    ) -> None:
        self.ring = ring
        self.epsilon = epsilon
        # Never tighter than the spill bound: the home must be the easiest replica for its session to enter.
        self.home_epsilon = max(epsilon, home_epsilon if home_epsilon is not None else epsilon)
        self.view = view or LoadView()
        self.index = index  # None: session affinity alone (the ring), as before block hashes
        # A known prefix counts only when it covers this share of the prompt's blocks: a shared persona alone
        # is not worth a queue (every replica soon holds it), a conversation's own history is.
        self.min_match = min_match
        self._points: dict[str, int] = {}

    def _point(self, key: str) -> int:
        # A session's ring point, memoised: its turns come back, and hashing the key is a tenth of a decision.
        point = self._points.get(key)
        if point is None:
            if len(self._points) >= 100_000:
                self._points.clear()
            point = self._points[key] = hash64(key)
        return point

    def choose(
        self, key: str, members: Sequence[Replica], eligible: Sequence[bool], now: float, blocks: Sequence[int] = (),
    ) -> Choice:
        warm: Replica | None = None
        depth = 0
        if self.index is not None and blocks:
            held, depth = self.index.match(blocks)
            if held is not None and depth >= self.min_match * len(blocks) and 0 <= held.index < len(members) \
                    and members[held.index] is held:
                warm = held
        if not key and warm is None:
            return Choice(least_loaded(members, eligible, now, self.view), "none")
        max_age = self.view.max_age_s
        loads = [r.load(now, max_age) for r in members]  # the hot loop: no LoadView indirection per replica
        kept = loads if all(eligible) else [load for load, ok in zip(loads, eligible, strict=True) if ok]
        # Bounded load: ceil((1+eps) x mean), the new request included.
        mean = (sum(kept) + 1) / len(kept) if kept else 0.0
        cap = math.ceil((1 + self.epsilon) * mean)
        point = self._point(key) if key else 0
        # The replica holding the prefix keeps the request up to a wider bound: a turn there prefills only what
        # is new, a spill prefills it all. Past it, queueing costs more than the hit saves. Each session's wide
        # bound is shifted by up to +-1 request by its own hash: when load estimates hover around the bound, the
        # same sessions spill first, in every instance and every time, instead of whichever turn arrives while
        # one instance's view is high.
        home_cap = math.ceil((1 + self.home_epsilon) * mean) + ((point & 0xFFFF) / 0x8000 - 1.0)
        if warm is not None:
            i = warm.index
            if eligible[i] and loads[i] < home_cap * self.view.warmth(warm, now):
                return Choice(warm, "home")
        if not key:
            return Choice(least_loaded(members, eligible, now, self.view), "spill")
        # No replica known to hold the prefix (a new conversation, or one this instance has not seen): the ring
        # home, where every instance sends the session. When a warm replica was known and is full, the ring walk
        # is only a spill path and every member of it gets the tight bound.
        first = warm is None
        for i in self.ring.walk_from(point):
            bound = home_cap if first else cap
            if eligible[i] and members[i] is not warm and loads[i] < bound * self.view.warmth(members[i], now):
                return Choice(members[i], "home" if first else "spill")
            first = False
        return Choice(least_loaded(members, eligible, now, self.view), "spill")


class LeastLoadedPolicy:
    name = "least_loaded"

    def __init__(self, view: LoadView | None = None) -> None:
        self.view = view or LoadView()

    def choose(
        self, key: str, members: Sequence[Replica], eligible: Sequence[bool], now: float, blocks: Sequence[int] = (),
    ) -> Choice:
        return Choice(least_loaded(members, eligible, now, self.view), "none")


class RoundRobinPolicy:
    name = "round_robin"

    def __init__(self) -> None:
        self._next = 0

    def choose(
        self, key: str, members: Sequence[Replica], eligible: Sequence[bool], now: float, blocks: Sequence[int] = (),
    ) -> Choice:
        n = len(members)
        for step in range(n):
            i = (self._next + step) % n
            if eligible[i]:
                self._next = i + 1
                return Choice(members[i], "none")
        raise LookupError("no eligible replica")


class RandomPolicy:
    name = "random"

    def __init__(self, rng: random.Random | None = None) -> None:
        self._rng = rng or random.Random()

    def choose(
        self, key: str, members: Sequence[Replica], eligible: Sequence[bool], now: float, blocks: Sequence[int] = (),
    ) -> Choice:
        options = [r for r, ok in zip(members, eligible, strict=True) if ok]
        if not options:
            raise LookupError("no eligible replica")
        return Choice(self._rng.choice(options), "none")


POLICIES = ("affinity", "session_affinity", "least_loaded", "round_robin", "random")


def make_policy(
    name: str, members: Sequence[str], epsilon: float, view: LoadView, home_epsilon: float | None = None,
    index: PrefixIndex | None = None,
) -> Policy:
    """A policy for the current member list (the pool rebuilds it when membership changes; the index outlives
    the rebuild)."""
    if name == "affinity":
        # `is None`, not `or`: an empty index is falsy (it has a length) and must still be the pool's own.
        return AffinityPolicy(HashRing(members), epsilon, view, home_epsilon,
                              index if index is not None else PrefixIndex())
    if name == "session_affinity":
        return AffinityPolicy(HashRing(members), epsilon, view, home_epsilon)
    if name == "least_loaded":
        return LeastLoadedPolicy(view)
    if name == "round_robin":
        return RoundRobinPolicy()
    if name == "random":
        return RandomPolicy()
    raise ValueError(f"unknown routing policy {name!r}; known: {', '.join(POLICIES)}")
