"""Audit events and the Redis Stream sink the worker drains into SQL.

Every decision is appended before the caller may act on it; if the append fails, the caller gets UNAVAILABLE
(fail closed). An answer's closing record that could not be appended (Redis failed mid-answer, after text had
gone out) is parked in memory and appended by the monitor as soon as Redis answers again, so what was shown is
not lost with it. Texts are PII-redacted before they get here; each event also carries the text's SHA-256.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import time
import uuid
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, field
from typing import Any

import orjson
import redis.asyncio as aioredis

from services.common.errors import Unavailable
from services.common.redis_client import REDIS_DOWN_ERRORS

log = logging.getLogger(__name__)

AUDIT_FIELD = b"e"
MAX_PARKED = 100_000  # closing records kept while Redis is down (~1 KiB each); beyond it the oldest are dropped


@dataclass
class AuditEvent:
    kind: str  # "input", "output" (one per answer), "decision" (a rewrite/warning in an answer), "release",
    # "suitability", "confirmation", "assessment"
    action: str
    tenant: str = ""
    user_id: str = ""
    session_id: str = ""
    turn_id: str = ""
    request_id: str = ""
    model: str = ""
    rule_ids: list[str] = field(default_factory=list)
    text: str = ""  # PII-redacted
    rules_version: str = ""
    timings_ms: dict[str, float] = field(default_factory=dict)
    detail: dict[str, Any] = field(default_factory=dict)
    event_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    ts_ms: int = field(default_factory=lambda: int(time.time() * 1000))

    def to_json(self) -> bytes:
        data = asdict(self)
        data["text_sha256"] = hashlib.sha256(self.text.encode()).hexdigest()
        return orjson.dumps(data, option=orjson.OPT_SORT_KEYS)


class AuditSink:
    """Appends events to one Redis Stream. ``healthy`` is kept current by :meth:`monitor`."""

    def __init__(self, redis: aioredis.Redis, stream: str) -> None:
        self._redis = redis
        self.stream = stream
        self.healthy = True
        self._parked: deque[AuditEvent] = deque()

    @property
    def parked(self) -> int:
        return len(self._parked)

    def park(self, event: AuditEvent) -> None:
        """Keep an event whose append failed, to append it (same id: the archive skips a duplicate) when Redis
        answers again."""
        if len(self._parked) >= MAX_PARKED:
            dropped = self._parked.popleft()
            log.error("audit backlog full: dropped a parked event", extra={"event_id": dropped.event_id})
        self._parked.append(event)

    async def flush_parked(self) -> int:
        """Append parked events in order; stops at the first failure (they stay parked). Returns how many went."""
        sent = 0
        while self._parked:
            try:
                await self._redis.xadd(self.stream, {AUDIT_FIELD: self._parked[0].to_json()})
            except REDIS_DOWN_ERRORS:
                self.healthy = False
                break
            self._parked.popleft()
            sent += 1
        if sent:
            log.warning("appended parked audit events", extra={"count": sent, "left": len(self._parked)})
        return sent

    async def append(self, event: AuditEvent) -> str:
        try:
            # no MAXLEN: a cap would drop entries the worker has not archived yet; the worker trims what it has
            await self._redis.xadd(self.stream, {AUDIT_FIELD: event.to_json()})
        except REDIS_DOWN_ERRORS as err:
            self.healthy = False
            raise Unavailable("compliance audit trail unavailable; nothing can be released") from err
        self.healthy = True
        return event.event_id

    async def ping(self) -> bool:
        try:
            await self._redis.ping()
        except REDIS_DOWN_ERRORS:
            return False
        return True

    async def monitor(self, interval_s: float, on_change: Callable[[bool], Awaitable[None]]) -> None:
        """Ping Redis forever; call ``on_change(ready)`` whenever readiness flips (health NOT_SERVING)."""
        last: bool | None = None
        while True:
            ok = await self.ping()
            self.healthy = ok
            if ok and self._parked:
                await self.flush_parked()
            if ok != last:
                last = ok
                log.warning("audit redis %s", "reachable" if ok else "UNREACHABLE: not serving")
                with contextlib.suppress(Exception):
                    await on_change(ok)
            await asyncio.sleep(interval_s)
