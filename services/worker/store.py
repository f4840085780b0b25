"""The SQL audit archive: idempotent, hash-chained writes, verification and export.

Each row's ``hash = sha256(prev_hash || payload)`` where ``payload`` is the event's canonical JSON as it was
on the stream. Changing, deleting or reordering any row breaks every hash after it, which ``verify`` finds.
Writers serialise on the one ``chain_head`` row (``BEGIN IMMEDIATE`` in SQLite, ``FOR UPDATE`` in PostgreSQL),
so several drainers can run at once without forking the chain. ``event_id`` is unique: re-delivered events
are skipped, never written twice.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

GENESIS = "0" * 64
_COLUMNS = ("seq", "event_id", "stream_id", "ts_ms", "tenant", "user_id", "session_id", "turn_id", "kind",
            "action", "rule_ids", "text_sha256", "model", "payload", "prev_hash", "hash")


def chain_hash(prev_hash: str, payload: str) -> str:
    return hashlib.sha256((prev_hash + payload).encode()).hexdigest()


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    rows: int
    first_bad_seq: int | None = None
    head_hash: str = GENESIS


def _schema(pg: bool) -> list[str]:
    seq = "BIGSERIAL PRIMARY KEY" if pg else "INTEGER PRIMARY KEY AUTOINCREMENT"
    return [
        f"""CREATE TABLE IF NOT EXISTS audit_events (
            seq {seq}, event_id TEXT NOT NULL UNIQUE, stream_id TEXT NOT NULL, ts_ms BIGINT NOT NULL,
            tenant TEXT NOT NULL, user_id TEXT NOT NULL, session_id TEXT NOT NULL, turn_id TEXT NOT NULL,
            kind TEXT NOT NULL, action TEXT NOT NULL, rule_ids TEXT NOT NULL, text_sha256 TEXT NOT NULL,
            model TEXT NOT NULL, payload TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL)""",
        "CREATE INDEX IF NOT EXISTS audit_events_ts ON audit_events (ts_ms)",
        "CREATE INDEX IF NOT EXISTS audit_events_tenant ON audit_events (tenant, ts_ms)",
        "CREATE TABLE IF NOT EXISTS chain_head (id INTEGER PRIMARY KEY, seq BIGINT NOT NULL, hash TEXT NOT NULL)",
    ]


class AuditStore:
    def __init__(self, dsn: str) -> None:
        self.dsn = dsn
        self.pg = dsn.startswith(("postgresql://", "postgres://"))
        self._p = "%s" if self.pg else "?"
        self._conn: Any = self._connect()
        self._init()

    def _connect(self) -> Any:
        if self.pg:
            import psycopg  # only needed when a PostgreSQL DSN is configured

            return psycopg.connect(self.dsn, autocommit=True)
        if not self.dsn.startswith("sqlite:///"):
            raise ValueError(f"unsupported audit DSN {self.dsn!r}: use sqlite:////abs/path or postgresql://")
        path = Path(self.dsn.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, isolation_level=None, timeout=30, check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        return conn

    def _init(self) -> None:
        for stmt in _schema(self.pg):
            self._conn.execute(stmt)
        conflict = "ON CONFLICT (id) DO NOTHING" if self.pg else "OR IGNORE"
        if self.pg:
            self._conn.execute(f"INSERT INTO chain_head (id, seq, hash) VALUES (1, 0, '{GENESIS}') {conflict}")
        else:
            self._conn.execute(f"INSERT {conflict} INTO chain_head (id, seq, hash) VALUES (1, 0, '{GENESIS}')")

    def close(self) -> None:
        self._conn.close()

    def write_batch(self, entries: Sequence[tuple[str, bytes]]) -> int:
        """Append ``(stream_id, payload)`` entries in one transaction; returns how many were new."""
        if not entries:
            return 0
        p, conn, new = self._p, self._conn, 0
        conn.execute("BEGIN" if self.pg else "BEGIN IMMEDIATE")
        try:
            lock = " FOR UPDATE" if self.pg else ""
            head_seq, head = conn.execute(f"SELECT seq, hash FROM chain_head WHERE id = 1{lock}").fetchone()
            for stream_id, raw in entries:
                event = orjson.loads(raw)
                payload = orjson.dumps(event, option=orjson.OPT_SORT_KEYS).decode()
                event_id = str(event["event_id"])
                if conn.execute(f"SELECT 1 FROM audit_events WHERE event_id = {p}", (event_id,)).fetchone():
                    continue
                digest = chain_hash(head, payload)
                row = (event_id, stream_id, int(event.get("ts_ms", 0)), *(str(event.get(k, "")) for k in (
                    "tenant", "user_id", "session_id", "turn_id", "kind", "action")),
                    orjson.dumps(event.get("rule_ids", [])).decode(), str(event.get("text_sha256", "")),
                    str(event.get("model", "")), payload, head, digest)
                conn.execute(f"INSERT INTO audit_events ({', '.join(_COLUMNS[1:])}) VALUES "
                             f"({', '.join([p] * (len(_COLUMNS) - 1))})", row)
                head, head_seq, new = digest, head_seq + 1, new + 1
            conn.execute(f"UPDATE chain_head SET seq = {p}, hash = {p} WHERE id = 1", (head_seq, head))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return new

    def count(self) -> int:
        return int(self._conn.execute("SELECT COUNT(*) FROM audit_events").fetchone()[0])

    def rows(self, from_ms: int | None = None, to_ms: int | None = None) -> Iterator[dict[str, Any]]:
        """Rows in chain order, optionally limited to ``from_ms <= ts_ms < to_ms``."""
        p, where, args = self._p, [], []
        if from_ms is not None:
            where.append(f"ts_ms >= {p}")
            args.append(from_ms)
        if to_ms is not None:
            where.append(f"ts_ms < {p}")
            args.append(to_ms)
        clause = f" WHERE {' AND '.join(where)}" if where else ""
        cur = self._conn.execute(f"SELECT {', '.join(_COLUMNS)} FROM audit_events{clause} ORDER BY seq", args)
        for row in cur:
            yield dict(zip(_COLUMNS, row, strict=True))

    def verify(self) -> VerifyResult:
        head_row = self._conn.execute("SELECT seq, hash FROM chain_head WHERE id = 1").fetchone()
        result = verify_rows(self.rows())
        if result.ok and result.head_hash != head_row[1]:
            return VerifyResult(False, result.rows, None, result.head_hash)  # rows deleted from the end
        return result


def verify_rows(rows: Iterator[dict[str, Any]] | list[dict[str, Any]], start_hash: str = GENESIS) -> VerifyResult:
    """Recompute the chain over ``rows`` (chain order). Works on the table or on an export file."""
    prev, n = start_hash, 0
    for row in rows:
        n += 1
        if row["prev_hash"] != prev or chain_hash(prev, row["payload"]) != row["hash"]:
            return VerifyResult(False, n, int(row["seq"]), prev)
        prev = row["hash"]
    return VerifyResult(True, n, None, prev)
