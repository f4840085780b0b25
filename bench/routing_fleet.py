"""Processes of the routing benchmark: a fleet of simulated replicas and vllm-router instances in front of it.

The fleet is hosted by a few simulator processes (SIM_REPLICAS replicas each on consecutive ports): one
process per replica would need 8 Python processes on 2 cores. A replica that must die mid-run lives alone in
a process of its own, which is SIGKILLed (a real crash: connections reset, port closed).
"""

from __future__ import annotations

import asyncio
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp

from devstack.stack import Proc, Stack, consecutive_free_ports, free_port, http_ok, simulator_proc
from services.engine.pool.scrape import parse_load


@dataclass(frozen=True)
class FleetSpec:
    replicas: int = 8
    token_rate: float = 20.0  # decode tokens/s per running sequence
    max_num_seqs: int = 16
    prefill_tokens_per_s: float = 2000.0  # shared per replica: uncached prompts queue behind each other
    kv_cache_blocks: int = 1000
    block_size: int = 16
    token_endpoints: bool = True  # False: the replicas cannot render or tokenize (a router must fall back)
    processes: int = 4  # simulator processes hosting the replicas (the killed one always has its own)

    def env(self, replicas: int) -> dict[str, str]:
        return {
            "replicas": str(replicas), "token_rate": str(self.token_rate), "max_num_seqs": str(self.max_num_seqs),
            "prefill_tokens_per_s": str(self.prefill_tokens_per_s), "prefill_shared": "true",
            "kv_cache_blocks": str(self.kv_cache_blocks), "prefix_cache_blocks": str(self.kv_cache_blocks),
            "block_size": str(self.block_size), "max_model_len": "4096", "log_level": "WARNING",
            "token_endpoints": str(self.token_endpoints).lower(),
        }


