"""Settings of the worker process (env prefix WORKER_, plus REDIS_URL for the broker and the audit stream)."""

from __future__ import annotations

import os
import socket
from pathlib import Path

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from services.common.settings import BaseServiceSettings

_VAR = Path(__file__).resolve().parents[2] / "var"
_DEFAULT_DB = _VAR / "audit.db"


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

    # ---- jobs (docs/jobs.md) ----
    queue: str = "advisor"
    portfolio_target: str = "127.0.0.1:50052"
    portfolio_timeout_s: float = 10.0
    job_ttl_s: int = 7 * 24 * 3600  # job records and their results (the report PDF) expire after this
    # A running copy renews its lease; a copy that died stops renewing and another may take the job after this.
    job_lease_s: float = 30.0
    job_time_limit_s: float = 600.0  # a copy stops renewing its lease after this long (a hung copy gives up)
    # The broker redelivers a message whose worker died without acknowledging it after this long.
    visibility_timeout_s: int = 900
    max_retries: int = 5  # transient failures (portfolio-tool or Redis unavailable), then the dead-letter list
    retry_backoff_s: float = 2.0
    retry_backoff_max_s: float = 300.0
    # The stranded-job sweep (a beat task every sweep_every_s): a job queued this long with no message in the
    # broker and no running copy is re-queued, at most stranded_requeues times, then failed ("stranded").
    # Longer than the largest retry backoff, so a retry waiting for its countdown is not taken for lost.
    stranded_after_s: float = 600.0
    stranded_requeues: int = 3
    sweep_every_s: float = 60.0
    report_font: str = ""  # a CJK TrueType font/collection; empty: Debian's fonts-wqy-microhei
    # Fault injection for the kill tests and chaos runs: a report hangs (alive, lease renewed) at this stage.
    fault_hang_at_stage: str = ""
    # ---- scheduled work (Celery beat) ----
    beat: bool = False  # run beat inside this worker (``make run``: one worker); the chart runs its own beat
    beat_schedule_file: str = Field(default=str(_VAR / "celerybeat-schedule"))
    beat_metrics_port: int = 9055  # the standalone beat (python -m services.worker.beat): probes and metrics
    audit_export_dir: str = Field(default=str(_VAR / "audit" / "exports"))
    datacheck_jump: float = 0.5  # a daily move beyond +-50 % in adjusted closes is a data error, not a market
    datacheck_stale_days: int = 10  # a series ending this long before its file's as-of date is stale
