"""Tenants through real processes (the platform `make run` starts: Redis, engine simulator, portfolio, compliance,
the audit worker, dialogue, gateway) on a tenants directory of the test's own: the admin API answers a tenant
admin for their own tenant only (every route: no token 401, user token 403, another tenant's id 404, guessed id
404), exports the tenant's audit rows with chain verification, reports the tenant's usage; per-tenant quotas give
429 + Retry-After; metrics carry a bounded tenant label; a tenant edit is hot-reloaded while a stream stays open."""

from __future__ import annotations

import asyncio
import hashlib
import shutil
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
import yaml

from devstack.platform import Platform, sse_events, start_platform

ROOT = Path(__file__).resolve().parents[2]
HARBOR = "harbor-securities"
ADMIN_ROUTES = ("/v1/admin/tenant", "/v1/admin/usage", "/v1/admin/audit")
QUOTA_TENANTS = {
    "rate-bank": {"turns_per_s": 0.01, "turns_burst": 2, "tokens_per_day": 10**9},
    "budget-bank": {"turns_per_s": 1000, "turns_burst": 1000, "tokens_per_day": 1},
}


def _tenant_doc(tenant: str, quotas: dict) -> dict:
    doc = yaml.safe_load((ROOT / "tenants" / "default.yaml").read_text(encoding="utf-8"))
    return {**doc, "tenant": tenant, "version": "t1", "quotas": quotas}


@pytest.fixture(scope="module")
def tenants_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("tenants") / "tenants"
    shutil.copytree(ROOT / "tenants", d)
    for tenant, quotas in QUOTA_TENANTS.items():
        (d / f"{tenant}.yaml").write_text(yaml.safe_dump(_tenant_doc(tenant, quotas), allow_unicode=True))
    return d


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory, tenants_dir: Path) -> Iterator[Platform]:
    # ~40 tokens at 40 tok/s: a turn's stream stays open for about a second (the hot-reload test needs that)
    p = start_platform(tmp_path_factory.mktemp("platform"), sim={"token_rate": "40", "seed": "7"},
                       dialogue={"default_max_tokens": "40", "log_level": "WARNING"},
                       gateway={"tenants_dir": str(tenants_dir), "tenants_reload_s": "0.1",
                                "rate_user_per_s": "1000", "rate_user_burst": "1000", "tenants_metrics_max": "4"},
                       compliance={"intent_enabled": "false"})  # rules only: nothing here tests the intent model
    yield p
    p.stack.stop_all()


@pytest.fixture
async def client(platform: Platform) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=platform.gateway_url, timeout=30) as c:
        yield c


async def _turn(client: httpx.AsyncClient, platform: Platform, tenant: str, user: str = "ann",
                text: str = "What is an ETF?") -> dict:
    r = await client.post("/v1/sessions", json={"locale": "en"}, headers=platform.auth(user, tenant))
    assert r.status_code == 201, r.text
    sid = r.json()["session_id"]
    async with client.stream("POST", f"/v1/sessions/{sid}/messages", json={"text": text},
                             headers=platform.auth(user, tenant)) as resp:
        assert resp.status_code == 200, await resp.aread()
        events = [e async for e in sse_events(resp)]
    assert events[-1].event == "done", events
    return {"session_id": sid, "done": events[-1].data}


def _admin(platform: Platform, tenant: str = HARBOR) -> dict[str, str]:
    return platform.auth("boss", tenant, role="tenant_admin")


@pytest.mark.parametrize("route", ADMIN_ROUTES)
async def test_admin_routes_are_isolated(client: httpx.AsyncClient, platform: Platform, route: str) -> None:
    assert (await client.get(route)).status_code == 401
    user = await client.get(route, headers=platform.auth("ann", HARBOR))
    assert (user.status_code, user.json()["error"]["code"]) == (403, "forbidden")
    own = await client.get(route, headers=_admin(platform))
    assert own.status_code == 200, own.text
    assert own.json()["tenant"] == HARBOR
    assert (await client.get(route, params={"tenant": HARBOR}, headers=_admin(platform))).status_code == 200
    other = await client.get(route, params={"tenant": "default"}, headers=_admin(platform))
    guessed = await client.get(route, params={"tenant": "no-such-bank"}, headers=_admin(platform))
    for r in (other, guessed):
        assert (r.status_code, r.json()["error"]["code"]) == (404, "tenant_not_found")
        assert r.json()["error"]["message"] == "tenant not found"  # the same for a real and an invented id
    # the default tenant's admin sees the default tenant, and is refused harbor's in the same way
    assert (await client.get(route, headers=_admin(platform, "default"))).json()["tenant"] == "default"
    cross = await client.get(route, params={"tenant": HARBOR}, headers=_admin(platform, "default"))
    assert cross.status_code == 404


