"""Audit archive commands.

    python -m services.worker.audit_cli export --from 2026-11-01 --to 2026-12-01 --out audit.jsonl
    python -m services.worker.audit_cli verify                # the whole chain in the database
    python -m services.worker.audit_cli verify --file audit.jsonl   # an exported period on its own

``--from`` is inclusive and ``--to`` exclusive (ISO dates or datetimes, UTC). An export holds the rows with
their ``prev_hash`` and ``hash``, so it can be verified without the database. Exit code 0 when the chain
verifies, 1 when it does not.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path

import orjson

from services.worker.settings import WorkerSettings
from services.worker.store import AuditStore, verify_rows


def _ms(value: str) -> int:
    dt = datetime.fromisoformat(value)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return int(dt.timestamp() * 1000)


def export(store: AuditStore, from_ms: int | None, to_ms: int | None, out: Path) -> int:
    n = 0
    with out.open("wb") as fh:
        for row in store.rows(from_ms, to_ms):
            fh.write(orjson.dumps(row) + b"\n")
            n += 1
    return n


def verify_file(path: Path) -> tuple[bool, int, int | None]:
    rows = [orjson.loads(line) for line in path.read_bytes().splitlines() if line.strip()]
    if not rows:
        return True, 0, None
    # A period starts mid-chain: trust its first prev_hash, then every link must hold.
    result = verify_rows(rows, start_hash=rows[0]["prev_hash"])
    return result.ok, result.rows, result.first_bad_seq


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="audit_cli", description=__doc__.split("\n")[0])
    parser.add_argument("--dsn", help="audit database (default: WORKER_AUDIT_DSN)")
    sub = parser.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("export", help="export a period as JSON lines")
    ex.add_argument("--from", dest="from_", help="start (inclusive), ISO date/datetime UTC")
    ex.add_argument("--to", help="end (exclusive), ISO date/datetime UTC")
    ex.add_argument("--out", required=True, type=Path)
    ve = sub.add_parser("verify", help="verify the hash chain")
    ve.add_argument("--file", type=Path, help="verify an export file instead of the database")
    args = parser.parse_args(argv)

    if args.command == "verify" and args.file:
        ok, rows, bad = verify_file(args.file)
        print(orjson.dumps({"ok": ok, "rows": rows, "first_bad_seq": bad}).decode())
        return 0 if ok else 1
    store = AuditStore(args.dsn or WorkerSettings().audit_dsn)
    try:
        if args.command == "export":
            n = export(store, _ms(args.from_) if args.from_ else None, _ms(args.to) if args.to else None, args.out)
            print(orjson.dumps({"exported": n, "out": str(args.out)}).decode())
            return 0
        result = store.verify()
        print(orjson.dumps({"ok": result.ok, "rows": result.rows, "first_bad_seq": result.first_bad_seq}).decode())
        return 0 if result.ok else 1
    finally:
        store.close()


if __name__ == "__main__":
    sys.exit(main())
