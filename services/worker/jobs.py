"""Job records in Redis: idempotent submission, progress, a lease per running copy, exactly-once completion,
results with a TTL and a dead-letter list.

Keys are per tenant (``advisor:jobs:{tenant}:...``) so one tenant never reads another's jobs. Celery only
carries ``(tenant, job_id)``; everything else lives here, so a redelivered message (a worker died mid-job)
finds the job's state and either resumes it or sees it already done. Completion is one Lua script: the
result is stored and the status becomes ``done`` only if it was not ``done`` already, so two copies of a job
racing to the end still produce exactly one result.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from typing import Any

import orjson
import redis

PREFIX = "advisor:jobs"
DEAD_LETTERS = f"{PREFIX}:dead"
DEAD_LETTERS_MAX = 10_000
# Jobs waiting to be run: member "{tenant}:{job_id}", score the time (ms) it last became queued. The stranded-job
# sweep (services/worker/schedule.py) reads it; a job leaves it when a copy starts it, or it ends or is discarded.
PENDING = f"{PREFIX}:pending"
STATUSES = ("queued", "running", "done", "failed")

_COMPLETE = """
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
if redis.call('HGET', KEYS[1], 'status') == 'done' then return 0 end
redis.call('SET', KEYS[2], ARGV[1], 'EX', ARGV[2])
redis.call('HSET', KEYS[1], 'status', 'done', 'progress', '100', 'stage', 'done', 'finished_ms', ARGV[3],
           'result_meta', ARGV[4], 'completed_by', ARGV[5], 'error_code', '', 'error_message', '')
