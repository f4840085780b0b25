"""The audit trail of streamed answers on real processes (issue 21): one output record per answer, carrying exactly
the text that was shown, archived by the real worker into SQLite with the hash chain intact."""

from __future__ import annotations

import asyncio
import time

import httpx
import orjson

from devstack.platform import Platform, sse_events
from services.worker.store import AuditStore


async def _turn(client: httpx.AsyncClient, platform: Platform, sid: str, text: str) -> tuple[str, str]:
    async with client.stream("POST", f"/v1/sessions/{sid}/messages", json={"text": text},
                             headers=platform.auth()) as r:
        assert r.status_code == 200, await r.aread()
        events = [e async for e in sse_events(r)]
    assert events[-1].event == "done", [e.event for e in events]
    return "".join(e.data["text"] for e in events if e.event == "delta"), events[-1].data["turn_id"]


async def test_an_answer_is_one_output_record_and_the_chain_verifies(client: httpx.AsyncClient,
                                                                     platform: Platform) -> None:
    r = await client.post("/v1/sessions", json={"locale": "en"}, headers=platform.auth())
    sid = r.json()["session_id"]
    answers = [await _turn(client, platform, sid, q) for q in ("What is an index fund?", "And a bond fund?")]
    store = AuditStore(f"sqlite:///{platform.stack.log_dir / 'audit.db'}")
    deadline = time.monotonic() + 60
    while True:  # the worker drains the Redis stream into SQL in its own time
        rows = [row for row in store.rows() if row["session_id"] == sid]
        if sum(row["kind"] == "output" for row in rows) >= len(answers):
            break
        assert time.monotonic() < deadline, f"audit rows never archived: {[row['kind'] for row in rows]}"
        await asyncio.sleep(0.3)
    for shown, turn_id in answers:
        mine = [row for row in rows if row["turn_id"] == turn_id]
        kinds = [row["kind"] for row in mine]
        assert kinds.count("output") == 1 and set(kinds) <= {"output", "decision"}, kinds  # no per-segment rows
        decisions = [row for row in mine if row["kind"] == "decision"]
        assert all(row["action"] in ("rewrite", "warn") for row in decisions)
        record = orjson.loads(next(row for row in mine if row["kind"] == "output")["payload"])
        assert record["detail"]["decisions"] == len(decisions)
        # the answer as shown is the reviewed text plus the disclaimer the review appended at its end
        assert record["text"] and shown.startswith(record["text"]), (record["text"], shown)
        assert record["detail"]["ended"] == "finished" and record["detail"]["segments"] >= 1
    assert sum(row["kind"] == "input" for row in rows) == len(answers)
    assert store.verify().ok
