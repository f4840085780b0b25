"""Settings of the gateway process (env prefix GATEWAY_, plus REDIS_URL)."""

from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from services.common.settings import BaseServiceSettings

DEV_JWT_SECRET = "dev-only-secret-change-me-in-production-0123456789"


class GatewaySettings(BaseServiceSettings):
    model_config = SettingsConfigDict(env_prefix="GATEWAY_", extra="ignore")

    service_name: str = "gateway"
    environment: str = "dev"  # "prod" refuses to start with the dev JWT secret
    host: str = "127.0.0.1"
    port: int = 8080
    dialogue_target: str = "127.0.0.1:50051"
    portfolio_target: str = "127.0.0.1:50052"
    compliance_target: str = "127.0.0.1:50053"  # readiness only: every turn and profile call needs it (via dialogue)
    portfolio_timeout_s: float = 5.0  # deadline of one portfolio-tool call (analyses take milliseconds)
    portfolio_max_body_bytes: int = 2 * 1024 * 1024  # own price series: 10 assets x 10 years fit in ~0.6 MiB

    reports_queue: str = "advisor"  # the worker's Celery queue (WORKER_QUEUE)
    reports_ttl_s: int = 7 * 24 * 3600  # report jobs and PDFs expire after this (WORKER_JOB_TTL_S)

    jwt_secret: str = DEV_JWT_SECRET
    jwt_issuer: str = "advisor-platform"
    jwt_audience: str = "advisor-app"
    jwt_leeway_s: int = 10
    dev_token_ttl_s: int = 24 * 3600

    max_body_bytes: int = 64 * 1024
    max_message_chars: int = 8000  # as gateway.schemas.MAX_MESSAGE_CHARS
    request_timeout_s: float = 120.0  # deadline of a whole streamed turn, propagated to gRPC
    unary_timeout_s: float = 5.0
    sse_heartbeat_s: float = 15.0
    # per process; beyond it new streams get 503 + Retry-After. ~450 is what one gateway's share of dialogue and
    # compliance capacity carries (docs/capacity.md); higher only queues work those services cannot serve.
    max_inflight_streams: int = 450
    retry_after_s: int = 2
    # Token buckets in Redis (gateway/ratelimit.py): a user's turns, and all turns of a tenant.
    rate_user_per_s: float = 1.0
    rate_user_burst: int = 10
    rate_tenant_per_s: float = 5000.0
    rate_tenant_burst: int = 10000
    # Tenants (docs/tenants.md): the documents' directory ("" = the repo's tenants/), the base rule packs the
    # overlays are checked against ("" = services/compliance/rules), how often the directory is re-read, and
    # whether a token naming a tenant without a document is refused (prod) or served as the default tenant (dev).
    # A tenant's turns_per_s / turns_burst apply under rate_tenant_per_s / rate_tenant_burst (a ceiling for all).
    tenants_dir: str = ""
    compliance_rules_dir: str = ""
    tenants_reload_s: float = 5.0
    tenants_strict: bool = False
    tenants_metrics_max: int = 50  # distinct tenant label values; beyond them, "other"
    # The audit archive the admin API exports from (the worker's WORKER_AUDIT_DSN); "" = export unavailable (503).
    audit_dsn: str = ""
    admin_audit_max_days: int = 31

    def check(self) -> None:
        if self.environment == "prod" and self.jwt_secret == DEV_JWT_SECRET:
            raise SystemExit("GATEWAY_JWT_SECRET must be set in production")
