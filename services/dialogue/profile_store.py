"""Investor profiles in Redis: risk level, holdings, and confirmed suitability warnings.

Layout (one hash tag per user so every key of a profile lives in one Redis Cluster slot and MULTI works there):
  adv:{tenant}:prof:{<user>}        hash: risk_level, risk_score, assessed_ms, holdings (JSON)
  adv:{tenant}:prof:{<user>}:conf   list of JSON confirmations, newest last
Every update is one MULTI/EXEC that also refreshes the TTL of both keys, so a reader never sees half an update.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import orjson
import redis.asyncio as aioredis

from services.common.errors import InvalidArgument, Unavailable
from services.common.redis_client import REDIS_DOWN_ERRORS
from services.compliance.client import CallContext
from services.dialogue.planning.plan import Profile

LEVELS = ("C1", "C2", "C3", "C4", "C5")
MAX_HOLDINGS = 50
MAX_CONFIRMATIONS = 200


@dataclass(frozen=True)
class Confirmation:
    """An investor insisting on a product above their risk level, after the warning was shown."""

    product: str
    product_level: str
    investor_level: str
    confirmation_id: str  # compliance's id of the audited record
    at_ms: int


def _keys(ctx: CallContext) -> tuple[str, str]:
    base = f"adv:{ctx.tenant}:prof:{{{ctx.user_id}}}"
    return base, f"{base}:conf"


class ProfileStore:
    def __init__(self, redis: aioredis.Redis, *, ttl_s: int) -> None:
        self._redis = redis
        self._ttl_s = ttl_s

    async def get(self, ctx: CallContext) -> Profile:
        key, _ = _keys(ctx)
        try:
            raw = {_b(k): _b(v) for k, v in (await self._redis.hgetall(key)).items()}
        except REDIS_DOWN_ERRORS as err:
            raise Unavailable("profile store unavailable", code="profile_store_unavailable") from err
        holdings = orjson.loads(raw[b"holdings"]) if b"holdings" in raw else []
        return Profile(
            risk_level=raw.get(b"risk_level", b"").decode(),
            holdings=tuple((h[0], float(h[1])) for h in holdings),
        )

    async def set_risk_level(self, ctx: CallContext, level: str, score: float) -> None:
        if level not in LEVELS:
            raise InvalidArgument(f"risk level must be one of {', '.join(LEVELS)}", code="invalid_risk_level")
        await self._update(ctx, {"risk_level": level, "risk_score": score, "assessed_ms": _now_ms()})

    async def set_holdings(self, ctx: CallContext, holdings: list[tuple[str, float]]) -> None:
        if len(holdings) > MAX_HOLDINGS:
            raise InvalidArgument(f"at most {MAX_HOLDINGS} holdings", code="too_many_holdings")
        if any(w < 0 for _, w in holdings):
            raise InvalidArgument("holding weights must not be negative", code="invalid_holdings")
        await self._update(ctx, {"holdings": orjson.dumps([[i, w] for i, w in holdings])})

    async def add_confirmation(self, ctx: CallContext, confirmation: Confirmation) -> None:
        key, conf_key = _keys(ctx)
        try:
            async with self._redis.pipeline(transaction=True) as pipe:
                pipe.rpush(conf_key, orjson.dumps(confirmation.__dict__))
                pipe.ltrim(conf_key, -MAX_CONFIRMATIONS, -1)
                pipe.expire(conf_key, self._ttl_s)
                pipe.expire(key, self._ttl_s)
                await pipe.execute()
        except REDIS_DOWN_ERRORS as err:
            raise Unavailable("profile store unavailable", code="profile_store_unavailable") from err

    async def confirmations(self, ctx: CallContext) -> list[Confirmation]:
        _, conf_key = _keys(ctx)
        try:
            raw = await self._redis.lrange(conf_key, 0, -1)
        except REDIS_DOWN_ERRORS as err:
            raise Unavailable("profile store unavailable", code="profile_store_unavailable") from err
        return [Confirmation(**orjson.loads(r)) for r in raw]

    async def _update(self, ctx: CallContext, fields: dict[str, str | float | bytes]) -> None:
        key, conf_key = _keys(ctx)
        try:
            async with self._redis.pipeline(transaction=True) as pipe:
                pipe.hset(key, mapping=fields)  # type: ignore[arg-type]  # redis-py's mapping type is too narrow
                pipe.expire(key, self._ttl_s)
                pipe.expire(conf_key, self._ttl_s)
                await pipe.execute()
        except REDIS_DOWN_ERRORS as err:
            raise Unavailable("profile store unavailable", code="profile_store_unavailable") from err


def _b(value: bytes | str) -> bytes:
    return value if isinstance(value, bytes) else value.encode()


def _now_ms() -> int:
    return int(time.time() * 1000)