async def test_admin_sees_its_configuration(client: httpx.AsyncClient, platform: Platform) -> None:
    body = (await client.get("/v1/admin/tenant", headers=_admin(platform))).json()
    assert body["config"]["display_name"]["en"] == "Harbor Securities"
    assert [p["risk"] for p in body["config"]["products"]] == ["R1", "R2", "R3", "R4"]
    assert body["pending_errors"] == []
    assert "default" not in str(body["config"]).lower().split("tenant")[0]


async def test_user_routes_are_isolated_between_tenants(client: httpx.AsyncClient, platform: Platform) -> None:
    """The same user id in two tenants is two people: a session of one is 404 for the other."""
    r = await client.post("/v1/sessions", json={"locale": "en"}, headers=platform.auth("same-id", HARBOR))
    sid = r.json()["session_id"]
    assert (await client.get(f"/v1/sessions/{sid}", headers=platform.auth("same-id", HARBOR))).status_code == 200
    assert (await client.get(f"/v1/sessions/{sid}", headers=platform.auth("same-id", "default"))).status_code == 404
    post = await client.post(f"/v1/sessions/{sid}/messages", json={"text": "hi"},
                             headers=platform.auth("same-id", "default"))
    assert post.status_code == 404


async def test_usage_and_audit_export_are_the_tenants_own(client: httpx.AsyncClient, platform: Platform) -> None:
    mine = await _turn(client, platform, HARBOR)
    theirs = await _turn(client, platform, "default")
    usage = (await client.get("/v1/admin/usage", headers=_admin(platform))).json()
    assert usage["totals"]["turns"] >= 1
    assert usage["quotas"]["tokens_per_day"] == 2_000_000
    assert usage["today"]["tokens_used"] == usage["totals"]["prompt_tokens"] + usage["totals"]["completion_tokens"]
    # the audit worker archives the turns' events from the Redis stream; wait until both turns are in
    deadline = time.monotonic() + 60
    while True:
        export = (await client.get("/v1/admin/audit", headers=_admin(platform))).json()
        theirs_export = (await client.get("/v1/admin/audit", headers=_admin(platform, "default"))).json()
        mine_ok = any(r["session_id"] == mine["session_id"] for r in export["records"])
        theirs_ok = any(r["session_id"] == theirs["session_id"] for r in theirs_export["records"])
        if mine_ok and theirs_ok:
            break
        assert time.monotonic() < deadline, f"audit rows never archived: {export['rows']}, {theirs_export['rows']}"
        await asyncio.sleep(0.5)
    assert export["verification"]["chain_ok"] is True and export["verification"]["rows_ok"] is True
    assert {r["tenant"] for r in export["records"]} == {HARBOR}
    assert all(r["session_id"] != theirs["session_id"] for r in export["records"])
    for r in export["records"]:  # each row's own link re-checks from the export alone
        assert hashlib.sha256((r["prev_hash"] + r["payload"]).encode()).hexdigest() == r["hash"]
    bad = await client.get("/v1/admin/audit", params={"from": "2026-01-10", "to": "2026-01-01"},
                           headers=_admin(platform))
    assert (bad.status_code, bad.json()["error"]["code"]) == (422, "invalid_request")
    too_long = await client.get("/v1/admin/audit", params={"from": "2025-01-01", "to": "2026-01-01"},
                                headers=_admin(platform))
    assert too_long.status_code == 422


