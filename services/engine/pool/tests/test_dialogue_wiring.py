"""The dialogue's settings and start-up wiring of the pool: env names (the Helm chart's), static and
EndpointSlice discovery against the fake API server."""

from __future__ import annotations

import asyncio

import aiohttp
import pytest

from services.dialogue.__main__ import start_pool
from services.dialogue.metrics import DialogueMetrics
from services.dialogue.settings import DialogueSettings
from services.engine.pool.tests.fake_k8s import FakeKubeAPI, endpoint_slice


def test_settings_read_the_chart_env_names_and_build_the_pool_config(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in {
        "ENGINE_URLS": "http://a:8000, http://b:8000/",
        "ENGINE_DISCOVERY": "endpointslices",
        "ENGINE_SERVICE_NAME": "advisor-engine",
        "ENGINE_SERVICE_NAMESPACE": "prod",
        "ENGINE_PORT_NAME": "http",
        "DIALOGUE_ENGINE_POLICY": "least_loaded",
        "DIALOGUE_ENGINE_EPSILON": "0.3",
        "DIALOGUE_ENGINE_EJECT_MAX_S": "12",
    }.items():
        monkeypatch.setenv(name, value)
    s = DialogueSettings()
    assert s.engine_url_list == ["http://a:8000", "http://b:8000"]
    assert (s.engine_discovery, s.engine_service, s.engine_namespace) == ("endpointslices", "advisor-engine", "prod")
    config = s.engine_pool_config()
    assert (config.policy, config.epsilon, config.health.max_backoff_s) == ("least_loaded", 0.3, 12.0)
    monkeypatch.setenv("DIALOGUE_ENGINE_POLICY", "fastest")
    with pytest.raises(ValueError):
        DialogueSettings()


async def test_static_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ENGINE_URLS", "http://a:8000,http://b:8000")
    settings = DialogueSettings(engine_probe_interval_s=0, engine_scrape_interval_s=0)
    async with aiohttp.ClientSession() as http:
        pool, api = start_pool(settings, http, DialogueMetrics.create())
        try:
            assert api is None and pool.urls == ["http://a:8000", "http://b:8000"]
        finally:
            await pool.close()


async def test_endpointslice_start_replaces_the_bootstrap_list(
    kube: tuple[FakeKubeAPI, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    fake, url = kube
    await fake.apply(endpoint_slice("advisor-engine-x", "advisor-engine", ["10.1.0.5"], namespace="prod"))
    monkeypatch.setenv("ENGINE_URLS", "http://advisor-engine.prod.svc:8000")
    monkeypatch.setenv("ENGINE_DISCOVERY", "k8s")
    monkeypatch.setenv("ENGINE_SERVICE", "advisor-engine")
    monkeypatch.setenv("ENGINE_NAMESPACE", "prod")
    settings = DialogueSettings(engine_probe_interval_s=0, engine_scrape_interval_s=0, engine_k8s_api=url)
    async with aiohttp.ClientSession() as http:
        pool, api = start_pool(settings, http, DialogueMetrics.create())
        try:
            assert pool.urls == ["http://advisor-engine.prod.svc:8000"]  # until the first list arrives
            for _ in range(200):
                if pool.urls == ["http://10.1.0.5:8000"]:
                    break
                await asyncio.sleep(0.025)
            assert pool.urls == ["http://10.1.0.5:8000"]
        finally:
            await pool.close()
            await api.api_client.close()


def test_endpointslice_mode_needs_a_service_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ENGINE_DISCOVERY", "endpointslices")
    monkeypatch.delenv("ENGINE_SERVICE_NAME", raising=False)
    monkeypatch.delenv("ENGINE_SERVICE", raising=False)

    async def attempt() -> None:
        async with aiohttp.ClientSession() as http:
            start_pool(DialogueSettings(), http, DialogueMetrics.create())

    with pytest.raises(ValueError, match="ENGINE_SERVICE_NAME"):
        asyncio.run(attempt())
