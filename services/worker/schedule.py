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
from services.worker.jobs import PREFIX, JobStore, SingletonLock
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
}


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
    app.conf.beat_schedule = SCHEDULE
    lease = settings.job_time_limit_s

    @app.task(name="schedule.monthly_reports")
    def monthly(today: str = "") -> dict[str, Any]:
        day = date.fromisoformat(today) if today else datetime.now(UTC).date()
        return singleton(store, metrics, "monthly_reports", lease,
                         lambda: monthly_reports(store, enqueue, as_of(), day))

    @app.task(name="schedule.datacheck")
    def nightly_datacheck() -> dict[str, Any]:
        return singleton(store, metrics, "datacheck", lease, lambda: datacheck(store, settings, metrics))

    @app.task(name="schedule.audit_export")
    def export(start: str = "", end: str = "", tenant: str = "") -> dict[str, Any]:
        """Yesterday (UTC) by default; any period and tenant on demand."""
        today = datetime.now(UTC).date()
        s = start or (today - timedelta(days=1)).isoformat()
        e = end or today.isoformat()
        return singleton(store, metrics, f"audit_export:{tenant or '*'}", lease,
                         lambda: audit_export(settings, s, e, tenant))
