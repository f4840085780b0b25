"""The gateway application: the platform's only public surface."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import redis as sync_redis
from fastapi import FastAPI
from starlette.types import ASGIApp

from gateway import (
    routes_admin,
    routes_app,
    routes_openai,
    routes_ops,
    routes_portfolio,
    routes_profile,
    routes_reports,
    routes_sessions,
)
from gateway.deps import Deps
from gateway.edge import EdgeMiddleware
from gateway.errors import install_error_handlers
from gateway.metrics import GatewayMetrics
from gateway.ratelimit import RateLimiter
from gateway.settings import GatewaySettings
from gateway.streaming import StreamSlots
from gateway.tenancy import MeteredDialogue, Tenancy, TenantLabels, UsageStore, load_holder
from services.common.grpc_client import make_channel
from services.common.redis_client import make_redis
from services.portfolio.client import PortfolioClient
from services.worker.client import JobStore, producer


def create_app(settings: GatewaySettings) -> ASGIApp:
    metrics = GatewayMetrics.create()
    # Loaded before serving: an invalid tenant directory stops the process with every problem named.
    holder = load_holder(settings.tenants_dir, settings.compliance_rules_dir, settings.tenant_default)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        channel = make_channel(settings.dialogue_target)
        portfolio = PortfolioClient.connect(settings.portfolio_target, timeout_s=settings.portfolio_timeout_s)
        redis = make_redis(settings.redis_url, timeout_s=0.5)
        compliance_health = make_channel(settings.compliance_target)
        tenancy = Tenancy(holder, UsageStore(redis), TenantLabels(holder, settings.tenants_metrics_max), metrics,
                          strict=settings.tenants_strict)
        reloader = asyncio.create_task(holder.watch(settings.tenants_reload_s))
        app.state.deps = Deps(
            settings=settings,
            dialogue=MeteredDialogue(
                channel, tenancy, unary_timeout_s=settings.unary_timeout_s, stream_timeout_s=settings.request_timeout_s
            ),
            redis=redis,
            metrics=metrics,
            slots=StreamSlots(settings.max_inflight_streams, settings.retry_after_s, metrics),
            limiter=RateLimiter(
                redis,
                user_rate=settings.rate_user_per_s,
                user_burst=settings.rate_user_burst,
                tenant_rate=settings.rate_tenant_per_s,
                tenant_burst=settings.rate_tenant_burst,
            ),
            portfolio=portfolio,
            compliance_health=compliance_health,
            tenancy=tenancy,
        )
        app.state.audit = routes_admin.AuditExports(settings.audit_dsn)
        # Report jobs: a synchronous client used from the thread pool (the job store is shared with the worker).
        jobs_redis = sync_redis.Redis.from_url(settings.redis_url, socket_timeout=2.0, socket_connect_timeout=1.0)
        celery_app, enqueue = producer(settings.redis_url, settings.reports_queue)
        app.state.reports = routes_reports.ReportJobs(JobStore(jobs_redis, ttl_s=settings.reports_ttl_s), enqueue)
        try:
            yield
        finally:
            reloader.cancel()
            app.state.audit.close()
            jobs_redis.close()
            celery_app.close()
            await portfolio.close()
            await compliance_health.close()
            await channel.close(grace=1.0)
            with contextlib.suppress(Exception):
                await redis.aclose()

    app = FastAPI(
        title="Advisor platform API",
        version="1.0.0",
        description="Chat-based investment advisory for retail investors. See docs/api.md.",
        lifespan=lifespan,
    )
    install_error_handlers(app)
    app.include_router(routes_sessions.router)
    app.include_router(routes_openai.router)
    app.include_router(routes_portfolio.router)
    app.include_router(routes_profile.router)
    app.include_router(routes_reports.router)
    app.include_router(routes_admin.router)
    app.include_router(routes_ops.router)
    app.include_router(routes_app.router)  # the investors' web app at /app (gateway/webapp/)
    return EdgeMiddleware(
        app,
        max_body_bytes=settings.max_body_bytes,
        metrics=metrics,
        path_limits={routes_portfolio.ANALYZE_PATH: settings.portfolio_max_body_bytes},
    )
