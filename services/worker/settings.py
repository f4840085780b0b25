"""Settings of the worker process (env prefix WORKER_, plus REDIS_URL for the broker and the audit stream)."""

from __future__ import annotations

import os
import socket
from pathlib import Path

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from services.common.settings import BaseServiceSettings

_DEFAULT_DB = Path(__file__).resolve().parents[2] / "var" / "audit.db"


def _default_consumer() -> str:
    return f"{socket.gethostname()}-{os.getpid()}"


class WorkerSettings(BaseServiceSettings):
    model_config = SettingsConfigDict(env_prefix="WORKER_", extra="ignore")

    service_name: str = "worker"
    metrics_port: int = 9054
    concurrency: int = 2
    # sqlite:////abs/path/audit.db (default under var/) or postgresql://user:pass@host/db
    audit_dsn: str = Field(default=f"sqlite:///{_DEFAULT_DB}")
    audit_stream: str = "advisor:audit"
    audit_group: str = "audit-archiver"
    # Stable per replica (e.g. the pod name) so a restarted worker first finishes its own pending entries.
    consumer: str = Field(default_factory=_default_consumer)
    batch_size: int = 200
    block_ms: int = 1000
    # Entries another consumer read but did not acknowledge for this long are claimed (that consumer died).
    claim_idle_ms: int = 30_000
    drain_in_worker: bool = True  # run the long-lived drain loop inside the Celery worker
