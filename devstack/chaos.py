"""``make chaos``: kill each service in turn mid-answer under light load, and report per fault what clients got,
how long until the platform served again, and whether any audit event or stored turn was lost.

Loopback only, bounded: ``--users`` clients run turns until the faults are done; each fault waits at most
``--recover-s`` for recovery. The supervisor of ``make run`` (``Stack.supervise``) restarts what dies, as it would
on a developer's machine; in Kubernetes the kubelet does the same. Exit status 1 when a fault lost an audit event
or a stored turn, or the platform did not recover.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import signal
import sqlite3
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from devstack.platform import Platform, sse_events, start_platform

FAULTS = ("portfolio", "compliance", "dialogue", "worker", "gateway", "redis")
SESSION_TURNS = 8  # well under DIALOGUE_MAX_STORED_TURNS
QUESTIONS = ("房贷100万，30年，利率4.9%，等额本息月供多少？", "What is an index fund?",
             "I save $500 a month for 20 years at 5%, how much will I have?", "什么是最大回撤？")


@dataclass
class Load:
    """Turns run by the light load, with what each got, and the turns clients saw complete."""

    outcomes: list[tuple[float, str]] = field(default_factory=list)  # (time, "done" | error code | HTTP status)
    completed: list[tuple[str, str, str]] = field(default_factory=list)  # (user, session id, turn id)
    stop: bool = False


async def _turn(client: httpx.AsyncClient, p: Platform, user: str, sid: str, text: str) -> tuple[str, str]:
    try:
        async with client.stream("POST", f"/v1/sessions/{sid}/messages", json={"text": text},
                                 headers=p.auth(user)) as r:
            if r.status_code != 200:
                body = json.loads(await r.aread() or b"{}")
                return str(body.get("error", {}).get("code", r.status_code)), ""
            last = None
            async for event in sse_events(r):
                last = event
            if last is None:
                return "no_events", ""
            if last.event == "done":
                return "done", str(last.data["turn_id"])
            return str(last.data.get("code", last.event)), ""
    except httpx.HTTPError as err:
        return type(err).__name__, ""


async def _user(p: Platform, load: Load, user: str) -> None:
    async with httpx.AsyncClient(base_url=p.gateway_url, timeout=30) as client:
        sid = ""
        i = 0
        while not load.stop:
            if not sid:
                with contextlib.suppress(httpx.HTTPError):
                    r = await client.post("/v1/sessions", json={"locale": "en"}, headers=p.auth(user))
                    sid = r.json().get("session_id", "") if r.status_code == 201 else ""
                if not sid:
                    load.outcomes.append((time.monotonic(), "session_create_failed"))
                    await asyncio.sleep(0.5)
                    continue
            outcome, turn_id = await _turn(client, p, user, sid, QUESTIONS[i % len(QUESTIONS)])
            load.outcomes.append((time.monotonic(), outcome))
            if turn_id:
                load.completed.append((user, sid, turn_id))
            i += 1
            if i % SESSION_TURNS == 0:
                sid = ""  # a session keeps its newest turns only: check every turn against its own session
            await asyncio.sleep(0.2 if outcome == "done" else 1.0)  # light load, lighter while something is down


async def _recovered(p: Platform, deadline: float) -> float | None:
    """Seconds until /readyz is 200 and a fresh turn completes, or None."""
    started = time.monotonic()
    async with httpx.AsyncClient(base_url=p.gateway_url, timeout=10) as client:
        while time.monotonic() < deadline:
            with contextlib.suppress(httpx.HTTPError, ValueError):
                if (await client.get("/readyz")).status_code == 200:
                    r = await client.post("/v1/sessions", json={"locale": "en"}, headers=p.auth("probe"))
                    if r.status_code == 201:
                        outcome, _ = await _turn(client, p, "probe", r.json()["session_id"], "What is a bond?")
                        if outcome == "done":
                            return time.monotonic() - started
            await asyncio.sleep(0.5)
    return None


async def _inject(p: Platform, name: str, load: Load, recover_s: float) -> dict[str, object]:
    proc = {"portfolio": p.portfolio, "compliance": p.compliance, "dialogue": p.dialogue, "worker": p.worker,
            "gateway": p.gateway, "redis": p.redis}[name]
    if proc is None or proc.popen is None:
        return {"fault": name, "skipped": "not started by this stack"}
    await asyncio.sleep(1.0)  # turns are in flight: the kill lands mid-answer
    killed_at = time.monotonic()
    os.killpg(proc.popen.pid, signal.SIGKILL)
    recovery = await _recovered(p, killed_at + recover_s)
    during = Counter(o for t, o in load.outcomes if t >= killed_at)
    return {"fault": name, "recovered_s": None if recovery is None else round(recovery + 0.0, 1),
            "client_outcomes": dict(during)}


def _audit_check(db: Path, load: Load, p: Platform) -> dict[str, object]:
    """Every turn a client saw complete has its answer in the audit archive and in its session."""
    deadline = time.monotonic() + 30
    turn_ids = {t for _, _, t in load.completed}
    missing: set[str] = set(turn_ids)
    while missing and time.monotonic() < deadline:  # the worker drains the stream in batches
        with contextlib.suppress(sqlite3.Error), sqlite3.connect(db) as conn:
            rows = conn.execute("SELECT DISTINCT turn_id FROM audit_events WHERE kind = 'output'").fetchall()
            missing = turn_ids - {r[0] for r in rows}
        time.sleep(1)
    stored_missing = 0
    with httpx.Client(base_url=p.gateway_url, timeout=10) as client:
        for user, sid, turn_id in load.completed:
            turns = client.get(f"/v1/sessions/{sid}", headers=p.auth(user)).json().get("turns", [])
            stored_missing += turn_id not in {t["turn_id"] for t in turns}
    return {"completed_turns": len(turn_ids), "audit_missing": len(missing), "stored_missing": stored_missing}


async def run(faults: list[str], users: int, recover_s: float, work: Path) -> dict[str, object]:
    p = start_platform(work, sim={"token_rate": "200"}, dialogue={"default_max_tokens": "40"}, worker=True,
                       persist_redis=True, echo=lambda line: None)
    stop = threading.Event()
    supervisor = threading.Thread(target=p.stack.supervise, args=(stop.is_set,), kwargs={"poll_s": 0.2}, daemon=True)
    supervisor.start()
    load = Load()
    try:
        users_tasks = [asyncio.create_task(_user(p, load, f"chaos{i}")) for i in range(users)]
        report = [await _inject(p, name, load, recover_s) for name in faults]
        load.stop = True
        await asyncio.gather(*users_tasks)
        totals = Counter(o for _, o in load.outcomes)
        return {"faults": report, "client_outcomes": dict(totals),
                **_audit_check(work / "audit.db", load, p)}
    finally:
        stop.set()
        supervisor.join(5)
        p.stack.stop_all()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--faults", default=",".join(FAULTS), help=f"comma-separated, from {', '.join(FAULTS)}")
    parser.add_argument("--users", type=int, default=3)
    parser.add_argument("--recover-s", type=float, default=120.0)
    args = parser.parse_args()
    faults = [f for f in args.faults.split(",") if f]
    work = Path(tempfile.mkdtemp(prefix="chaos-", dir=Path("var").resolve() if Path("var").is_dir() else None))
    result = asyncio.run(run(faults, args.users, args.recover_s, work))
    print(json.dumps(result, indent=2, ensure_ascii=False))
    failed = result["audit_missing"] or result["stored_missing"] or any(
        f.get("recovered_s") is None and "skipped" not in f for f in result["faults"])  # type: ignore[attr-defined]
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
