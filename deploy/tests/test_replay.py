"""The replayed day uses the chart's own scaling rules and meets the targets; the committed summary is current."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from deploy.autoscaling import model as m
from deploy.autoscaling import replay
from deploy.tests.conftest import one, rendered

DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.fixture(scope="module")
def day() -> dict[str, object]:
    return replay.simulate()


def test_replay_rules_are_the_rendered_rules() -> None:
    objs = rendered("prod")
    so = one(objs, "ScaledObject", "advisor-engine")["spec"]
    triggers = {t["name"]: float(t["metadata"]["threshold"]) for t in so["triggers"]}
    assert triggers == {"queue-depth": m.ENGINE_TARGETS["waiting_per_replica"],
                        "running-sequences": m.ENGINE_TARGETS["running_per_replica"],
                        "kv-cache-usage": m.ENGINE_TARGETS["kv_usage"]}
    assert (so["minReplicaCount"], so["maxReplicaCount"]) == (m.ENGINE_RULE.min_replicas, m.ENGINE_RULE.max_replicas)
    behavior = so["advanced"]["horizontalPodAutoscalerConfig"]["behavior"]
    assert behavior["scaleDown"]["stabilizationWindowSeconds"] == m.ENGINE_RULE.scale_down_window_s
    assert behavior["scaleDown"]["policies"] == [
        {"type": "Pods", "value": m.ENGINE_RULE.scale_down_pods, "periodSeconds": m.ENGINE_RULE.scale_down_period_s}
    ]
    up = {p["type"]: p for p in behavior["scaleUp"]["policies"]}
    assert up["Pods"]["value"] == m.ENGINE_RULE.scale_up_pods
    assert up["Percent"]["value"] == m.ENGINE_RULE.scale_up_percent * 100
    assert so["pollingInterval"] == replay.SYNC_S
    for name, rule, target in (("gateway", m.GATEWAY_RULE, m.GATEWAY_STREAMS_PER_POD),
                               ("dialogue", m.DIALOGUE_RULE, m.DIALOGUE_STREAMS_PER_POD)):
        hpa = one(objs, "HorizontalPodAutoscaler", f"advisor-{name}")["spec"]
        assert (hpa["minReplicas"], hpa["maxReplicas"]) == (rule.min_replicas, rule.max_replicas)
        assert hpa["metrics"][0]["pods"]["target"]["averageValue"] == str(target)
        assert hpa["behavior"]["scaleDown"]["stabilizationWindowSeconds"] == rule.scale_down_window_s
        assert hpa["behavior"]["scaleDown"]["policies"][0]["value"] == rule.scale_down_percent * 100
    gw = one(objs, "Deployment", "advisor-gateway")["spec"]["template"]["spec"]["containers"][0]
    env = {e["name"]: e.get("value") for e in gw["env"]}
    assert int(env["GATEWAY_MAX_INFLIGHT_STREAMS"]) == replay.GATEWAY_MAX_INFLIGHT_STREAMS


def test_the_day_meets_the_objective_within_the_capacity_plan(day: dict[str, object]) -> None:
    assert day["turns"] > 7_900_000
    assert day["ttft_p99_s"] <= m.TTFT_OBJECTIVE_S
    assert day["worst_minute_ttft_p99_s"] <= m.TTFT_OBJECTIVE_S
    assert day["max_engine_replicas"] <= m.CAPACITY_PLAN_MAX_GPU_REPLICAS
    assert day["shed_turns"] == 0


def test_pods_stay_under_their_cpu_requests(day: dict[str, object]) -> None:
    # One core requested per gateway and dialogue pod (values.yaml); streams, not CPU, are the binding signal.
    assert day["max_gateway_cpu_cores_per_pod"] < 0.7
    assert day["max_dialogue_cpu_cores_per_pod"] < 0.7


def test_the_pool_scales_with_the_day(day: dict[str, object]) -> None:
    series = day["series"]
    assert isinstance(series, dict)
    night = series["engine_replicas"][3 * 60]  # 03:00
    morning = series["engine_replicas"][int(10.5 * 60)]  # 10:30 peak
    assert night == m.ENGINE_RULE.min_replicas
    assert morning > 4 * night


def test_a_spike_beyond_the_headroom_queues_and_the_replay_shows_it() -> None:
    """Not a vacuous replay: a 2.5x spike outruns the 4-minute cold start and TTFT blows through the objective."""
    result = replay.simulate(replace(m.Traffic(), spike_factor=2.5))
    assert result["max_waiting"] > 1000
    assert result["worst_minute_ttft_p99_s"] > m.TTFT_OBJECTIVE_S


def test_committed_summary_is_current(day: dict[str, object]) -> None:
    committed = json.loads((DOCS / "autoscaling-replay.json").read_text())
    assert committed == {k: v for k, v in day.items() if k != "series"}, (
        "run python -m deploy.autoscaling.replay --plot docs/autoscaling-replay.png --json docs/autoscaling-replay.json"
    )
