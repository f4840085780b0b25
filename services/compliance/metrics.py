"""Prometheus metrics of the compliance service, on a registry the process owns."""

from __future__ import annotations

from dataclasses import dataclass

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from services.common.metrics import LATENCY_BUCKETS

_FAST_BUCKETS = (0.00002, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05)


@dataclass
class ComplianceMetrics:
    registry: CollectorRegistry
    decisions: Counter
    rule_hits: Counter
    chunk_review: Histogram
    input_screen: Histogram
    audit_failures: Counter
    redis_up: Gauge

    @classmethod
    def create(cls, registry: CollectorRegistry | None = None) -> ComplianceMetrics:
        reg = registry or CollectorRegistry()
        return cls(
            registry=reg,
            decisions=Counter("advisor_compliance_decisions", "Decisions by kind and action", ["kind", "action"],
                              registry=reg),
            rule_hits=Counter("advisor_compliance_rule_hits", "Rule hits by rule id and layer", ["rule_id", "layer"],
                              registry=reg),
            chunk_review=Histogram("advisor_compliance_chunk_review_seconds", "Review time of one streamed chunk",
                                   buckets=_FAST_BUCKETS, registry=reg),
            input_screen=Histogram("advisor_compliance_input_screen_seconds",
                                   "Input screening time including the classifier", buckets=LATENCY_BUCKETS,
                                   registry=reg),
            audit_failures=Counter("advisor_compliance_audit_failures", "Audit appends that failed (fail closed)",
                                   registry=reg),
            redis_up=Gauge("advisor_compliance_redis_up", "1 when the audit stream is reachable", registry=reg),
        )
