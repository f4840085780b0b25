"""A small closed-loop streaming load generator: N concurrent clients, each sending OpenAI chat completions
back to back, recording time to first token, inter-token gaps and whole-request time."""

from __future__ import annotations

import asyncio
import statistics
import time
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import orjson


@dataclass
class RunStats:
    ttft_s: list[float] = field(default_factory=list)
    total_s: list[float] = field(default_factory=list)
    tokens: int = 0
    errors: int = 0
    wall_s: float = 0.0

    def summary(self) -> dict[str, Any]:
        def pct(values: list[float], q: float) -> float:
            if not values:
                return float("nan")
            ordered = sorted(values)
            return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000

        return {
            "requests": len(self.total_s),
            "errors": self.errors,
            "ttft_ms_p50": round(pct(self.ttft_s, 0.50), 2),
            "ttft_ms_p99": round(pct(self.ttft_s, 0.99), 2),
            "total_ms_p50": round(pct(self.total_s, 0.50), 2),
            "output_tok_s": round(self.tokens / self.wall_s, 1) if self.wall_s else 0.0,
            "mean_ttft_ms": round(statistics.fmean(self.ttft_s) * 1000, 2) if self.ttft_s else float("nan"),
        }


async def _one(session: aiohttp.ClientSession, url: str, body: bytes, headers: dict[str, str], stats: RunStats) -> None:
    started = time.perf_counter()
    first = 0.0
    tokens = 0
    try:
        async with session.post(url, data=body, headers=headers) as resp:
            if resp.status != 200:
                stats.errors += 1
                await resp.read()
                return
            async for line in resp.content:
                if not line.startswith(b"data:") or line.startswith(b"data: [DONE]"):
                    continue
                chunk = orjson.loads(line[5:])
                for choice in chunk.get("choices") or ():
                    if (choice.get("delta") or {}).get("content"):
                        tokens += 1
                        if not first:
                            first = time.perf_counter()
                if chunk.get("usage"):
                    tokens = int(chunk["usage"]["completion_tokens"])
    except (aiohttp.ClientError, TimeoutError):
        stats.errors += 1
        return
    if not first:
        stats.errors += 1
        return
    stats.ttft_s.append(first - started)
    stats.total_s.append(time.perf_counter() - started)
    stats.tokens += tokens


async def run_closed_loop(
    url: str,
    *,
    concurrency: int,
    requests_per_client: int,
    max_tokens: int,
    headers: dict[str, str] | None = None,
    prompt: str = "Explain what a diversified portfolio is.",
    model: str = "bench",
) -> RunStats:
    stats = RunStats()
    body = orjson.dumps(
        {
            "model": model,
            "messages": [{"role": "system", "content": "You are a test."}, {"role": "user", "content": prompt}],
            "max_tokens": max_tokens,
            "stream": True,
            "stream_options": {"include_usage": True},
            "seed": 1,
            "temperature": 0.0,  # greedy: both paths generate the same tokens, so their rates compare
        }
    )
    hdrs = {"Content-Type": "application/json", **(headers or {})}
    connector = aiohttp.TCPConnector(limit=concurrency + 8)
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=300)) as session:

        async def client() -> None:
            for _ in range(requests_per_client):
                await _one(session, url, body, hdrs, stats)

        started = time.perf_counter()
        await asyncio.gather(*(client() for _ in range(concurrency)))
        stats.wall_s = time.perf_counter() - started
    return stats
