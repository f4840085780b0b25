"""Audit export per tenant and period, with chain verification.

The hash chain runs over all tenants (one chain, one writer order), so a tenant's rows are not consecutive
links. The export therefore (1) verifies the whole chain in the database, (2) checks every exported row's
own link (``hash == sha256(prev_hash || payload)``), and (3) writes a manifest with both results and the
chain head, so the institution can re-check its rows and an auditor can check them against the head.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import orjson

from services.worker.store import AuditStore, chain_hash


@dataclass(frozen=True)
class ExportResult:
    tenant: str
    start: str
    end: str
    rows: int
    chain_ok: bool
    chain_rows: int
    first_bad_seq: int | None
    rows_ok: bool
    head_hash: str
    file: str


def _ms(day: str) -> int:
    return int(datetime.combine(date.fromisoformat(day), datetime.min.time(), UTC).timestamp() * 1000)


def export_tenant(store: AuditStore, tenant: str, start: str, end: str, out_dir: Path) -> ExportResult:
    """Rows of ``tenant`` with ``start <= ts < end`` (ISO dates, UTC) to ``out_dir/<tenant>/<start>_<end>.jsonl``
    and a ``.manifest.json`` beside it. Written to a temporary name and renamed, so a crash leaves no half file."""
    verified = store.verify()
    target = out_dir / tenant / f"{start}_{end}.jsonl"
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".jsonl.tmp")
    n, rows_ok = 0, True
    with tmp.open("wb") as fh:
        for row in store.rows(_ms(start), _ms(end)):
            if row["tenant"] != tenant:
                continue
            rows_ok &= chain_hash(row["prev_hash"], row["payload"]) == row["hash"]
            fh.write(orjson.dumps(row) + b"\n")
            n += 1
    tmp.replace(target)
    result = ExportResult(tenant, start, end, n, verified.ok, verified.rows, verified.first_bad_seq, rows_ok,
                          verified.head_hash, str(target))
    target.with_suffix(".manifest.json").write_bytes(orjson.dumps(asdict(result), option=orjson.OPT_INDENT_2))
    return result


def tenants_in(store: AuditStore, start: str, end: str) -> list[str]:
    return sorted({row["tenant"] for row in store.rows(_ms(start), _ms(end))})
