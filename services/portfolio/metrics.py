"""Prometheus metrics of the portfolio-tool beyond the shared gRPC RED metrics: the result cache, refusals
when every worker is busy, and the compute time of each tool (in the worker, queueing excluded)."""

from __future__ import annotations

from dataclasses import dataclass

from prometheus_client import CollectorRegistry, Counter, Histogram

from services.common.metrics import LATENCY_BUCKETS


@dataclass
class PortfolioMetrics:
    cache: Counter
    rejected: Counter
    compute: Histogram

    @classmethod
    def create(cls, registry: CollectorRegistry) -> PortfolioMetrics:
        return cls(
            cache=Counter("advisor_portfolio_cache", "Result cache lookups, by result (hit or miss)", ["result"],
                          registry=registry),
            rejected=Counter("advisor_portfolio_rejected", "Computations refused because every worker was busy",
                             registry=registry),
            compute=Histogram("advisor_portfolio_compute_seconds", "Time in a compute worker, by method",
                              ["method"], buckets=LATENCY_BUCKETS, registry=registry),
        )
