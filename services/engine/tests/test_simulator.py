"""The engine simulator as a real server process on an ephemeral port."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from devstack.stack import Stack, free_port, simulator_proc


@pytest.fixture(scope="module")
def sim(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    stack = Stack(Path(tmp_path_factory.mktemp("sim")))
    port = free_port()
    stack.start(simulator_proc(port, token_rate="200", max_num_seqs="2", block_size="4", log_level="WARNING"))
    yield f"http://127.0.0.1:{port}"
    stack.stop_all()


def _metric(base: str, name: str, labels: str = "") -> float:
    total = 0.0
    for line in httpx.get(f"{base}/metrics").text.splitlines():
        if line.startswith(name) and line[len(name)] in " {" and labels in line:
            total += float(line.rsplit(" ", 1)[1])
    return total


def _body(text: str, max_tokens: int = 8, stream: bool = True, **extra: object) -> dict:
    return {"model": "m", "messages": [{"role": "user", "content": text}], "max_tokens": max_tokens,
            "stream": stream, "stream_options": {"include_usage": True}, **extra}


async def _stream(client: httpx.AsyncClient, body: dict) -> list[dict | str]:
    out: list[dict | str] = []
    async with client.stream("POST", "/v1/chat/completions", json=body) as r:
        assert r.status_code == 200
        async for line in r.aiter_lines():
            if line.startswith("data: "):
                out.append("[DONE]" if line == "data: [DONE]" else json.loads(line[6:]))
    return out


async def test_stream_is_openai_shaped_and_usage_adds_up(sim: str) -> None:
    async with httpx.AsyncClient(base_url=sim, timeout=10) as client:
        frames = await _stream(client, _body("hello there", max_tokens=6))
    assert frames[-1] == "[DONE]"
    chunks = [f for f in frames if isinstance(f, dict)]
    assert chunks[0]["choices"][0]["delta"] == {"role": "assistant", "content": ""}
    contents = [c["choices"][0]["delta"]["content"] for c in chunks[1:] if c["choices"] and c["choices"][0]["delta"]]
    assert len(contents) == 6
    assert chunks[-2]["choices"][0]["finish_reason"] == "length"
    usage = chunks[-1]["usage"]
    # 4 template tokens for the message + "hello", "there" + 3 for the assistant prefix
    assert usage == {"prompt_tokens": 9, "completion_tokens": 6, "total_tokens": 15,
                     "prompt_tokens_details": {"cached_tokens": usage["prompt_tokens_details"]["cached_tokens"]}}


async def test_non_stream_matches_stream_for_same_seed(sim: str) -> None:
    async with httpx.AsyncClient(base_url=sim, timeout=10) as client:
        frames = await _stream(client, _body("same prompt", seed=5))
        full = (await client.post("/v1/chat/completions", json=_body("same prompt", stream=False, seed=5))).json()
    text = "".join(f["choices"][0]["delta"].get("content", "") for f in frames
                   if isinstance(f, dict) and f["choices"])
    assert full["choices"][0]["message"]["content"] == text
    assert full["usage"]["completion_tokens"] == 8


async def test_queueing_beyond_max_num_seqs(sim: str) -> None:
    peak_waiting = 0.0

    async def watch() -> None:
        nonlocal peak_waiting
        for _ in range(40):
            peak_waiting = max(peak_waiting, _metric(sim, "vllm:num_requests_waiting"))
            await asyncio.sleep(0.01)

    async with httpx.AsyncClient(base_url=sim, timeout=10) as client:
        results = await asyncio.gather(watch(), *(_stream(client, _body(f"q{i}", max_tokens=40)) for i in range(4)))
    assert peak_waiting >= 1
    assert all(r[-1] == "[DONE]" for r in results[1:])
    assert _metric(sim, "vllm:num_requests_running") == 0


async def test_prefix_cache_hits_on_a_repeated_prompt(sim: str) -> None:
    prompt = "a long shared prefix " * 10
    async with httpx.AsyncClient(base_url=sim, timeout=10) as client:
        hits_before = _metric(sim, "vllm:prefix_cache_hits_total")
        first = (await client.post("/v1/chat/completions", json=_body(prompt, stream=False))).json()
        second = (await client.post("/v1/chat/completions", json=_body(prompt, stream=False))).json()
    assert first["usage"]["prompt_tokens_details"]["cached_tokens"] == 0
    cached = second["usage"]["prompt_tokens_details"]["cached_tokens"]
    assert cached > 0 and cached % 4 == 0  # whole blocks of block_size=4
    assert _metric(sim, "vllm:prefix_cache_hits_total") - hits_before == cached


async def test_bad_requests_are_openai_errors(sim: str) -> None:
    async with httpx.AsyncClient(base_url=sim, timeout=10) as client:
        for content in (b"{not json", b'{"messages": []}', b'{"messages": [{"role": "user"}]}'):
            r = await client.post("/v1/chat/completions", content=content)
            assert r.status_code == 400 and r.json()["object"] == "error"
        r = await client.post("/v1/chat/completions", json=_body("x", max_tokens=5000))
        assert r.status_code == 400 and "maximum context length" in r.json()["message"]
        r = await client.post("/admin/faults", json={"fault_nope": 1})
        assert r.status_code == 400


async def test_faults_at_run_time(sim: str) -> None:
    async with httpx.AsyncClient(base_url=sim, timeout=10) as client:
        try:
            await client.post("/admin/faults", json={"fault_error_rate": 1.0})
            assert (await client.post("/v1/chat/completions", json=_body("x"))).status_code == 500
            await client.post("/admin/faults", json={"fault_error_rate": 0, "fault_crash_after_tokens": 3})
            received = 0
            with pytest.raises(httpx.RemoteProtocolError):
                async with client.stream("POST", "/v1/chat/completions", json=_body("x", max_tokens=20)) as r:
                    async for line in r.aiter_lines():
                        if line.startswith("data: ") and '"content":" ' in line:
                            received += 1
            assert received == 3
            await client.post("/admin/faults", json={"fault_crash_after_tokens": 0, "fault_hang_rate": 1.0})
            with pytest.raises(httpx.ReadTimeout):
                await client.post("/v1/chat/completions", json=_body("x", stream=False), timeout=0.5)
        finally:
            await client.post("/admin/faults", json={"fault_error_rate": 0, "fault_crash_after_tokens": 0,
                                                      "fault_hang_rate": 0})
        assert (await client.get("/admin/faults")).json()["fault_hang_rate"] == 0


async def test_client_disconnect_is_an_abort_that_frees_the_slot(sim: str) -> None:
    aborts = _metric(sim, "vllm:request_success_total", 'finished_reason="abort"')
    async with (
        httpx.AsyncClient(base_url=sim, timeout=10) as client,
        client.stream("POST", "/v1/chat/completions", json=_body("x", max_tokens=500)) as r,
    ):
        async for line in r.aiter_lines():
            if '"content":" ' in line:
                break
    for _ in range(100):
        if _metric(sim, "vllm:request_success_total", 'finished_reason="abort"') > aborts:
            break
        await asyncio.sleep(0.01)
    assert _metric(sim, "vllm:request_success_total", 'finished_reason="abort"') == aborts + 1
    assert _metric(sim, "vllm:num_requests_running") == 0
