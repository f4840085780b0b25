"""Settings of the portfolio-tool process (env prefix PORTFOLIO_)."""

from __future__ import annotations

import os

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from services.common.settings import GrpcServiceSettings


class PortfolioSettings(GrpcServiceSettings):
    model_config = SettingsConfigDict(env_prefix="PORTFOLIO_", extra="ignore")

    service_name: str = "portfolio"
    port: int = 50052
    metrics_port: int = 9052
    # Compute worker processes (0: one background thread in this process). Default: one per core.
    workers: int = Field(default_factory=lambda: len(os.sched_getaffinity(0)))
    max_waiting: int = 256  # computations waiting for a worker beyond which new ones get RESOURCE_EXHAUSTED
    cache_bytes: int = 64 * 1024 * 1024  # results of repeated identical requests
    data_dir: str = ""  # the shipped market data (default: services/portfolio/data)
    max_message_bytes: int = 16 * 1024 * 1024  # own price series of many holdings
