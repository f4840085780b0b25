"""The replayed day as one figure: traffic, replicas, engine queue and batch, time to first token."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from deploy.autoscaling import model as m


def plot(result: dict[str, Any], out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    s = result["series"]
    hours = [x / 60 for x in s["minute"]]
    fig, axes = plt.subplots(4, 1, figsize=(11, 12), sharex=True, constrained_layout=True)
    fig.suptitle(
        f"Replay of a million-DAU day through the chart's scaling rules: {result['turns']:,} turns, "
        f"TTFT p99 {result['ttft_p99_s'] * 1000:.0f} ms (objective {m.TTFT_OBJECTIVE_S:g} s), "
        f"max {result['max_engine_replicas']} GPU replicas (plan {m.CAPACITY_PLAN_MAX_GPU_REPLICAS})",
        fontsize=10,
    )
    ax = axes[0]
    ax.plot(hours, s["arrivals"], color="tab:blue")
    ax.set_ylabel("turns / s")
    ax.set_title("Arrivals (diurnal curve plus a 1.8x news spike at 14:30)", fontsize=9)

    ax = axes[1]
    ax.plot(hours, s["engine_replicas"], label="GPU replicas (KEDA, spec)", color="tab:red")
    ax.plot(hours, s["engine_ready"], label="GPU replicas ready", color="tab:red", linestyle=":")
    ax.plot(hours, s["dialogue_replicas"], label="dialogue pods (HPA)", color="tab:green")
    ax.plot(hours, s["gateway_replicas"], label="gateway pods (HPA)", color="tab:purple")
    ax.axhline(m.CAPACITY_PLAN_MAX_GPU_REPLICAS, color="grey", linestyle="--", linewidth=0.8,
               label="capacity plan: max GPU replicas")
    ax.set_ylabel("replicas")
    ax.legend(fontsize=8, loc="upper left")

    ax = axes[2]
    ax.plot(hours, s["waiting"], label="requests waiting (pool)", color="tab:orange")
    ax.plot(hours, s["running_per_replica"], label="running sequences per ready replica", color="tab:brown")
    ax.axhline(m.ENGINE_TARGETS["running_per_replica"], color="tab:brown", linestyle="--", linewidth=0.8,
               label="scaling target (running per replica)")
    ax.set_ylabel("sequences")
    ax.legend(fontsize=8, loc="upper left")

    ax = axes[3]
    ax.plot(hours, [v * 1000 for v in s["ttft_p50"]], label="TTFT p50 (per minute)", color="tab:cyan")
    ax.plot(hours, [v * 1000 for v in s["ttft_p99"]], label="TTFT p99 (per minute)", color="tab:blue")
    ax.axhline(m.TTFT_OBJECTIVE_S * 1000, color="tab:red", linestyle="--", linewidth=0.8, label="objective")
    ax.set_yscale("log")
    ax.set_ylabel("ms (engine queue + prefill)")
    ax.set_xlabel("hour of day")
    ax.set_xticks(range(0, 25, 2))
    ax.legend(fontsize=8, loc="upper left")
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=90)
    plt.close(fig)
