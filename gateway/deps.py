"""What the routes need, built once per app in the lifespan and kept on ``app.state.deps``."""

from __future__ import annotations

import math
from dataclasses import dataclass

import grpc
import redis.asyncio as aioredis
from fastapi import Request

from gateway.auth import Principal, authenticate
from gateway.errors import ApiError
from gateway.metrics import GatewayMetrics
from gateway.ratelimit import RateLimiter
from gateway.settings import GatewaySettings
from gateway.streaming import StreamSlots
from gateway.tenancy import Tenancy, is_turn
from services.dialogue.client import DialogueClient
from services.portfolio.client import PortfolioClient


@dataclass
class Deps:
    settings: GatewaySettings
    dialogue: DialogueClient
    redis: aioredis.Redis
    metrics: GatewayMetrics
    slots: StreamSlots
    limiter: RateLimiter
    portfolio: PortfolioClient
    compliance_health: grpc.aio.Channel  # /readyz only: the gateway calls compliance through dialogue
    tenancy: Tenancy


def principal_of(request: Request) -> Principal:
    deps: Deps = request.app.state.deps
    principal = authenticate(deps.settings, request.headers.get("authorization"))
    deps.tenancy.config_for(principal.tenant)  # strict mode: 403 for a tenant without a document
    return principal


async def limited_principal(request: Request) -> Principal:
    """Authenticate, then charge the caller's and the tenant's rate buckets (the tenant's at its own quota), and
    for a turn check the tenant's daily token quota (429 + Retry-After when either is spent)."""
    principal = principal_of(request)
    await charge(request, principal)
    return principal


async def charge(request: Request, principal: Principal) -> None:
    """The rate buckets and, for a turn, the daily token quota of an authenticated caller."""
    deps: Deps = request.app.state.deps
    config = deps.tenancy.config_for(principal.tenant)
    # the tenant's own quota, under the process's per-tenant ceiling (GATEWAY_RATE_TENANT_PER_S / _BURST)
    quota = (min(config.quotas.turns_per_s, deps.settings.rate_tenant_per_s),
             min(config.quotas.turns_burst, deps.settings.rate_tenant_burst))
    decision = await deps.limiter.check(principal.tenant, principal.user_id, tenant_quota=quota)
    if not decision.allowed:
        deps.metrics.rejected.labels(reason=f"rate_{decision.limited_by}").inc()
        deps.tenancy.rejected(principal.tenant, f"rate_{decision.limited_by}")
        await deps.tenancy.usage.add(principal.tenant, rejected_rate=1)
        raise ApiError(429, "rate_limited", f"too many requests for this {decision.limited_by}, retry later",
                       max(1.0, math.ceil(decision.retry_after_s)))
    if decision.limited_by == "unavailable":
        deps.metrics.rejected.labels(reason="ratelimit_unavailable_allowed").inc()
    if is_turn(request.url.path):
        await deps.tenancy.check_token_quota(principal.tenant, config)
