"""Discovery: the slice bookkeeping, and the EndpointSlice watcher (official client) driving a real pool
against the fake API server: add, remove, not-ready endpoints, 410 relist, resync."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import aiohttp

from services.engine.pool.discovery import EndpointSliceDiscovery, SliceState, StaticDiscovery, make_k8s_api
from services.engine.pool.pool import EnginePool, PoolConfig
from services.engine.pool.tests.fake_k8s import FakeKubeAPI, endpoint_slice


def test_slice_state_tracks_ready_endpoints_of_the_named_port() -> None:
    state = SliceState(port_name="http")
    a = endpoint_slice("a", "engine", ["10.0.0.1", "10.0.0.2"], port=8000)
    a["endpoints"][1]["conditions"] = {"ready": False}
    b = endpoint_slice("b", "engine", ["10.0.0.3"], port=9000, port_name="metrics")
    c = endpoint_slice("c", "engine", ["fd00::7"])
    c["endpoints"][0]["conditions"] = {}  # ready unset means ready
    state.replace([a, b, c])
    assert state.urls() == ["http://10.0.0.1:8000", "http://[fd00::7]:8000"]
    state.apply("DELETED", a)
    assert state.urls() == ["http://[fd00::7]:8000"]
    state.apply("ADDED", endpoint_slice("d", "engine", ["10.0.0.4"]))
    assert state.urls() == ["http://10.0.0.4:8000", "http://[fd00::7]:8000"]


async def test_static_discovery_sets_members_once() -> None:
    seen: list[list[str]] = []
    await StaticDiscovery(["http://a:1/", " http://b:2", ""]).run(seen.append)
    assert seen == [["http://a:1", "http://b:2"]]


async def _until(check: Callable[[], bool]) -> None:
    for _ in range(200):
        if check():
            return
        await asyncio.sleep(0.025)
    raise AssertionError("condition not reached")


async def test_endpointslice_watch_adds_and_removes_pool_members(kube: tuple[FakeKubeAPI, str]) -> None:
    fake, url = kube
    await fake.apply(endpoint_slice("engine-a", "engine", ["10.0.0.1", "10.0.0.2"]))
    await fake.apply(endpoint_slice("unrelated", "other", ["10.9.9.9"]))
    k8s = make_k8s_api(url)
    async with aiohttp.ClientSession() as http:
        pool = EnginePool(http, PoolConfig(scrape_interval_s=0, probe_interval_s=0), urls=["http://seed:8000"])
        pool.start(EndpointSliceDiscovery(k8s, "engine", "default", resync_s=30, retry_s=0.05))
        try:
            await _until(lambda: pool.urls == ["http://10.0.0.1:8000", "http://10.0.0.2:8000"])
            first = pool.members[0]
            first.inflight = 3  # state of a replica that stays is kept across changes
            await fake.apply(endpoint_slice("engine-b", "engine", ["10.0.0.3"]))
            await _until(lambda: len(pool.urls) == 3)
            await fake.apply(endpoint_slice("engine-a", "engine", ["10.0.0.1"]))  # 10.0.0.2 scaled down
            await _until(lambda: pool.urls == ["http://10.0.0.1:8000", "http://10.0.0.3:8000"])
            assert pool.members[0] is first and first.inflight == 3
            await fake.delete("engine-b")
            await _until(lambda: pool.urls == ["http://10.0.0.1:8000"])
            watches = [q for q in fake.requests if q.get("watch")]
            assert watches and all(q["labelSelector"] == "kubernetes.io/service-name=engine" for q in watches)
        finally:
            await pool.close()
            await k8s.api_client.close()


async def test_expired_watch_and_resync_relist(kube: tuple[FakeKubeAPI, str]) -> None:
    """A watch that times out is followed by a fresh list (resync); a 410 too, and no change is lost."""
    fake, url = kube
    await fake.apply(endpoint_slice("engine-a", "engine", ["10.0.0.1"]))
    k8s = make_k8s_api(url)
    seen: list[list[str]] = []
    task = asyncio.create_task(
        EndpointSliceDiscovery(k8s, "engine", "default", resync_s=1, retry_s=0.05).run(seen.append)
    )
    try:
        await _until(lambda: seen == [["http://10.0.0.1:8000"]])
        lists_before = sum(1 for q in fake.requests if not q.get("watch"))
        await _until(lambda: sum(1 for q in fake.requests if not q.get("watch")) > lists_before)  # resync
        # The next watch's version has been compacted away: 410, then a fresh list picks up the change.
        fake.expire_watches = 1
        await fake.apply(endpoint_slice("engine-b", "engine", ["10.0.0.2"]))
        await _until(lambda: seen[-1] == ["http://10.0.0.1:8000", "http://10.0.0.2:8000"])
        await _until(lambda: fake.expire_watches == 0)
        lists_before = sum(1 for q in fake.requests if not q.get("watch"))
        await fake.apply(endpoint_slice("engine-c", "engine", ["10.0.0.3"]))
        await _until(lambda: seen[-1] == ["http://10.0.0.1:8000", "http://10.0.0.2:8000", "http://10.0.0.3:8000"])
        await _until(lambda: sum(1 for q in fake.requests if not q.get("watch")) > lists_before)
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await k8s.api_client.close()
