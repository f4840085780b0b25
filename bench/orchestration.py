"""Orchestration overhead of a tool-using turn: everything but engine time, at 1 and 100 concurrent sessions.

The whole platform runs as processes (gateway, dialogue, portfolio-tool, compliance with its classifier, Redis)
with the simulator engine in "facts" mode. Each session asks a tool-using question through the app API. From the
``done`` event: overhead = time to first token at the dialogue minus the engine's own time to first token, i.e.
compliance screening, planning, the tool calls, the prompt, and grounding + review of the first chunk.
Target: p50 <= 15 ms and p99 <= 50 ms at 100 concurrent sessions.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import tempfile
from pathlib import Path
from typing import Any

import httpx

from devstack.platform import Platform, sse_events, start_platform

QUESTIONS = [
    ("zh-CN", "每个月存1500元，年化收益4%，存20年能有多少钱？"),
    ("en", "What is the monthly payment on a $400,000 mortgage over 30 years at 6.5%?"),
    ("zh-CN", "贷款50万，20年，年利率4.2%，等额本息每月还多少？"),
    ("en", "If I save $1.2k a month at 7% for 25 years, what will it grow to?"),
]


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 2)


async def _session_turns(client: httpx.AsyncClient, p: Platform, i: int, turns: int) -> list[dict[str, Any]]:
    user = f"bench-{i}"
    locale, text = QUESTIONS[i % len(QUESTIONS)]
    sid = (await client.post("/v1/sessions", json={"locale": locale}, headers=p.auth(user))).json()["session_id"]
    out = []
    for _ in range(turns):
        async with client.stream("POST", f"/v1/sessions/{sid}/messages", json={"text": text},
                                 headers=p.auth(user)) as r:
            events = [e async for e in sse_events(r)]
        done = events[-1].data if events and events[-1].event == "done" else {}
        out.append(done)
    return out


async def _level(p: Platform, sessions: int, turns: int) -> dict[str, Any]:
    limits = httpx.Limits(max_connections=sessions + 10)
    async with httpx.AsyncClient(base_url=p.gateway_url, timeout=120, limits=limits) as client:
        results = await asyncio.gather(*(_session_turns(client, p, i, turns) for i in range(sessions)))
    dones = [d for session in results for d in session]
    ok = [d for d in dones if d.get("tools") and all(t["status"] == "ok" for t in d["tools"])]
    overhead = [d["timings"]["ttft_ms"] - d["timings"]["engine_ttft_ms"] for d in ok]
    tools_ms = [sum(t["ms"] for t in d["tools"]) for d in ok]
    return {
        "sessions": sessions,
        "turns": len(dones),
        "tool_turns_ok": len(ok),
        "overhead_ms_p50": _pct(overhead, 0.50),
        "overhead_ms_p99": _pct(overhead, 0.99),
        "overhead_ms_mean": round(statistics.fmean(overhead), 2) if overhead else None,
        "tool_ms_p50": _pct(tools_ms, 0.50),
        "withheld_numbers": sum(d["compliance"]["withheld_numbers"] for d in ok),
    }


def run(turns: int = 3) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-orchestration-") as tmp:
        p = start_platform(
            Path(tmp),
            sim={"response_mode": "facts", "token_rate": "1000", "max_num_seqs": "512"},
            gateway={"rate_user_per_s": "1000", "rate_user_burst": "1000"},
            embeddings=True,
        )
        try:
            asyncio.run(_level(p, 4, 1))  # warm-up: first-call costs (model, channels) are not steady state
            levels = [asyncio.run(_level(p, n, turns)) for n in (1, 100)]
        finally:
            p.stack.stop_all()
    at_100 = levels[-1]
    return {
        "levels": levels,
        "target": "overhead p50 <= 15 ms, p99 <= 50 ms at 100 concurrent sessions",
        "met": at_100["overhead_ms_p50"] <= 15 and at_100["overhead_ms_p99"] <= 50,
    }


def main() -> None:
    print(json.dumps(run(), indent=2))


if __name__ == "__main__":
    main()
