"""The real Celery worker (``python -m services.worker``) on a private Redis and a real SQLite file: killed
with SIGKILL mid-drain and restarted under another consumer name, it loses nothing and duplicates nothing."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import redis

from services.worker.store import AuditStore
from services.worker.tests.conftest import STREAM, make_events, push

ROOT = Path(__file__).resolve().parents[3]
N_EVENTS = 3000


def start_worker(redis_url: str, dsn: str, consumer: str, log: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "PYTHONPATH": f"{ROOT}:{ROOT / 'protos'}",
        "REDIS_URL": redis_url,
        "WORKER_AUDIT_DSN": dsn,
        "WORKER_CONSUMER": consumer,
        "WORKER_BATCH_SIZE": "5",  # many small commits, so the kill lands mid-drain
        "WORKER_CLAIM_IDLE_MS": "300",
        "WORKER_BLOCK_MS": "200",
        "WORKER_METRICS_PORT": "0",
        "WORKER_CONCURRENCY": "1",
        "WORKER_LOG_LEVEL": "WARNING",
    }
    return subprocess.Popen([sys.executable, "-m", "services.worker"], cwd=ROOT, env=env,
                            stdout=log.open("ab"), stderr=subprocess.STDOUT, start_new_session=True)


def rows(dsn: str) -> int:
    query = "SELECT COUNT(*) FROM audit_events"
    if dsn.startswith("postgresql://"):
        import psycopg

        try:
            with psycopg.connect(dsn) as conn:
                return int(conn.execute(query).fetchone()[0])  # type: ignore[index]
        except psycopg.errors.UndefinedTable:
            return 0
    try:
        conn = sqlite3.connect(f"file:{dsn.removeprefix('sqlite:///')}?mode=ro", uri=True, timeout=5)
        try:
            return int(conn.execute(query).fetchone()[0])
        finally:
            conn.close()
    except sqlite3.OperationalError:
        return 0  # table not created yet


def wait_until(cond: Callable[[], bool], proc: subprocess.Popen[bytes], log: Path, limit_s: float = 90.0) -> None:
    deadline = time.monotonic() + limit_s
    while not cond():
        assert proc.poll() is None, f"worker exited early:\n{log.read_text()[-3000:]}"
        assert time.monotonic() < deadline, f"condition not reached:\n{log.read_text()[-3000:]}"
        time.sleep(0.02)


def test_kill_mid_drain_then_restart_loses_and_duplicates_nothing(
    sync_redis: redis.Redis, redis_url: str, dsn: str, tmp_path: Path
) -> None:
    log = tmp_path / "worker.log"
    push(sync_redis, make_events(N_EVENTS))

    first = start_worker(redis_url, dsn, "w1", log)
    try:
        wait_until(lambda: rows(dsn) >= 50, first, log)
    finally:
        os.killpg(first.pid, signal.SIGKILL)
        first.wait()
    at_kill = rows(dsn)
    assert 0 < at_kill < N_EVENTS, "the kill must land mid-drain for this test to mean anything"

    second = start_worker(redis_url, dsn, "w2", log)  # a new name: w1's pending entries must be claimed
    try:
        wait_until(lambda: rows(dsn) >= N_EVENTS and sync_redis.xpending(STREAM, "audit-archiver")["pending"] == 0,
                   second, log)
    finally:
        second.send_signal(signal.SIGTERM)
        try:
            second.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(second.pid, signal.SIGKILL)
            second.wait()

    store = AuditStore(dsn)
    assert store.count() == N_EVENTS
    turn_ids = {r["turn_id"] for r in store.rows()}
    assert len(turn_ids) == N_EVENTS
    assert store.verify().ok
