"""Operational endpoints: liveness, readiness (naming what is not ready) and Prometheus metrics."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Request
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.responses import JSONResponse, Response

from gateway.deps import Deps
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
    redis_ok, dialogue_ok = await asyncio.gather(_redis_ok(deps), deps.dialogue.serving())
    checks = {"redis": redis_ok, "dialogue": dialogue_ok}
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
