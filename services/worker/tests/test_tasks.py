"""The Celery tasks, called in-process against a real Redis and a real SQLite file."""

from __future__ import annotations

from pathlib import Path

import redis

from services.worker.app import make_app
from services.worker.settings import WorkerSettings
from services.worker.tests.conftest import make_events, push


def test_drain_once_and_verify_chain_tasks(sync_redis: redis.Redis, redis_url: str, tmp_path: Path) -> None:
    settings = WorkerSettings(REDIS_URL=redis_url, audit_dsn=f"sqlite:///{tmp_path / 'a.db'}", consumer="t",
                              drain_in_worker=False, block_ms=100)
    app = make_app(settings)
    push(sync_redis, make_events(250))
    assert app.tasks["audit.drain_once"]() == 250
    assert app.tasks["audit.drain_once"]() == 0  # nothing left, nothing written twice
    assert app.tasks["audit.verify_chain"]() == {"ok": True, "rows": 250, "first_bad_seq": None}
