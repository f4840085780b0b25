"""Sessions on a real private Redis server."""

from __future__ import annotations

import pytest
import redis.asyncio as aioredis

from services.common.errors import NotFound, Unavailable
from services.common.redis_client import make_redis
from services.dialogue.models import Caller, Turn, Usage
from services.dialogue.session_store import SessionStore

ALICE = Caller("default", "alice")
BOB = Caller("default", "bob")


def _turn(i: int) -> Turn:
    return Turn(f"t{i}", f"q{i}", f"a{i}", "completed", 1000 + i, "m", Usage(5, 7, 0))


async def test_create_append_get_round_trip(redis_client: aioredis.Redis) -> None:
    store = SessionStore(redis_client, ttl_s=60, max_turns=10)
    session = await store.create(ALICE, "en")
    await store.append_turn(ALICE, session.session_id, _turn(1))
    loaded = await store.get(ALICE, session.session_id)
    assert loaded.turns == [_turn(1)]
    assert loaded.locale == "en" and loaded.user_id == "alice"
    for key in await redis_client.keys("adv:default:sess:*"):
        assert 0 < await redis_client.ttl(key) <= 60


async def test_other_users_and_unknown_sessions_are_not_found(redis_client: aioredis.Redis) -> None:
    store = SessionStore(redis_client, ttl_s=60, max_turns=10)
    session = await store.create(ALICE, "en")
    with pytest.raises(NotFound):
        await store.get(BOB, session.session_id)
    with pytest.raises(NotFound):
        await store.get(Caller("other-tenant", "alice"), session.session_id)
    with pytest.raises(NotFound):
        await store.get(ALICE, "no-such-session-id")
    with pytest.raises(NotFound):
        await store.get(ALICE, "../../etc")


async def test_history_is_bounded_and_last_turns_slice(redis_client: aioredis.Redis) -> None:
    store = SessionStore(redis_client, ttl_s=60, max_turns=3)
    session = await store.create(ALICE, "zh-CN")
    for i in range(5):
        await store.append_turn(ALICE, session.session_id, _turn(i))
    loaded = await store.get(ALICE, session.session_id)
    assert [t.turn_id for t in loaded.turns] == ["t2", "t3", "t4"]
    last = await store.get(ALICE, session.session_id, last_turns=2)
    assert [t.turn_id for t in last.turns] == ["t3", "t4"]


async def test_redis_down_is_unavailable() -> None:
    dead = make_redis("redis://127.0.0.1:1/0", timeout_s=0.2)  # the factory the services use
    store = SessionStore(dead, ttl_s=60, max_turns=3)
    with pytest.raises(Unavailable):
        await store.create(ALICE, "en")
    with pytest.raises(Unavailable):
        await store.get(ALICE, "abcdefghijkl")
    await dead.aclose()
