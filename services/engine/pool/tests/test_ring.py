"""The hash ring: stable under membership change, identical across instances, walks visit distinct members."""

from __future__ import annotations

from services.engine.pool.ring import HashRing

KEYS = [f"session-{i}" for i in range(20_000)]


def members(n: int) -> list[str]:
    return [f"http://10.0.0.{i}:8000" for i in range(n)]


def homes(ring: HashRing) -> dict[str, str | None]:
    return {k: ring.home(k) for k in KEYS}


def test_two_instances_agree_whatever_the_member_order() -> None:
    a = HashRing(members(8))
    b = HashRing(list(reversed(members(8))))
    assert homes(a) == homes(b)


def test_a_joining_replica_takes_about_one_nth_and_only_moves_keys_to_itself() -> None:
    before = homes(HashRing(members(8)))
    after = homes(HashRing(members(9)))
    moved = [k for k in KEYS if before[k] != after[k]]
    assert 0.06 < len(moved) / len(KEYS) < 0.17  # ideal 1/9 = 0.11
    assert {after[k] for k in moved} == {members(9)[8]}


def test_a_leaving_replica_only_moves_its_own_keys() -> None:
    before = homes(HashRing(members(8)))
    gone = members(8)[3]
    after = homes(HashRing([m for m in members(8) if m != gone]))
    moved = [k for k in KEYS if before[k] != after[k]]
    assert {before[k] for k in moved} == {gone}
    assert 0.07 < len(moved) / len(KEYS) < 0.19  # ideal 1/8 = 0.125


def test_keys_spread_evenly_and_walks_list_distinct_members() -> None:
    ring = HashRing(members(8))
    counts: dict[str | None, int] = {}
    for k in KEYS:
        counts[ring.home(k)] = counts.get(ring.home(k), 0) + 1
    assert max(counts.values()) / (len(KEYS) / 8) < 1.3
    walk = ring.walk("session-1")
    assert len(walk) == 8 and len(set(walk)) == 8
    # After a leave, the departed member's keys go to the next member of their old walk (the spill target).
    gone = ring.members[walk[0]]
    smaller = HashRing([m for m in members(8) if m != gone])
    assert smaller.home("session-1") == ring.members[walk[1]]


def test_empty_ring_has_no_home() -> None:
    assert HashRing([]).home("x") is None
