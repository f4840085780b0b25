"""The dialogue's EngineClient on the pool, against real HTTP servers: retry only before the first token,
ejection and return, scraping, and cancellation reaching a real simulator process."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import aiohttp
import httpx
import pytest
from aiohttp import web

from devstack.stack import Stack, free_port, simulator_proc
from services.common.errors import Unavailable
from services.dialogue.engine_client import EngineClient, EngineFinal, EngineStreamBroken, EngineToken
from services.dialogue.models import ChatMessage, GenerationOptions
from services.engine.pool.health import HealthPolicy
from services.engine.pool.metrics import PoolMetrics
from services.engine.pool.pool import EnginePool, PoolConfig
from services.engine.pool.ring import HashRing

PROMPT = [ChatMessage("system", "s"), ChatMessage("user", "hi")]
OPTS = GenerationOptions(max_tokens=3)


def _chunk(content: str) -> bytes:
    return b'data: {"model":"m","choices":[{"index":0,"delta":{"content":"%s"},"finish_reason":null}]}\n\n' % (
        content.encode()
    )


class FakeEngine:
    """A replica whose behaviour a test sets: ok, 500, drop (cut before the first token), break (after two)."""

    def __init__(self) -> None:
        self.mode = "ok"
        self.healthy = True
        self.hits = 0
        self.metrics_text = ""
        self.app = web.Application()
        self.app.router.add_post("/v1/chat/completions", self._chat)
        self.app.router.add_get("/health", self._health)
        self.app.router.add_get("/metrics", self._metrics)
        self.app.router.add_get("/v1/models", self._models)
        self.url = ""

    async def _chat(self, request: web.Request) -> web.StreamResponse:
        self.hits += 1
        if self.mode == "500":
            return web.Response(status=500, text="boom")
        resp = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await resp.prepare(request)
        await resp.write(b'data: {"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}\n\n')
        if self.mode == "drop":
            assert request.transport is not None
            request.transport.close()
            return resp
        for i in range(3):
            await resp.write(_chunk(f" w{i}"))
            if self.mode == "break" and i == 1:
                assert request.transport is not None
                request.transport.close()
                return resp
        await resp.write(b'data: {"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"length"}]}\n\n')
        await resp.write(b"data: [DONE]\n\n")
        return resp

    async def _health(self, request: web.Request) -> web.Response:
        return web.Response(status=200 if self.healthy else 503)

    async def _metrics(self, request: web.Request) -> web.Response:
        return web.Response(text=self.metrics_text)

    async def _models(self, request: web.Request) -> web.Response:
        return web.json_response({"data": [{"id": "m"}]})


@pytest.fixture
async def engines() -> AsyncIterator[list[FakeEngine]]:
    fakes, runners = [FakeEngine(), FakeEngine()], []
    for fake in fakes:
        runner = web.AppRunner(fake.app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        fake.url = f"http://127.0.0.1:{port}"
        runners.append(runner)
    yield fakes
    for runner in runners:
        await runner.cleanup()


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def key_homed_at(urls: list[str], url: str) -> str:
    ring = HashRing(urls)
    return next(k for k in (f"s{i}" for i in range(1000)) if ring.home(k) == url)


async def collect(client: EngineClient, session: str) -> list[EngineToken | EngineFinal]:
    return [e async for e in client.stream_chat(PROMPT, OPTS, session_id=session)]


async def test_failure_before_the_first_token_retries_on_another_replica(engines: list[FakeEngine]) -> None:
    a, b = engines
    urls = [a.url, b.url]
    for mode in ("drop", "500"):
        a.mode, a.hits, b.hits = mode, 0, 0
        async with aiohttp.ClientSession() as http:
            metrics = PoolMetrics.create()
            pool = EnginePool(http, PoolConfig(), urls=urls, metrics=metrics)
            client = EngineClient(http, pool, model="m")
            events = await collect(client, key_homed_at(urls, a.url))
        assert "".join(e.text for e in events if isinstance(e, EngineToken)) == " w0 w1 w2"
        assert isinstance(events[-1], EngineFinal)
        assert (a.hits, b.hits) == (1, 1)
        assert pool.healthy() == [b.url]  # the failing replica was ejected
        assert [r.inflight for r in pool.members] == [0, 0]


async def test_no_retry_once_a_token_was_streamed(engines: list[FakeEngine]) -> None:
    a, b = engines
    a.mode = "break"
    urls = [a.url, b.url]
    seen: list[str] = []
    async with aiohttp.ClientSession() as http:
        client = EngineClient(http, EnginePool(http, PoolConfig(), urls=urls), model="m")
        with pytest.raises(EngineStreamBroken):
            async for event in client.stream_chat(PROMPT, OPTS, session_id=key_homed_at(urls, a.url)):
                if isinstance(event, EngineToken):
                    seen.append(event.text)
    assert seen == [" w0", " w1"]  # what the user saw is never duplicated by a second replica
    assert (a.hits, b.hits) == (1, 0)


async def test_every_replica_failing_is_unavailable(engines: list[FakeEngine]) -> None:
    for fake in engines:
        fake.mode = "500"
    async with aiohttp.ClientSession() as http:
        client = EngineClient(http, [f.url for f in engines], model="m")
        with pytest.raises(Unavailable):
            await collect(client, "x")
    assert [f.hits for f in engines] == [1, 1]


async def test_ejected_replica_returns_through_the_probe_and_takes_its_sessions_back(
    engines: list[FakeEngine],
) -> None:
    a, b = engines
    urls, clock = [a.url, b.url], Clock()
    config = PoolConfig(health=HealthPolicy(base_backoff_s=5), slow_start_s=0)
    async with aiohttp.ClientSession() as http:
        pool = EnginePool(http, config, urls=urls, clock=clock)
        client = EngineClient(http, pool, model="m")
        session = key_homed_at(urls, a.url)
        a.mode, a.healthy = "500", False
        await collect(client, session)
        assert pool.healthy() == [b.url]
        a.mode, a.hits = "ok", 0
        await collect(client, session)  # still ejected: the session is served by its next replica
        assert (a.hits, pool.healthy()) == (0, [b.url])
        a.healthy = True
        await pool.probe_once()  # healthy, but the backoff has not passed yet
        assert pool.healthy() == [b.url]
        clock.now += 5
        await pool.probe_once()
        assert pool.healthy() == urls
        await collect(client, session)
        assert a.hits == 1


async def test_a_failed_probe_ejects_and_no_key_requests_follow_the_scrape(engines: list[FakeEngine]) -> None:
    a, b = engines
    a.metrics_text = 'vllm:num_requests_running{model_name="m"} 9\nvllm:num_requests_waiting{model_name="m"} 4\n'
    b.metrics_text = 'vllm:num_requests_running{model_name="m"} 1\nvllm:kv_cache_usage_perc{model_name="m"} 0.3\n'
    async with aiohttp.ClientSession() as http:
        pool = EnginePool(http, PoolConfig(policy="least_loaded"), urls=[a.url, b.url])
        await pool.scrape_once()
        ra, rb = pool.members
        assert (ra.scraped_running, ra.scraped_waiting, rb.kv_usage) == (9.0, 4.0, 0.3)
        assert pool.acquire("").url == b.url
        b.healthy = False
        await pool.probe_once()
        assert pool.healthy() == [a.url]


@pytest.fixture(scope="module")
def slow_sim(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    stack = Stack(Path(tmp_path_factory.mktemp("poolsim")))
    port = free_port()
    stack.start(simulator_proc(port, token_rate="20", log_level="WARNING"))
    yield f"http://127.0.0.1:{port}"
    stack.stop_all()


def _aborts(base: str) -> float:
    for line in httpx.get(f"{base}/metrics").text.splitlines():
        if line.startswith("vllm:request_success_total") and 'finished_reason="abort"' in line:
            return float(line.rsplit(" ", 1)[1])
    return 0.0


async def test_cancelling_the_consumer_aborts_the_request_at_the_replica(slow_sim: str) -> None:
    before = _aborts(slow_sim)
    async with aiohttp.ClientSession() as http:
        pool = EnginePool(http, PoolConfig(), urls=[slow_sim])
        client = EngineClient(http, pool)
        stream = client.stream_chat(PROMPT, GenerationOptions(max_tokens=500), session_id="c")
        async for event in stream:
            if isinstance(event, EngineToken):
                break
        await stream.aclose()
        assert pool.members[0].inflight == 0
        assert pool.healthy() == [slow_sim]  # a cancellation is not the replica's fault
    for _ in range(100):
        if _aborts(slow_sim) > before:
            break
        await asyncio.sleep(0.05)
    assert _aborts(slow_sim) == before + 1


async def test_without_probes_an_ejected_replica_is_tried_again_after_its_backoff(engines: list[FakeEngine]) -> None:
    a, b = engines
    urls, clock = [a.url, b.url], Clock()
    async with aiohttp.ClientSession() as http:
        pool = EnginePool(http, PoolConfig(health=HealthPolicy(base_backoff_s=2), slow_start_s=0), urls=urls,
                          clock=clock)
        client = EngineClient(http, pool, model="m")
        session = key_homed_at(urls, a.url)
        a.mode = "500"
        await collect(client, session)
        a.mode, a.hits = "ok", 0
        clock.now += 1
        await collect(client, session)
        assert a.hits == 0
        clock.now += 1
        await collect(client, session)
        assert a.hits == 1 and pool.healthy() == urls
