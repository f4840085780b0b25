"""Routing benchmark: our in-process pool client vs round-robin vs vllm-router, in front of the same fleet.

One run of ``python -m bench.routing`` (or ``run()`` from ``make bench``) starts, per policy and scenario, a
fresh fleet of simulated vLLM replicas (so every policy starts with cold caches), and drives the same
multi-turn chat workload through the dialogue's EngineClient. Scenarios:
- ``main``: many sessions with distinct prefixes, KV demand near the fleet's capacity, offered at 2x the
  fleet's capacity for uncached prompts (the round-robin regime): our affinity (block-hash prefix index + ring),
  session affinity alone, our round-robin, vllm-router cache_aware (default and tuned), consistent_hash on the
  session header, and round_robin.
- ``kill``: the same, with one replica SIGKILLed halfway.
- ``instances4``: four independent pool clients (or four vllm-router processes) splitting the turns at random.
- ``few_prefixes``: few long shared documents, where routing by prefix alone makes hotspots.

Scaled (2 shared cores, no GPU): decode 20 tok/s per sequence, 16 sequences per replica, shared prefill
2,000 tok/s per replica, 1,000 KV blocks of 16 tokens per replica, 24-token answers, ~800-token prompts.
The ratios, not the absolute rates, are what carry over to a GPU fleet.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import tempfile
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

import aiohttp

from bench.routing_drive import Drive, decision_latency, session_header
from bench.routing_fleet import (
    Fleet,
    FleetSpec,
    LoadSampler,
    counter_delta,
    fallbacks,
    fleet_counters,
    router_binary,
    router_decisions,
    router_metrics_url,
    router_proc,
)
from bench.routing_report import markdown, targets
from bench.routing_workload import WorkloadShape, mean_prompt_tokens
from devstack.stack import Proc, Stack, free_port
from services.dialogue.engine_client import EngineClient
from services.engine.pool.pool import EnginePool, PoolConfig

MODEL = "SmolLM2-135M-Instruct-sim"
SLO_TTFT_S = 1.0
# vllm-router's load-balance override fires when (max - min) > abs AND max > rel x min, in running requests. Its
# default abs threshold (64) never fires on replicas of 16 sequences; the tuned peer scales it to this fleet.
TUNED_CACHE_AWARE = ("--balance-abs-threshold", "8", "--balance-rel-threshold", "1.5")
POLICIES: dict[str, tuple[str, str, tuple[str, ...]]] = {  # name -> (kind, policy, extra router args)
    "pool_affinity": ("pool", "affinity", ()),  # block-hash prefix index + session ring + bounded load
    "pool_session_affinity": ("pool", "session_affinity", ()),  # the ring and bounds alone (before the index)
    "pool_round_robin": ("pool", "round_robin", ()),
    "vllm_router_cache_aware": ("router", "cache_aware", ()),
    "vllm_router_cache_aware_tuned": ("router", "cache_aware", TUNED_CACHE_AWARE),
    "vllm_router_consistent_hash": ("router", "consistent_hash", ()),  # on the X-Session-ID header
    "vllm_router_round_robin": ("router", "round_robin", ()),
}
PEERS = ("vllm_router_cache_aware", "vllm_router_consistent_hash")


class PeerFellBack(RuntimeError):
    """A peer routed without the data its policy needs: the run would measure a different policy."""


async def one_run(
    stack: Stack, name: str, spec: FleetSpec, shape: WorkloadShape, rate: float, duration_s: float,
    *, instances: int = 1, kill: bool = False, epsilon: float = 0.3, scrape_s: float = 1.0,
) -> dict[str, Any]:
    kind, policy, router_args = POLICIES[name]
    fleet = Fleet(stack, spec, separate_last=kill)
    await asyncio.to_thread(fleet.start)
    routers, pools = [], []
    decisions: dict[str, float] = {}
    connector = aiohttp.TCPConnector(limit=0, keepalive_timeout=60)
    async with aiohttp.ClientSession(connector=connector, middlewares=(session_header,)) as http:
        try:
            if kind == "router":
                binary = router_binary()
                assert binary
                for _ in range(instances):
                    proc = router_proc(binary, free_port(), fleet.urls, policy, extra=router_args)
                    routers.append(await asyncio.to_thread(stack.start, proc))
                clients = [EngineClient(http, [f"http://127.0.0.1:{r.argv[r.argv.index('--port') + 1]}"],
                                        model=MODEL) for r in routers]
            else:
                config = PoolConfig(policy=policy, epsilon=epsilon, scrape_interval_s=scrape_s, probe_interval_s=1.0,
                                    slow_start_s=5.0)
                pools = [EnginePool(http, config, urls=fleet.urls) for _ in range(instances)]
                for pool in pools:
                    pool.start()
                clients = [EngineClient(http, pool, model=MODEL) for pool in pools]
            sampler = LoadSampler(http, fleet.urls)
            sampling = asyncio.create_task(sampler.run())
            drive = Drive(shape, rate, duration_s)

            warm: dict[str, dict[str, float]] = {}
            before_kill: dict[str, float] = {}

            async def measure_from_here() -> None:
                warm.update(await fleet_counters(http, fleet.urls))
                sampler.reset()

            async def crash() -> None:
                # A router may fall back on decisions whose render it sent to the replica that just died, until
                # its health check notices; those are the peer's failure handling, which this scenario measures,
                # not missing data. Only decisions before the kill decide whether the run is refused.
                before_kill.update(await router_totals(http, routers))
                await asyncio.to_thread(fleet.kill_last)

            await drive.run(clients, measure_from_here, crash if kill else None)
            sampling.cancel()
            counters = counter_delta(warm, await fleet_counters(http, fleet.urls))
            decisions = await router_totals(http, routers)
        finally:
            for pool in pools:
                await pool.close()
            for router in routers:
                await asyncio.to_thread(stack.stop, router, 3)
            await asyncio.to_thread(fleet.stop)
    refused_on = before_kill if kill else decisions
    if fallbacks(refused_on):  # never let a broken peer look like a slow one
        raise PeerFellBack(f"{name} fell back for lack of data: {fallbacks(refused_on)} of {refused_on}")
    figures = drive.summary(SLO_TTFT_S, spec.block_size, spec.replicas, spec.kv_cache_blocks)
    out = {"policy": name, "instances": instances, "offered_turns_s": round(rate, 2), **figures}
    if decisions:
        out["router_decisions"] = decisions
        if kill and fallbacks(decisions):
            out["router_fallbacks_after_kill"] = fallbacks(decisions)
    out["prefix_hit_rate"] = round(counters["hits"] / counters["queries"], 4) if counters.get("queries") else None
    out["hit_rate_vs_oracle"] = (
        round(out["prefix_hit_rate"] / out["oracle_hit_rate"], 3) if out["prefix_hit_rate"] is not None else None
    )
    alive = [not (kill and i == spec.replicas - 1) for i in range(spec.replicas)]
    out.update(sampler.imbalance(alive))
    print(json.dumps({k: v for k, v in out.items() if k != "mean_running_per_replica"}), flush=True)
    return out


async def router_totals(http: aiohttp.ClientSession, routers: list[Proc]) -> dict[str, float]:
    """Every router's prefix decisions so far, summed by outcome."""
    total: dict[str, float] = {}
    for router in routers:
        async with http.get(router_metrics_url(router)) as resp:
            for outcome, n in router_decisions(await resp.text()).items():
                total[outcome] = total.get(outcome, 0.0) + n
    return total


