"""Prometheus metrics of the pool client, on the registry of the process that embeds it."""

from __future__ import annotations

from dataclasses import dataclass

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from services.common.metrics import LATENCY_BUCKETS


@dataclass
class PoolMetrics:
    requests: Counter
    errors: Counter
    ejections: Counter
    ttft: Histogram
    affinity: Counter
    replicas: Gauge
    decision: Histogram

    @classmethod
    def create(cls, registry: CollectorRegistry | None = None) -> PoolMetrics:
        reg = registry or CollectorRegistry()
        return cls(
            requests=Counter("advisor_engine_pool_requests", "Requests sent, by replica", ["replica"],
                             registry=reg),
            errors=Counter("advisor_engine_pool_errors", "Failed requests, by replica and kind",
                           ["replica", "kind"], registry=reg),
            ejections=Counter("advisor_engine_pool_ejections", "Replicas taken out of rotation", ["replica"],
                              registry=reg),
            ttft=Histogram("advisor_engine_pool_ttft_seconds", "Request sent to first token, by replica",
                           ["replica"], buckets=LATENCY_BUCKETS, registry=reg),
            affinity=Counter("advisor_engine_pool_affinity",
                             "Routing decisions: hit (session's home replica), miss (spilled), none (no key)",
                             ["result"], registry=reg),
            replicas=Gauge("advisor_engine_pool_replicas", "Known replicas by state", ["state"], registry=reg),
            decision=Histogram("advisor_engine_pool_decision_seconds", "Time to pick a replica",
                               buckets=(1e-5, 2.5e-5, 5e-5, 1e-4, 2.5e-4, 1e-3), registry=reg),
        )
