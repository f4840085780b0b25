"""Replay a day of million-DAU traffic through the chart's scaling rules and plot what the autoscalers do.

    python -m deploy.autoscaling.replay [--plot docs/autoscaling-replay.png] [--json OUT]

A fluid model, one step per second: arrivals join the engine queue, a ready replica runs up to max_num_seqs
sequences whose decode speed falls with batch size, and every 15 s the autoscalers evaluate the same rules the
chart renders: the HPA formula (desired = ceil(current x metric / target), no change within the 10% tolerance,
the largest desire across metrics), the stabilisation windows (a scale-down takes the highest recommendation of
the window) and the rate policies, with new pods serving only after their start-up time. It shows the dynamics of
scaling, not per-request noise: TTFT is the queue wait plus the prefill at the current batch size.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from deploy.autoscaling import model as m

SYNC_S = 15  # HPA sync period and KEDA pollingInterval
GATEWAY_MAX_INFLIGHT_STREAMS = 2000  # per gateway pod (values.yaml gateway.maxInflightStreams)


@dataclass
class Scaler:
    """One HPA: replicas (spec), pods still starting, and the history its behaviour rules read."""

    rule: m.Rule
    replicas: int
    starting: deque[tuple[float, int]] = field(default_factory=deque)  # (ready at, count)
    recommendations: deque[tuple[float, int]] = field(default_factory=deque)
    history: deque[tuple[float, int]] = field(default_factory=deque)  # (time, replicas) for rate limits

    def ready(self, now: float) -> int:
        while self.starting and self.starting[0][0] <= now:
            self.starting.popleft()
        return self.replicas - sum(n for _, n in self.starting)

    def desired(self, ratios: list[tuple[float, bool]]) -> int:
        """HPA: per metric, ratio = value / target (already per replica); the largest wins; tolerance holds."""
        best = 0
        for ratio, absolute in ratios:
            if not absolute and abs(ratio - 1.0) <= self.rule.tolerance:
                want = self.replicas
            elif absolute:  # AverageValue of a total (KEDA external metric): ceil(total / target)
                want = self.replicas if abs(ratio / self.replicas - 1.0) <= self.rule.tolerance else math.ceil(ratio)
            else:
                want = math.ceil(self.replicas * ratio)
            best = max(best, want)
        return min(self.rule.max_replicas, max(self.rule.min_replicas, best))

    def _replicas_at(self, when: float) -> int:
        older = [r for t, r in self.history if t <= when]
        return older[-1] if older else self.replicas

    def apply(self, now: float, desired: int) -> None:
        r = self.rule
        self.recommendations.append((now, desired))
        while self.recommendations and self.recommendations[0][0] < now - r.scale_down_window_s:
            self.recommendations.popleft()
        target = desired
        if desired < self.replicas:  # scale down: the highest recommendation of the window
            target = min(self.replicas, max(d for _, d in self.recommendations))
            base = self._replicas_at(now - r.scale_down_period_s)
            step = max(r.scale_down_pods, math.ceil(base * r.scale_down_percent))
            target = max(target, base - step)
        elif desired > self.replicas:
            base = self._replicas_at(now - r.scale_up_period_s)
            limit = max(base + r.scale_up_pods, math.ceil(base * (1 + r.scale_up_percent)))
            target = min(desired, max(limit, self.replicas))
        if target > self.replicas:
            self.starting.append((now + r.startup_s, target - self.replicas))
        elif target < self.replicas:
            drop = self.replicas - target  # pods still starting go first
            while drop and self.starting:
                ready_at, n = self.starting.pop()
                take = min(n, drop)
                drop -= take
                if n > take:
                    self.starting.append((ready_at, n - take))
        self.replicas = target
        self.history.append((now, target))
        while self.history and self.history[0][0] < now - 900:
            self.history.popleft()


@dataclass
class Minute:
    arrivals: float = 0.0
    ttft_weighted: list[tuple[float, float]] = field(default_factory=list)  # (ttft, arrivals)


def quantile(pairs: list[tuple[float, float]], q: float) -> float:
    """Weighted quantile of (value, weight) pairs."""
    pairs = sorted(pairs)
    total = sum(w for _, w in pairs)
    if total <= 0:
        return 0.0
    acc = 0.0
    for value, weight in pairs:
        acc += weight
        if acc >= q * total:
            return value
    return pairs[-1][0]


def engine_ratios(engine: m.Engine, waiting: float, running: float, replicas: int) -> list[tuple[float, bool]]:
    t = m.ENGINE_TARGETS
    kv = engine.kv_usage(running / max(1, replicas))
    return [(waiting / t["waiting_per_replica"], True), (running / t["running_per_replica"], True),
            (kv / t["kv_usage"], False)]


def simulate(traffic: m.Traffic | None = None, engine: m.Engine | None = None) -> dict[str, object]:
    traffic = traffic or m.Traffic()
    engine = engine or m.Engine()
    rates = traffic.rates()
    pool = Scaler(m.ENGINE_RULE, m.ENGINE_RULE.min_replicas)
    gw = Scaler(m.GATEWAY_RULE, m.GATEWAY_RULE.min_replicas)
    dl = Scaler(m.DIALOGUE_RULE, m.DIALOGUE_RULE.min_replicas)
    waiting = running = shed = 0.0
    series: dict[str, list[float]] = {k: [] for k in (
        "minute", "arrivals", "engine_replicas", "engine_ready", "waiting", "running_per_replica", "kv_usage",
        "ttft_p50", "ttft_p99", "gateway_replicas", "dialogue_replicas", "gateway_cpu", "dialogue_cpu")}
    day: list[tuple[float, float]] = []
    minute = Minute()
    gpu_seconds = 0.0
    for t, lam in enumerate(rates):
        ready = max(1, pool.ready(t))
        gpu_seconds += pool.replicas
        open_streams = waiting + running
        gw_ready = max(1, gw.ready(t))
        gw_cap = gw_ready * GATEWAY_MAX_INFLIGHT_STREAMS
        admitted_gw = lam if open_streams < gw_cap else 0.0
        shed += lam - admitted_gw
        waiting += admitted_gw
        admit = min(waiting, max(0.0, ready * engine.max_num_seqs - running))
        running += admit
        waiting -= admit
        per_replica = running / ready
        done = running * engine.decode_rate(per_replica) / engine.output_tokens
        running = max(0.0, running - done)
        wait_s = waiting / done if waiting > 0 and done > 0 else 0.0
        ttft = wait_s + engine.prefill_s(per_replica)
        minute.arrivals += admitted_gw
        minute.ttft_weighted.append((ttft, admitted_gw))
        day.append((ttft, admitted_gw))
        if t % SYNC_S == 0:
            pool.apply(t, pool.desired(engine_ratios(engine, waiting, running, pool.replicas)))
            gw.apply(t, gw.desired([(open_streams / gw_ready / m.GATEWAY_STREAMS_PER_POD, False)]))
            dl_ready = max(1, dl.ready(t))
            dl.apply(t, dl.desired([(open_streams / dl_ready / m.DIALOGUE_STREAMS_PER_POD, False)]))
        if t % 60 == 59:
            record(series, t, minute, pool, gw, dl, waiting, running, ready, engine, lam)
            minute = Minute()
    return summarize(series, day, shed, gpu_seconds)


def record(series: dict[str, list[float]], t: int, minute: Minute, pool: Scaler, gw: Scaler, dl: Scaler,
           waiting: float, running: float, ready: int, engine: m.Engine, lam: float) -> None:
    series["minute"].append((t + 1) / 60)
    series["arrivals"].append(minute.arrivals / 60)
    series["engine_replicas"].append(pool.replicas)
    series["engine_ready"].append(ready)
    series["waiting"].append(waiting)
    series["running_per_replica"].append(running / ready)
    series["kv_usage"].append(engine.kv_usage(running / ready))
    series["ttft_p50"].append(quantile(minute.ttft_weighted, 0.5))
    series["ttft_p99"].append(quantile(minute.ttft_weighted, 0.99))
    series["gateway_replicas"].append(gw.replicas)
    series["dialogue_replicas"].append(dl.replicas)
    series["gateway_cpu"].append(lam * m.GATEWAY_CORE_S_PER_TURN / max(1, gw.ready(t)))
    series["dialogue_cpu"].append(lam * m.DIALOGUE_CORE_S_PER_TURN / max(1, dl.ready(t)))


def summarize(series: dict[str, list[float]], day: list[tuple[float, float]], shed: float,
              gpu_seconds: float) -> dict[str, object]:
    turns = sum(w for _, w in day)
    return {
        "turns": round(turns),
        "peak_turns_per_s": round(max(series["arrivals"]), 1),
        "ttft_p50_s": round(quantile(day, 0.5), 3),
        "ttft_p99_s": round(quantile(day, m.TTFT_OBJECTIVE_QUANTILE), 3),
        "ttft_objective_s": m.TTFT_OBJECTIVE_S,
        "worst_minute_ttft_p99_s": round(max(series["ttft_p99"]), 3),
        "max_engine_replicas": int(max(series["engine_replicas"])),
        "min_engine_replicas": int(min(series["engine_replicas"])),
        "capacity_plan_max_gpu_replicas": m.CAPACITY_PLAN_MAX_GPU_REPLICAS,
        "gpu_hours": round(gpu_seconds / 3600, 1),
        "max_waiting": round(max(series["waiting"]), 1),
        "max_gateway_replicas": int(max(series["gateway_replicas"])),
        "max_dialogue_replicas": int(max(series["dialogue_replicas"])),
        "max_gateway_cpu_cores_per_pod": round(max(series["gateway_cpu"]), 3),
        "max_dialogue_cpu_cores_per_pod": round(max(series["dialogue_cpu"]), 3),
        "shed_turns": round(shed),
        "series": series,
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--plot", type=Path, help="write the day's plot (PNG) here")
    parser.add_argument("--json", type=Path, help="write the summary (without the series) here")
    args = parser.parse_args(argv)
    result = simulate()
    summary = {k: v for k, v in result.items() if k != "series"}
    print(json.dumps(summary, indent=2))
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2) + "\n")
    if args.plot:
        from deploy.autoscaling.plot import plot

        plot(result, args.plot)
        print(f"plot: {args.plot}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