def offered_rate(spec: FleetSpec, shape: WorkloadShape, overload: float) -> float:
    """``overload`` x the turns/s the fleet can prefill when nothing is cached (what round-robin gets)."""
    return overload * spec.replicas * spec.prefill_tokens_per_s / mean_prompt_tokens(shape)


async def scenarios(
    duration_s: float, overload: float, only: set[str] | None, policies: set[str] | None = None,
) -> dict[str, Any]:
    spec = FleetSpec()
    distinct = WorkloadShape(kind="distinct", sessions=160, start_turns=4)
    few = WorkloadShape(kind="few", sessions=160, doc_words=600, start_turns=2)
    have_router = router_binary() is not None
    rate = offered_rate(spec, distinct, overload)
    # Every scenario runs our pool client beside the fair peers (cache_aware on rendered tokens, consistent_hash on
    # the session header); main adds the round-robins and the tuned cache_aware.
    plan: list[tuple[str, str, WorkloadShape, dict[str, Any]]] = []
    for scenario, shape, extra in (("saturation", distinct, {"load": 0.5}), ("main", distinct, {}),
                                   ("kill", distinct, {"kill": True}), ("instances4", distinct, {"instances": 4}),
                                   ("few_prefixes", few, {})):
        names = ["pool_affinity", *PEERS]
        if scenario == "main":
            names += ["pool_session_affinity", "pool_round_robin", "vllm_router_cache_aware_tuned",
                      "vllm_router_round_robin"]
        if scenario == "instances4":
            names.append("pool_session_affinity")
        plan += [(scenario, name, shape, dict(extra)) for name in names]
    results: dict[str, list[dict[str, Any]]] = {}
    work = Path(tempfile.mkdtemp(prefix="bench-routing-"))
    stack = Stack(work / "log", echo=lambda _line: None)
    try:
        for scenario, name, shape, extra in plan:
            if (only and scenario not in only) or (policies and name not in policies) or (
                name.startswith("vllm_router") and not have_router
            ):
                continue
            print(f"-- {scenario}: {name}", flush=True)
            try:
                row = await one_run(stack, name, spec, shape, rate * extra.pop("load", 1.0), duration_s, **extra)
            except Exception as err:  # one broken run must not lose the others' figures
                row = {"policy": name, "instances": extra.get("instances", 1), "error": str(err)[:300]}
            results.setdefault(scenario, []).append(row)
    finally:
        stack.stop_all()
    return {
        "fleet": asdict(spec), "workload": asdict(distinct), "few_prefixes_workload": asdict(few),
        "offered_turns_s": round(rate, 2), "overload": overload, "duration_s": duration_s,
        "slo_ttft_s": SLO_TTFT_S, "vllm_router": _router_version() if have_router else "not installed",
        "scenarios": results,
    }


