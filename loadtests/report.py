"""The summary of a run (JSON-ready dict), its Markdown, and the overload and soak verdicts."""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

from loadtests.analyze import Cpu, Threshold, cpu_fit, find_knee, load_records, stage_windows, window_stats
from loadtests.plans import Plan
from loadtests.procstat import Sampler
from loadtests.profiles import Profile

KNEE_TTFT_P99_SLO_MS = 100.0  # the target below the knee


def _cpu(sampler: Sampler, groups: list[str], t0: float, t1: float) -> Cpu | None:
    w = sampler.window(t0, t1)
    if w is None:
        return None
    return Cpu(sum(w[1].cpu_s[g] - w[0].cpu_s[g] for g in groups), w[0].t, w[1].t)


def _machine() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return ""


def summarise(
    name: str, profile: Profile, plan: Plan, records_dir: Path, sampler: Sampler, run: dict[str, Any],
    args: argparse.Namespace,
) -> dict[str, Any]:
    start, records = load_records(records_dir)
    start = start or (sampler.samples[0].t if sampler.samples else time.time())
    groups: list[str] = run["platform_groups"]
    windows = stage_windows(plan, start)
    stages = [{"users": users, **window_stats(records, t0, t1, _cpu(sampler, groups, t0, t1)),
               **_machine_load(sampler, t0, t1)} for users, t0, t1 in windows]
    t0, t1 = windows[0][1], start + plan.duration_s
    overall = {**window_stats(records, t0, t1, _cpu(sampler, groups, t0, t1)), **_machine_load(sampler, t0, t1)}
    run["rss_series"] = {g: [smp.rss_mib[g] for smp in sampler.samples] for g in groups}
    summary: dict[str, Any] = {
        "profile": name,
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(start)),
        "machine": {"cpu_model": _machine(), **run["before"]},
        "plan": {"name": plan.name, "params": profile.params, "think_s": profile.think_s,
                 "duration_s": plan.duration_s, "mix": args.mix or "app mix (locustfile.MIX)"},
        "gateway_settings": profile.gateway,
        "embeddings": args.embeddings,
        "answer_tokens": args.answer_tokens,
        "run": run,
        "overall": overall,
        "stages": stages,
        "processes": _processes(sampler, groups, overall, t0, t1),
        "redis": _redis(sampler, overall, t0, t1),
    }
    if name == "ramp":
        summary["knee"] = find_knee(stages, KNEE_TTFT_P99_SLO_MS, args.max_error_rate)
    summary["cpu_fit"] = cpu_fit(stages)
    return summary


def _machine_load(sampler: Sampler, t0: float, t1: float) -> dict[str, Any]:
    """How busy the whole machine was, and how much of that was neither this stack nor its load generator
    (other people's work on a shared box: it explains latency that the platform's own CPU does not)."""
    w = sampler.window(t0, t1)
    if w is None:
        return {}
    span = w[1].t - w[0].t
    busy = w[1].extra["machine_busy_s"] - w[0].extra["machine_busy_s"]
    ours = sum(w[1].cpu_s[g] - w[0].cpu_s[g] for g in sampler.groups)
    return {"machine_busy_cores": round(busy / span, 2), "other_work_cores": round(max(busy - ours, 0) / span, 2)}


def _processes(sampler: Sampler, groups: list[str], overall: dict[str, Any], t0: float, t1: float) -> dict[str, Any]:
    out: dict[str, Any] = {}
    w = sampler.window(t0, t1)
    ok = overall["turns_ok"] or 0
    for g in sampler.groups:
        rss = [s.rss_mib[g] for s in sampler.samples]
        entry: dict[str, Any] = {"rss_mib_first": rss[0] if rss else None, "rss_mib_last": rss[-1] if rss else None,
                                 "platform": g in groups}
        if w is not None:
            cpu = w[1].cpu_s[g] - w[0].cpu_s[g]
            entry["cpu_cores"] = round(cpu / (w[1].t - w[0].t), 3)
            entry["cpu_ms_per_turn"] = round(cpu * 1000 / ok, 2) if ok else None
        out[g] = entry
    return out


def _redis(sampler: Sampler, overall: dict[str, Any], t0: float, t1: float) -> dict[str, Any]:
    w = sampler.window(t0, t1)
    if w is None or "redis_commands" not in w[0].extra or "redis_commands" not in w[1].extra:
        return {}
    commands = w[1].extra["redis_commands"] - w[0].extra["redis_commands"]
    ok = overall["turns_ok"] or 0
    return {
        "ops_s": round(commands / (w[1].t - w[0].t), 1),
        "ops_per_turn": round(commands / ok, 1) if ok else None,  # all commands in the window / turns in it
        "used_memory_mib_last": w[1].extra["redis_used_memory_mib"],
        "keys_last": w[1].extra["redis_keys"],
    }


def overload_checks(summary: dict[str, Any], knee_goodput: float | None) -> list[Threshold]:
    base, peak = summary["stages"][0], summary["stages"][1]
    ratio = None
    if base["ttft_ms_p99"] and peak["ttft_ms_p99"]:
        ratio = round(peak["ttft_ms_p99"] / base["ttft_ms_p99"], 2)
    checks = [
        Threshold("admitted TTFT p99 under overload / unloaded", ratio, 2.0),
        Threshold("shed share under overload (must shed early)", peak["shed_rate"], 0.001, higher_is_worse=False),
        Threshold("error rate under overload (shed apart)", peak["error_rate"], 0.01),
    ]
    if knee_goodput:
        checks.append(Threshold("goodput under overload / knee goodput",
                                round(peak["goodput_turns_s"] / knee_goodput, 3), 0.9, higher_is_worse=False))
    return checks


