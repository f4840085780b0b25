"""Run the beat scheduler alone: ``python -m services.worker.beat`` (one replica in the chart). It only sends
the scheduled tasks of services/worker/schedule.py; the workers run them, each under its singleton lock.

It serves its own metrics on ``WORKER_BEAT_METRICS_PORT`` (the chart's probes check that port):
``advisor_beat_sent_total{task}`` counts the scheduled tasks it has sent.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry

from services.common.logs import configure_logging
from services.common.metrics import start_metrics_listener
from services.worker.app import make_app
from services.worker.metrics import beat_metrics
from services.worker.schedule import SCHEDULE
from services.worker.settings import WorkerSettings

SCHEDULED = sorted(entry["task"] for entry in SCHEDULE.values())


def main() -> None:
    settings = WorkerSettings(drain_in_worker=False)
    configure_logging(settings.service_name + "-beat", settings.log_level, settings.log_json)
    registry = CollectorRegistry()
    beat_metrics(registry, SCHEDULED)
    start_metrics_listener(settings.beat_metrics_port, registry)
    app = make_app(settings)
    app.start(["beat", f"--loglevel={settings.log_level}", f"--schedule={settings.beat_schedule_file}"])


if __name__ == "__main__":
    main()
