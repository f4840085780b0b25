"""Typed settings shared by every process.

Each process builds exactly one settings object in ``main()`` and passes it down; nothing reads the
environment at import time. Fields come from environment variables (prefix per process) or a ``.env`` file.
"""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class BaseServiceSettings(BaseSettings):
    """Fields every process has. Subclasses set ``model_config`` with their own ``env_prefix``."""

    model_config = SettingsConfigDict(env_prefix="ADVISOR_", extra="ignore")

    service_name: str = "advisor"
    log_level: str = "INFO"
    log_json: bool = True
    redis_url: str = Field(default="redis://127.0.0.1:6379/0", validation_alias="REDIS_URL")
    metrics_port: int = 0  # 0: no separate metrics listener (the HTTP apps serve /metrics on their own port)
    tenant_default: str = "default"


class GrpcServiceSettings(BaseServiceSettings):
    """A gRPC service: where it listens and how long it drains on SIGTERM."""

    host: str = "127.0.0.1"
    port: int = 50051
    drain_grace_s: float = 10.0
    max_concurrent_rpcs: int = 4096
    max_message_bytes: int = 4 * 1024 * 1024
