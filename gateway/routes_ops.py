"""Operational endpoints: liveness, readiness (naming what is not ready) and Prometheus metrics."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Request
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.responses import JSONResponse, Response

from gateway.deps import Deps
from services.common import grpc_client
from services.common.redis_client import REDIS_DOWN_ERRORS

router = APIRouter(tags=["ops"])


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


async def _redis_ok(deps: Deps) -> bool:
    try:
        return bool(await deps.redis.ping())
    except REDIS_DOWN_ERRORS:
        return False


@router.get("/readyz")
async def readyz(request: Request) -> Response:
    deps: Deps = request.app.state.deps
    # Every dependency a turn or a profile call needs; a turn without compliance can release nothing.
    names = ("redis", "dialogue", "portfolio", "compliance")
    results = await asyncio.gather(_redis_ok(deps), deps.dialogue.serving(), deps.portfolio.serving(),
                                   grpc_client.serving(deps.compliance_health))
    checks = dict(zip(names, results, strict=True))
    not_ready = [name for name, ok in checks.items() if not ok]
    headers = {"Retry-After": str(deps.settings.retry_after_s)} if not_ready else {}
    return JSONResponse(
        {"ready": not not_ready, "checks": checks, "not_ready": not_ready},
        status_code=503 if not_ready else 200,
        headers=headers,
    )


@router.get("/metrics")
async def metrics(request: Request) -> Response:
    deps: Deps = request.app.state.deps
    return Response(generate_latest(deps.metrics.registry), media_type=CONTENT_TYPE_LATEST)
