"""The job core on a real Redis: idempotency, leases, exactly-once completion, dead letters, the singleton lock
of scheduled work, the market-data check on broken data and the per-tenant audit export."""

from __future__ import annotations

import gzip
import shutil
import time
from datetime import date
from pathlib import Path

import orjson
import pytest
import redis

from services.portfolio import marketdata
from services.worker.audit_export import export_tenant
from services.worker.datacheck import check_market_data
from services.worker.jobs import DEAD_LETTERS, IdempotencyConflict, JobStore, SingletonLock
from services.worker.report_request import ReportBody, monthly_period
from services.worker.reports import submit, subscriptions
from services.worker.schedule import monthly_reports
from services.worker.store import AuditStore
from services.worker.tests.conftest import make_events


def body(**kw: object) -> ReportBody:
    return ReportBody.model_validate({"holdings": [{"instrument": "AAPL"}], **kw})


def test_idempotency_key_returns_the_same_job_and_refuses_a_different_body(sync_redis: redis.Redis) -> None:
    store = JobStore(sync_redis, ttl_s=60)
    sent: list[str] = []
    job, created = submit(store, lambda t, j: sent.append(j), "default", "alice", body(), "k1")
    again, created_again = submit(store, lambda t, j: sent.append(j), "default", "alice", body(), "k1")
    assert created and not created_again and again.id == job.id and sent == [job.id]
    with pytest.raises(IdempotencyConflict):
        submit(store, lambda t, j: sent.append(j), "default", "alice", body(language="en"), "k1")
    other, _ = submit(store, lambda t, j: sent.append(j), "default", "bob", body(), "k1")  # keys are per user
    assert other.id != job.id
    assert store.get("acme", job.id) is None  # and jobs per tenant
    assert 0 < job.expires_in_s <= 60


def test_a_failed_enqueue_leaves_nothing_behind(sync_redis: redis.Redis) -> None:
    store = JobStore(sync_redis)

    def broken(tenant: str, job_id: str) -> None:
        raise ConnectionError("broker down")

    with pytest.raises(Exception, match="queue is temporarily unavailable"):
        submit(store, broken, "default", "alice", body(), "k2")
    job, created = submit(store, lambda t, j: None, "default", "alice", body(), "k2")
    assert created and store.get("default", job.id) is not None


def test_one_lease_holder_and_exactly_one_completion(sync_redis: redis.Redis) -> None:
    store = JobStore(sync_redis, ttl_s=60)
    job, _ = store.create("default", "alice", "report", {"x": 1})
    assert store.acquire("default", job.id, "a", 30)
    assert not store.acquire("default", job.id, "b", 30)  # a live copy holds it
    store.release("default", job.id, "b")  # not b's to release
    assert not store.acquire("default", job.id, "b", 30)
    assert store.complete("default", job.id, b"%PDF-1", {"bytes": 6}, "a")
    assert not store.complete("default", job.id, b"%PDF-2", {"bytes": 6}, "b")  # a racing copy
    done = store.get("default", job.id)
    assert done is not None and done.status == "done" and done.completions == 1
    assert store.result("default", job.id) == b"%PDF-1"
    assert sync_redis.ttl(store.key("default", "result", job.id)) > 0  # results expire


def test_failure_goes_to_the_dead_letter_list(sync_redis: redis.Redis) -> None:
    store = JobStore(sync_redis)
    job, _ = store.create("default", "alice", "report", {})
    store.fail("default", job.id, "reports.generate", "retries_exhausted", "gave up after 6 attempts")
    failed = store.get("default", job.id)
    assert failed is not None and failed.status == "failed" and failed.error_code == "retries_exhausted"
    assert store.dead_letters()[0]["job_id"] == job.id and sync_redis.llen(DEAD_LETTERS) == 1


def test_singleton_lock_admits_one_copy(sync_redis: redis.Redis) -> None:
    first, second = SingletonLock(sync_redis, "nightly", 30), SingletonLock(sync_redis, "nightly", 30)
    assert first.acquire() and not second.acquire()
    second.release()  # not its lock
    assert not second.acquire()
    first.release()
    assert second.acquire()


def test_monthly_reports_once_per_subscriber_and_month(sync_redis: redis.Redis) -> None:
    store = JobStore(sync_redis)
    sent: list[str] = []
    submit(store, lambda t, j: sent.append(j), "default", "alice", body(monthly=True))
    assert [u for _, u, _ in subscriptions(sync_redis)] == ["alice"]
    first = monthly_reports(store, lambda t, j: sent.append(j), "2022-12-28", date(2026, 12, 1))
    again = monthly_reports(store, lambda t, j: sent.append(j), "2022-12-28", date(2026, 12, 1))
    assert first["queued"] == 1 and again["queued"] == 0 and len(sent) == 2
    assert (first["start"], first["end"]) == ("2021-12-29", "2022-12-28")  # clamped to the data's as-of
    assert monthly_period(date(2022, 7, 15), "2022-12-28") == ("2021-07-01", "2022-06-30")


def _copy_data(tmp: Path) -> Path:
    data = tmp / "data"
    shutil.copytree(marketdata.DATA_DIR, data)
    return data


