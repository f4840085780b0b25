"""Routing policies on plain replica state (no I/O): bounded-load spill, blended load, least-loaded, slow start."""

from __future__ import annotations

import math
import random

import pytest

from services.engine.pool.policy import AffinityPolicy, LoadView, RoundRobinPolicy, make_policy
from services.engine.pool.replica import Replica
from services.engine.pool.ring import HashRing

URLS = [f"http://r{i}:8000" for i in range(8)]
NOW = 1000.0


def fleet() -> list[Replica]:
    return [Replica(u, index=i) for i, u in enumerate(URLS)]


def affinity(eps: float = 0.25) -> AffinityPolicy:
    return AffinityPolicy(HashRing(URLS), eps, LoadView(max_age_s=5, slow_start_s=10))


def test_a_session_goes_home_while_the_home_is_not_overloaded() -> None:
    policy, reps = affinity(), fleet()
    home = policy.ring.walk("alice")[0]
    for r in reps:
        r.inflight = 2
    choice = policy.choose("alice", reps, [True] * 8, NOW)
    assert choice.replica is reps[home] and choice.affinity == "home"


def test_an_overloaded_home_passes_the_session_to_the_next_replica_of_its_walk() -> None:
    policy, reps = affinity(), fleet()
    walk = policy.ring.walk("alice")
    for r in reps:
        r.inflight = 2
    reps[walk[0]].inflight = 10  # mean 3, bound ceil(1.25 x 3.1) = 4
    choice = policy.choose("alice", reps, [True] * 8, NOW)
    assert choice.replica is reps[walk[1]] and choice.affinity == "spill"
    # The next one is overloaded too: the session walks on, still along its own walk.
    reps[walk[1]].inflight = 10
    assert policy.choose("alice", reps, [True] * 8, NOW).replica is reps[walk[2]]


def test_instances_with_different_load_views_spill_a_session_to_the_same_replica() -> None:
    """Each instance's own in-flight counts differ, but the walk does not: the spill target agrees."""
    walk = affinity().ring.walk("bob")
    targets = set()
    rng = random.Random(7)
    for _ in range(20):
        reps = fleet()
        for r in reps:
            r.inflight = rng.randrange(0, 3)
        reps[walk[0]].inflight = 30
        targets.add(affinity().choose("bob", reps, [True] * 8, NOW).replica.url)
    assert targets == {URLS[walk[1]]}


def test_bounded_load_keeps_every_replica_under_the_bound_for_a_hot_key() -> None:
    policy, reps = affinity(eps=0.25), fleet()
    for _ in range(400):  # one very hot session (or many sessions sharing a home)
        policy.choose("hot", reps, [True] * 8, NOW).replica.inflight += 1
    loads = [r.inflight for r in reps]
    # The bound, plus at most one request of the home's per-session shift.
    assert max(loads) <= math.ceil(1.25 * (sum(loads) / 8)) + 1
    # The spills filled the key's walk in order, several replicas up to the bound, not one replica.
    assert sum(1 for load in loads if load >= math.ceil(1.25 * (sum(loads) / 8)) - 2) >= 5


def test_ejected_or_excluded_home_is_skipped_along_the_walk() -> None:
    policy, reps = affinity(), fleet()
    walk = policy.ring.walk("carol")
    eligible = [True] * 8
    eligible[walk[0]] = False
    choice = policy.choose("carol", reps, eligible, NOW)
    assert choice.replica is reps[walk[1]] and choice.affinity == "spill"


def test_no_key_means_least_loaded_from_the_scrape_blended_with_own_inflight() -> None:
    policy, reps = affinity(), fleet()
    for r in reps:
        r.scraped_running, r.scraped_at = 5.0, NOW - 1
    reps[3].scraped_running = 0.0  # looked idle at the last scrape
    picks = []
    for _ in range(16):
        r = policy.choose("", reps, [True] * 8, NOW).replica
        r.inflight += 1  # what the pool does on acquire
        picks.append(r.index)
    # The idle-looking replica takes only until its blended load reaches the others', not all 16.
    assert picks[:5] == [3] * 5
    assert picks.count(3) < 16 and len(set(picks)) > 1


def test_a_stale_scrape_is_ignored() -> None:
    reps = fleet()
    reps[0].scraped_running, reps[0].scraped_at = 50.0, NOW - 60
    assert reps[0].load(NOW, max_age_s=5) == 0.0


