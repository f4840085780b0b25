"""``make bench``: the benchmark suite. Writes bench/results/latest.json and bench/results/latest.md.

Section "platform vs engine-direct (simulator)": the same streamed chat completion sent straight to the engine
simulator and through the whole platform (gateway -> dialogue -> simulator), at 1, 50 and 200 concurrent streams,
in one run on one machine. Reported: TTFT p50/p99 of each path, the platform-added TTFT (difference of the
percentiles), the gateway + dialogue + compliance CPU time per 100-token turn (from /proc, user + system), the
audit records appended per turn (compliance's decision counter) and the machine's load average around each level
(a shared machine makes every timing noisy: the load says how noisy).

Re-measure only the simulator section, keeping the other sections of the last full run (marked as carried over):
``python -m bench.run --real-engine no --sections "" --keep-previous``. Flame graphs: ``python -m bench.profiles``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform as pyplatform
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from bench import compliance_bench, orchestration, portfolio_bench, real_engine, routing, sim_capacity, tables_bench
from bench.loadgen import run_closed_loop
from devstack.platform import start_platform
from gateway.auth import issue_token
from gateway.settings import GatewaySettings

RESULTS = Path(__file__).resolve().parent / "results"
# Component benchmarks: each module's run() returns its measured figures with their targets.
SECTIONS: dict[str, Callable[[], dict[str, Any]]] = {
    "simulator_capacity": sim_capacity.run,
    "portfolio": portfolio_bench.run,
    "compliance": compliance_bench.run,
    "tables": tables_bench.run,
    "orchestration": orchestration.run,
    "routing": routing.run,
}
SECRET = "bench-secret-0123456789abcdef0123456789"
TICKS = os.sysconf("SC_CLK_TCK")
# Answered facts-first from the knowledge base (the platform's first text does not wait for the engine); pass
# --prompt with a question no entry answers to measure the engine-backed path.
DEFAULT_PROMPT = "Explain what a diversified portfolio is."
# No knowledge entry or tool answers this one, so the platform's first text is the engine's first token: the real
# engine section compares it engine-direct and through the platform with the same messages (the client's own
# system message is kept, and nothing is added for such a question), as issue 21's TTFT ratio asks.
ENGINE_PROMPT = "What should I consider before investing for my children's education?"


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


def audit_records(metrics_target: str) -> float:
    """Audit records compliance has appended so far (its decision counter, every kind)."""
    text = httpx.get(f"http://{metrics_target}/metrics", timeout=5).text
    return sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines()
               if line.startswith("advisor_compliance_decisions_total{"))


def machine() -> dict[str, Any]:
    model = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    return {"cpus": os.cpu_count(), "cpu_model": model, "python": pyplatform.python_version()}


async def compare(
    engine_url: str, gateway_url: str, auth: dict[str, str], pids: list[int], level: int, turns: int, max_tokens: int,
    compliance_metrics: str = "", prompt: str = DEFAULT_PROMPT,
) -> dict[str, Any]:
    """The same streamed completion engine-direct, then through the platform, with the platform's CPU time."""
    async with httpx.AsyncClient(timeout=10) as client:
        model = (await client.get(f"{engine_url}/v1/models")).json()["data"][0]["id"]
    direct = await run_closed_loop(
        f"{engine_url}/v1/chat/completions",
        concurrency=level,
        requests_per_client=turns,
        max_tokens=max_tokens,
        model=model,
        prompt=prompt,
    )
    load_before = os.getloadavg()[0]
    records_before = audit_records(compliance_metrics) if compliance_metrics else 0.0
    cpu_before = [cpu_seconds(pid) for pid in pids]
    via = await run_closed_loop(
        f"{gateway_url}/v1/chat/completions",
        concurrency=level,
        requests_per_client=turns,
        max_tokens=max_tokens,
        headers=auth,
        prompt=prompt,
    )
    cpu_each = [cpu_seconds(pid) - before for pid, before in zip(pids, cpu_before, strict=True)]
    records = audit_records(compliance_metrics) - records_before if compliance_metrics else None
    d, v = direct.summary(), via.summary()
    per_turn = 1000 / max(v["requests"], 1) * (100 / max_tokens)  # ms per 100-token turn
    return {
        "concurrency": level,
        "engine_direct": d,
        "through_platform": v,
        "platform_added_ttft_ms_p50": round(v["ttft_ms_p50"] - d["ttft_ms_p50"], 2),
        "platform_added_ttft_ms_p99": round(v["ttft_ms_p99"] - d["ttft_ms_p99"], 2),
        "ttft_ratio_p50": round(v["ttft_ms_p50"] / d["ttft_ms_p50"], 3) if d["ttft_ms_p50"] else None,
        "platform_cpu_ms_per_turn": round(sum(cpu_each) * per_turn, 2),
        "dialogue_cpu_ms_per_turn": round(cpu_each[0] * per_turn, 2),
        "gateway_cpu_ms_per_turn": round(cpu_each[1] * per_turn, 2),
        "compliance_cpu_ms_per_turn": round(cpu_each[2] * per_turn, 2) if len(cpu_each) > 2 else None,
        "tok_s_ratio": round(v["output_tok_s"] / d["output_tok_s"], 3) if d["output_tok_s"] else None,
        "audit_records_per_turn": round(records / max(v["requests"], 1), 2) if records is not None else None,
        "load_average_1m": [round(load_before, 2), round(os.getloadavg()[0], 2)],  # before / after the level
    }


