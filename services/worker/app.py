"""The Celery application: Redis broker, the audit drain loop as a worker bootstep, and tasks.

The drain is a long-lived consumer started with the worker (a bootstep), not a task per event: one
XREADGROUP loop per worker process keeps ordering simple and the hash chain cheap. Tasks cover on-demand work
(one-shot drain, chain verification) and are where report generation and periodic jobs go.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

import redis
from celery import Celery, bootsteps

from services.worker.drain import AuditDrainer, DrainStats
from services.worker.metrics import WorkerMetrics
from services.worker.settings import WorkerSettings
from services.worker.store import AuditStore

log = logging.getLogger(__name__)


def make_drainer(settings: WorkerSettings, consumer_suffix: str = "") -> AuditDrainer:
    client = redis.Redis.from_url(settings.redis_url, socket_timeout=max(5.0, settings.block_ms / 1000 + 2),
                                  socket_connect_timeout=2.0)
    return AuditDrainer(client, AuditStore(settings.audit_dsn), settings.audit_stream, settings.audit_group,
                        settings.consumer + consumer_suffix, batch_size=settings.batch_size,
                        block_ms=settings.block_ms, claim_idle_ms=settings.claim_idle_ms)


def drain_step(settings: WorkerSettings, metrics: WorkerMetrics | None) -> type[bootsteps.StartStopStep]:
    """A worker bootstep that runs the drain loop in a thread for the worker's lifetime."""

    class AuditDrainStep(bootsteps.StartStopStep):
        """Runs the drain loop in a thread for the worker's lifetime."""

        def __init__(self, parent: Any, **kwargs: Any) -> None:
            super().__init__(parent, **kwargs)
            self.stop_event = threading.Event()
            self.thread: threading.Thread | None = None
            self.drainer: AuditDrainer | None = None

        def start(self, parent: Any) -> None:
            self.drainer = make_drainer(settings)
            self.thread = threading.Thread(target=self._run, name="audit-drain", daemon=True)
            self.thread.start()
            log.info("audit drain started", extra={"consumer": self.drainer.consumer})

        def _run(self) -> None:
            assert self.drainer is not None

            def publish(stats: DrainStats) -> None:
                if metrics is not None:
                    metrics.archived.set(stats.written)
                    metrics.acked.set(stats.acked)
                    metrics.errors.set(stats.errors)

            self.drainer.run(self.stop_event, publish)

        def stop(self, parent: Any) -> None:
            self.stop_event.set()
            if self.thread is not None:
                self.thread.join(timeout=settings.block_ms / 1000 + 5)

    return AuditDrainStep


def make_app(settings: WorkerSettings, metrics: WorkerMetrics | None = None) -> Celery:
    app = Celery("advisor", broker=settings.redis_url)
    app.conf.update(
        task_ignore_result=True,
        task_acks_late=True,  # a task killed mid-run is redelivered
        worker_prefetch_multiplier=1,
        broker_connection_retry_on_startup=True,
        worker_hijack_root_logger=False,
        task_default_queue="advisor",
    )

    if settings.drain_in_worker:
        app.steps["worker"].add(drain_step(settings, metrics))

    @app.task(name="audit.drain_once")
    def drain_once() -> int:
        """Drain whatever is in the stream now (e.g. before an export)."""
        drainer = make_drainer(settings, consumer_suffix="-task")
        try:
            return drainer.drain_all()
        finally:
            drainer.store.close()

    @app.task(name="audit.verify_chain")
    def verify_chain() -> dict[str, Any]:
        store = AuditStore(settings.audit_dsn)
        try:
            result = store.verify()
        finally:
            store.close()
        return {"ok": result.ok, "rows": result.rows, "first_bad_seq": result.first_bad_seq}

    return app