redis.call('HINCRBY', KEYS[1], 'completions', 1)
redis.call('EXPIRE', KEYS[1], ARGV[2])
redis.call('DEL', KEYS[3])
redis.call('ZREM', KEYS[4], ARGV[6])
return 1
"""
# Release or renew a lease only if this copy still owns it (a lease that expired may belong to another copy).
_RELEASE = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0"
_RENEW = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0"


class IdempotencyConflict(Exception):
    """The idempotency key was used before with a different request."""

    def __init__(self, job_id: str) -> None:
        super().__init__(f"the Idempotency-Key was already used for job {job_id} with a different request")
        self.job_id = job_id


@dataclass(frozen=True)
class Job:
    id: str
    tenant: str
    user: str
    kind: str
    status: str
    progress: int
    stage: str
    request: dict[str, Any]
    created_ms: int
    started_ms: int
    finished_ms: int
    attempts: int
    completions: int
    error_code: str
    error_message: str
    result_meta: dict[str, Any]
    expires_in_s: int

    @classmethod
    def from_hash(cls, raw: dict[bytes, bytes], ttl_s: int) -> Job:
        f = {k.decode(): v.decode() for k, v in raw.items()}
        return cls(
            id=f["id"], tenant=f["tenant"], user=f["user"], kind=f["kind"], status=f["status"],
            progress=int(f.get("progress", "0")), stage=f.get("stage", ""),
            request=orjson.loads(f.get("request", "{}")), created_ms=int(f.get("created_ms", "0")),
            started_ms=int(f.get("started_ms") or 0), finished_ms=int(f.get("finished_ms") or 0),
            attempts=int(f.get("attempts", "0")), completions=int(f.get("completions", "0")),
            error_code=f.get("error_code", ""), error_message=f.get("error_message", ""),
            result_meta=orjson.loads(f.get("result_meta") or "{}"), expires_in_s=max(ttl_s, 0),
        )


def _now_ms() -> int:
    return int(time.time() * 1000)


def _str(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


def pending_member(tenant: str, job_id: str) -> str:
    return f"{tenant}:{job_id}"  # job ids are hex, so the last ':' splits it back


def in_broker(client: redis.Redis, queue: str, job_ids: set[str], chunk: int = 500) -> set[str]:
    """Which of ``job_ids`` have a message in the broker: waiting in the queue's list, or delivered to a worker
    and not yet acknowledged (kombu's ``unacked`` hash: prefetched, running or waiting for a retry's ETA).
    Celery's message headers carry the task's arguments as text (``argsrepr``), so a substring test finds them.
    O(queue length); the sweep calls it only when some job is overdue."""
    found: set[str] = set()
    if not job_ids:
        return found
    wanted = {j: j.encode() for j in job_ids}

    def scan(messages: list[Any]) -> None:
        for raw in messages:
            text = raw if isinstance(raw, bytes) else str(raw).encode()
            for job_id, needle in wanted.items():
                if needle in text:
                    found.add(job_id)

    length = int(client.llen(queue))
    for start in range(0, length, chunk):
        scan(client.lrange(queue, start, start + chunk - 1))
    scan([v for _, v in client.hscan_iter("unacked", count=chunk)])
    return found


class JobStore:
    """Plain synchronous core over one Redis client (the worker's threads and the gateway's thread pool)."""

    def __init__(self, client: redis.Redis, *, ttl_s: int = 7 * 24 * 3600) -> None:
        self.redis = client
        self.ttl_s = ttl_s
        self._complete = client.register_script(_COMPLETE)
        self._release = client.register_script(_RELEASE)
        self._renew = client.register_script(_RENEW)

    @staticmethod
    def key(tenant: str, kind: str, job_id: str) -> str:
        return f"{PREFIX}:{tenant}:{kind}:{job_id}"

    def create(self, tenant: str, user: str, kind: str, request: dict[str, Any],
               idempotency_key: str = "") -> tuple[Job, bool]:
        """A new queued job, or the existing one for this (tenant, user, idempotency key). Returns (job, created)."""
        job_id = uuid.uuid4().hex
        body = orjson.dumps(request, option=orjson.OPT_SORT_KEYS)
        if idempotency_key:
            idem = f"{PREFIX}:{tenant}:idem:{user}:{idempotency_key}"
            # The key maps to the job id and the request it was first used with, for the job's lifetime.
            if not self.redis.set(idem, orjson.dumps([job_id, body.decode()]), nx=True, ex=self.ttl_s):
                raw = self.redis.get(idem)
                if raw is not None:
                    first_id, first_body = orjson.loads(raw)
                    if first_body != body.decode():
                        raise IdempotencyConflict(first_id)
                    existing = self.get(tenant, first_id)
                    if existing is not None:
                        return existing, False
                self.redis.set(idem, orjson.dumps([job_id, body.decode()]), ex=self.ttl_s)  # its job expired
        fields = {"id": job_id, "tenant": tenant, "user": user, "kind": kind, "status": "queued", "progress": 0,
                  "stage": "queued", "request": body, "created_ms": _now_ms(), "attempts": 0, "completions": 0,
                  "idempotency_key": idempotency_key}
        pipe = self.redis.pipeline()
        pipe.hset(self.key(tenant, "job", job_id), mapping=fields)  # type: ignore[arg-type]
        pipe.expire(self.key(tenant, "job", job_id), self.ttl_s)
        pipe.zadd(PENDING, {pending_member(tenant, job_id): int(str(fields["created_ms"]))})
        pipe.execute()
        job = self.get(tenant, job_id)
        assert job is not None
        return job, True

    def discard(self, job: Job) -> None:
        """Undo a submission whose message could not be queued (the caller gets an error and may retry)."""
        raw = self.redis.hget(self.key(job.tenant, "job", job.id), "idempotency_key")
        key = raw.decode() if isinstance(raw, bytes) else str(raw or "")
        self.redis.delete(self.key(job.tenant, "job", job.id))
        self.redis.zrem(PENDING, pending_member(job.tenant, job.id))
        if key:
            self.redis.delete(f"{PREFIX}:{job.tenant}:idem:{job.user}:{key}")

    def get(self, tenant: str, job_id: str) -> Job | None:
        key = self.key(tenant, "job", job_id)
        pipe = self.redis.pipeline()
        pipe.hgetall(key)
        pipe.ttl(key)
        raw, ttl = pipe.execute()
        return Job.from_hash(raw, int(ttl)) if raw else None

    def result(self, tenant: str, job_id: str) -> bytes | None:
        value = self.redis.get(self.key(tenant, "result", job_id))
        return value.encode() if isinstance(value, str) else value

    def acquire(self, tenant: str, job_id: str, owner: str, lease_s: float) -> bool:
        """Take the job's lease: only one copy runs at a time; a dead copy's lease expires after ``lease_s``."""
        return bool(self.redis.set(self.key(tenant, "lease", job_id), owner, nx=True, px=int(lease_s * 1000)))

    def renew(self, tenant: str, job_id: str, owner: str, lease_s: float) -> bool:
        return bool(self._renew(keys=[self.key(tenant, "lease", job_id)], args=[owner, int(lease_s * 1000)]))

    def release(self, tenant: str, job_id: str, owner: str) -> None:
        self._release(keys=[self.key(tenant, "lease", job_id)], args=[owner])

    def start(self, tenant: str, job_id: str) -> None:
        key = self.key(tenant, "job", job_id)
        pipe = self.redis.pipeline()
        pipe.hset(key, mapping={"status": "running", "started_ms": _now_ms(), "error_code": "",
                                "error_message": ""})
        pipe.hincrby(key, "attempts", 1)
        pipe.zrem(PENDING, pending_member(tenant, job_id))
        pipe.execute()

    def progress(self, tenant: str, job_id: str, percent: int, stage: str) -> None:
        self.redis.hset(self.key(tenant, "job", job_id), mapping={"progress": percent, "stage": stage})

    def note_retry(self, tenant: str, job_id: str, code: str, message: str) -> None:
        """A transient failure: the job goes back to queued and says why (it will be retried)."""
        pipe = self.redis.pipeline()
        pipe.hset(self.key(tenant, "job", job_id),
                  mapping={"status": "queued", "stage": "retrying", "error_code": code, "error_message": message})
        pipe.zadd(PENDING, {pending_member(tenant, job_id): _now_ms()})
        pipe.execute()

    def complete(self, tenant: str, job_id: str, result: bytes, meta: dict[str, Any], owner: str) -> bool:
        """Store the result and mark the job done, once: False if it was done already (or expired)."""
        keys = [self.key(tenant, "job", job_id), self.key(tenant, "result", job_id),
                self.key(tenant, "lease", job_id), PENDING]
        done = self._complete(keys=keys, args=[result, self.ttl_s, _now_ms(), orjson.dumps(meta), owner,
                                               pending_member(tenant, job_id)])
        return int(done) == 1

    def fail(self, tenant: str, job_id: str, task: str, code: str, message: str) -> None:
        """A final failure: the job says why, and an entry goes onto the dead-letter list for operators."""
        key = self.key(tenant, "job", job_id)
        entry = {"tenant": tenant, "job_id": job_id, "task": task, "code": code, "message": message,
                 "ts_ms": _now_ms()}
        pipe = self.redis.pipeline()
        pipe.hset(key, mapping={"status": "failed", "stage": "failed", "finished_ms": _now_ms(),
                                "error_code": code, "error_message": message})
        pipe.lpush(DEAD_LETTERS, orjson.dumps(entry))
        pipe.ltrim(DEAD_LETTERS, 0, DEAD_LETTERS_MAX - 1)
        pipe.delete(self.key(tenant, "lease", job_id))
        pipe.zrem(PENDING, pending_member(tenant, job_id))
        pipe.execute()

    # ---- the stranded-job sweep (services/worker/schedule.py: requeue_stranded) ----
    def pending_since(self, before_ms: int, limit: int = 500) -> list[tuple[str, str]]:
        """(tenant, job id) of jobs queued since before ``before_ms`` (oldest first)."""
        raw = self.redis.zrangebyscore(PENDING, "-inf", before_ms, start=0, num=limit)
        out = []
        for member in raw:
            tenant, job_id = _str(member).rsplit(":", 1)  # type: ignore[arg-type]
            out.append((tenant, job_id))
        return out

    def unpend(self, tenant: str, job_id: str) -> None:
        self.redis.zrem(PENDING, pending_member(tenant, job_id))

    def leased(self, tenant: str, job_id: str) -> bool:
        return bool(self.redis.exists(self.key(tenant, "lease", job_id)))

    def requeued(self, tenant: str, job_id: str) -> int:
        """Count one re-queue and restart the job's queued clock; returns the count so far."""
        pipe = self.redis.pipeline()
        pipe.hincrby(self.key(tenant, "job", job_id), "requeues", 1)
        pipe.zadd(PENDING, {pending_member(tenant, job_id): _now_ms()})
        count, _ = pipe.execute()
        return int(count)

    def still_waiting(self, tenant: str, job_id: str) -> None:
        """Its message is still in the broker: restart its queued clock (it waits behind others)."""
        self.redis.zadd(PENDING, {pending_member(tenant, job_id): _now_ms()})

    def dead_letters(self, limit: int = 100) -> list[dict[str, Any]]:
        return [orjson.loads(x) for x in self.redis.lrange(DEAD_LETTERS, 0, limit - 1)]


class SingletonLock:
    """At most one running copy of a scheduled job across all workers and beats: ``SET NX PX`` with an owner
    token, released only by its owner. The lease outlives the job's time limit, so a dead holder frees it."""

    def __init__(self, client: redis.Redis, name: str, lease_s: float) -> None:
        self.redis = client
        self.key = f"{PREFIX}:lock:{name}"
        self.lease_ms = int(lease_s * 1000)
        self.owner = uuid.uuid4().hex
        self._release = client.register_script(_RELEASE)

    def acquire(self) -> bool:
        return bool(self.redis.set(self.key, self.owner, nx=True, px=self.lease_ms))

    def release(self) -> None:
        self._release(keys=[self.key], args=[self.owner])
