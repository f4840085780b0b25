"""Autoscaling as rendered for production: the signals, the targets and the windows docs/autoscaling.md derives."""

from __future__ import annotations

from deploy.autoscaling import model as m
from deploy.tests.conftest import Obj, by_kind, one, rendered


def hpa(name: str) -> Obj:
    return one(rendered("prod"), "HorizontalPodAutoscaler", f"advisor-{name}")


def test_gateway_and_dialogue_scale_on_open_streams_per_pod() -> None:
    for name, target in (("gateway", str(m.GATEWAY_STREAMS_PER_POD)), ("dialogue", str(m.DIALOGUE_STREAMS_PER_POD))):
        metrics = hpa(name)["spec"]["metrics"]
        pods = [m for m in metrics if m["type"] == "Pods"]
        assert len(pods) == 1
        assert pods[0]["pods"]["metric"]["name"] == f"advisor_{name}_streams_inflight"
        assert pods[0]["pods"]["target"] == {"type": "AverageValue", "averageValue": target}


def test_portfolio_and_compliance_scale_on_cpu() -> None:
    for name in ("portfolio", "compliance"):
        metrics = hpa(name)["spec"]["metrics"]
        assert [m["type"] for m in metrics] == ["Resource"]
        assert metrics[0]["resource"]["name"] == "cpu"
        assert metrics[0]["resource"]["target"]["averageUtilization"] == 65


def test_hpas_target_their_deployments_and_scale_down_slowly() -> None:
    objs = rendered("prod")
    deployments = {d["metadata"]["name"] for d in by_kind(objs, "Deployment")}
    for h in by_kind(objs, "HorizontalPodAutoscaler"):
        assert h["spec"]["scaleTargetRef"]["name"] in deployments
        assert h["spec"]["behavior"]["scaleDown"]["stabilizationWindowSeconds"] >= 300
        assert h["spec"]["minReplicas"] >= 2
        # An autoscaled Deployment must not pin replicas (every upgrade would reset the HPA's choice).
        dep = one(objs, "Deployment", h["spec"]["scaleTargetRef"]["name"])
        assert "replicas" not in dep["spec"]


def test_gpu_pool_scales_on_queue_depth_and_kv_cache_through_keda() -> None:
    objs = rendered("prod")
    assert not [h for h in by_kind(objs, "HorizontalPodAutoscaler") if h["metadata"]["name"] == "advisor-engine"]
    so = one(objs, "ScaledObject", "advisor-engine")
    spec = so["spec"]
    assert spec["scaleTargetRef"]["name"] == "advisor-engine"
    assert spec["minReplicaCount"] >= 1, "never scale a GPU pool to zero: a cold load takes minutes"
    triggers = {t["name"]: t for t in spec["triggers"]}
    assert set(triggers) == {"queue-depth", "running-sequences", "kv-cache-usage"}
    assert all(t["type"] == "prometheus" for t in triggers.values())
    assert triggers["queue-depth"]["metadata"]["query"].startswith("sum(vllm:num_requests_waiting{")
    assert triggers["queue-depth"]["metricType"] == "AverageValue"
    assert triggers["kv-cache-usage"]["metadata"]["query"].startswith("avg(vllm:kv_cache_usage_perc{")
    assert triggers["kv-cache-usage"]["metricType"] == "Value"
    assert float(triggers["kv-cache-usage"]["metadata"]["threshold"]) < 1
    for t in triggers.values():
        assert 'namespace="advisor"' in t["metadata"]["query"] and 'component="engine"' in t["metadata"]["query"]
    behavior = spec["advanced"]["horizontalPodAutoscalerConfig"]["behavior"]
    assert behavior["scaleUp"]["stabilizationWindowSeconds"] == 0
    down = behavior["scaleDown"]
    assert down["stabilizationWindowSeconds"] >= 600
    assert down["policies"] == [{"type": "Pods", "value": 2, "periodSeconds": 180}]
    engine = one(objs, "Deployment", "advisor-engine")
    assert "replicas" not in engine["spec"]


def test_scaled_object_queries_match_the_labels_prometheus_attaches() -> None:
    objs = rendered("prod")
    monitor = one(objs, "PodMonitor", "advisor-engine")
    relabel = {r["targetLabel"]: r.get("replacement") for r in monitor["spec"]["podMetricsEndpoints"][0]["relabelings"]}
    assert relabel["component"] == "engine"
    assert relabel["release"] == "advisor"
    query = one(objs, "ScaledObject", "advisor-engine")["spec"]["triggers"][0]["metadata"]["query"]
    assert 'release="advisor"' in query


def test_dev_has_no_autoscalers() -> None:
    objs = rendered("dev")
    assert not by_kind(objs, "HorizontalPodAutoscaler") and not by_kind(objs, "ScaledObject")
    for d in by_kind(objs, "Deployment"):
        assert d["spec"]["replicas"] >= 1
