"""Prometheus metrics of the pool client, on the registry of the process that embeds it."""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.core import CounterMetricFamily, HistogramMetricFamily, Metric
from prometheus_client.utils import floatToGoString

from services.common.metrics import LATENCY_BUCKETS

DECISION_BUCKETS = (1e-5, 2.5e-5, 5e-5, 1e-4, 2.5e-4, 1e-3)
AFFINITY_RESULTS = ("hit", "miss", "none")


class DecisionTally:
    """What every routing decision adds to the metrics, kept as plain counts and read out at scrape time.

    Three prometheus_client updates (a histogram and two labelled counters, each taking its own lock) were a
    tenth of a decision's CPU; the decision runs on the event loop's one thread, so plain integer increments
    suffice, and the scrape (another thread) copies them before reading. The exported series are the ones the
    client library would have produced: ``advisor_engine_pool_requests_total{replica}``,
    ``advisor_engine_pool_affinity_total{result}``, ``advisor_engine_pool_decision_seconds``.
    """

    def __init__(self) -> None:
        self.requests: dict[str, int] = {}
        self.affinity: dict[str, int] = dict.fromkeys(AFFINITY_RESULTS, 0)
        self.buckets = [0] * (len(DECISION_BUCKETS) + 1)  # the last one is +Inf
        self.seconds = 0.0

    def record(self, replica: str, affinity: str, seconds: float) -> None:
        self.requests[replica] = self.requests.get(replica, 0) + 1
        self.affinity[affinity] += 1
        self.buckets[bisect.bisect_left(DECISION_BUCKETS, seconds)] += 1
        self.seconds += seconds

    def describe(self) -> Iterator[Metric]:
        """The series' names, so the registry refuses a second tally (or a metric of the same name)."""
        yield CounterMetricFamily("advisor_engine_pool_requests", "", labels=["replica"])
        yield CounterMetricFamily("advisor_engine_pool_affinity", "", labels=["result"])
        yield HistogramMetricFamily("advisor_engine_pool_decision_seconds", "")

    def collect(self) -> Iterator[Metric]:
        requests = CounterMetricFamily("advisor_engine_pool_requests", "Requests sent, by replica",
                                       labels=["replica"])
        for url, n in dict(self.requests).items():
            requests.add_metric([url], n)
        yield requests
        affinity = CounterMetricFamily(
            "advisor_engine_pool_affinity",
            "Routing decisions: hit (session's home replica), miss (spilled), none (no key)", labels=["result"])
        for result, n in dict(self.affinity).items():
            affinity.add_metric([result], n)
        yield affinity
        counts, total, cumulative = list(self.buckets), self.seconds, 0
        buckets: list[tuple[str, float]] = []
        for bound, n in zip((*map(floatToGoString, DECISION_BUCKETS), "+Inf"), counts, strict=True):
            cumulative += n
            buckets.append((bound, cumulative))
        decision = HistogramMetricFamily("advisor_engine_pool_decision_seconds", "Time to pick a replica")
        decision.add_metric([], buckets, total)
        yield decision


@dataclass
class PoolMetrics:
    errors: Counter
    ejections: Counter
    ttft: Histogram
    replicas: Gauge
    decisions: DecisionTally

    @classmethod
    def create(cls, registry: CollectorRegistry | None = None) -> PoolMetrics:
        reg = registry or CollectorRegistry()
        tally = DecisionTally()
        reg.register(tally)
        return cls(
            errors=Counter("advisor_engine_pool_errors", "Failed requests, by replica and kind",
                           ["replica", "kind"], registry=reg),
            ejections=Counter("advisor_engine_pool_ejections", "Replicas taken out of rotation", ["replica"],
                              registry=reg),
            ttft=Histogram("advisor_engine_pool_ttft_seconds", "Request sent to first token, by replica",
                           ["replica"], buckets=LATENCY_BUCKETS, registry=reg),
            replicas=Gauge("advisor_engine_pool_replicas", "Known replicas by state", ["state"], registry=reg),
            decisions=tally,
        )