async def test_turn_rate_quota_gives_429_with_retry_after(client: httpx.AsyncClient, platform: Platform) -> None:
    headers = platform.auth("ann", "rate-bank")
    codes = [(await client.post("/v1/sessions", json={"locale": "en"}, headers=headers)) for _ in range(3)]
    assert [r.status_code for r in codes] == [201, 201, 429]
    assert codes[2].json()["error"]["code"] == "rate_limited"
    assert int(codes[2].headers["Retry-After"]) >= 1
    # its admin's calls are charged to the same bucket (an export is heavy work)
    admin = await client.get("/v1/admin/usage", headers=_admin(platform, "rate-bank"))
    assert (admin.status_code, admin.json()["error"]["code"]) == (429, "rate_limited")
    # another tenant is not affected by rate-bank's empty bucket
    other = await client.post("/v1/sessions", json={"locale": "en"}, headers=platform.auth("ann", HARBOR))
    assert other.status_code == 201


async def test_daily_token_quota_gives_429_until_midnight(client: httpx.AsyncClient, platform: Platform) -> None:
    first = await _turn(client, platform, "budget-bank")  # the turn that crosses the budget finishes
    assert first["done"]["usage"]["completion_tokens"] > 0, first
    r = await client.post("/v1/sessions", json={"locale": "en"}, headers=platform.auth("ann", "budget-bank"))
    sid = r.json()["session_id"]
    refused = await client.post(f"/v1/sessions/{sid}/messages", json={"text": "What is a bond?"},
                                headers=platform.auth("ann", "budget-bank"))
    assert (refused.status_code, refused.json()["error"]["code"]) == (429, "quota_exceeded")
    assert 1 <= int(refused.headers["Retry-After"]) <= 2 * 86400
    usage = (await client.get("/v1/admin/usage", headers=_admin(platform, "budget-bank"))).json()
    assert usage["today"]["tokens_remaining"] == 0 and usage["totals"]["rejected_quota"] >= 1


async def test_tenant_metrics_have_a_bounded_label(client: httpx.AsyncClient, platform: Platform) -> None:
    for i in range(5):  # tenants without a document: all "other", never a series each
        await client.post("/v1/sessions", json={"locale": "en"}, headers=platform.auth("ann", f"unknown-{i}"))
    await _turn(client, platform, HARBOR)
    text = (await client.get("/metrics")).text
    tenants = {line.split('tenant="', 1)[1].split('"', 1)[0]
               for line in text.splitlines() if line.startswith("advisor_gateway_tenant_") and 'tenant="' in line}
    assert HARBOR in tenants
    assert not any(t.startswith("unknown-") for t in tenants)
    assert len(tenants) <= 4 + 1  # tenants_metrics_max + "other"


async def test_hot_reload_keeps_the_open_stream(client: httpx.AsyncClient, platform: Platform,
                                                tenants_dir: Path) -> None:
    path = tenants_dir / f"{HARBOR}.yaml"
    original = path.read_text(encoding="utf-8")
    headers = platform.auth("ann", HARBOR)
    sid = (await client.post("/v1/sessions", json={"locale": "en"}, headers=headers)).json()["session_id"]
    try:
        async with client.stream("POST", f"/v1/sessions/{sid}/messages", json={"text": "What is an ETF?"},
                                 headers=headers) as resp:
            events = sse_events(resp)
            first = await anext(events)
            assert first.event in ("delta", "card", "notice")
            doc = yaml.safe_load(original)
            path.write_text(yaml.safe_dump({**doc, "version": "2026.02.9"}, allow_unicode=True), encoding="utf-8")
            for _ in range(100):
                admin = (await client.get("/v1/admin/tenant", headers=_admin(platform))).json()
                if admin["version"] == "2026.02.9":
                    break
                await asyncio.sleep(0.05)
            assert admin["version"] == "2026.02.9"
            rest = [e async for e in events]
        assert rest and rest[-1].event == "done"
        # a broken edit is refused, the running version stays, and the admin sees why
        looser = original.replace("action: block\n      severity: high", "action: disclaimer\n      severity: high")
        path.write_text(looser, encoding="utf-8")
        for _ in range(100):
            admin = (await client.get("/v1/admin/tenant", headers=_admin(platform))).json()
            if admin["pending_errors"]:
                break
            await asyncio.sleep(0.05)
        assert admin["version"] == "2026.02.9"
        assert any("looser than the base action 'warn'" in e for e in admin["pending_errors"]), admin
    finally:
        path.write_text(original, encoding="utf-8")
