"""Scheduled work (Celery beat): monthly reports, the nightly market-data check, the daily audit export.

Each scheduled task runs under a :class:`SingletonLock`, so at most one copy runs at a time even if two beats
fire or a run outlasts its period; a copy that finds the lock taken skips and says so (metric
``advisor_jobs{outcome="skipped_locked"}``). Their effects are idempotent too: a monthly report per user and
month has one idempotency key, an export of a tenant and day has one file.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
from celery import Celery
from celery.schedules import crontab

from services.common.errors import DomainError
from services.worker.audit_export import export_tenant, tenants_in
from services.worker.datacheck import check_market_data
from services.worker.jobs import PREFIX, JobStore, SingletonLock, in_broker
from services.worker.metrics import WorkerMetrics
from services.worker.report_request import monthly_period
from services.worker.reports import Enqueue, submit, subscriptions
from services.worker.settings import WorkerSettings
from services.worker.store import AuditStore

log = logging.getLogger(__name__)
ALERTS = f"{PREFIX}:alerts"
DATACHECK_LAST = f"{PREFIX}:datacheck:last"

SCHEDULE = {
    "monthly-reports": {"task": "schedule.monthly_reports", "schedule": crontab(minute=0, hour=2, day_of_month=1)},
    "nightly-datacheck": {"task": "schedule.datacheck", "schedule": crontab(minute=0, hour=1)},
    "daily-audit-export": {"task": "schedule.audit_export", "schedule": crontab(minute=30, hour=0)},
    # every WorkerSettings.sweep_every_s (register_schedule sets the period)
    "requeue-stranded": {"task": "schedule.requeue_stranded", "schedule": 60.0},
}
SWEEP = "jobs.requeue_stranded"


def singleton(store: JobStore, metrics: WorkerMetrics | None, name: str, lease_s: float,
              fn: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    lock = SingletonLock(store.redis, name, lease_s)
    if not lock.acquire():
        if metrics is not None:
            metrics.jobs.labels(kind=name, outcome="skipped_locked").inc()
        log.info("scheduled job already running elsewhere; skipped", extra={"job": name})
        return {"skipped": "another copy is running"}
    try:
        result = fn()
    finally:
        lock.release()
    if metrics is not None:
        metrics.jobs.labels(kind=name, outcome="done").inc()
    return result


def monthly_reports(store: JobStore, enqueue: Enqueue, as_of: str, today: date) -> dict[str, Any]:
    """One report per subscriber for the month (idempotency key ``monthly-YYYY-MM``)."""
    start, end = monthly_period(today, as_of)
    queued, refused = 0, []
    for tenant, user, body in subscriptions(store.redis):
        period = body.model_copy(update={"start_date": start, "end_date": end, "monthly": False})
        try:
            _, created = submit(store, enqueue, tenant, user, period, f"monthly-{today:%Y-%m}")
        except DomainError as err:
            refused.append({"tenant": tenant, "user": user, "error": err.message})
            continue
        queued += int(created)
    return {"queued": queued, "refused": refused, "start": start, "end": end}


def requeue_stranded(store: JobStore, enqueue: Enqueue, waiting: Callable[[set[str]], set[str]], *,
                     after_s: float, max_requeues: int, now_ms: int | None = None) -> dict[str, Any]:
    """Jobs saved but never run (the gateway died between saving and queuing, or the broker lost the message).

    A job queued for longer than ``after_s`` whose message is nowhere in the broker (``waiting``) and that no
    copy holds a lease on is queued again, at most ``max_requeues`` times; then it fails (``stranded``, on the
    dead-letter list). A job whose message is still in the broker is only waiting behind others: its clock
    restarts. A message queued twice is harmless: the second copy finds the job leased or done.
    """
    now = now_ms if now_ms is not None else int(datetime.now(UTC).timestamp() * 1000)
    due = store.pending_since(now - int(after_s * 1000))
    jobs = []
    for tenant, job_id in due:
        job = store.get(tenant, job_id)
        if job is None or job.status != "queued":
            store.unpend(tenant, job_id)  # expired, or started/ended by a path that left it indexed
        elif not store.leased(tenant, job_id):
            jobs.append(job)
    present = waiting({j.id for j in jobs}) if jobs else set()
    requeued, failed, still = [], [], 0
    for job in jobs:
        if job.id in present:
            store.still_waiting(job.tenant, job.id)
            still += 1
            continue
        raw = store.redis.hget(store.key(job.tenant, "job", job.id), "requeues")
        done_before = int(raw or 0)
        if done_before >= max_requeues:
            message = (f"the job was queued but never picked up: re-queued {done_before} times, "
                       f"{after_s:.0f} s apart, with no worker starting it")
            store.fail(job.tenant, job.id, SWEEP, "stranded", message)
            failed.append(job.id)
            log.error("stranded job failed", extra={"tenant": job.tenant, "job_id": job.id})
            continue
        store.requeued(job.tenant, job.id)
        try:
            enqueue(job.tenant, job.id)
        except Exception:  # the broker is down: the next sweep tries again (the count is already taken)
            log.warning("re-queue failed", extra={"tenant": job.tenant, "job_id": job.id}, exc_info=True)
            continue
        requeued.append(job.id)
        log.warning("stranded job re-queued", extra={"tenant": job.tenant, "job_id": job.id,
                                                     "requeues": done_before + 1})
    return {"due": len(due), "requeued": requeued, "failed": failed, "still_waiting": still}


def datacheck(store: JobStore, settings: WorkerSettings, metrics: WorkerMetrics | None) -> dict[str, Any]:
    """Check the shipped data; on new problems raise the alert (metric, alert list, error log)."""
    result = check_market_data(jump=settings.datacheck_jump, stale_days=settings.datacheck_stale_days)
    report = {**result.to_dict(), "checked_at": datetime.now(UTC).isoformat(timespec="seconds")}
    store.redis.set(DATACHECK_LAST, orjson.dumps(report))
    if metrics is not None:
        for kind, n in result.counts().items():
            metrics.data_problems.labels(kind=kind).set(n)
    if not result.ok:
        alert = {"alert": "MarketDataInvalid", "counts": result.counts(), "problems": report["problems"][:20],
                 "ts": report["checked_at"]}
        store.redis.lpush(ALERTS, orjson.dumps(alert))
        store.redis.ltrim(ALERTS, 0, 999)
        log.error("market data check failed", extra={"counts": result.counts()})
    return {"ok": result.ok, "counts": result.counts(), "series": result.series}


def audit_export(settings: WorkerSettings, start: str, end: str, tenant: str = "") -> dict[str, Any]:
    """Export [start, end) for one tenant, or for every tenant with events in the period."""
    store = AuditStore(settings.audit_dsn)
    try:
        names = [tenant] if tenant else tenants_in(store, start, end)
        results = [export_tenant(store, t, start, end, Path(settings.audit_export_dir)) for t in names]
    finally:
        store.close()
    return {"exports": [r.__dict__ for r in results],
            "ok": all(r.chain_ok and r.rows_ok for r in results)}


def register_schedule(app: Celery, settings: WorkerSettings, store: JobStore, enqueue: Enqueue,
                      as_of: Callable[[], str], metrics: WorkerMetrics | None) -> None:
    app.conf.beat_schedule = {**SCHEDULE, "requeue-stranded": {**SCHEDULE["requeue-stranded"],
                                                              "schedule": settings.sweep_every_s}}
    lease = settings.job_time_limit_s

    @app.task(name="schedule.monthly_reports")
    def monthly(today: str = "") -> dict[str, Any]:
        day = date.fromisoformat(today) if today else datetime.now(UTC).date()
        return singleton(store, metrics, "monthly_reports", lease,
                         lambda: monthly_reports(store, enqueue, as_of(), day))

    @app.task(name="schedule.datacheck")
    def nightly_datacheck() -> dict[str, Any]:
        return singleton(store, metrics, "datacheck", lease, lambda: datacheck(store, settings, metrics))

    @app.task(name="schedule.requeue_stranded")
    def sweep() -> dict[str, Any]:
        def waiting(ids: set[str]) -> set[str]:
            return in_broker(store.redis, settings.queue, ids)

        result = singleton(store, metrics, "requeue_stranded", lease,
                           lambda: requeue_stranded(store, enqueue, waiting, after_s=settings.stranded_after_s,
                                                    max_requeues=settings.stranded_requeues))
        if metrics is not None and "requeued" in result:
            metrics.jobs.labels(kind="report", outcome="requeued").inc(len(result["requeued"]))
            metrics.jobs.labels(kind="report", outcome="stranded").inc(len(result["failed"]))
        return result

    @app.task(name="schedule.audit_export")
    def export(start: str = "", end: str = "", tenant: str = "") -> dict[str, Any]:
        """Yesterday (UTC) by default; any period and tenant on demand."""
        today = datetime.now(UTC).date()
        s = start or (today - timedelta(days=1)).isoformat()
        e = end or today.isoformat()
        return singleton(store, metrics, f"audit_export:{tenant or '*'}", lease,
                         lambda: audit_export(settings, s, e, tenant))
