"""The whole request path on real processes: gateway (HTTP+SSE) -> dialogue (gRPC stream) -> engine simulator
(OpenAI streaming HTTP), with the session in a real Redis."""

from __future__ import annotations

import httpx

from devstack.platform import Platform, sse_events


async def _new_session(client: httpx.AsyncClient, platform: Platform, user: str = "alice") -> str:
    r = await client.post("/v1/sessions", json={"locale": "en"}, headers=platform.auth(user))
    assert r.status_code == 201, r.text
    return str(r.json()["session_id"])


async def _turn(client: httpx.AsyncClient, platform: Platform, sid: str, text: str, user: str = "alice"):
    async with client.stream(
        "POST", f"/v1/sessions/{sid}/messages", json={"text": text}, headers=platform.auth(user)
    ) as r:
        assert r.status_code == 200, await r.aread()
        assert r.headers["content-type"].startswith("text/event-stream")
        return [e async for e in sse_events(r)]


async def test_streamed_turn_is_stored_with_its_usage(client: httpx.AsyncClient, platform: Platform) -> None:
    sid = await _new_session(client, platform)
    events = await _turn(client, platform, sid, "What is an index fund?")
    kinds = [e.event for e in events]
    # a definition: the knowledge card first (the entry and its source), then the text
    assert kinds[0] == "card" and events[0].data["kind"] == "knowledge"
    assert kinds[-1] == "done" and set(kinds[1:-1]) == {"delta"}
    text = "".join(e.data["text"] for e in events if e.event == "delta")
    done = events[-1].data
    assert text.strip()
    assert done["usage"]["completion_tokens"] == 40  # the dialogue's max_tokens: finish "length"
    assert done["finish_reason"] == "length"
    assert done["usage"]["prompt_tokens"] > 0 and done["timings"]["ttft_ms"] > 0
    session = (await client.get(f"/v1/sessions/{sid}", headers=platform.auth())).json()
    assert [t["status"] for t in session["turns"]] == ["completed"]
    assert session["turns"][0]["assistant_text"] == text
    assert session["turns"][0]["user_text"] == "What is an index fund?"
    assert session["turns"][0]["turn_id"] == done["turn_id"]


async def test_multi_turn_sends_history_and_hits_the_prefix_cache(
    client: httpx.AsyncClient, platform: Platform
) -> None:
    sid = await _new_session(client, platform)
    first = (await _turn(client, platform, sid, "What is a bond fund?"))[-1].data
    second = (await _turn(client, platform, sid, "And what are its risks?"))[-1].data
    # The second prompt carries the first turn (question and answer), so it is longer, and its start (the
    # persona and turn one) is served from the engine's prefix cache.
    assert second["usage"]["prompt_tokens"] > first["usage"]["prompt_tokens"] + 40
    assert second["usage"]["cached_prompt_tokens"] > 0
    session = (await client.get(f"/v1/sessions/{sid}", headers=platform.auth())).json()
    assert [t["user_text"] for t in session["turns"]] == ["What is a bond fund?", "And what are its risks?"]


async def test_dialogue_restart_mid_conversation_loses_no_history(
    client: httpx.AsyncClient, platform: Platform
) -> None:
    sid = await _new_session(client, platform)
    await _turn(client, platform, sid, "first question")
    platform.stack.restart(platform.dialogue)
    events = await _turn(client, platform, sid, "second question")
    assert events[-1].event == "done"
    session = (await client.get(f"/v1/sessions/{sid}", headers=platform.auth())).json()
    assert [t["user_text"] for t in session["turns"]] == ["first question", "second question"]


async def test_openai_compatible_stream_and_non_stream(client: httpx.AsyncClient, platform: Platform) -> None:
    body = {
        "model": "advisor",
        "messages": [{"role": "user", "content": "Explain diversification."}],
        "max_tokens": 12,
        "seed": 1,
        "stream": True,
        "stream_options": {"include_usage": True},
    }
    async with client.stream("POST", "/v1/chat/completions", json=body, headers=platform.auth()) as r:
        assert r.status_code == 200
        frames = [e.data async for e in sse_events(r)]
    assert frames[-1] == {"done": True}
    chunks = frames[:-1]
    assert chunks[0]["choices"][0]["delta"]["role"] == "assistant"
    assert all(c["object"] == "chat.completion.chunk" for c in chunks)
    streamed = "".join(c["choices"][0]["delta"].get("content", "") for c in chunks if c["choices"])
    usage = chunks[-1]["usage"]
    assert usage["completion_tokens"] == 12 and usage["total_tokens"] == usage["prompt_tokens"] + 12
    assert [c["choices"][0]["finish_reason"] for c in chunks if c["choices"]][-1] == "length"

    r = await client.post("/v1/chat/completions", json={**body, "stream": False}, headers=platform.auth())
    assert r.status_code == 200
    completion = r.json()
    assert completion["object"] == "chat.completion"
    assert completion["usage"]["completion_tokens"] == 12
    # Same prompt and seed on the simulator: the same text either way.
    assert completion["choices"][0]["message"]["content"] == streamed


async def test_ops_endpoints(client: httpx.AsyncClient, platform: Platform) -> None:
    assert (await client.get("/healthz")).json() == {"status": "ok"}
    ready = await client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["not_ready"] == []
    metrics = (await client.get("/metrics")).text
    assert "advisor_gateway_ttft_seconds_bucket" in metrics
    assert 'advisor_gateway_requests_total{route="/v1/sessions/{session_id}/messages",status="200"}' in metrics
    assert 'route="/readyz",status="200"' in metrics
    spec = (await client.get("/openapi.json")).json()
    assert "/v1/sessions/{session_id}/messages" in spec["paths"] and "/v1/chat/completions" in spec["paths"]


async def test_stream_ends_right_after_done(client: httpx.AsyncClient, platform: Platform) -> None:
    """`done` is terminal and the turn is stored before it: the response ends there (it stayed open ~5 s,
    holding a connection and a stream slot; issue 25 D5). The bound is loose, the defect was 5 s."""
    import time

    sid = await _new_session(client, platform)
    async with client.stream(
        "POST", f"/v1/sessions/{sid}/messages", json={"text": "What is an ETF?"}, headers=platform.auth()
    ) as r:
        done_at = 0.0
        async for event in sse_events(r):
            if event.event == "done":
                done_at = time.perf_counter()
        ended_at = time.perf_counter()
    assert done_at and ended_at - done_at < 2.0
    turns = (await client.get(f"/v1/sessions/{sid}", headers=platform.auth())).json()["turns"]
    assert [t["status"] for t in turns] == ["completed"]