def _router_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"vllm-router {version('vllm-router')}"
    except PackageNotFoundError:
        return "vllm-router (version unknown)"


def run(
    duration_s: float = 14.0, overload: float = 2.0, only: set[str] | None = None, policies: set[str] | None = None,
) -> dict[str, Any]:
    """Measured figures with their targets (``make bench`` calls this)."""
    started = time.monotonic()
    result: dict[str, Any] = {"decision": decision_latency()}
    result.update(asyncio.run(scenarios(duration_s, overload, only, policies)))
    result["targets"] = targets(result)
    result["wall_s"] = round(time.monotonic() - started, 1)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=float, default=14.0, help="seconds of offered load per run")
    parser.add_argument("--overload", type=float, default=2.0)
    parser.add_argument("--only", default="", help="comma-separated scenarios (main,kill,instances4,few_prefixes)")
    parser.add_argument("--policies", default="", help="comma-separated policies (default: all in each scenario)")
    parser.add_argument("--out", default="", help="also write the JSON here")
    args = parser.parse_args()
    result = run(args.duration, args.overload, set(filter(None, args.only.split(","))) or None,
                 set(filter(None, args.policies.split(","))) or None)
    text = json.dumps(result, indent=2, default=lambda o: None if isinstance(o, float) and math.isnan(o) else o)
    print(text)
    print(markdown(result))
    if args.out:
        Path(args.out).write_text(text + "\n")


if __name__ == "__main__":
    main()
