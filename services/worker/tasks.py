"""The report task: a thin Celery shell around :func:`services.worker.reports.produce`.

Semantics (docs/jobs.md): the message carries only (tenant, job id); acks are late, so a worker killed
mid-job leaves the message to be redelivered (after the broker's visibility timeout) to another worker. A copy
runs only while it holds the job's lease; a redelivered copy that finds the lease held by a live copy looks
again after one lease period. Completion is exactly once (:meth:`JobStore.complete`). Transient failures are
retried with exponential backoff and jitter; bad input and exhausted retries end on the dead-letter list.
"""

from __future__ import annotations

import logging
import random
import threading
import time
import uuid
from collections.abc import Callable

import redis
from celery import Celery, Task

from services.common.errors import DeadlineExceeded, DomainError, ResourceExhausted, Unavailable
from services.worker.fonts import FontMissing
from services.worker.jobs import JobStore
from services.worker.metrics import WorkerMetrics
from services.worker.report_data import Analyzer
from services.worker.report_request import ReportBody
from services.worker.reports import KIND, REPORT_TASK, produce
from services.worker.settings import WorkerSettings

log = logging.getLogger(__name__)
TRANSIENT = (Unavailable, DeadlineExceeded, ResourceExhausted, redis.ConnectionError, redis.TimeoutError)


def backoff_s(retries: int, base_s: float, cap_s: float) -> float:
    """Exponential backoff with full jitter: uniform in [base, min(cap, base * 2^retries)]."""
    return random.uniform(base_s, max(base_s, min(cap_s, base_s * 2 ** retries)))


class Heartbeat:
    """Renews the job's lease while the copy is alive, for at most the job's time limit."""

    def __init__(self, store: JobStore, tenant: str, job_id: str, owner: str, settings: WorkerSettings) -> None:
        self.stop = threading.Event()
        self.args = (store, tenant, job_id, owner, settings)
        self.thread = threading.Thread(target=self._run, name=f"lease-{job_id[:8]}", daemon=True)

    def _run(self) -> None:
        store, tenant, job_id, owner, settings = self.args
        deadline = time.monotonic() + settings.job_time_limit_s
        while not self.stop.wait(settings.job_lease_s / 3) and time.monotonic() < deadline:
            try:
                if not store.renew(tenant, job_id, owner, settings.job_lease_s):
                    return
            except redis.RedisError:
                continue

    def __enter__(self) -> Heartbeat:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()


def register_report_task(app: Celery, settings: WorkerSettings, store: JobStore,
                         client_factory: Callable[[], Analyzer], metrics: WorkerMetrics | None) -> None:
    def count(outcome: str) -> None:
        if metrics is not None:
            metrics.jobs.labels(kind=KIND, outcome=outcome).inc()

    def hang_if_injected(stage: str) -> None:
        if settings.fault_hang_at_stage and stage == settings.fault_hang_at_stage:
            log.warning("fault injection: hanging at stage %s", stage)
            threading.Event().wait()

    @app.task(name=REPORT_TASK, bind=True, max_retries=None)
    def generate(self: Task, tenant: str, job_id: str) -> str:
        job = store.get(tenant, job_id)
        if job is None or job.status in ("done", "failed"):
            count("duplicate")  # expired, or a redelivered copy of a job that already ended
            return job.status if job else "expired"
        owner = f"{settings.consumer}:{uuid.uuid4().hex[:8]}"
        if not store.acquire(tenant, job_id, owner, settings.job_lease_s):
            count("lease_held")
            raise self.retry(countdown=settings.job_lease_s)  # not a failure: another copy is running it
        outcome, retry_in = run_once(tenant, job_id, owner)
        if retry_in is not None:
            raise self.retry(countdown=retry_in)
        return outcome

    def run_once(tenant: str, job_id: str, owner: str) -> tuple[str, float | None]:
        started = time.monotonic()
        retries = 0
        try:
            store.start(tenant, job_id)
            job = store.get(tenant, job_id)
            assert job is not None
            retries = job.attempts - 1

            def progress(percent: int, stage: str) -> None:
                store.progress(tenant, job_id, percent, stage)
                hang_if_injected(stage)

            with Heartbeat(store, tenant, job_id, owner, settings):
                body = ReportBody.model_validate(job.request)
                pdf, meta = produce(client_factory, body, progress, font=settings.report_font, request_id=job_id)
                progress(95, "store")
                done = store.complete(tenant, job_id, pdf, meta, owner)
            if metrics is not None:
                metrics.run_seconds.labels(kind=KIND).observe(time.monotonic() - started)
                if done:
                    metrics.latency.labels(kind=KIND).observe(max(0.0, time.time() - job.created_ms / 1000))
            count("done" if done else "duplicate")
            return ("done" if done else "duplicate"), None
        except TRANSIENT as err:
            message = err.message if isinstance(err, DomainError) else "Redis is unavailable"
            if retries >= settings.max_retries:
                store.fail(tenant, job_id, REPORT_TASK, "retries_exhausted",
                           f"gave up after {retries + 1} attempts: {message}")
                count("failed")
                return "failed", None
            store.note_retry(tenant, job_id, "retrying", message)
            count("retried")
            return "retrying", backoff_s(retries, settings.retry_backoff_s, settings.retry_backoff_max_s)
        except DomainError as err:  # the tool refused the request: retrying cannot help
            store.fail(tenant, job_id, REPORT_TASK, err.code, err.message)
            count("failed")
            return "failed", None
        except FontMissing as err:
            store.fail(tenant, job_id, REPORT_TASK, "font_missing", str(err))
            count("failed")
            return "failed", None
        except Exception:
            log.exception("report failed", extra={"job_id": job_id, "tenant": tenant})
            store.fail(tenant, job_id, REPORT_TASK, "report_failed", "the report could not be produced")
            count("failed")
            return "failed", None
        finally:
            store.release(tenant, job_id, owner)
