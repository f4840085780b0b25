"""Failure paths on real processes: client disconnect, engine down, engine crash mid-answer, Redis outage."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator

import httpx
import pytest

from devstack.platform import Platform, sse_events, start_platform

# A slow engine (20 tokens/s, 60-token answers: 3 s a turn) so there is time to disconnect mid-answer.
SLOW_SIM = {"token_rate": "20", "seed": "3"}
# A greeting is answered in the tenant's own words and no knowledge entry answers this: the engine must write it.
STORY = "Tell me a story about investing."


@pytest.fixture(scope="module")
def slow(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    p = start_platform(
        tmp_path_factory.mktemp("slow"),
        sim=SLOW_SIM,
        dialogue={"default_max_tokens": "60", "coalesce_max_tokens": "2", "log_level": "WARNING"},
    )
    yield p
    p.stack.stop_all()


async def _session(client: httpx.AsyncClient, p: Platform) -> str:
    r = await client.post("/v1/sessions", json={"locale": "en"}, headers=p.auth())
    assert r.status_code == 201, r.text
    return str(r.json()["session_id"])


async def _wait_for(predicate, timeout_s: float) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():
            return True
        await asyncio.sleep(0.02)
    return bool(predicate())


async def test_client_disconnect_aborts_the_engine_request_and_stores_a_cancelled_turn(slow: Platform) -> None:
    aborted_before = slow.metric("vllm:request_success_total", 'finished_reason="abort"')
    async with httpx.AsyncClient(base_url=slow.gateway_url, timeout=20) as client:
        sid = await _session(client, slow)
        seen = ""
        async with client.stream(
            "POST", f"/v1/sessions/{sid}/messages", json={"text": "explain diversification in detail"},
            headers=slow.auth(),
        ) as r:
            async for event in sse_events(r):
                seen += event.data.get("text", "")
                if event.event == "delta" and len(seen.split()) >= 3:
                    break  # leaving the block closes the connection mid-answer
        assert slow.metric("vllm:num_requests_running") >= 0
        # The engine must see the abort within 1 s of the disconnect (the requirement).
        assert await _wait_for(
            lambda: slow.metric("vllm:request_success_total", 'finished_reason="abort"') > aborted_before, 1.0
        )
        assert slow.metric("vllm:num_requests_running") == 0
        turns: list = []
        for _ in range(50):  # the cancelled turn is written by the dialogue service as it unwinds
            turns = (await client.get(f"/v1/sessions/{sid}", headers=slow.auth())).json()["turns"]
            if turns:
                break
            await asyncio.sleep(0.05)
        assert [t["status"] for t in turns] == ["cancelled"]
        assert turns[0]["assistant_text"].startswith(seen)
        assert 0 < len(turns[0]["assistant_text"].split()) < 60


async def test_engine_crash_mid_answer_gives_error_event_and_stores_partial_turn(slow: Platform) -> None:
    slow.set_faults(fault_crash_after_tokens=5)
    try:
        async with httpx.AsyncClient(base_url=slow.gateway_url, timeout=20) as client:
            sid = await _session(client, slow)
            async with client.stream(
                "POST", f"/v1/sessions/{sid}/messages", json={"text": STORY}, headers=slow.auth()
            ) as r:
                assert r.status_code == 200
                events = [e async for e in sse_events(r)]
            assert events[-1].event == "error"
            assert events[-1].data["code"] == "engine_stream_broken" and events[-1].data["retryable"] is True
            partial = "".join(e.data["text"] for e in events if e.event == "delta")
            assert partial
            turns = (await client.get(f"/v1/sessions/{sid}", headers=slow.auth())).json()["turns"]
            assert [(t["status"], t["assistant_text"]) for t in turns] == [("error", partial)]
    finally:
        slow.set_faults(fault_crash_after_tokens=0)


async def test_engine_down_is_503_with_retry_after_and_nothing_stored(slow: Platform) -> None:
    async with httpx.AsyncClient(base_url=slow.gateway_url, timeout=20) as client:
        sid = await _session(client, slow)
        slow.stack.stop(slow.engine)
        try:
            r = await client.post(f"/v1/sessions/{sid}/messages", json={"text": STORY}, headers=slow.auth())
            assert r.status_code == 503
            assert r.json()["error"]["code"] == "engine_unavailable"
            assert int(r.headers["retry-after"]) >= 1
            turns = (await client.get(f"/v1/sessions/{sid}", headers=slow.auth())).json()["turns"]
            assert turns == []
        finally:
            slow.stack.restart(slow.engine)
        async with client.stream(
            "POST", f"/v1/sessions/{sid}/messages", json={"text": "hi again"}, headers=slow.auth()
        ) as r:
            assert r.status_code == 200
            assert [e.event async for e in sse_events(r)][-1] == "done"


async def test_engine_error_status_is_503(slow: Platform) -> None:
    slow.set_faults(fault_error_rate=1.0)
    try:
        async with httpx.AsyncClient(base_url=slow.gateway_url, timeout=20) as client:
            sid = await _session(client, slow)
            r = await client.post(f"/v1/sessions/{sid}/messages", json={"text": STORY}, headers=slow.auth())
            assert r.status_code == 503 and r.json()["error"]["code"] == "engine_unavailable"
    finally:
        slow.set_faults(fault_error_rate=0.0)


async def test_redis_outage_and_recovery(tmp_path_factory: pytest.TempPathFactory) -> None:
    p = start_platform(tmp_path_factory.mktemp("redis-outage"), sim={"token_rate": "500"},
                       dialogue={"default_max_tokens": "10", "log_level": "WARNING"})
    try:
        async with httpx.AsyncClient(base_url=p.gateway_url, timeout=20) as client:
            sid = await _session(client, p)
            p.stack.stop(p.redis)
            ready = await client.get("/readyz")
            # compliance also goes NOT_SERVING once it sees that its audit stream is down (within 1 s)
            assert ready.status_code == 503 and ready.json()["not_ready"][0] == "redis"
            assert set(ready.json()["not_ready"]) <= {"redis", "compliance"}
            r = await client.post(f"/v1/sessions/{sid}/messages", json={"text": "hi"}, headers=p.auth())
            assert r.status_code == 503 and r.json()["error"]["code"] == "session_store_unavailable"
            assert int(r.headers["retry-after"]) >= 1
            r = await client.post("/v1/sessions", json={}, headers=p.auth())
            assert r.status_code == 503
            assert (await client.get("/healthz")).status_code == 200  # the gateway stays up
            p.stack.restart(p.redis)  # append-only file: the session survives the restart
            assert await _wait_for(lambda: httpx.get(f"{p.gateway_url}/readyz").status_code == 200, 10)
            async with client.stream(
                "POST", f"/v1/sessions/{sid}/messages", json={"text": "back"}, headers=p.auth()
            ) as resp:
                assert resp.status_code == 200
                assert [e.event async for e in sse_events(resp)][-1] == "done"
            turns = (await client.get(f"/v1/sessions/{sid}", headers=p.auth())).json()["turns"]
            assert [t["user_text"] for t in turns] == ["back"]
    finally:
        p.stack.stop_all()


async def test_readyz_names_compliance_and_portfolio_when_down(tmp_path_factory: pytest.TempPathFactory) -> None:
    """/readyz reflects every dependency a turn needs (issue 25, D3): it said ready while compliance was down."""
    p = start_platform(tmp_path_factory.mktemp("deps-down"), sim=SLOW_SIM, worker=False,
                       dialogue={"default_max_tokens": "60", "coalesce_max_tokens": "2", "log_level": "WARNING"})
    try:
        async with httpx.AsyncClient(base_url=p.gateway_url, timeout=20) as client:
            assert (await client.get("/readyz")).json()["checks"] == {
                "redis": True, "dialogue": True, "portfolio": True, "compliance": True}
            sid = await _session(client, p)
            # compliance dies mid-answer: the documented retryable compliance_unavailable, nothing unreviewed
            # released (it was upstream_error, retryable false; issue 25 D4)
            async with client.stream("POST", f"/v1/sessions/{sid}/messages", json={"text": "What is an ETF?"},
                                     headers=p.auth()) as resp:
                events = []
                async for event in sse_events(resp):
                    events.append(event)
                    if event.event == "delta" and [e.event for e in events].count("delta") == 1:
                        p.stack.stop(p.compliance, sig=9)
            assert events[-1].event == "error", [e.event for e in events]
            assert events[-1].data["code"] == "compliance_unavailable" and events[-1].data["retryable"] is True
            p.stack.stop(p.portfolio, sig=9)
            ready = await client.get("/readyz")
            assert ready.status_code == 503 and ready.json()["not_ready"] == ["portfolio", "compliance"]
            assert int(ready.headers["retry-after"]) >= 1
            r = await client.post(f"/v1/sessions/{sid}/messages", json={"text": "hi"}, headers=p.auth())
            assert r.status_code == 503 and r.json()["error"]["code"] == "compliance_unavailable"
            assert int(r.headers["retry-after"]) >= 1
    finally:
        p.stack.stop_all()


async def test_rate_limits_and_stream_admission(tmp_path_factory: pytest.TempPathFactory) -> None:
    p = start_platform(
        tmp_path_factory.mktemp("limits"),
        sim={"token_rate": "20"},
        dialogue={"default_max_tokens": "60", "log_level": "WARNING"},
        gateway={"rate_user_per_s": "0.01", "rate_user_burst": "3", "max_inflight_streams": "1"},
    )
    try:
        async with httpx.AsyncClient(base_url=p.gateway_url, timeout=20) as client:
            # Per-user bucket: the fourth request of alice is refused, bob is unaffected.
            codes = [(await client.post("/v1/sessions", json={}, headers=p.auth("alice"))).status_code
                     for _ in range(4)]
            assert codes == [201, 201, 201, 429]
            r = await client.post("/v1/sessions", json={}, headers=p.auth("alice"))
            assert r.json()["error"]["code"] == "rate_limited" and int(r.headers["retry-after"]) >= 1
            sid = (await client.post("/v1/sessions", json={}, headers=p.auth("bob"))).json()["session_id"]
            # One open stream per process: a second concurrent turn is shed with 503 + Retry-After.
            async with client.stream(
                "POST", f"/v1/sessions/{sid}/messages", json={"text": "explain diversification in detail"},
                headers=p.auth("bob"),
            ) as first:
                assert first.status_code == 200
                other = await client.post(
                    f"/v1/sessions/{sid}/messages", json={"text": "meanwhile"}, headers=p.auth("bob")
                )
                assert other.status_code == 503 and other.json()["error"]["code"] == "overloaded"
                assert int(other.headers["retry-after"]) >= 1
            metrics = (await client.get("/metrics")).text
            assert 'advisor_gateway_rejected_total{reason="rate_user"} 2.0' in metrics
            assert 'advisor_gateway_rejected_total{reason="streams_full"} 1.0' in metrics
    finally:
        p.stack.stop_all()


async def test_dialogue_crash_mid_answer_tells_the_user_nothing_was_kept(slow: Platform) -> None:
    """Dialogue stores a turn at its end; if it dies mid-answer the user is told that what they saw was not kept
    (issue 25 D6), and the session holds no half-written turn."""
    async with httpx.AsyncClient(base_url=slow.gateway_url, timeout=30) as client:
        sid = await _session(client, slow)
        events = []
        try:
            async with client.stream("POST", f"/v1/sessions/{sid}/messages", json={"text": "What is a bond?"},
                                     headers=slow.auth()) as resp:
                async for event in sse_events(resp):
                    events.append(event)
                    if event.event == "delta" and [e.event for e in events].count("delta") == 1:
                        slow.stack.stop(slow.dialogue, sig=9)
        finally:
            slow.stack.restart(slow.dialogue)
        assert events[-1].event == "error"
        assert events[-1].data["code"] == "service_unavailable" and events[-1].data["retryable"] is True
        assert "not saved" in events[-1].data["message"]
        turns = (await client.get(f"/v1/sessions/{sid}", headers=slow.auth())).json()["turns"]
        assert turns == []