def test_datacheck_passes_the_shipped_data_and_names_each_injected_problem(tmp_path: Path) -> None:
    assert check_market_data().ok
    data = _copy_data(tmp_path)
    path = data / "factors_dataset.csv.gz"
    rows = gzip.decompress(path.read_bytes()).decode().splitlines()
    header = rows[0].split(",")
    col = header.index("MTUM")
    cells = rows[100].split(",")
    cells[col] = str(float(cells[col]) * 3)  # a jump up and back down
    rows[100] = ",".join(cells)
    del rows[200:230]  # a six-week hole in every series of the file
    for i in range(len(rows) - 40, len(rows)):  # QUAL stops trading 40 rows before the file ends
        cells = rows[i].split(",")
        cells[header.index("QUAL")] = ""
        rows[i] = ",".join(cells)
    path.write_bytes(gzip.compress("\n".join(rows).encode()))
    result = check_market_data(data)
    kinds = {(p.kind, p.instrument) for p in result.problems}
    assert ("jump", "MTUM") in kinds and ("gap", "MTUM") in kinds and ("stale", "QUAL") in kinds
    assert not result.ok and result.counts()["gap"] >= 5


def test_audit_export_per_tenant_with_chain_verification(tmp_path: Path) -> None:
    store = AuditStore(f"sqlite:///{tmp_path / 'a.db'}")
    events = make_events(30, "acme") + make_events(30, "beta", start_ms=1_764_000_000_000 + 500)
    store.write_batch([(f"{i}-0", e.to_json()) for i, e in enumerate(sorted(events, key=lambda e: e.ts_ms))])
    result = export_tenant(store, "acme", "2025-11-24", "2025-11-26", tmp_path / "out")
    lines = Path(result.file).read_bytes().splitlines()
    assert result.rows == 30 == len(lines) and result.chain_ok and result.rows_ok
    assert {orjson.loads(x)["tenant"] for x in lines} == {"acme"}
    manifest = orjson.loads(Path(result.file).with_suffix(".manifest.json").read_bytes())
    assert manifest["head_hash"] == store.verify().head_hash
    store._conn.execute("UPDATE audit_events SET payload = payload || ' ' WHERE seq = 5")  # tamper
    tampered = export_tenant(store, "acme", "2025-11-24", "2025-11-26", tmp_path / "out2")
    assert not tampered.chain_ok and tampered.first_bad_seq == 5
    store.close()


def test_a_stranded_job_is_requeued_a_few_times_then_failed(sync_redis: redis.Redis, redis_url: str) -> None:
    """The gateway saved a job and died before queuing it: the sweep queues it (a real Celery message on the real
    broker), leaves it alone while that message waits, queues it again when the message is lost, and after
    ``max_requeues`` fails it with a clear error on the dead-letter list. Running and ended jobs are not touched."""
    from services.worker.jobs import PENDING, in_broker
    from services.worker.reports import producer
    from services.worker.schedule import requeue_stranded

    store = JobStore(sync_redis, ttl_s=600)
    app, enqueue = producer(redis_url, queue="advisor")
    sent: list[str] = []

    def send(tenant: str, job_id: str) -> None:
        enqueue(tenant, job_id)
        sent.append(job_id)

    def waiting(ids: set[str]) -> set[str]:
        return in_broker(sync_redis, "advisor", ids)

    stranded, _ = store.create("acme", "alice", "report", {"x": 1})  # saved, never queued
    running, _ = store.create("acme", "bob", "report", {"x": 2})
    assert store.acquire("acme", running.id, "copy-1", 600)  # a live copy holds it
    finished, _ = store.create("acme", "carol", "report", {"x": 3})
    store.start("acme", finished.id)
    assert store.complete("acme", finished.id, b"pdf", {}, "copy-2")
    assert sync_redis.zscore(PENDING, f"acme:{finished.id}") is None  # ended jobs leave the index

    def sweep(after_ms: int) -> dict[str, object]:
        later = int(time.time() * 1000) + after_ms
        return requeue_stranded(store, send, waiting, after_s=60, max_requeues=2, now_ms=later)

    assert sweep(0)["due"] == 0  # not overdue yet
    first = sweep(61_000)
    assert first["requeued"] == [stranded.id] and sent == [stranded.id]
    assert waiting({stranded.id, running.id}) == {stranded.id}  # the message is really on the broker
    assert sweep(122_000)["still_waiting"] == 1 and sent == [stranded.id]  # waiting behind others: left alone
    sync_redis.delete("advisor")  # the broker lost it
    assert sweep(183_000)["requeued"] == [stranded.id]
    sync_redis.delete("advisor")
    last = sweep(244_000)
    assert last["failed"] == [stranded.id] and len(sent) == 2
    job = store.get("acme", stranded.id)
    assert job is not None and job.status == "failed" and job.error_code == "stranded"
    assert "never picked up" in job.error_message and "2 times" in job.error_message
    assert store.dead_letters()[0]["job_id"] == stranded.id
    assert store.get("acme", running.id).status == "queued"  # type: ignore[union-attr]  # leased: untouched
    assert sync_redis.zscore(PENDING, f"acme:{stranded.id}") is None
    assert sweep(305_000)["failed"] == []  # failed once, not again
    app.close()


def test_the_sweep_runs_under_the_singleton_lock(sync_redis: redis.Redis) -> None:
    from services.worker.schedule import singleton

    store = JobStore(sync_redis)
    held = SingletonLock(sync_redis, "requeue_stranded", 60)
    assert held.acquire()
    assert singleton(store, None, "requeue_stranded", 60, lambda: {"ran": True}) == {
        "skipped": "another copy is running"}
    held.release()
    assert singleton(store, None, "requeue_stranded", 60, lambda: {"ran": True}) == {"ran": True}
