"""Tenants at the edge: which document a request runs under, per-tenant quotas (turns/s in the rate limiter's
tenant bucket, tokens/day here), per-tenant usage in Redis, and per-tenant metrics with a bounded label set.

Usage keys are ``usage:{<tenant>}:<yyyymmdd>`` hashes (the tenant's hash tag, as the rate buckets), kept 40 days.
Tokens are counted when a turn's ``done`` event passes the gateway (``MeteredDialogue``); the daily budget is
checked before a turn starts, so the turn that crosses it finishes and the next one gets 429 until UTC midnight.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import grpc
import orjson
import redis.asyncio as aioredis
from advisor.v1 import dialogue_pb2 as pb

from gateway.errors import ApiError
from gateway.metrics import GatewayMetrics
from services.common.redis_client import REDIS_DOWN_ERRORS
from services.common.tenants import TenantConfig, TenantsHolder, base_rules
from services.dialogue.client import DialogueClient, TurnStream

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[1]
USAGE_TTL_S = 40 * 24 * 3600
USAGE_FIELDS = ("turns", "prompt_tokens", "completion_tokens", "rejected_rate", "rejected_quota")
TURN_PATH_SUFFIXES = ("/messages", "/v1/chat/completions")
OTHER = "other"


def load_holder(tenants_dir: str, rules_dir: str, default: str) -> TenantsHolder:
    """The gateway's tenants, checked against the compliance service's base packs (the repo's own by default)."""
    from services.compliance.rules import load_rules  # data only: the packs' ids, actions, severities, scopes

    rules = load_rules(Path(rules_dir) if rules_dir else ROOT / "services" / "compliance" / "rules")
    return TenantsHolder(Path(tenants_dir) if tenants_dir else ROOT / "tenants", base_rules(rules.rules), default)


class TenantLabels:
    """The ``tenant`` label value: a configured tenant's id, up to ``limit`` of them (first come, kept for the
    process's life); every other tenant is ``other``. The series count stays bounded whatever tokens arrive."""

    def __init__(self, holder: TenantsHolder, limit: int) -> None:
        self._holder = holder
        self._limit = limit
        self._seen: set[str] = set()

    def __call__(self, tenant: str) -> str:
        if tenant in self._seen:
            return tenant
        if self._holder.get(tenant) is None or len(self._seen) >= self._limit:
            return OTHER
        self._seen.add(tenant)
        return tenant


REFUSED = "refused:"  # usage hash fields: refused:<rule id>, suitability:<level>:<decision>
SUITABILITY = "suitability:"
LEVELS = ("C1", "C2", "C3", "C4", "C5")
DECISIONS = ("allow", "warn", "refuse")


def suitability_outcome(card_json: str) -> tuple[str, str]:
    """(investor level, decision) of a suitability card, each from a fixed set so the hash stays bounded."""
    try:
        data = orjson.loads(card_json)  # the card's data object
        data = data if isinstance(data, dict) else {}
    except orjson.JSONDecodeError:
        data = {}
    level, decision = str(data.get("investor_level", "")), str(data.get("decision", ""))
    return (level if level in LEVELS else "unknown", decision if decision in DECISIONS else "unknown")


def usage_row(raw: Mapping[Any, Any]) -> dict[str, Any]:
    """A day's usage hash as the admin API shows it: the counters, ``refusals_by_rule`` and ``suitability``
    (level -> decision -> count)."""
    values = {(k.decode() if isinstance(k, bytes) else str(k)): int(v) for k, v in raw.items()}
    row: dict[str, Any] = {f: values.get(f, 0) for f in USAGE_FIELDS}
    row["refusals_by_rule"] = {k[len(REFUSED):]: n for k, n in sorted(values.items()) if k.startswith(REFUSED)}
    suitability: dict[str, dict[str, int]] = {}
    for k, n in sorted(values.items()):
        if k.startswith(SUITABILITY):
            level, _, decision = k[len(SUITABILITY):].partition(":")
            suitability.setdefault(level, {})[decision] = n
    row["suitability"] = suitability
    return row


def sum_rows(days: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The period's totals, the nested counts summed the same way."""
    totals: dict[str, Any] = {f: sum(int(d[f]) for d in days) for f in USAGE_FIELDS}
    refusals: dict[str, int] = {}
    suitability: dict[str, dict[str, int]] = {}
    for d in days:
        for rule, n in d["refusals_by_rule"].items():
            refusals[rule] = refusals.get(rule, 0) + n
        for level, decisions in d["suitability"].items():
            for decision, n in decisions.items():
                by_level = suitability.setdefault(level, {})
                by_level[decision] = by_level.get(decision, 0) + n
    return {**totals, "refusals_by_rule": refusals, "suitability": suitability}


def _day(ts: float | None = None) -> str:
    return datetime.fromtimestamp(ts if ts is not None else time.time(), UTC).strftime("%Y%m%d")


def seconds_to_utc_midnight(now: float | None = None) -> float:
    current = datetime.fromtimestamp(now if now is not None else time.time(), UTC)
    midnight = datetime.combine(current.date() + timedelta(days=1), datetime.min.time(), UTC)
    return max(1.0, (midnight - current).total_seconds())


@dataclass
class UsageStore:
    redis: aioredis.Redis

    @staticmethod
    def key(tenant: str, day: str) -> str:
        return f"usage:{{{tenant}}}:{day}"

    async def add(self, tenant: str, **counts: int) -> None:
        key = self.key(tenant, _day())
        try:
            pipe = self.redis.pipeline(transaction=False)
            for name, n in counts.items():
                if n:
                    pipe.hincrby(key, name, n)
            pipe.expire(key, USAGE_TTL_S)
            await pipe.execute()
        except REDIS_DOWN_ERRORS:
            log.warning("usage not recorded (Redis unavailable)", extra={"tenant": tenant})

    async def tokens_today(self, tenant: str) -> int:
        values = await self.redis.hmget(self.key(tenant, _day()), "prompt_tokens", "completion_tokens")
        return sum(int(v or 0) for v in values)

    async def days(self, tenant: str, first: date, last: date) -> list[dict[str, Any]]:
        """One row per UTC day from ``first`` to ``last`` inclusive (zeros for days without traffic): the counters,
        refusals by rule and suitability outcomes by investor level."""
        days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
        pipe = self.redis.pipeline(transaction=False)
        for d in days:
            pipe.hgetall(self.key(tenant, d.strftime("%Y%m%d")))
        rows = await pipe.execute()
        return [{"date": d.isoformat(), **usage_row(row)} for d, row in zip(days, rows, strict=True)]


@dataclass
class Tenancy:
    """What the gateway knows about tenants; built in the lifespan and kept on ``Deps``."""

    holder: TenantsHolder
    usage: UsageStore
    labels: TenantLabels
    metrics: GatewayMetrics
    strict: bool = False  # True: a token for a tenant without a document is refused (403)

    def config_for(self, tenant: str) -> TenantConfig:
        if self.strict and self.holder.get(tenant) is None:
            raise ApiError(403, "unknown_tenant", "this tenant is not configured on the platform")
        return self.holder.resolve(tenant)

    def rejected(self, tenant: str, reason: str) -> None:
        self.metrics.tenant_rejected.labels(tenant=self.labels(tenant), reason=reason).inc()

    async def check_token_quota(self, tenant: str, config: TenantConfig) -> None:
        try:
            used = await self.usage.tokens_today(tenant)
        except REDIS_DOWN_ERRORS:
            return  # as the rate limiter: fail open; the turn itself needs Redis and answers 503 without it
        if used >= config.quotas.tokens_per_day:
            self.rejected(tenant, "quota_tokens")
            await self.usage.add(tenant, rejected_quota=1)
            raise ApiError(429, "quota_exceeded",
                           f"this tenant's daily token quota ({config.quotas.tokens_per_day}) is used up; "
                           "it resets at 00:00 UTC", seconds_to_utc_midnight())

    async def record_turn(self, tenant: str, done: pb.Done | None, outcome: str,
                          suitability: Sequence[tuple[str, str]] = ()) -> None:
        label = self.labels(tenant)
        self.metrics.tenant_turns.labels(tenant=label, outcome=outcome).inc()
        prompt = int(done.usage.prompt_tokens) if done is not None else 0
        completion = int(done.usage.completion_tokens) if done is not None else 0
        if prompt or completion:
            self.metrics.tenant_tokens.labels(tenant=label, kind="prompt").inc(prompt)
            self.metrics.tenant_tokens.labels(tenant=label, kind="completion").inc(completion)
        counts = {"turns": 1, "prompt_tokens": prompt, "completion_tokens": completion}
        if done is not None and done.compliance.action == "block":  # refused or withheld, by the rules that fired
            for rule in dict.fromkeys(done.compliance.rule_ids):
                counts[f"{REFUSED}{rule}"] = 1
        for level, decision in suitability:
            key = f"{SUITABILITY}{level}:{decision}"
            counts[key] = counts.get(key, 0) + 1
        await self.usage.add(tenant, **counts)


def is_turn(path: str) -> bool:
    return path.endswith(TURN_PATH_SUFFIXES)


class MeteredTurnStream(TurnStream):
    """A turn's events, passed through unchanged; the turn is counted for its tenant when it ends. It wraps a
    started stream, so the base class's __init__ (which starts one) is not called."""

    def __init__(self, inner: TurnStream, tenant: str, tenancy: Tenancy) -> None:
        self._inner = inner
        self._tenant = tenant
        self._tenancy = tenancy
        self._recorded = False
        self._suitability: list[tuple[str, str]] = []  # (investor level, decision) of the turn's suitability cards

    async def events(self, heartbeat_s: float) -> AsyncIterator[pb.ConverseEvent | None]:
        async for event in self._inner.events(heartbeat_s):
            kind = event.WhichOneof("event") if event is not None else None
            if kind == "card" and event is not None and event.card.kind == "suitability":
                self._suitability.append(suitability_outcome(event.card.json))
            if kind in ("done", "error") and event is not None:
                await self._record(event.done if kind == "done" else None, "ok" if kind == "done" else "error")
            yield event

    async def _record(self, done: pb.Done | None, outcome: str) -> None:
        if not self._recorded:
            self._recorded = True
            await self._tenancy.record_turn(self._tenant, done, outcome, self._suitability)

    async def close(self) -> None:
        await self._inner.close()
        with contextlib.suppress(Exception):
            await self._record(None, "cancelled")


class MeteredDialogue(DialogueClient):
    """The dialogue client whose turns are counted per tenant (routes use it unchanged)."""

    def __init__(self, channel: grpc.aio.Channel, tenancy: Tenancy, *, unary_timeout_s: float,
                 stream_timeout_s: float) -> None:
        super().__init__(channel, unary_timeout_s=unary_timeout_s, stream_timeout_s=stream_timeout_s)
        self._tenancy = tenancy

    async def start_turn(self, request: pb.ConverseRequest) -> TurnStream:
        inner = await super().start_turn(request)
        return MeteredTurnStream(inner, request.caller.tenant, self._tenancy)
