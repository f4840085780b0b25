"""Run the beat scheduler alone: ``python -m services.worker.beat`` (one replica in the chart). It only sends
the scheduled tasks of services/worker/schedule.py; the workers run them, each under its singleton lock.

It serves its own metrics on ``WORKER_BEAT_METRICS_PORT`` (the chart's probes check that port):
``advisor_beat_sent_total{task}`` counts the scheduled tasks it has sent.
"""

from __future__ import annotations

from typing import Any

from celery.signals import after_task_publish
from prometheus_client import CollectorRegistry, Counter

from services.common.logs import configure_logging
from services.common.metrics import start_metrics_listener
from services.worker.app import make_app
from services.worker.schedule import SCHEDULE
from services.worker.settings import WorkerSettings

SCHEDULED = {entry["task"] for entry in SCHEDULE.values()}


def beat_metrics(registry: CollectorRegistry) -> Counter:
    """A counter of sent scheduled tasks, labelled by task name (bounded: only the names in SCHEDULE)."""
    sent = Counter("advisor_beat_sent", "Scheduled tasks the beat sent to the queue", ["task"], registry=registry)
    for name in sorted(SCHEDULED):
        sent.labels(task=name)  # every series exists from the start (rate() needs a zero)

    def count(sender: Any = None, **_: Any) -> None:
        name = sender if isinstance(sender, str) else getattr(sender, "name", "")
        if name in SCHEDULED:
            sent.labels(task=name).inc()

    after_task_publish.connect(count, weak=False)
    return sent


def main() -> None:
    settings = WorkerSettings(drain_in_worker=False)
    configure_logging(settings.service_name + "-beat", settings.log_level, settings.log_json)
    registry = CollectorRegistry()
    beat_metrics(registry)
    start_metrics_listener(settings.beat_metrics_port, registry)
    app = make_app(settings)
    app.start(["beat", f"--loglevel={settings.log_level}", f"--schedule={settings.beat_schedule_file}"])


if __name__ == "__main__":
    main()
