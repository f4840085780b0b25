"""The conversation table against the real services: gateway, dialogue, portfolio-tool, compliance and Redis,
with the simulator engine in its deterministic "facts" mode and the offline embedding model on.

Each turn goes through the app API as a user would send it; the SSE stream is checked against the table: intent,
tools called, cards and their numbers (against numpy-financial), clarifying questions, refusals, compliance
outcome, PII redaction, and zero ungrounded numbers released.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import numpy_financial as npf
import pytest
import redis.asyncio as aioredis

from devstack.platform import Platform, SseEvent, sse_events, start_platform
from services.dialogue.models import Caller
from services.dialogue.profile_store import ProfileStore
from tests.conversations.table import args_match, conversations

CONVERSATIONS = conversations()
DEFAULT_ACTIONS = ["pass", "disclaimer"]


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    p = start_platform(
        Path(tmp_path_factory.mktemp("conversations")),
        sim={"response_mode": "facts", "token_rate": "2000"},
        dialogue={"default_max_tokens": "400"},
        embeddings=True,
    )
    yield p
    p.stack.stop_all()


@pytest.fixture
async def client(platform: Platform) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=platform.gateway_url, timeout=60) as c:
        yield c


async def _turn(client: httpx.AsyncClient, platform: Platform, user: str, sid: str, text: str) -> list[SseEvent]:
    async with client.stream(
        "POST", f"/v1/sessions/{sid}/messages", json={"text": text}, headers=platform.auth(user)
    ) as r:
        assert r.status_code == 200, await r.aread()
        return [e async for e in sse_events(r)]


def _check_card(check: dict[str, Any], cards: list[dict[str, Any]]) -> None:
    """Card numbers against numpy-financial (the reference implementation), monthly rate = annual / 12."""
    rate, n = check.get("annual_rate", 0.0) / 12, check.get("months", 0)
    if check["kind"] == "loan_payment":
        card = next(c for c in cards if c["kind"] == "loan_schedule" and c["data"]["method"] == "equal_payment")
        expected = float(npf.pmt(rate, n, -check["principal"]))
        assert card["data"]["first_payment"] == pytest.approx(expected, rel=1e-9)
    elif check["kind"] == "loan_first_principal_payment":  # 等额本金: P/n + P*i in the first month
        card = next(c for c in cards if c["kind"] == "loan_schedule")
        expected = check["principal"] / n + check["principal"] * rate
        assert card["data"]["first_payment"] == pytest.approx(expected, rel=1e-9)
    elif check["kind"] == "suitability_decision":
        card = next(c for c in cards if c["kind"] == "suitability")
        assert card["data"]["decision"] in check["decisions"] and card["data"]["message"]
        assert card["data"]["requires_confirmation"] is check["requires_confirmation"]
    elif check["kind"] == "savings_fv":  # contributions at the end of each month
        card = next(c for c in cards if c["kind"] == "savings_projection")
        expected = float(npf.fv(rate, n, -check["monthly"], 0))
        data = card["data"]  # an exact plan (solve_goal) or a yearly projection (project_savings)
        value = data["final_value"] if "final_value" in data else data["deterministic"][-1]["value"]
        assert value == pytest.approx(expected, rel=1e-9)


async def _preset(platform: Platform, user: str, profile: dict[str, Any]) -> None:
    redis = aioredis.from_url(platform.redis_url)
    store = ProfileStore(redis, ttl_s=600)
    caller = Caller("default", user)
    if "risk_level" in profile:
        await store.set_risk_level(caller, profile["risk_level"], 0)
    if "holdings" in profile:
        await store.set_holdings(caller, [(h[0], float(h[1])) for h in profile["holdings"]])
    await redis.aclose()


def _check_turn(turn: dict[str, Any], events: list[SseEvent]) -> None:
    kinds = [e.event for e in events]
    assert kinds[-1] == "done", kinds
    done = events[-1].data
    cards = [e.data for e in events if e.event == "card"]
    text = "".join(e.data["text"] for e in events if e.event == "delta")
    assert text.strip(), "every turn answers something"
    # a decline is the platform's own text: reviewed like any answer, so it may carry the risk disclaimer
    allowed = turn.get("compliance", ["block", "pass", "disclaimer"] if turn.get("out_of_scope") else DEFAULT_ACTIONS)
    assert done["compliance"]["action"] in allowed, done["compliance"]
    assert done["compliance"]["withheld_numbers"] == 0, text  # the deterministic engine only quotes facts
    if turn.get("refused"):
        assert any(e.event == "notice" and e.data["code"] == "input_refused" for e in events)
        assert done["tools"] == [] and cards == []
        return
    if turn.get("out_of_scope"):
        by_compliance = any(e.event == "notice" and e.data["code"] == "input_refused" for e in events)
        assert by_compliance or done["intent"] == "out_of_scope"
        assert done["tools"] == [] and cards == [] and done["usage"]["completion_tokens"] == 0
        return
    if "intent" not in turn:
        return  # only the compliance outcome is specified (e.g. a request for a promise: refused or answered safely)
    assert done["intent"] == turn["intent"]
    assert [t["tool"] for t in done["tools"]] == [c["tool"] for c in turn.get("calls", [])]
    assert all(t["status"] == "ok" for t in done["tools"]), done["tools"]
    assert [c["kind"] for c in cards] == turn.get("cards", [])
    for want in turn.get("calls", []):
        if want["tool"] == "record_confirmation":
            card = next(c for c in cards if c["kind"] == "suitability_confirmation")
            assert card["data"]["confirmation_id"] and args_match(want["args"], card["data"])
    if turn.get("clarify"):
        assert done["usage"]["completion_tokens"] == 0  # asked by the platform, no model involved
    if "check" in turn:
        _check_card(turn["check"], cards)


@pytest.mark.parametrize("conv", CONVERSATIONS, ids=[c["id"] for c in CONVERSATIONS])
async def test_conversation(conv: dict[str, Any], client: httpx.AsyncClient, platform: Platform) -> None:
    user = f"user-{conv['id']}"
    await _preset(platform, user, conv.get("profile", {}))
    r = await client.post("/v1/sessions", json={"locale": conv["locale"]}, headers=platform.auth(user))
    sid = r.json()["session_id"]
    for turn in conv["turns"]:
        events = await _turn(client, platform, user, sid, turn["user"])
        _check_turn(turn, events)
    stored = (await client.get(f"/v1/sessions/{sid}", headers=platform.auth(user))).json()["turns"]
    assert len(stored) == len(conv["turns"])
    for turn, record in zip(conv["turns"], stored, strict=True):
        for secret in turn.get("redacted", []):
            assert secret not in record["user_text"]  # PII never stored
    confirmed = [t for t in conv["turns"] if any(c["tool"] == "record_confirmation" for c in t.get("calls", []))]
    if confirmed:  # the insisting investor's confirmation is on their profile, with compliance's record id
        redis = aioredis.from_url(platform.redis_url)
        records = await ProfileStore(redis, ttl_s=600).confirmations(Caller("default", user))
        await redis.aclose()
        assert len(records) == len(confirmed) and all(r.confirmation_id for r in records)
