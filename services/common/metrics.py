"""Prometheus helpers: one place that defines buckets and how a process exposes its registry."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from prometheus_client import CollectorRegistry, Histogram, start_http_server

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