def soak_checks(summary: dict[str, Any], max_growth: float) -> list[Threshold]:
    """Memory after warm-up (a fifth into the run) against the end, per platform process group."""
    checks = []
    for name, proc in summary["processes"].items():
        if not proc["platform"]:
            continue
        series = summary["run"].get("rss_series", {}).get(name) or []
        if len(series) < 10:
            continue
        warm, last = series[len(series) // 5], series[-1]
        checks.append(Threshold(f"{name} RSS growth after warm-up", round(last / warm - 1, 3), max_growth))
    return checks


def _fmt(v: Any) -> str:
    return "–" if v is None else str(v)


def markdown(s: dict[str, Any]) -> str:
    m, o = s["machine"], s["overall"]
    lines = [
        f"# Load test `{s['profile']}` ({s['date']})",
        "",
        f"Machine: {m['nproc']} CPUs ({m['cpu_model']}), load average before {m['loadavg']}, "
        f"after {s['run']['after']['loadavg']}; shared with other work. Engine: simulator (50 tok/s per stream, "
        f"{s.get('answer_tokens', 100)}-token answers). Load generator: locust on the same machine.",
        f"Plan: {s['plan']['name']} {s['plan']['params']}, think {s['plan']['think_s']} s, {s['plan']['mix']}; "
        "gateway settings "
        f"{s['gateway_settings'] or 'defaults'}; embedding layers {s.get('embeddings', 'on')}. Platform CPU = "
        f"{' + '.join(s['run']['platform_groups'])}.",
        "",
        "| users | goodput turns/s | offered turns/s | TTFT p50/p99 ms | turn p50/p99 ms | gap p99 ms "
        "| errors | shed | platform CPU cores | CPU ms/turn | CPU ms/100 tok | machine busy / others' cores |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for st in [*s["stages"], {**o, "users": "overall"}]:
        lines.append(
            f"| {st['users']} | {st['goodput_turns_s']} | {st['offered_turns_s']} | {_fmt(st['ttft_ms_p50'])} / "
            f"{_fmt(st['ttft_ms_p99'])} | {_fmt(st['turn_ms_p50'])} / {_fmt(st['turn_ms_p99'])} | "
            f"{_fmt(st['inter_token_gap_ms_p99'])} | {st['error_rate']:.2%} | {st['shed_rate']:.2%} | "
            f"{_fmt(st.get('platform_cpu_cores'))} | {_fmt(st.get('platform_cpu_ms_per_turn'))} | "
            f"{_fmt(st.get('platform_cpu_ms_per_100_tokens'))} | {_fmt(st.get('machine_busy_cores'))} / "
            f"{_fmt(st.get('other_work_cores'))} |"
        )
    lines += ["", f"Outcomes (whole measured window): {o['categories']}. TTFT p50 split (dialogue's own timings): "
              f"engine {o.get('engine_ttft_ms_p50')} ms, dialogue {o.get('dialogue_ttft_ms_p50')} ms, "
              f"client-side {o['ttft_ms_p50']} ms.", ""]
    if "knee" in s:
        k = s["knee"]
        knee = k["knee"] or {}
        rel = k.get("knee_relative") or {}
        lines += [f"Knee by the SLO (TTFT p99 <= {KNEE_TTFT_P99_SLO_MS:.0f} ms, errors <= 1 %, goodput still "
                  f"growing): {knee.get('users')} users, {knee.get('goodput_turns_s')} turns/s; {k['reason']}.",
                  f"Knee by degradation (TTFT p99 <= 2x the lightest step's = {k.get('relative_limit_ms')} ms): "
                  f"{rel.get('users')} users, {rel.get('goodput_turns_s')} turns/s; {k.get('relative_reason')}.",
                  f"Saturation: {k['saturation']['goodput_turns_s']} turns/s at {k['saturation']['users']} users.", ""]
    if s.get("cpu_fit"):
        f = s["cpu_fit"]
        lines += [f"Platform CPU against goodput over the stages: {f['marginal_cpu_ms_per_turn']} ms per additional "
                  f"turn, {f['idle_cores']} cores idle (r² {f['r2']}, {f['points']} stages).", ""]
    lines += ["| process group | CPU cores | CPU ms/turn | RSS MiB first → last |", "|---|---|---|---|"]
    for name, p in s["processes"].items():
        tag = " (platform)" if p["platform"] else ""
        lines.append(f"| {name}{tag} | {_fmt(p.get('cpu_cores'))} | {_fmt(p.get('cpu_ms_per_turn'))} | "
                     f"{p['rss_mib_first']} → {p['rss_mib_last']} |")
    if s["redis"]:
        r = s["redis"]
        lines += ["", f"Redis: {r['ops_s']} commands/s, {r['ops_per_turn']} commands per completed turn (all "
                  f"requests of the mix), {r['used_memory_mib_last']} MiB used, {r['keys_last']:.0f} keys at the end."]
    families = s["run"].get("redis_keys") or {}
    if families:
        lines.append("Redis keys at the end by family: " + ", ".join(
            f"`{k}` {v['keys']:.0f} keys"
            + (f" ({v['entries']:.0f} stream entries)" if "entries" in v else "")
            + f" / {v['bytes'] / 1024:.0f} KiB" for k, v in sorted(families.items())))
    alive = s["run"]["alive"]
    lines += ["", f"Processes alive at the end: {alive}."]
    if s.get("thresholds"):
        lines += ["", "| threshold | value | limit | verdict |", "|---|---|---|---|"]
        lines += [f"| {t['name']} | {t['value']} | {t['limit']} | {'PASS' if t['passed'] else 'FAIL'} |"
                  for t in s["thresholds"]]
    return "\n".join(lines) + "\n"
