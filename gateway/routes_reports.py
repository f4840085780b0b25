"""Portfolio reports on the public API: ``POST /v1/reports`` (→ a job id), ``GET /v1/reports/{id}`` (status and
progress), ``GET /v1/reports/{id}/pdf`` (the report when done).

Thin transport over services/worker/reports.py: the body is checked for shape here, then for meaning by
portfolio-tool with the very request the worker will send (unknown instrument, a period with no data: 422
naming the field), then the job is recorded and queued for the Celery workers. Jobs belong to the caller's
tenant and user; anyone else gets 404.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Request
from fastapi.concurrency import run_in_threadpool
from starlette.responses import JSONResponse, Response

from gateway.auth import Principal
from gateway.deps import Deps, limited_principal, principal_of
from gateway.errors import COMMON_ERRORS, ApiError, from_domain_error, request_id_of
from services.common.errors import DomainError
from services.worker.client import Enqueue, IdempotencyConflict, Job, JobStore, ReportBody, analyze_body, submit

REPORTS_PATH = "/v1/reports"

router = APIRouter(tags=["reports"])
Limited = Annotated[Principal, Depends(limited_principal)]
Authed = Annotated[Principal, Depends(principal_of)]  # polling is not charged to the rate buckets


class ReportJobs:
    """What the routes need, built in the app's lifespan: the job store and the enqueue function."""

    def __init__(self, store: JobStore, enqueue: Enqueue) -> None:
        self.store = store
        self.enqueue = enqueue


def view(job: Job) -> dict[str, Any]:
    body: dict[str, Any] = {
        "job_id": job.id, "status": job.status, "progress": job.progress, "stage": job.stage,
        "created_at_ms": job.created_ms, "finished_at_ms": job.finished_ms or None, "attempts": job.attempts,
        "expires_in_s": job.expires_in_s, "request": job.request,
    }
    if job.error_code:
        body["error"] = {"code": job.error_code, "message": job.error_message}
    if job.status == "done":
        body["result"] = {**job.result_meta, "download": f"{REPORTS_PATH}/{job.id}/pdf"}
    return body


def _jobs(request: Request) -> ReportJobs:
    jobs: ReportJobs = request.app.state.reports
    return jobs


async def _find(request: Request, principal: Principal, job_id: str) -> Job:
    try:
        job = await run_in_threadpool(_jobs(request).store.get, principal.tenant, job_id)
    except Exception as err:  # Redis down
        raise ApiError(503, "jobs_unavailable", "the job store is temporarily unavailable", 2.0) from err
    if job is None or job.user != principal.user_id:
        raise ApiError(404, "job_not_found", f"no report job {job_id} (unknown, expired, or not yours)")
    return job


SUBMIT_ERRORS: dict[int | str, dict[str, Any]] = {
    **COMMON_ERRORS,
    409: {"description": "`idempotency_conflict`: the Idempotency-Key was used with a different body"},
    422: {"description": "`invalid_request` (shape, e.g. `holdings: List should have at least 1 item`) or "
                         "`invalid_argument` (meaning, e.g. `holdings[0].instrument: unknown instrument 'X'`, "
                         "`start_date: only 0 common dates inside the window`)"},
    503: {"description": "`queue_unavailable`, `jobs_unavailable` or `service_unavailable`; see Retry-After"},
}


@router.post(REPORTS_PATH, status_code=202, responses=SUBMIT_ERRORS, summary="Request a portfolio report")
async def create_report(
    body: ReportBody, request: Request, principal: Limited,
    idempotency_key: Annotated[str, Header(max_length=128, pattern=r"^[A-Za-z0-9._:-]+$")] = "",
) -> Response:
    """Queue a PDF report (Chinese or English) of the holdings over the period: returns, risk, drawdown with
    dates, allocation, the benchmark, charts, as-of dates, sources and the disclaimer. 202 with the job; with
    an `Idempotency-Key` header a repeated request returns the same job (200)."""
    deps: Deps = request.app.state.deps
    try:  # the same analysis the worker runs: bad input is refused now, with the field named
        await deps.portfolio.analyze(analyze_body(body), request_id=request_id_of(request))
    except DomainError as err:
        raise from_domain_error(err) from None
    jobs = _jobs(request)
    try:
        job, created = await run_in_threadpool(submit, jobs.store, jobs.enqueue, principal.tenant,
                                               principal.user_id, body, idempotency_key)
    except IdempotencyConflict as err:
        raise ApiError(409, "idempotency_conflict", str(err)) from None
    except DomainError as err:
        raise from_domain_error(err) from None
    except Exception as err:  # Redis down
        raise ApiError(503, "jobs_unavailable", "the job store is temporarily unavailable", 2.0) from err
    return JSONResponse(view(job), status_code=202 if created else 200,
                        headers={"Location": f"{REPORTS_PATH}/{job.id}"})


@router.get(REPORTS_PATH + "/{job_id}", responses={**COMMON_ERRORS, 404: {"description": "`job_not_found`"}},
            summary="Status and progress of a report")
async def get_report(job_id: str, request: Request, principal: Authed) -> dict[str, Any]:
    """`status`: queued, running, done or failed; `progress` 0-100 with its `stage`; on failure `error`
    names the reason; when done, `result.download` is the PDF's path. Jobs expire after `expires_in_s`."""
    return view(await _find(request, principal, job_id))


@router.get(REPORTS_PATH + "/{job_id}/pdf", summary="Download a finished report", responses={
    **COMMON_ERRORS, 404: {"description": "`job_not_found`"},
    409: {"description": "`report_not_ready` (queued or running; see Retry-After) or `report_failed`"},
    200: {"content": {"application/pdf": {}}, "description": "the report"}})
async def download_report(job_id: str, request: Request, principal: Authed) -> Response:
    job = await _find(request, principal, job_id)
    if job.status == "failed":
        raise ApiError(409, "report_failed", f"the report failed: {job.error_message}")
    if job.status != "done":
        raise ApiError(409, "report_not_ready", f"the report is {job.status} ({job.progress}%)", 2.0)
    pdf = await run_in_threadpool(_jobs(request).store.result, principal.tenant, job_id)
    if pdf is None:
        raise ApiError(404, "job_not_found", f"the report of job {job_id} has expired")
    name = job.result_meta.get("filename", f"report-{job_id}.pdf")
    return Response(pdf, media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
