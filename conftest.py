"""Fixtures shared by every test tier: a private real Redis server per test session (pytest-redis)."""

from __future__ import annotations

import shutil

import pytest
from pytest_redis import factories

REDIS_BINARY = shutil.which("redis-server") or "/usr/bin/redis-server"

redis_server = factories.redis_proc(executable=REDIS_BINARY, port=None)


@pytest.fixture
async def redis_client(redis_server):  # type: ignore[no-untyped-def]
    """An asyncio client on the private server, flushed before each test."""
    import redis.asyncio as aioredis

    client = aioredis.Redis(host=redis_server.host, port=redis_server.port)
    await client.flushall()
    yield client
    await client.aclose()