async def section(engine: str, levels: list[int], turns: int, max_tokens: int,
                  prompt: str = DEFAULT_PROMPT) -> list[dict[str, Any]]:
    """The whole platform (Redis, engine, portfolio, compliance with its classifier, dialogue, gateway) as
    processes; compare engine-direct with through-the-platform at each level."""
    if engine == "vllm":
        print("starting vLLM-CPU (warm start takes a minute or two)...", flush=True)
    p = start_platform(
        Path(tempfile.mkdtemp(prefix="bench-")),
        engine=engine,
        sim={"token_rate": "50", "max_num_seqs": "512", "log_level": "WARNING"},
        dialogue={"log_level": "WARNING"},
        gateway={"jwt_secret": SECRET, "rate_user_per_s": "100000", "rate_user_burst": "100000",
                 "max_inflight_streams": "2000"},
        persist_redis=False,
        embeddings=True,
    )
    rows: list[dict[str, Any]] = []
    try:
        auth = {"Authorization": f"Bearer {issue_token(GatewaySettings(jwt_secret=SECRET), 'bench', 'default')}"}
        pids = [proc.popen.pid for proc in (p.dialogue, p.gateway, p.compliance) if proc.popen]
        for level in levels:
            rows.append(await compare(p.engine_url, p.gateway_url, auth, pids, level, turns, max_tokens,
                                      p.metrics_targets.get("compliance", ""), prompt))
            print(json.dumps(rows[-1]), flush=True)
    finally:
        p.stack.stop_all()
    return rows


