from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from services.compliance.audit import AUDIT_FIELD, AuditEvent

STREAM = "advisor:audit"


def make_events(n: int, tenant: str = "default", start_ms: int = 1_764_000_000_000) -> list[AuditEvent]:
    return [
        AuditEvent(kind="input", action="allow", tenant=tenant, user_id=f"u{i % 7}", session_id=f"s{i % 13}",
                   turn_id=f"t{i}", rule_ids=["zh.promise.guarantee"] if i % 5 == 0 else [],
                   text=f"redacted text {i}", ts_ms=start_ms + i * 1000, event_id=f"ev-{tenant}-{i:06d}")
        for i in range(n)
    ]


def push(client: redis.Redis, events: list[AuditEvent], stream: str = STREAM) -> None:
    pipe = client.pipeline(transaction=False)
    for e in events:
        pipe.xadd(stream, {AUDIT_FIELD: e.to_json()})
    pipe.execute()


@pytest.fixture
def sync_redis(redis_server) -> Iterator[redis.Redis]:  # type: ignore[no-untyped-def]
    client = redis.Redis(host=redis_server.host, port=redis_server.port)
    client.flushall()
    yield client
    client.close()


@pytest.fixture
def redis_url(redis_server) -> str:  # type: ignore[no-untyped-def]
    return f"redis://{redis_server.host}:{redis_server.port}/0"


@pytest.fixture(scope="session")
def postgres_dsn() -> Iterator[str]:
    """A scratch PostgreSQL database: ``WORKER_TEST_PG_DSN`` if given, else a private server started from the
    binaries in ``WORKER_TEST_PG_BIN`` (``make test`` sets it from scripts/ensure_postgres.sh); the tier is
    skipped, visibly, only when neither is available."""
    given = os.environ.get("WORKER_TEST_PG_DSN")
    if given:
        yield given
        return
    bindir = os.environ.get("WORKER_TEST_PG_BIN")
    if not bindir:
        pytest.skip("PostgreSQL tier: no server binaries (WORKER_TEST_PG_BIN) and no WORKER_TEST_PG_DSN")
    from devstack.postgres import PrivatePostgres

    server = PrivatePostgres.start(Path(bindir))
    try:
        yield server.dsn
    finally:
        server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def dsn(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """SQLite and PostgreSQL; the PostgreSQL tables are dropped before and after each test."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'audit.db'}"
        return
    pg = request.getfixturevalue("postgres_dsn")
    import psycopg

    def drop() -> None:
        with psycopg.connect(pg, autocommit=True) as conn:
            conn.execute("DROP TABLE IF EXISTS audit_events, chain_head")

    drop()
    yield pg
    drop()
