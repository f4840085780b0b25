from __future__ import annotations

import sqlite3
from pathlib import Path

import orjson
import pytest

from services.worker import audit_cli
from services.worker.store import AuditStore
from services.worker.tests.conftest import make_events


def entries(n: int, start: int = 0) -> list[tuple[str, bytes]]:
    return [(f"{i + 1}-0", e.to_json()) for i, e in enumerate(make_events(n))][start:]


def test_writes_are_idempotent_and_chained(dsn: str) -> None:
    store = AuditStore(dsn)
    assert store.write_batch(entries(10)) == 10
    assert store.write_batch(entries(10)) == 0  # re-delivery of the same events
    assert store.write_batch(entries(15)) == 5
    assert store.count() == 15
    result = store.verify()
    assert result.ok and result.rows == 15
    store.close()


def test_tampering_with_a_row_is_detected(tmp_path: Path) -> None:
    dsn = f"sqlite:///{tmp_path / 'a.db'}"
    store = AuditStore(dsn)
    store.write_batch(entries(20))
    conn = sqlite3.connect(tmp_path / "a.db")
    payload = conn.execute("SELECT payload FROM audit_events WHERE seq = 7").fetchone()[0]
    conn.execute("UPDATE audit_events SET payload = ? WHERE seq = 7", (payload.replace("allow", "block"),))
    conn.commit()
    result = store.verify()
    assert not result.ok and result.first_bad_seq == 7


def test_deleting_the_last_row_is_detected(tmp_path: Path) -> None:
    store = AuditStore(f"sqlite:///{tmp_path / 'a.db'}")
    store.write_batch(entries(5))
    conn = sqlite3.connect(tmp_path / "a.db")
    conn.execute("DELETE FROM audit_events WHERE seq = 5")
    conn.commit()
    assert not store.verify().ok


def test_cli_exports_a_period_and_verifies_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dsn = f"sqlite:///{tmp_path / 'a.db'}"
    store = AuditStore(dsn)
    store.write_batch(entries(100))  # ts_ms = start + i seconds
    store.close()
    out = tmp_path / "period.jsonl"
    # 2025-11-24T16:00:00Z is 1764000000 s: take events 10..39.
    assert audit_cli.main(["--dsn", dsn, "export", "--from", "2025-11-24T16:00:10", "--to", "2025-11-24T16:00:40",
                           "--out", str(out)]) == 0
    rows = [orjson.loads(line) for line in out.read_bytes().splitlines()]
    assert len(rows) == 30 and rows[0]["turn_id"] == "t10"
    assert audit_cli.main(["verify", "--file", str(out)]) == 0
    assert audit_cli.main(["--dsn", dsn, "verify"]) == 0
    rows[5]["payload"] = rows[5]["payload"].replace("redacted text", "edited text")
    out.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))
    assert audit_cli.main(["verify", "--file", str(out)]) == 1
    assert '"ok":false' in capsys.readouterr().out
