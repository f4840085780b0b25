"""Turns the per-request records of a run into the figures of the report: per stage and overall, with the
knee of a step ramp and the verdicts against thresholds. Pure functions over plain data (tested directly)."""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from loadtests.outcomes import NOT_ERRORS, Category, Record
from loadtests.plans import Plan

SETTLE_S = 5.0  # the first seconds of a stage are spawn transient: not measured


def load_records(directory: Path) -> tuple[float | None, list[Record]]:
    """All records of a run (every locust process wrote its own file) and the test's start time."""
    records: list[Record] = []
    for path in sorted(directory.glob("records-*.jsonl")):
        for line in path.read_text().splitlines():
            if line.strip():
                records.append(Record(**json.loads(line)))
    starts = [r.t_start for r in records if r.kind == "test_start"]
    return (min(starts) if starts else None), [r for r in records if r.kind != "test_start"]


def pct(values: Sequence[float], q: float) -> float | None:
    """Nearest-rank percentile (q in 0..100); None for no data."""
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)], 2)


@dataclass(frozen=True)
class Cpu:
    """Platform CPU seconds in a window and the exact span it covers (from the process sampler)."""

    seconds: float
    t0: float
    t1: float


def window_stats(records: Iterable[Record], t0: float, t1: float, cpu: Cpu | None = None) -> dict[str, Any]:
    """Figures of the requests that *ended* in [t0, t1)."""
    inside = [r for r in records if t0 <= r.t_end < t1]
    span = max(t1 - t0, 1e-9)
    turns = [r for r in inside if r.kind == "turn"]
    ok_turns = [r for r in turns if r.category == Category.OK]
    counted = [r for r in inside if r.category != Category.NOT_DEPLOYED]
    errors = [r for r in counted if r.category not in NOT_ERRORS]
    shed = [r for r in counted if r.category == Category.SHED]
    ttft = [r.ttft_ms for r in ok_turns if r.ttft_ms is not None]
    gaps = [g for r in ok_turns for g in r.gaps_ms]
    tpot = [(r.total_ms - r.ttft_ms) / (r.tokens - 1) for r in ok_turns if r.ttft_ms is not None and r.tokens > 1]
    out: dict[str, Any] = {
        "seconds": round(span, 1),
        "requests": len(inside),
        "turns": len(turns),
        "turns_ok": len(ok_turns),
        "goodput_turns_s": round(len(ok_turns) / span, 2),
        "offered_turns_s": round(len(turns) / span, 2),
        "requests_s": round(len(counted) / span, 2),
        "error_rate": round(len(errors) / len(counted), 4) if counted else 0.0,
        "shed_rate": round(len(shed) / len(counted), 4) if counted else 0.0,
        "not_deployed": sum(1 for r in inside if r.category == Category.NOT_DEPLOYED),
        "ttft_ms_p50": pct(ttft, 50),
        "ttft_ms_p99": pct(ttft, 99),
        "turn_ms_p50": pct([r.total_ms for r in ok_turns], 50),
        "turn_ms_p99": pct([r.total_ms for r in ok_turns], 99),
        "inter_token_gap_ms_p50": pct(gaps, 50),
        "inter_token_gap_ms_p99": pct(gaps, 99),
        "tpot_ms_p50": pct(tpot, 50),
        # Where the time to first token goes, from the dialogue's own timings: the engine's TTFT as the dialogue
        # saw it, and the dialogue's TTFT (planner, tools, compliance screening, engine).
        "engine_ttft_ms_p50": pct([r.timings["engine_ttft_ms"] for r in ok_turns if "engine_ttft_ms" in r.timings], 50),
        "dialogue_ttft_ms_p50": pct([r.timings["ttft_ms"] for r in ok_turns if "ttft_ms" in r.timings], 50),
        "tokens_per_turn": round(sum(r.tokens for r in ok_turns) / len(ok_turns), 1) if ok_turns else None,
        "categories": dict(Counter(r.category for r in inside)),
    }
    if cpu is not None and cpu.t1 > cpu.t0:
        done = [r for r in ok_turns if cpu.t0 <= r.t_end < cpu.t1]  # the turns of exactly the CPU's span
        tokens = sum(r.tokens for r in done)
        out["platform_cpu_cores"] = round(cpu.seconds / (cpu.t1 - cpu.t0), 3)
        out["platform_cpu_ms_per_turn"] = round(cpu.seconds * 1000 / len(done), 2) if done else None
        out["platform_cpu_ms_per_100_tokens"] = round(cpu.seconds * 1000 * 100 / tokens, 2) if tokens else None
    return out


def stage_windows(plan: Plan, start: float, settle_s: float = SETTLE_S) -> list[tuple[int, float, float]]:
    """(users, t0, t1) epoch windows of each stage, its spawn transient (users to add / spawn rate, plus
    ``settle_s``) left out, but never more than half the stage."""
    windows, users = [], 0
    for s in plan.stages:
        skip = min(settle_s + abs(s.users - users) / s.spawn_rate, (s.end_s - s.start_s) / 2)
        windows.append((s.users, start + s.start_s + skip, start + s.end_s))
        users = s.users
    return windows