def markdown(result: dict[str, Any]) -> str:
    lines = [
        f"# Benchmarks ({result['date']})",
        "",
        f"Machine: {result['machine']['cpus']} CPUs, {result['machine']['cpu_model']}, "
        f"Python {result['machine']['python']}",
        "",
        "## Platform vs engine-direct (simulator, 100-token streamed answers)",
        "",
        f"Prompt: \"{result.get('simulator_prompt', DEFAULT_PROMPT)}\" (the default is answered facts-first from the "
        "knowledge base, so the platform's first text does not wait for the engine).",
        "",
        "| streams | direct TTFT p50/p99 ms | platform TTFT p50/p99 ms | added p50/p99 ms | "
        "gw+dialogue+compliance CPU ms/turn (gw / dlg / compl) | tok/s direct | tok/s platform | errors "
        "| audit records/turn | load avg before / after |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in result.get("simulator", []):
        d, v = r["engine_direct"], r["through_platform"]
        lines.append(
            f"| {r['concurrency']} | {d['ttft_ms_p50']} / {d['ttft_ms_p99']} | {v['ttft_ms_p50']} / {v['ttft_ms_p99']}"
            f" | {r['platform_added_ttft_ms_p50']} / {r['platform_added_ttft_ms_p99']}"
            f" | {r['platform_cpu_ms_per_turn']} ({r['gateway_cpu_ms_per_turn']} / {r['dialogue_cpu_ms_per_turn']}"
            f" / {r.get('compliance_cpu_ms_per_turn')})"
            f" | {d['output_tok_s']} | {v['output_tok_s']}"
            f" | {d['errors']} / {v['errors']} | {r.get('audit_records_per_turn')}"
            f" | {' / '.join(str(x) for x in r.get('load_average_1m', []))} |"
        )
    lines += ["", "Targets (issue 21): added TTFT p50 <= 15 ms, p99 <= 60 ms at 200 streams; platform CPU <= 10 ms per "
              "100-token turn."]
    if result.get("carried_over"):
        lines += ["", "Carried over unchanged from the run of "
                  + ", ".join(f"{k}: {v}" for k, v in result["carried_over"].items()) + "."]
    if result.get("real_engine"):
        lines += [
            "",
            "## Platform vs engine-direct (real vLLM-CPU, SmolLM2-135M, greedy, 64-token answers)",
            "",
            f"Prompt: \"{result.get('real_engine_prompt', DEFAULT_PROMPT)}\", the same messages both ways.",
            "",
            "| streams | direct TTFT p50 ms | platform TTFT p50 ms | TTFT ratio | direct tok/s | platform tok/s "
            "| tok/s ratio |",
            "|---|---|---|---|---|---|---|",
        ]
        for r in result["real_engine"]:
            d, v = r["engine_direct"], r["through_platform"]
            lines.append(
                f"| {r['concurrency']} | {d['ttft_ms_p50']} | {v['ttft_ms_p50']} | {r['ttft_ratio_p50']}"
                f" | {d['output_tok_s']} | {v['output_tok_s']} | {r['tok_s_ratio']} |"
            )
        lines += ["", "Targets (issue 21): TTFT ratio <= 1.15 and tok/s ratio >= 0.95 at 1 and 4 streams."]
    for name, figures in result.get("components", {}).items():
        lines += ["", f"## {name}", "", "```json", json.dumps(figures, indent=2), "```"]
    return "\n".join(lines) + "\n"


def carry_over(result: dict[str, Any]) -> None:
    """Sections of the previous latest.json this run did not measure, kept with the date they were measured."""
    path = RESULTS / "latest.json"
    if not path.exists():
        return
    previous = json.loads(path.read_text())
    measured = {"real_engine"} if "real_engine" in result else set()
    measured |= set(result["components"])
    carried = {k: v for k, v in previous.get("carried_over", {}).items() if k not in measured}
    if "real_engine" not in measured and previous.get("real_engine"):
        result["real_engine"] = previous["real_engine"]
        result["real_engine_prompt"] = previous.get("real_engine_prompt", DEFAULT_PROMPT)
        carried.setdefault("real_engine", previous["date"])
    for name, figures in previous.get("components", {}).items():
        if name not in measured:
            result["components"][name] = figures
            carried.setdefault(name, previous["date"])
    result["carried_over"] = carried


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--levels", default="1,50,200")
    parser.add_argument("--turns-per-client", type=int, default=3)
    parser.add_argument("--max-tokens", type=int, default=100)
    parser.add_argument("--real-engine", choices=["yes", "no"], default="yes", help="add the vLLM-CPU section")
    parser.add_argument("--sections", default=",".join(SECTIONS), help="component benchmarks to run (comma list)")
    parser.add_argument("--prompt", default=DEFAULT_PROMPT, help="the user message of the simulator section")
    parser.add_argument("--keep-previous", action="store_true",
                        help="keep the sections of the last latest.json that this run does not measure")
    args = parser.parse_args()
    levels = [int(x) for x in args.levels.split(",")]
    result: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": machine(),
        "simulator": asyncio.run(section("sim", levels, args.turns_per_client, args.max_tokens, args.prompt)),
        "simulator_prompt": args.prompt,
        "components": {},
    }
    if args.real_engine == "yes":
        result["real_engine"] = asyncio.run(section("vllm", [1, 4], turns=4, max_tokens=64, prompt=ENGINE_PROMPT))
        result["real_engine_prompt"] = ENGINE_PROMPT
        result["components"]["real_engine"] = real_engine.run()  # dtypes side by side; turns as users wait
    result["components"] |= {name: SECTIONS[name]() for name in args.sections.split(",") if name}
    if args.keep_previous:
        carry_over(result)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(result, indent=2) + "\n")
    (RESULTS / "latest.md").write_text(markdown(result))
    print(markdown(result))


if __name__ == "__main__":
    main()
