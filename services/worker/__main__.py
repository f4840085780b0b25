"""Run the worker: ``python -m services.worker`` (a Celery worker on the Redis broker that also drains the
audit stream into SQL)."""

from __future__ import annotations

from services.common.logs import configure_logging
from services.common.metrics import start_metrics_listener
from services.worker.app import make_app
from services.worker.metrics import WorkerMetrics
from services.worker.settings import WorkerSettings


def main() -> None:
    settings = WorkerSettings()
    configure_logging(settings.service_name, settings.log_level, settings.log_json)
    metrics = WorkerMetrics.create()
    start_metrics_listener(settings.metrics_port, metrics.registry)
    app = make_app(settings, metrics)
    # Threads pool: the drain loop is a thread in this process, so no fork happens after it starts.
    app.worker_main([
        "worker", f"--loglevel={settings.log_level}", "--pool=threads",
        f"--concurrency={settings.concurrency}", "--without-gossip", "--without-mingle",
        f"--hostname={settings.consumer}@%h",
    ])


if __name__ == "__main__":
    main()
