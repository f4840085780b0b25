"""Prometheus metrics of the gateway, on a registry owned by the app."""

from __future__ import annotations

from dataclasses import dataclass

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from services.common.metrics import LATENCY_BUCKETS


@dataclass
class GatewayMetrics:
    registry: CollectorRegistry
    requests: Counter
    streams_inflight: Gauge
    ttft: Histogram
    stream_seconds: Histogram
    rejected: Counter
    # Per tenant; the label is bounded (gateway.tenancy.TenantLabels: configured tenants up to a limit, else "other").
    tenant_turns: Counter
    tenant_tokens: Counter
    tenant_rejected: Counter

    @classmethod
    def create(cls) -> GatewayMetrics:
        reg = CollectorRegistry()
        return cls(
            registry=reg,
            requests=Counter(
                "advisor_gateway_requests", "HTTP requests by route and status", ["route", "status"], registry=reg
            ),
            streams_inflight=Gauge("advisor_gateway_streams_inflight", "Open answer streams", registry=reg),
            ttft=Histogram(
                "advisor_gateway_ttft_seconds",
                "Request received to first answer byte sent",
                ["api"],
                buckets=LATENCY_BUCKETS,
                registry=reg,
            ),
            stream_seconds=Histogram(
                "advisor_gateway_stream_seconds",
                "Whole streamed turn",
                ["api", "outcome"],
                buckets=LATENCY_BUCKETS,
                registry=reg,
            ),
            rejected=Counter(
                "advisor_gateway_rejected", "Requests shed before reaching a service", ["reason"], registry=reg
            ),
            tenant_turns=Counter(
                "advisor_gateway_tenant_turns", "Answered turns by tenant and outcome", ["tenant", "outcome"],
                registry=reg,
            ),
            tenant_tokens=Counter(
                "advisor_gateway_tenant_tokens", "Engine tokens by tenant (prompt, completion)", ["tenant", "kind"],
                registry=reg,
            ),
            tenant_rejected=Counter(
                "advisor_gateway_tenant_rejected", "Requests refused by a tenant's rate or quota", ["tenant", "reason"],
                registry=reg,
            ),
        )
