"""How many concurrent streams the engine simulator holds on one core (it must hold >= 2,000).

The simulator is pinned to CPU 0 and this driver to CPU 1 (when the machine has two), so the figure is the
simulator's own: N streams of 64 tokens at 10 tokens/s each, all open at once; reported are completion, the wall
time against the 6.4 s a perfect server needs, and the simulator's CPU share of its core.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from pathlib import Path
from typing import Any

import aiohttp

from devstack.stack import Stack, free_port, simulator_proc

TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


async def _stream(session: aiohttp.ClientSession, url: str, i: int, max_tokens: int) -> int:
    messages = [{"role": "user", "content": f"stream {i}"}]
    body = {"model": "sim", "messages": messages, "max_tokens": max_tokens, "stream": True}
    events = 0
    async with session.post(url, json=body) as resp:
        async for chunk in resp.content.iter_any():
            events += chunk.count(b"data:")
    return events


async def _drive(port: int, pid: int, streams: int, max_tokens: int) -> dict[str, Any]:
    url = f"http://127.0.0.1:{port}/v1/chat/completions"
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=120)) as session:
        cpu0, t0 = _cpu_seconds(pid), time.perf_counter()
        jobs = (_stream(session, url, i, max_tokens) for i in range(streams))
        results = await asyncio.gather(*jobs, return_exceptions=True)
        cpu1, t1 = _cpu_seconds(pid), time.perf_counter()
    done = [r for r in results if isinstance(r, int) and r >= max_tokens]
    wall = t1 - t0
    return {
        "streams": streams,
        "completed": len(done),
        "wall_s": round(wall, 2),
        "ideal_wall_s": round(max_tokens / 10.0, 2),
        "simulator_cpu_core_share": round((cpu1 - cpu0) / wall, 3),
        "target": "2000 concurrent streams complete on one core",
        "met": len(done) == streams and streams >= 2000,
    }


def run(streams: int = 2000, max_tokens: int = 64) -> dict[str, Any]:
    port = free_port()
    stack = Stack(Path(os.environ.get("BENCH_LOG_DIR", "/tmp")) / "bench-sim-capacity", echo=lambda _: None)
    proc = simulator_proc(port, max_num_seqs=str(streams * 2), token_rate="10", kv_cache_blocks="10000000")
    try:
        stack.start(proc)
        assert proc.popen is not None
        pid = proc.popen.pid
        if (os.cpu_count() or 1) >= 2:
            os.sched_setaffinity(pid, {0})
            os.sched_setaffinity(0, {1})
        return asyncio.run(_drive(port, pid, streams, max_tokens))
    finally:
        os.sched_setaffinity(0, set(range(os.cpu_count() or 1)))
        stack.stop_all()


def main() -> None:
    print(json.dumps(run(), indent=2))


if __name__ == "__main__":
    main()
