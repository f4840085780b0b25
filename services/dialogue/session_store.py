"""Sessions in Redis.

Layout (one hash tag per session, so both keys live in one Redis Cluster slot and MULTI works there too):
  adv:{tenant}:sess:{<id>}:meta   hash: user_id, locale, created/updated ms
  adv:{tenant}:sess:{<id>}:turns  list of JSON turns, newest last, capped at ``max_turns``
A turn (the user's message together with the answer) is appended in one MULTI/EXEC with the TTL refresh, so a
reader never sees a question without its answer or a half-written record.
"""

from __future__ import annotations

import dataclasses
import time
from typing import Any

import orjson
import redis.asyncio as aioredis

from services.common.errors import InvalidArgument, NotFound, Unavailable
from services.common.ids import SESSION_ID_RE, TENANT_RE, new_id
from services.common.redis_client import REDIS_DOWN_ERRORS
from services.compliance.client import CallContext
from services.dialogue.models import Session, Turn, Usage


def _now_ms() -> int:
    return int(time.time() * 1000)


def _keys(tenant: str, session_id: str) -> tuple[str, str]:
    base = f"adv:{tenant}:sess:{{{session_id}}}"
    return f"{base}:meta", f"{base}:turns"


def _turn_from_json(raw: bytes) -> Turn:
    data = orjson.loads(raw)
    data["usage"] = Usage(**data.get("usage", {}))
    return Turn(**data)


class SessionStore:
    def __init__(self, redis: aioredis.Redis, *, ttl_s: int, max_turns: int) -> None:
        self._redis = redis
        self._ttl_s = ttl_s
        self._max_turns = max_turns

    async def create(self, ctx: CallContext, locale: str) -> Session:
        _check_tenant(ctx.tenant)
        session_id = new_id()
        now = _now_ms()
        meta_key, _ = _keys(ctx.tenant, session_id)
        meta: dict[Any, Any] = {"user_id": ctx.user_id, "locale": locale, "created_ms": now, "updated_ms": now}
        try:
            async with self._redis.pipeline(transaction=True) as pipe:
                pipe.hset(meta_key, mapping=meta)
                pipe.expire(meta_key, self._ttl_s)
                await pipe.execute()
        except REDIS_DOWN_ERRORS as err:
            raise Unavailable("session store unavailable", code="session_store_unavailable") from err
        return Session(session_id, ctx.user_id, ctx.tenant, locale, now, now, now + self._ttl_s * 1000)

    async def get(self, ctx: CallContext, session_id: str, *, last_turns: int | None = None) -> Session:
        """The session with its turns (the newest ``last_turns`` if given). Someone else's session is
        indistinguishable from a missing one."""
        _check_tenant(ctx.tenant)
        if not SESSION_ID_RE.match(session_id):
            raise NotFound("session not found", code="session_not_found")
        meta_key, turns_key = _keys(ctx.tenant, session_id)
        start = -last_turns if last_turns else 0
        try:
            async with self._redis.pipeline(transaction=False) as pipe:
                pipe.hgetall(meta_key)
                pipe.lrange(turns_key, start, -1)
                pipe.pttl(meta_key)
                meta, raw_turns, pttl = await pipe.execute()
        except REDIS_DOWN_ERRORS as err:
            raise Unavailable("session store unavailable", code="session_store_unavailable") from err
        if not meta or meta.get(b"user_id", b"").decode() != ctx.user_id:
            raise NotFound("session not found", code="session_not_found")
        now = _now_ms()
        return Session(
            session_id=session_id,
            user_id=ctx.user_id,
            tenant=ctx.tenant,
            locale=meta.get(b"locale", b"").decode(),
            created_unix_ms=int(meta.get(b"created_ms", 0)),
            updated_unix_ms=int(meta.get(b"updated_ms", 0)),
            expires_unix_ms=now + max(int(pttl), 0),
            turns=[_turn_from_json(r) for r in raw_turns],
        )

    async def append_turn(self, ctx: CallContext, session_id: str, turn: Turn) -> None:
        """Store one complete turn and refresh the TTL, atomically."""
        meta_key, turns_key = _keys(ctx.tenant, session_id)
        payload = orjson.dumps(dataclasses.asdict(turn))
        try:
            async with self._redis.pipeline(transaction=True) as pipe:
                pipe.rpush(turns_key, payload)
                pipe.ltrim(turns_key, -self._max_turns, -1)
                pipe.hset(meta_key, "updated_ms", _now_ms())
                pipe.expire(turns_key, self._ttl_s)
                pipe.expire(meta_key, self._ttl_s)
                await pipe.execute()
        except REDIS_DOWN_ERRORS as err:
            raise Unavailable("session store unavailable", code="session_store_unavailable") from err

    async def ping(self) -> bool:
        try:
            return bool(await self._redis.ping())
        except REDIS_DOWN_ERRORS:
            return False


def _check_tenant(tenant: str) -> None:
    if not TENANT_RE.match(tenant):
        raise InvalidArgument("invalid tenant id", code="invalid_tenant")
