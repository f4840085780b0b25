"""Run the worker: ``python -m services.worker`` (a Celery worker on the Redis broker that drains the audit
stream into SQL and runs the jobs of docs/jobs.md; with WORKER_BEAT=true it also runs the beat scheduler)."""

from __future__ import annotations

import logging

from services.common.logs import configure_logging
from services.common.metrics import start_metrics_listener
from services.worker.app import make_app
from services.worker.beat import SCHEDULED
from services.worker.fonts import FontMissing, ensure_cjk_font
from services.worker.metrics import WorkerMetrics, beat_metrics
from services.worker.reports import KIND
from services.worker.settings import WorkerSettings


def main() -> None:
    settings = WorkerSettings()
    configure_logging(settings.service_name, settings.log_level, settings.log_json)
    try:  # first use installs the CJK font (Debian package) before any job needs it
        ensure_cjk_font(settings.report_font)
    except FontMissing as err:
        logging.getLogger(__name__).warning("Chinese reports will fail: %s", err)
    metrics = WorkerMetrics.create()
    metrics.initialise(KIND, ("done", "failed", "retried", "duplicate", "lease_held"))
    if settings.beat:  # the embedded beat counts what it sends, as the chart's own beat does
        beat_metrics(metrics.registry, SCHEDULED)
    start_metrics_listener(settings.metrics_port, metrics.registry)
    app = make_app(settings, metrics)
    # Threads pool: the drain loop is a thread in this process, so no fork happens after it starts.
    argv = [
        "worker", f"--loglevel={settings.log_level}", "--pool=threads",
        f"--concurrency={settings.concurrency}", "--without-gossip", "--without-mingle",
        f"--hostname={settings.consumer}@%h", f"--queues={settings.queue}",
    ]
    if settings.beat:  # one process locally; the chart runs beat as its own single-replica Deployment
        argv += ["--beat", f"--schedule={settings.beat_schedule_file}"]
    app.worker_main(argv)


if __name__ == "__main__":
    main()
