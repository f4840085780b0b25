"""Prometheus helpers: one place that defines buckets and how a process exposes its registry."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from prometheus_client import CollectorRegistry, Counter, Histogram, start_http_server

# Latency buckets in seconds, from sub-millisecond (in-process hops) to minutes (long streamed answers).
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120)


def start_metrics_listener(port: int, registry: CollectorRegistry) -> None:
    """Serve ``registry`` on ``127.0.0.1:port/metrics`` from a background thread (gRPC services)."""
    if port:
        start_http_server(port, addr="0.0.0.0", registry=registry)


@contextmanager
def observe_seconds(histogram: Histogram, **labels: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        (histogram.labels(**labels) if labels else histogram).observe(time.perf_counter() - start)


@dataclass
class GrpcServerMetrics:
    """RED metrics of every gRPC service, recorded by the shared interceptor (labels: method and code only)."""

    handled: Counter
    handling: Histogram

    @classmethod
    def create(cls, registry: CollectorRegistry) -> GrpcServerMetrics:
        return cls(
            handled=Counter(
                "advisor_grpc_server_handled", "RPCs completed, by method and status code", ["method", "code"],
                registry=registry,
            ),
            handling=Histogram(
                "advisor_grpc_server_handling_seconds", "RPC duration (whole stream for streaming RPCs)", ["method"],
                buckets=LATENCY_BUCKETS, registry=registry,
            ),
        )

    def record(self, method: str, code: str, seconds: float) -> None:
        self.handled.labels(method=method, code=code).inc()
        self.handling.labels(method=method).observe(seconds)
