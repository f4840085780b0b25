"""The Celery application: Redis broker, the audit drain loop as a worker bootstep, and tasks.

The drain is a long-lived consumer started with the worker (a bootstep), not a task per event: one
XREADGROUP loop per worker process keeps ordering simple and the hash chain cheap. Tasks cover on-demand work
(one-shot drain, chain verification, reports: services/worker/tasks.py) and the scheduled work
(services/worker/schedule.py); docs/jobs.md describes their semantics.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from typing import Any

import redis
from celery import Celery, bootsteps

from services.worker.drain import AuditDrainer, DrainStats
from services.worker.jobs import DEAD_LETTERS, JobStore
from services.worker.metrics import WorkerMetrics
from services.worker.report_data import Analyzer
from services.worker.schedule import register_schedule
from services.worker.settings import WorkerSettings
from services.worker.store import AuditStore
from services.worker.tasks import register_report_task

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


def portfolio_factory(settings: WorkerSettings) -> Callable[[], Analyzer]:
    """A new client per job: the job runs its own event loop, and a channel belongs to one loop."""
    from services.portfolio.client import PortfolioClient

    return lambda: PortfolioClient.connect(settings.portfolio_target, timeout_s=settings.portfolio_timeout_s)


def make_app(settings: WorkerSettings, metrics: WorkerMetrics | None = None,
             client_factory: Callable[[], Analyzer] | None = None) -> Celery:
    app = Celery("advisor", broker=settings.redis_url)
    app.conf.update(
        task_ignore_result=True,  # results live in the job store (services/worker/jobs.py), with their TTL
        task_acks_late=True,  # a task killed mid-run is redelivered
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        broker_connection_retry_on_startup=True,
        broker_transport_options={"visibility_timeout": settings.visibility_timeout_s},
        worker_hijack_root_logger=False,
        task_default_queue=settings.queue,
        beat_schedule_filename=settings.beat_schedule_file,
    )
    jobs_redis = redis.Redis.from_url(settings.redis_url, socket_timeout=5.0, socket_connect_timeout=2.0)
    store = JobStore(jobs_redis, ttl_s=settings.job_ttl_s)
    factory = client_factory or portfolio_factory(settings)
    register_report_task(app, settings, store, factory, metrics)

    def enqueue(tenant: str, job_id: str) -> None:
        app.send_task("reports.generate", args=[tenant, job_id], queue=settings.queue)

    def data_as_of() -> str:
        async def ask() -> str:
            client = factory()
            try:
                return str((await client.list_instruments())["as_of"])
            finally:
                await client.close()

        return asyncio.run(ask())

    register_schedule(app, settings, store, enqueue, data_as_of, metrics)
    if metrics is not None:
        metrics.watch_queues(lambda: {settings.queue: int(jobs_redis.llen(settings.queue)),
                                      "dead": int(jobs_redis.llen(DEAD_LETTERS))})

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