def test_waiting_requests_and_kv_pressure_steer_least_loaded() -> None:
    policy, reps = make_policy("least_loaded", URLS, 0.25, LoadView()), fleet()
    for r in reps:
        r.scraped_running, r.scraped_waiting, r.kv_usage, r.scraped_at = 4.0, 3.0, 0.9, NOW
    reps[6].scraped_waiting, reps[6].scraped_running = 0.0, 6.0
    assert policy.choose("", reps, [True] * 8, NOW).replica is reps[6]


def test_slow_start_limits_a_returning_replica() -> None:
    policy, reps = affinity(), fleet()
    walk = policy.ring.walk("dave")
    for r in reps:
        r.inflight = 4
    reps[walk[0]].returned_at = NOW - 1  # back 1 s ago of a 10 s slow start: 10% of the bound
    reps[walk[0]].inflight = 1
    assert policy.choose("dave", reps, [True] * 8, NOW).replica is reps[walk[1]]
    assert policy.choose("dave", reps, [True] * 8, NOW + 10).replica is reps[walk[0]]


def test_round_robin_and_random_skip_ineligible_replicas() -> None:
    reps, eligible = fleet(), [i % 2 == 0 for i in range(8)]
    rr = RoundRobinPolicy()
    assert [rr.choose("", reps, eligible, NOW).replica.index for _ in range(5)] == [0, 2, 4, 6, 0]
    rnd = make_policy("random", URLS, 0.25, LoadView())
    assert {rnd.choose("", reps, eligible, NOW).replica.index for _ in range(100)} == {0, 2, 4, 6}
    with pytest.raises(LookupError):
        rr.choose("", reps, [False] * 8, NOW)
    with pytest.raises(ValueError, match="unknown routing policy"):
        make_policy("fastest", URLS, 0.25, LoadView())


def test_near_the_bound_the_same_sessions_spill_first_everywhere() -> None:
    """Each session's home bound is shifted by its own hash: as the home's load rises, the spilled sessions
    form growing nested sets, the same in every instance."""
    ring = HashRing(URLS)
    home = 0
    keys = [k for k in (f"s{i}" for i in range(3000)) if ring.walk(k)[0] == home][:100]
    spilled_at: list[set[str]] = []
    for home_load in (8, 9, 10):
        reps = fleet()
        for r in reps:
            r.inflight = 6
        reps[home].inflight = home_load  # bound: ceil(1.3 x (42 + load + 1) / 8) = 9, shifted by up to +-1
        a, b = affinity(0.3), affinity(0.3)
        spilled = {k for k in keys if a.choose(k, reps, [True] * 8, NOW).affinity == "spill"}
        assert spilled == {k for k in keys if b.choose(k, reps, [True] * 8, NOW).affinity == "spill"}
        spilled_at.append(spilled)
    assert spilled_at[0] <= spilled_at[1] <= spilled_at[2]
    assert 0 < len(spilled_at[1]) < len(keys)  # partial shedding: some sessions move, the others stay home
    assert spilled_at[2] == set(keys)


def test_the_home_keeps_its_session_up_to_the_wider_home_bound() -> None:
    """The home holds the prefix: it keeps the session past the spill bound, up to (1+home_eps) x mean."""
    policy = AffinityPolicy(HashRing(URLS), 0.25, LoadView(max_age_s=5, slow_start_s=10), home_epsilon=1.0)
    reps = fleet()
    walk = policy.ring.walk("alice")
    for r in reps:
        r.inflight = 2
    # mean 2.5 (the new request counted): over the spill bound ceil(1.25 x 2.5) = 4 (+0.71, alice's shift),
    # under the home bound ceil(2 x 2.5) = 5 (+0.71)
    reps[walk[0]].inflight = 5
    assert affinity(0.25).choose("alice", reps, [True] * 8, NOW).affinity == "spill"  # without the home bound
    choice = policy.choose("alice", reps, [True] * 8, NOW)
    assert choice.replica is reps[walk[0]] and choice.affinity == "home"
    reps[walk[0]].inflight = 9  # past the home bound: the session moves on, along its walk as before
    assert policy.choose("alice", reps, [True] * 8, NOW).replica is reps[walk[1]]


def test_the_home_bound_is_never_tighter_than_the_spill_bound() -> None:
    policy = AffinityPolicy(HashRing(URLS), 0.5, LoadView(), home_epsilon=0.1)
    assert policy.home_epsilon == 0.5
