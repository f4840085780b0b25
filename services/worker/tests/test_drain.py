"""The drain loop in-process on a real Redis and real SQL: at-least-once, idempotent, ack after commit."""

from __future__ import annotations

import redis

from services.worker.drain import AuditDrainer
from services.worker.store import AuditStore
from services.worker.tests.conftest import STREAM, make_events, push


def drainer(client: redis.Redis, dsn: str, consumer: str, claim_idle_ms: int = 30_000) -> AuditDrainer:
    return AuditDrainer(client, AuditStore(dsn), STREAM, "g", consumer, batch_size=50, block_ms=100,
                        claim_idle_ms=claim_idle_ms)


def test_drains_everything_once(sync_redis: redis.Redis, dsn: str) -> None:
    push(sync_redis, make_events(500))
    d = drainer(sync_redis, dsn, "c1")
    assert d.drain_all() == 500
    assert d.store.count() == 500
    assert sync_redis.xpending(STREAM, "g")["pending"] == 0
    assert d.store.verify().ok


def test_crash_after_commit_before_ack_duplicates_nothing(sync_redis: redis.Redis, dsn: str) -> None:
    push(sync_redis, make_events(120))
    first = drainer(sync_redis, dsn, "c1")
    first.ensure_group()
    reply = sync_redis.xreadgroup("g", "c1", {STREAM: ">"}, count=50)
    batch = [(eid.decode(), fields[b"e"]) for eid, fields in reply[0][1]]
    first.store.write_batch(batch)  # committed, then "crashed" before XACK
    assert sync_redis.xpending(STREAM, "g")["pending"] == 50

    restarted = drainer(sync_redis, dsn, "c1")  # same consumer name: its own pending entries come first
    restarted.drain_all()
    assert restarted.store.count() == 120
    assert sync_redis.xpending(STREAM, "g")["pending"] == 0
    assert restarted.store.verify().ok


def test_entries_of_a_dead_consumer_are_claimed(sync_redis: redis.Redis, dsn: str) -> None:
    push(sync_redis, make_events(80))
    dead = drainer(sync_redis, dsn, "dead")
    dead.ensure_group()
    sync_redis.xreadgroup("g", "dead", {STREAM: ">"}, count=30)  # read, never written nor acknowledged
    other = drainer(sync_redis, dsn, "other", claim_idle_ms=0)
    other.drain_all()
    assert other.store.count() == 80
    assert other.stats.claimed == 30
    assert sync_redis.xpending(STREAM, "g")["pending"] == 0


def test_archived_entries_are_trimmed(sync_redis: redis.Redis, dsn: str) -> None:
    push(sync_redis, make_events(300))
    d = drainer(sync_redis, dsn, "c1")
    assert d.drain_all() == 300 and d.store.count() == 300
    assert sync_redis.xlen(STREAM) <= 1  # the stream does not grow without bound once archived


def test_only_archived_entries_are_trimmed_from_the_stream(sync_redis: redis.Redis, dsn: str) -> None:
    push(sync_redis, make_events(200))
    dead = drainer(sync_redis, dsn, "dead")
    dead.ensure_group()
    held = sync_redis.xreadgroup("g", "dead", {STREAM: ">"}, count=20)[0][1]  # delivered, never archived
    live = drainer(sync_redis, dsn, "live")  # claims nothing (idle threshold not reached)
    live.drain_all()
    assert live.store.count() == 180
    remaining = {eid for eid, _ in sync_redis.xrange(STREAM)}
    assert {eid for eid, _ in held} <= remaining  # the unarchived entries are still there to be claimed
    later = drainer(sync_redis, dsn, "later", claim_idle_ms=0)
    later.drain_all()
    assert later.store.count() == 200 and later.store.verify().ok
    assert sync_redis.xlen(STREAM) <= 1  # all archived: only the last delivered entry may remain
