"""Prometheus metrics of the worker, on a registry the process owns."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from celery.signals import after_task_publish
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

LATENCY_BUCKETS = (0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1800, 3600)


class QueueCollector(Collector):
    """Queue depth and dead letters read from Redis at scrape time (what KEDA and the panel look at)."""

    def __init__(self, read: Callable[[], dict[str, int]]) -> None:
        self.read = read

    def collect(self) -> Iterator[GaugeMetricFamily]:
        depth = GaugeMetricFamily("advisor_jobs_queue_depth", "Messages waiting in the job queue",
                                  labels=["queue"])
        dead = GaugeMetricFamily("advisor_jobs_dead_letters", "Entries on the dead-letter list")
        try:
            values = self.read()
        except Exception:  # Redis down: no sample rather than a wrong zero
            return
        for name, value in values.items():
            if name == "dead":
                dead.add_metric([], value)
            else:
                depth.add_metric([name], value)
        yield depth
        yield dead


@dataclass
class WorkerMetrics:
    registry: CollectorRegistry
    archived: Gauge
    acked: Gauge
    errors: Gauge
    jobs: Counter
    latency: Histogram
    run_seconds: Histogram
    data_problems: Gauge

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
            jobs=Counter("advisor_jobs", "Job runs by kind and outcome (done, failed, retried, duplicate, "
                         "skipped_locked)", ["kind", "outcome"], registry=reg),
            latency=Histogram("advisor_jobs_latency_seconds", "Submission to completion of a job",
                              ["kind"], buckets=LATENCY_BUCKETS, registry=reg),
            run_seconds=Histogram("advisor_jobs_run_seconds", "Run time of one attempt of a job", ["kind"],
                                  buckets=LATENCY_BUCKETS, registry=reg),
            data_problems=Gauge("advisor_jobs_marketdata_problems",
                                "Problems the last nightly check found in the shipped market data", ["kind"],
                                registry=reg),
        )

    def watch_queues(self, read: Callable[[], dict[str, int]]) -> None:
        self.registry.register(QueueCollector(read))

    def initialise(self, kind: str, outcomes: tuple[str, ...]) -> None:
        """Create a kind's series at zero, so rates and increases read 0 rather than nothing before its first run."""
        for outcome in outcomes:
            self.jobs.labels(kind=kind, outcome=outcome)
        self.latency.labels(kind=kind)
        self.run_seconds.labels(kind=kind)


def beat_metrics(registry: CollectorRegistry, tasks: Iterable[str]) -> Counter:
    """``advisor_beat_sent_total{task}``: scheduled tasks the beat sent (labels bounded to ``tasks``)."""
    names = set(tasks)
    sent = Counter("advisor_beat_sent", "Scheduled tasks the beat sent to the queue", ["task"], registry=registry)
    for name in sorted(names):
        sent.labels(task=name)

    def count(sender: Any = None, **_: Any) -> None:
        name = sender if isinstance(sender, str) else getattr(sender, "name", "")
        if name in names:
            sent.labels(task=name).inc()

    after_task_publish.connect(count, weak=False)
    return sent
