"""Submitting reports (the gateway and the monthly beat job) and producing them (the worker's task body).

Plain functions over a :class:`JobStore`, an enqueue callable and a portfolio client, so the gateway route
and the Celery task stay thin and the core is tested without either.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import orjson
import redis
from celery import Celery

from services.common.errors import Unavailable
from services.worker.fonts import ensure_cjk_font, register
from services.worker.jobs import PREFIX, Job, JobStore
from services.worker.report_data import Analyzer, Progress, collect
from services.worker.report_pdf import render_pdf
from services.worker.report_request import ReportBody

REPORT_TASK = "reports.generate"
KIND = "report"
Enqueue = Callable[[str, str], None]


def producer(redis_url: str, queue: str = "advisor") -> tuple[Celery, Enqueue]:
    """A Celery app that only sends (the gateway, the beat) and the enqueue function on it."""
    app = Celery("advisor", broker=redis_url)
    app.conf.update(broker_connection_retry_on_startup=True, task_default_queue=queue,
                    broker_transport_options={"socket_timeout": 2.0, "socket_connect_timeout": 2.0})

    def enqueue(tenant: str, job_id: str) -> None:
        app.send_task(REPORT_TASK, args=[tenant, job_id], queue=queue, retry=True,
                      retry_policy={"max_retries": 2, "interval_start": 0.2, "interval_step": 0.5})

    return app, enqueue


def submit(store: JobStore, enqueue: Enqueue, tenant: str, user: str, body: ReportBody,
           idempotency_key: str = "") -> tuple[Job, bool]:
    """Record the job and queue it (once per idempotency key). Returns (job, created)."""
    request = body.model_dump()
    job, created = store.create(tenant, user, KIND, request, idempotency_key)
    if not created:
        return job, False
    try:
        enqueue(tenant, job.id)
    except Exception as err:  # the broker is down: undo, so a retry with the same key submits afresh
        store.discard(job)
        raise Unavailable("the job queue is temporarily unavailable", code="queue_unavailable",
                          retry_after_s=2.0) from err
    if body.monthly:
        subscribe(store.redis, tenant, user, body)
    return job, True


def _subs_key(tenant: str) -> str:
    return f"{PREFIX}:{tenant}:monthly"


def subscribe(client: redis.Redis, tenant: str, user: str, body: ReportBody) -> None:
    pipe = client.pipeline()
    pipe.hset(_subs_key(tenant), user, orjson.dumps(body.model_dump()))
    pipe.sadd(f"{PREFIX}:monthly-tenants", tenant)
    pipe.execute()


def subscriptions(client: redis.Redis) -> list[tuple[str, str, ReportBody]]:
    out = []
    for raw_tenant in sorted(client.smembers(f"{PREFIX}:monthly-tenants")):
        tenant = _text(raw_tenant)
        for user, raw in sorted(client.hgetall(_subs_key(tenant)).items()):
            out.append((tenant, _text(user), ReportBody.model_validate(orjson.loads(raw))))
    return out


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


def font_for(language: str, configured: str = "") -> str:
    return register(ensure_cjk_font(configured)) if language == "zh" else "Helvetica"


def produce(client_factory: Callable[[], Analyzer], body: ReportBody, progress: Progress, *, font: str = "",
            request_id: str = "") -> tuple[bytes, dict[str, Any]]:
    """Gather the analysis and render the PDF; returns (pdf, meta). Domain errors propagate."""

    async def gather() -> Any:
        client = client_factory()
        try:
            return await collect(client, body, progress, request_id)
        finally:
            await client.close()

    data = asyncio.run(gather())
    progress(75, "render")
    pdf = render_pdf(data, font_for(body.language, font))
    window = data.analysis["window"]
    meta = {"bytes": len(pdf), "language": body.language, "start": window["start"], "end": window["end"],
            "as_of": data.data_as_of, "filename": f"report-{window['start']}-{window['end']}-{body.language}.pdf"}
    return pdf, meta
