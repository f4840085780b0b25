"""Drain the audit Redis Stream into SQL with a consumer group: at-least-once delivery, idempotent writes.

Order of one step: (1) this consumer's own pending entries (read but not acknowledged before a crash),
(2) entries other consumers left pending longer than ``claim_idle_ms`` (XAUTOCLAIM: they died), (3) new
entries. Each batch is committed to SQL first and acknowledged (XACK) only after the commit, so a crash at
any point loses nothing; a re-delivered event is skipped by its unique ``event_id``, so nothing is duplicated.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import redis
from redis.exceptions import ResponseError

from services.worker.store import AuditStore

log = logging.getLogger(__name__)
AUDIT_FIELD = b"e"


@dataclass
class DrainStats:
    written: int = 0
    acked: int = 0
    batches: int = 0
    errors: int = 0
    last_error: str = ""
    claimed: int = field(default=0)


class AuditDrainer:
    def __init__(self, client: redis.Redis, store: AuditStore, stream: str, group: str, consumer: str, *,
                 batch_size: int = 200, block_ms: int = 1000, claim_idle_ms: int = 30_000) -> None:
        self.redis = client
        self.store = store
        self.stream = stream
        self.group = group
        self.consumer = consumer
        self.batch_size = batch_size
        self.block_ms = block_ms
        self.claim_idle_ms = claim_idle_ms
        self.stats = DrainStats()
        self._own_pending_done = False
        self._claim_cursor = "0-0"

    def ensure_group(self) -> None:
        try:
            self.redis.xgroup_create(self.stream, self.group, id="0", mkstream=True)
        except ResponseError as err:
            if "BUSYGROUP" not in str(err):
                raise

    def _own_pending(self) -> list[Any]:
        reply: Any = self.redis.xreadgroup(self.group, self.consumer, {self.stream: "0"}, count=self.batch_size)
        entries = reply[0][1] if reply else []
        if not entries:
            self._own_pending_done = True
        return entries

    def _claim(self) -> list[Any]:
        reply: Any = self.redis.xautoclaim(self.stream, self.group, self.consumer, self.claim_idle_ms,
                                      start_id=self._claim_cursor, count=self.batch_size)
        self._claim_cursor = reply[0].decode() if isinstance(reply[0], bytes) else str(reply[0])
        entries = [e for e in reply[1] if e and e[1]]
        self.stats.claimed += len(entries)
        return entries

    def _new(self, block_ms: int | None) -> list[Any]:
        # block=0 would mean "forever" to Redis; None means "do not block".
        reply: Any = self.redis.xreadgroup(self.group, self.consumer, {self.stream: ">"}, count=self.batch_size,
                                      block=block_ms or None)
        return reply[0][1] if reply else []

    def step(self, block_ms: int | None = None) -> int:
        """Drain one batch; returns how many entries were handled (0 when idle)."""
        entries = [] if self._own_pending_done else self._own_pending()
        if not entries:
            entries = self._claim() or self._new(self.block_ms if block_ms is None else block_ms)
        if not entries:
            return 0
        batch = [(eid.decode(), fields[AUDIT_FIELD]) for eid, fields in entries if AUDIT_FIELD in fields]
        self.stats.written += self.store.write_batch(batch)  # commit first ...
        ids = [eid for eid, _ in entries]
        self.stats.acked += int(self.redis.xack(self.stream, self.group, *ids))  # ... then acknowledge
        self.stats.batches += 1
        self._trim()
        return len(entries)

    def _trim(self) -> None:
        """Drop only what is archived: entries older than both the oldest pending one and the last delivered.

        The stream itself has no length cap (compliance appends without MAXLEN), so nothing is trimmed before it
        reaches SQL; if the worker stays down, Redis memory fills and compliance fails closed instead.
        """
        pending: Any = self.redis.xpending(self.stream, self.group)
        groups: Any = self.redis.xinfo_groups(self.stream)
        delivered = next((g["last-delivered-id"] for g in groups if _text(g["name"]) == self.group), None)
        if delivered is None:
            return
        floor = _text(pending["min"]) if pending and pending.get("pending") else _text(delivered)
        self.redis.xtrim(self.stream, minid=floor, approximate=False)

    def run(self, stop: threading.Event, on_step: Callable[[DrainStats], None] | None = None) -> None:
        """Loop until ``stop`` is set; survives Redis or database outages by retrying with a short pause."""
        group_ready = False
        while not stop.is_set():
            try:
                if not group_ready:
                    self.ensure_group()
                    group_ready = True
                self.step()
                if on_step is not None:
                    on_step(self.stats)
            except Exception as err:  # Redis or the database is down: keep trying, never exit
                self.stats.errors += 1
                self.stats.last_error = repr(err)
                log.warning("audit drain step failed; retrying", extra={"error": repr(err)})
                stop.wait(1.0)
                group_ready = False

    def drain_all(self, max_batches: int = 1_000_000) -> int:
        """Drain until the stream has nothing new (for the CLI, tests and the one-shot task)."""
        self.ensure_group()
        total = 0
        for _ in range(max_batches):
            n = self.step(block_ms=0)
            if n == 0:
                break
            total += n
        return total


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def wait_for_redis(client: redis.Redis, timeout_s: float = 30.0) -> None:
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            client.ping()
            return
        except (redis.ConnectionError, OSError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
