"""The Redis client factory: one pooled asyncio client per process, built in ``main()`` and passed down."""

from __future__ import annotations

import redis.asyncio as aioredis
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

# Errors that mean "Redis is not reachable right now" (as opposed to a bug in a command).
REDIS_DOWN_ERRORS: tuple[type[Exception], ...] = (RedisConnectionError, RedisTimeoutError, OSError)


def make_redis(url: str, *, max_connections: int = 256, timeout_s: float = 1.0) -> aioredis.Redis:
    """A client that fails fast when Redis is down (so callers can answer 503) and reconnects by itself."""
    return aioredis.Redis.from_url(
        url,
        max_connections=max_connections,
        socket_timeout=timeout_s,
        socket_connect_timeout=timeout_s,
        retry=Retry(ExponentialBackoff(cap=0.2, base=0.01), retries=1),
        health_check_interval=15,
        decode_responses=False,
    )
