"""The fake Kubernetes API's own tests: list and watch semantics the discovery client relies on, checked over
raw HTTP and through the official client's deserialisation."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import aiohttp

from services.engine.pool.discovery import make_k8s_api
from services.engine.pool.tests.fake_k8s import FakeKubeAPI, endpoint_slice

PATH = "/apis/discovery.k8s.io/v1/namespaces/default/endpointslices"
SEL = "kubernetes.io/service-name=engine"


async def _events(url: str, params: dict[str, str], count: int) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    async with aiohttp.ClientSession() as http, http.get(url + PATH, params=params) as resp:
        assert resp.status == 200
        async for line in resp.content:
            out.append(json.loads(line))
            if len(out) == count:
                break
    return out


async def test_list_filters_by_label_and_carries_a_resource_version(kube: tuple[FakeKubeAPI, str]) -> None:
    api, url = kube
    await api.apply(endpoint_slice("engine-a", "engine", ["10.0.0.1"]))
    await api.apply(endpoint_slice("other-a", "other", ["10.0.9.9"]))
    async with aiohttp.ClientSession() as http, http.get(url + PATH, params={"labelSelector": SEL}) as resp:
        body = await resp.json()
    assert body["kind"] == "EndpointSliceList"
    assert [i["metadata"]["name"] for i in body["items"]] == ["engine-a"]
    assert body["metadata"]["resourceVersion"] == str(api.version) == "3"


async def test_watch_replays_from_a_version_then_streams_live_changes(kube: tuple[FakeKubeAPI, str]) -> None:
    api, url = kube
    await api.apply(endpoint_slice("engine-a", "engine", ["10.0.0.1"]))
    since = api.version
    await api.apply(endpoint_slice("engine-a", "engine", ["10.0.0.1", "10.0.0.2"]))
    watcher = asyncio.create_task(
        _events(url, {"labelSelector": SEL, "watch": "true", "resourceVersion": str(since)}, 3)
    )
    await asyncio.sleep(0.1)
    await api.apply(endpoint_slice("other-a", "other", ["10.0.9.9"]))  # filtered out
    await api.delete("engine-a")
    await api.apply(endpoint_slice("engine-b", "engine", ["10.0.0.3"]))
    events = await asyncio.wait_for(watcher, 5)
    assert [(e["type"], e["object"]["metadata"]["name"]) for e in events] == [
        ("MODIFIED", "engine-a"), ("DELETED", "engine-a"), ("ADDED", "engine-b")
    ]
    versions = [int(e["object"]["metadata"]["resourceVersion"]) for e in events]
    assert versions == sorted(versions) and versions[0] == since + 1


async def test_watch_without_version_starts_with_synthetic_adds(kube: tuple[FakeKubeAPI, str]) -> None:
    api, url = kube
    await api.apply(endpoint_slice("engine-a", "engine", ["10.0.0.1"]))
    events = await _events(url, {"labelSelector": SEL, "watch": "true"}, 1)
    assert events[0]["type"] == "ADDED" and events[0]["object"]["metadata"]["name"] == "engine-a"


async def test_a_compacted_version_gets_410_and_a_timeout_ends_the_stream(kube: tuple[FakeKubeAPI, str]) -> None:
    api, url = kube
    await api.apply(endpoint_slice("engine-a", "engine", ["10.0.0.1"]))
    await api.apply(endpoint_slice("engine-a", "engine", ["10.0.0.2"]))
    api.compact()
    events = await _events(url, {"watch": "true", "resourceVersion": "1"}, 5)
    assert len(events) == 1 and events[0]["type"] == "ERROR"
    assert events[0]["object"]["code"] == 410 and events[0]["object"]["reason"] == "Expired"
    # Up to date: nothing to send, and timeoutSeconds closes the stream cleanly.
    quiet = await asyncio.wait_for(
        _events(url, {"watch": "true", "resourceVersion": str(api.version), "timeoutSeconds": "1"}, 5), 5
    )
    assert quiet == []
    api.expire_watches = 1  # a test can also expire the next watch whatever its version
    forced = await _events(url, {"watch": "true", "resourceVersion": str(api.version)}, 5)
    assert [e["object"]["code"] for e in forced] == [410]


async def test_the_official_client_reads_the_fake(kube: tuple[FakeKubeAPI, str]) -> None:
    api, url = kube
    await api.apply(endpoint_slice("engine-a", "engine", ["10.0.0.1"], port=8001))
    client = make_k8s_api(url)
    try:
        result = await client.list_namespaced_endpoint_slice("default", label_selector=SEL)
    finally:
        await client.api_client.close()
    assert result.metadata.resource_version == str(api.version)
    (item,) = result.items
    assert item.endpoints[0].addresses == ["10.0.0.1"] and item.ports[0].port == 8001
    assert api.requests[-1]["labelSelector"] == SEL
