"""The pool's decision metrics: plain counts exported at scrape time as the series the dashboards read."""

from __future__ import annotations

import aiohttp
import pytest
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.parser import text_string_to_metric_families

from services.engine.pool.metrics import PoolMetrics
from services.engine.pool.pool import EnginePool, PoolConfig
from services.engine.pool.ring import HashRing

URLS = ["http://a:8000", "http://b:8000"]


def samples(registry: CollectorRegistry) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    text = generate_latest(registry).decode()
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


async def test_each_decision_counts_its_replica_its_affinity_and_its_time() -> None:
    registry = CollectorRegistry()
    async with aiohttp.ClientSession() as http:
        pool = EnginePool(http, PoolConfig(), urls=URLS, metrics=PoolMetrics.create(registry))
        home = HashRing(URLS).home("alice")
        for _ in range(3):
            pool.acquire("alice").finish("ok")
        pool.acquire("").finish("ok")  # no key, no prefix: least loaded, affinity "none"
        pool.acquire("alice", exclude=[home]).finish("ok")  # the home excluded (a retry): spilled
    got = samples(registry)
    other = next(u for u in URLS if u != home)
    assert got[("advisor_engine_pool_requests_total", (("replica", home),))] >= 3
    assert sum(v for (name, _), v in got.items() if name == "advisor_engine_pool_requests_total") == 5
    assert got[("advisor_engine_pool_requests_total", (("replica", other),))] >= 1
    assert got[("advisor_engine_pool_affinity_total", (("result", "hit"),))] == 3
    assert got[("advisor_engine_pool_affinity_total", (("result", "miss"),))] == 1
    assert got[("advisor_engine_pool_affinity_total", (("result", "none"),))] == 1
    assert got[("advisor_engine_pool_decision_seconds_count", ())] == 5
    assert got[("advisor_engine_pool_decision_seconds_bucket", (("le", "+Inf"),))] == 5
    assert 0 < got[("advisor_engine_pool_decision_seconds_sum", ())] < 1
    buckets = sorted((float(dict(labels)["le"]), v) for (name, labels), v in got.items()
                     if name == "advisor_engine_pool_decision_seconds_bucket")
    assert [v for _, v in buckets] == sorted(v for _, v in buckets)  # cumulative, as Prometheus requires


def test_a_second_tally_on_the_same_registry_is_refused() -> None:
    registry = CollectorRegistry()
    PoolMetrics.create(registry)
    with pytest.raises(ValueError, match="Duplicated"):
        PoolMetrics.create(registry)