class Fleet:
    """Start with ``start()``; ``urls`` are the replicas; ``kill_last()`` crashes the separately hosted one."""

    def __init__(self, stack: Stack, spec: FleetSpec, *, separate_last: bool = False) -> None:
        self.stack, self.spec, self.separate_last = stack, spec, separate_last
        self.base = consecutive_free_ports(spec.replicas)
        self.urls = [f"http://127.0.0.1:{self.base + i}" for i in range(spec.replicas)]
        self.procs: list[Proc] = []

    def start(self) -> None:
        main = self.spec.replicas - 1 if self.separate_last else self.spec.replicas
        # Replicas split over `processes` simulators: one event loop serving all eight answers a router's
        # render request only after a full round of every replica's streams. vllm-router gives a render 1 s
        # (measured: a render answered in 0.5 s is used, one that takes 1 s falls back to missing_tokens), and
        # with two processes on a machine at load 6-9 `few_prefixes` still lost 73-88 of ~530 renders to it.
        n = max(1, min(self.spec.processes, main))
        sizes = [main // n + (1 if i < main % n else 0) for i in range(n)]
        first = 0
        for i, size in enumerate(sizes):
            proc = simulator_proc(self.base + first, **self.spec.env(size))
            proc.name = f"engine-sim-{i}"
            self.procs.append(self.stack.start(proc))
            first += size
        if self.separate_last:
            last = simulator_proc(self.base + main, **self.spec.env(1))
            last.name = "engine-sim-last"
            self.procs.append(self.stack.start(last))
        for url in self.urls:
            while not http_ok(f"{url}/health"):
                time.sleep(0.05)

    def kill_last(self) -> None:
        import signal

        self.stack.stop(self.procs[-1], grace_s=1, sig=signal.SIGKILL)

    def stop(self) -> None:
        for proc in reversed(self.procs):
            self.stack.stop(proc, grace_s=3)


def router_binary() -> str | None:
    local = Path(sys.executable).parent / "vllm-router"
    return str(local) if local.exists() else shutil.which("vllm-router")


def router_proc(
    binary: str, port: int, workers: list[str], policy: str, *, prometheus_port: int = 0, extra: tuple[str, ...] = (),
) -> Proc:
    # Each router exports its own Prometheus metrics on a port of its own (several run side by side).
    argv = [binary, "--host", "127.0.0.1", "--port", str(port), "--policy", policy, "--log-level", "warning",
            "--prometheus-port", str(prometheus_port or free_port()), "--health-check-interval-secs", "2",
            *extra, "--worker-urls", *workers]
    return Proc(f"vllm-router-{policy}-{port}", argv, lambda: http_ok(f"http://127.0.0.1:{port}/health"),
                ready_timeout_s=30)


def router_metrics_url(proc: Proc) -> str:
    return f"http://127.0.0.1:{proc.argv[proc.argv.index('--prometheus-port') + 1]}/metrics"


# Outcomes of vllm-router's prefix decision counter that mean it routed on data: a match, no match, or a
# deliberate load-balancing override. Anything else (missing_tokens: the worker could not render or tokenize the
# prompt) is a fallback for lack of data, and the run does not measure the policy it names.
ROUTED_ON_DATA = frozenset({"prefix_hit", "prefix_miss", "load_imbalance"})


def router_decisions(metrics_text: str) -> dict[str, float]:
    """``vllm_router_prefix_routing_decisions_total`` summed by outcome (empty for policies without it)."""
    out: dict[str, float] = {}
    for line in metrics_text.splitlines():
        if line.startswith("vllm_router_prefix_routing_decisions_total{"):
            labels, value = line.rsplit(" ", 1)
            outcome = labels.split('outcome="', 1)[1].split('"', 1)[0] if 'outcome="' in labels else "?"
            out[outcome] = out.get(outcome, 0.0) + float(value)
    return out


def fallbacks(decisions: dict[str, float]) -> dict[str, float]:
    return {k: v for k, v in decisions.items() if k not in ROUTED_ON_DATA and v}


async def fleet_counters(http: aiohttp.ClientSession, urls: list[str]) -> dict[str, dict[str, float]]:
    """Prefix-cache queries/hits and finished requests of each replica that answers."""
    keys = {"vllm:prefix_cache_queries_total": "queries", "vllm:prefix_cache_hits_total": "hits",
            "vllm:request_success_total": "finished"}
    out: dict[str, dict[str, float]] = {}
    for url in urls:
        try:
            async with http.get(f"{url}/metrics", timeout=aiohttp.ClientTimeout(total=2)) as resp:
                text = await resp.text()
        except (aiohttp.ClientError, TimeoutError):
            continue
        mine = out[url] = dict.fromkeys(keys.values(), 0.0)
        for line in text.splitlines():
            name = line.split("{", 1)[0].split(" ", 1)[0]
            if name in keys:
                mine[keys[name]] += float(line.rsplit(" ", 1)[1])
    return out


def counter_delta(before: dict[str, dict[str, float]], after: dict[str, dict[str, float]]) -> dict[str, float]:
    """Fleet totals over the measured window, from replicas that answered both times (a killed one did not)."""
    total: dict[str, float] = {}
    for url, values in after.items():
        for key, value in values.items():
            total[key] = total.get(key, 0.0) + value - before.get(url, {}).get(key, 0.0)
    return total


class LoadSampler:
    """Samples every replica's running and waiting counts; imbalance is max/mean of the time averages."""

    def __init__(self, http: aiohttp.ClientSession, urls: list[str], interval_s: float = 0.5) -> None:
        self.http, self.urls, self.interval_s = http, urls, interval_s
        self.running = [0.0] * len(urls)
        self.queued = [0.0] * len(urls)
        self.samples = 0

    def reset(self) -> None:
        self.running = [0.0] * len(self.urls)
        self.queued = [0.0] * len(self.urls)
        self.samples = 0

    async def run(self) -> None:
        while True:
            await asyncio.gather(*(self._one(i, url) for i, url in enumerate(self.urls)))
            self.samples += 1
            await asyncio.sleep(self.interval_s)

    async def _one(self, i: int, url: str) -> None:
        try:
            async with self.http.get(f"{url}/metrics", timeout=aiohttp.ClientTimeout(total=1)) as resp:
                sample = parse_load(await resp.text())
        except (aiohttp.ClientError, TimeoutError):
            return
        self.running[i] += sample.running
        self.queued[i] += sample.running + sample.waiting

    def imbalance(self, alive: list[bool] | None = None) -> dict[str, Any]:
        def ratio(values: list[float]) -> float | None:
            kept = [v for v, ok in zip(values, alive or [True] * len(values), strict=True) if ok]
            mean = sum(kept) / len(kept) if kept else 0.0
            return round(max(kept) / mean, 3) if mean else None

        return {"imbalance_running": ratio(self.running), "imbalance_running_waiting": ratio(self.queued),
                "mean_running_per_replica": [round(v / max(self.samples, 1), 2) for v in self.running]}
