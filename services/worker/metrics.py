"""Prometheus metrics of the worker, on a registry the process owns."""

from __future__ import annotations

from dataclasses import dataclass

from prometheus_client import CollectorRegistry, Gauge


@dataclass
class WorkerMetrics:
    registry: CollectorRegistry
    archived: Gauge
    acked: Gauge
    errors: Gauge

    @classmethod
    def create(cls, registry: CollectorRegistry | None = None) -> WorkerMetrics:
        reg = registry or CollectorRegistry()
        return cls(
            registry=reg,
            archived=Gauge("advisor_worker_audit_archived", "Audit events written to SQL by this process",
                           registry=reg),
            acked=Gauge("advisor_worker_audit_acked", "Audit stream entries acknowledged by this process",
                        registry=reg),
            errors=Gauge("advisor_worker_audit_drain_errors", "Drain steps that failed and were retried",
                         registry=reg),
        )