def _breaks(prev: dict[str, Any] | None, step: dict[str, Any], ttft_limit_ms: float, max_error_rate: float) -> str:
    """Why this step is past the knee, or "" if it is not."""
    p99 = step.get("ttft_ms_p99")
    if p99 is None or p99 > ttft_limit_ms:
        return f"TTFT p99 {p99} ms > {ttft_limit_ms:g} ms at {step['users']} users"
    if step["error_rate"] > max_error_rate:
        return f"error rate {step['error_rate']:.2%} > {max_error_rate:.2%} at {step['users']} users"
    if prev is not None and prev["goodput_turns_s"] > 0:
        expected = prev["goodput_turns_s"] * step["users"] / prev["users"]
        if step["goodput_turns_s"] - prev["goodput_turns_s"] < 0.5 * (expected - prev["goodput_turns_s"]):
            return f"goodput stopped growing at {step['users']} users"
    return ""


def _last_good_step(
    steps: Sequence[dict[str, Any]], ttft_limit_ms: float, max_error_rate: float
) -> tuple[dict[str, Any] | None, str]:
    """The last step before a *sustained* break: a break followed by a good step is a blip (on a shared machine
    another tenant's burst does that) and is reported, not taken as the knee."""
    knee: dict[str, Any] | None = None
    blips: list[str] = []
    for i, step in enumerate(steps):
        why = _breaks(steps[i - 1] if i else None, step, ttft_limit_ms, max_error_rate)
        if not why:
            knee = step
            continue
        after = _breaks(step, steps[i + 1], ttft_limit_ms, max_error_rate) if i + 1 < len(steps) else why
        if after:
            return knee, why + ("" if not blips else f" (blips before: {'; '.join(blips)})")
        blips.append(why)
    end = "the ramp ended before any sustained limit: the knee is at or above the last step"
    return knee, end + ("" if not blips else f" (blips: {'; '.join(blips)})")


def find_knee(
    steps: Sequence[dict[str, Any]], ttft_p99_slo_ms: float, max_error_rate: float, relative: float = 2.0
) -> dict[str, Any]:
    """The knee of a step ramp: the last good step before a sustained break (two steps in a row, or the last),
    a good step being one whose TTFT p99 is within a limit, whose error rate is within bounds, and whose goodput
    still grew (>= 50 % of what the added users offered). Two limits: the absolute SLO (``knee``), and
    ``relative`` x the lightest step's TTFT p99 (``knee_relative``: where latency starts to degrade, whatever
    the unloaded latency of the path is).
    Also the saturation point: the step of highest goodput."""
    knee, reason = _last_good_step(steps, ttft_p99_slo_ms, max_error_rate)
    base = steps[0].get("ttft_ms_p99") if steps else None
    rel, rel_reason = _last_good_step(steps, relative * base, max_error_rate) if base else (None, "no data")
    best = max(steps, key=lambda s: s["goodput_turns_s"], default=None)
    return {"knee": knee, "reason": reason, "knee_relative": rel, "relative_reason": rel_reason,
            "relative_limit_ms": round(relative * base, 1) if base else None, "saturation": best}


def cpu_fit(steps: Sequence[dict[str, Any]]) -> dict[str, float] | None:
    """Least-squares line of platform CPU cores against goodput over the stages: the slope is the marginal CPU
    per turn (what one more turn costs), the intercept the idle cost (health probes, metrics, pool scraping)."""
    points = [(s["goodput_turns_s"], s["platform_cpu_cores"]) for s in steps
              if s.get("platform_cpu_cores") is not None and s["goodput_turns_s"] > 0]
    if len(points) < 3:
        return None
    n = len(points)
    mx, my = sum(x for x, _ in points) / n, sum(y for _, y in points) / n
    sxx = sum((x - mx) ** 2 for x, _ in points)
    if sxx == 0:
        return None
    slope = sum((x - mx) * (y - my) for x, y in points) / sxx
    intercept = my - slope * mx
    ss_res = sum((y - intercept - slope * x) ** 2 for x, y in points)
    ss_tot = sum((y - my) ** 2 for _, y in points) or 1e-12
    return {"marginal_cpu_ms_per_turn": round(slope * 1000, 2), "idle_cores": round(intercept, 3),
            "r2": round(1 - ss_res / ss_tot, 3), "points": n}


@dataclass(frozen=True)
class Threshold:
    name: str
    value: float | None
    limit: float
    higher_is_worse: bool = True

    @property
    def passed(self) -> bool:
        if self.value is None:
            return False  # no measurement is a failure, never a silent pass
        return self.value <= self.limit if self.higher_is_worse else self.value >= self.limit

    def line(self) -> str:
        op = "<=" if self.higher_is_worse else ">="
        return f"{'PASS' if self.passed else 'FAIL'}  {self.name} = {self.value} (limit {op} {self.limit})"
