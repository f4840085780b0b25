"""The Redis token bucket on a real Redis server."""

from __future__ import annotations

import asyncio

import redis.asyncio as aioredis

from gateway.ratelimit import RateLimiter
from services.common.redis_client import make_redis


async def test_user_burst_then_rejection_with_retry_after(redis_client: aioredis.Redis) -> None:
    limiter = RateLimiter(redis_client, user_rate=1.0, user_burst=3, tenant_rate=1000, tenant_burst=1000)
    decisions = [await limiter.check("t1", "alice") for _ in range(4)]
    assert [d.allowed for d in decisions] == [True, True, True, False]
    assert decisions[-1].limited_by == "user"
    assert 0 < decisions[-1].retry_after_s <= 1.0
    # Another user of the same tenant has a bucket of their own; so does the same name in another tenant.
    assert (await limiter.check("t1", "bob")).allowed
    assert (await limiter.check("t2", "alice")).allowed


async def test_tokens_refill_at_the_configured_rate(redis_client: aioredis.Redis) -> None:
    limiter = RateLimiter(redis_client, user_rate=20.0, user_burst=1, tenant_rate=1000, tenant_burst=1000)
    assert (await limiter.check("t", "u")).allowed
    assert not (await limiter.check("t", "u")).allowed
    await asyncio.sleep(0.12)  # 20/s refills one token in 50 ms
    assert (await limiter.check("t", "u")).allowed


async def test_tenant_bucket_limits_all_users_and_rejection_charges_nothing(redis_client: aioredis.Redis) -> None:
    limiter = RateLimiter(redis_client, user_rate=100, user_burst=100, tenant_rate=0.001, tenant_burst=5)
    results = [await limiter.check("t", f"user{i}") for i in range(8)]
    assert [r.allowed for r in results] == [True] * 5 + [False] * 3
    assert results[-1].limited_by == "tenant"
    # The rejected users' own buckets were not charged.
    tokens = await redis_client.hget("rl:{t}:u:user7", "tokens")
    assert tokens is None


async def test_concurrent_checks_never_overspend(redis_client: aioredis.Redis) -> None:
    limiter = RateLimiter(redis_client, user_rate=0.001, user_burst=10, tenant_rate=1000, tenant_burst=1000)
    results = await asyncio.gather(*(limiter.check("t", "same-user") for _ in range(50)))
    assert sum(r.allowed for r in results) == 10


async def test_redis_down_fails_open() -> None:
    dead = make_redis("redis://127.0.0.1:1/0", timeout_s=0.2)  # the factory the services use
    limiter = RateLimiter(dead, user_rate=1, user_burst=1, tenant_rate=1, tenant_burst=1)
    decision = await limiter.check("t", "u")
    assert decision.allowed and decision.limited_by == "unavailable"
    await dead.aclose()


async def test_script_reloaded_after_redis_flushes_its_cache(redis_client: aioredis.Redis) -> None:
    limiter = RateLimiter(redis_client, user_rate=1, user_burst=5, tenant_rate=1000, tenant_burst=1000)
    assert (await limiter.check("t", "u")).allowed
    await redis_client.script_flush()
    assert (await limiter.check("t", "u")).allowed
