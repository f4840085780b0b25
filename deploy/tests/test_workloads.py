"""Every workload as rendered: non-root, read-only, no capabilities, limits, probes; the GPU pool's specifics."""

from __future__ import annotations

import pytest

from deploy import render as chart
from deploy.tests.conftest import Obj, by_kind, component, one, pod_spec, rendered

COMPONENTS = {"gateway", "dialogue", "portfolio", "compliance", "worker", "beat", "engine"}


def test_every_component_has_a_deployment(objects: list[Obj]) -> None:
    assert {component(d) for d in by_kind(objects, "Deployment")} >= COMPONENTS


def test_every_workload_is_non_root_read_only_with_limits(objects: list[Obj]) -> None:
    deployments = by_kind(objects, "Deployment")
    assert deployments
    for dep in deployments:
        spec = pod_spec(dep)
        name = dep["metadata"]["name"]
        assert spec["securityContext"]["runAsNonRoot"] is True, name
        assert spec["securityContext"]["runAsUser"] > 0, name
        assert spec["securityContext"]["seccompProfile"]["type"] == "RuntimeDefault", name
        for ctr in spec["containers"] + spec.get("initContainers", []):
            sc = ctr["securityContext"]
            assert sc["readOnlyRootFilesystem"] is True, (name, ctr["name"])
            assert sc["allowPrivilegeEscalation"] is False, (name, ctr["name"])
            assert sc["capabilities"]["drop"] == ["ALL"], (name, ctr["name"])
            assert "add" not in sc["capabilities"], (name, ctr["name"])
            res = ctr["resources"]
            for kind in ("cpu", "memory"):
                assert res["requests"][kind] and res["limits"][kind], (name, ctr["name"], kind)
            assert "livenessProbe" in ctr and "readinessProbe" in ctr, (name, ctr["name"])


def test_only_the_dialogue_pods_get_an_api_token(objects: list[Obj]) -> None:
    for dep in by_kind(objects, "Deployment"):
        expected = component(dep) == "dialogue"
        assert pod_spec(dep)["automountServiceAccountToken"] is expected, dep["metadata"]["name"]
    for sa in by_kind(objects, "ServiceAccount"):
        assert sa["automountServiceAccountToken"] is (component(sa) == "dialogue"), sa["metadata"]["name"]


def test_secrets_are_referenced_never_inlined(objects: list[Obj]) -> None:
    assert not by_kind(objects, "Secret")
    gateway = one(objects, "Deployment", "advisor-gateway")
    env = {e["name"]: e for e in pod_spec(gateway)["containers"][0]["env"]}
    assert "value" not in env["GATEWAY_JWT_SECRET"]
    assert env["GATEWAY_JWT_SECRET"]["valueFrom"]["secretKeyRef"] == {"name": "advisor-secrets", "key": "jwt-secret"}
    for dep in by_kind(objects, "Deployment"):
        for ctr in pod_spec(dep)["containers"]:
            for e in ctr.get("env", []):
                if e["name"].endswith(("_SECRET", "_PASSWORD", "_TOKEN", "_DSN")):
                    assert "valueFrom" in e or e["value"].startswith("sqlite:"), (dep["metadata"]["name"], e["name"])


def test_services_listen_on_all_interfaces_in_the_pod(objects: list[Obj]) -> None:
    # The processes default to 127.0.0.1 (safe locally); in a pod that would make them unreachable.
    hosts = {"gateway": "GATEWAY_HOST", "dialogue": "DIALOGUE_HOST", "portfolio": "PORTFOLIO_HOST",
             "compliance": "COMPLIANCE_HOST"}
    for comp, var in hosts.items():
        dep = one(objects, "Deployment", f"advisor-{comp}")
        env = {e["name"]: e.get("value") for e in pod_spec(dep)["containers"][0]["env"]}
        assert env[var] == "0.0.0.0", comp


def test_the_worker_reaches_portfolio_tool(objects: list[Obj]) -> None:
    ctr = pod_spec(one(objects, "Deployment", "advisor-worker"))["containers"][0]
    env = {e["name"]: e.get("value") for e in ctr["env"]}
    assert env["WORKER_PORTFOLIO_TARGET"] == "advisor-portfolio:50052"


def test_one_beat_replaced_without_overlap(objects: list[Obj]) -> None:
    for env in ("default", "dev", "prod"):
        beat = one(rendered(env), "Deployment", "advisor-beat")
        assert beat["spec"]["replicas"] == 1, env
        assert beat["spec"]["strategy"] == {"type": "Recreate"}, env
        ctr = pod_spec(beat)["containers"][0]
        assert ctr["command"] == ["python", "-m", "services.worker.beat"]
        assert ctr["livenessProbe"]["tcpSocket"] == {"port": "metrics"}
        assert ctr["ports"] == [{"name": "metrics", "containerPort": 9055, "protocol": "TCP"}]
    assert not [k for k in objects if k["kind"] in ("HorizontalPodAutoscaler", "ScaledObject", "Service")
                and component(k) == "beat"]


def test_grpc_services_use_native_grpc_probes(objects: list[Obj]) -> None:
    for comp, port in (("dialogue", 50051), ("portfolio", 50052), ("compliance", 50053)):
        ctr = pod_spec(one(objects, "Deployment", f"advisor-{comp}"))["containers"][0]
        for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
            assert ctr[probe]["grpc"] == {"port": port}, (comp, probe)
    gw = pod_spec(one(objects, "Deployment", "advisor-gateway"))["containers"][0]
    assert gw["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert gw["livenessProbe"]["httpGet"]["path"] == "/healthz"


def test_gpu_pool_asks_for_gpus_and_waits_for_a_cold_load() -> None:
    engine = one(rendered("prod"), "Deployment", "advisor-engine")
    spec = pod_spec(engine)
    ctr = spec["containers"][0]
    assert ctr["resources"]["limits"]["nvidia.com/gpu"] == 1
    assert ctr["resources"]["requests"]["nvidia.com/gpu"] == 1
    assert any(t["key"] == "nvidia.com/gpu" for t in spec["tolerations"])
    startup = ctr["startupProbe"]
    assert startup["httpGet"]["path"] == "/health"
    assert startup["periodSeconds"] * startup["failureThreshold"] >= 600, "a cold load needs at least 10 minutes"
    assert ctr["readinessProbe"]["httpGet"]["path"] == "/health"
    # Weights come read-only from the claim, not from a hub.
    mounts = {m["name"]: m for m in ctr["volumeMounts"]}
    assert mounts["model"]["readOnly"] is True
    volumes = {v["name"]: v for v in spec["volumes"]}
    assert volumes["model"]["persistentVolumeClaim"] == {"claimName": "advisor-models", "readOnly": True}
    assert any(a.startswith("--model=/models/") for a in ctr["args"])
    env = {e["name"]: e.get("value") for e in ctr["env"]}
    assert env["HF_HUB_OFFLINE"] == "1"


def test_engine_drains_running_streams_before_it_stops() -> None:
    engine = one(rendered("prod"), "Deployment", "advisor-engine")
    spec = pod_spec(engine)
    grace = spec["terminationGracePeriodSeconds"]
    assert grace >= 300
    cmd = spec["containers"][0]["lifecycle"]["preStop"]["exec"]["command"]
    assert cmd[1] == "/etc/advisor/drain/drain.py"
    assert 0 < float(cmd[2]) < grace, "the drain must end before the kubelet's SIGKILL"
    drain_cm = one(rendered("prod"), "ConfigMap", "advisor-engine-drain")
    assert "vllm:num_requests_(?:running|waiting)" in drain_cm["data"]["drain.py"]


def test_dev_runs_the_simulator_without_gpus() -> None:
    engine = one(rendered("dev"), "Deployment", "advisor-engine")
    ctr = pod_spec(engine)["containers"][0]
    assert ctr["command"] == ["python", "-m", "services.engine.simulator"]
    assert "nvidia.com/gpu" not in ctr["resources"]["limits"]
    assert "tolerations" not in pod_spec(engine)


def test_rule_packs_are_mounted_from_a_configmap() -> None:
    objs = chart.render("prod", {"compliance": {"rulePacks": {"zh.yaml": "rules: []\n"}}})
    cm = one(objs, "ConfigMap", "advisor-rules")
    assert cm["data"] == {"zh.yaml": "rules: []\n"}
    spec = pod_spec(one(objs, "Deployment", "advisor-compliance"))
    assert {"name": "rules", "configMap": {"name": "advisor-rules"}} in spec["volumes"]
    env = {e["name"]: e.get("value") for e in spec["containers"][0]["env"]}
    assert env["COMPLIANCE_RULES_DIR"] == "/etc/advisor/rules"


def test_pdbs_cover_every_workload(objects: list[Obj]) -> None:
    pdbs = {component(p): p for p in by_kind(objects, "PodDisruptionBudget")}
    # Not beat: one replica by design, so a PDB would either block every node drain or protect nothing; a
    # drained beat is recreated elsewhere and a missed tick is caught up by the next period.
    assert set(pdbs) >= COMPONENTS - {"beat"}
    assert "beat" not in pdbs
    for dep in by_kind(objects, "Deployment"):
        comp = component(dep)
        if comp in pdbs:
            assert pdbs[comp]["spec"]["selector"]["matchLabels"] == dep["spec"]["selector"]["matchLabels"]


def test_prod_spreads_replicas_over_zones() -> None:
    for dep in by_kind(rendered("prod"), "Deployment"):
        keys = {c["topologyKey"] for c in pod_spec(dep).get("topologySpreadConstraints", [])}
        assert "topology.kubernetes.io/zone" in keys, dep["metadata"]["name"]


def test_ingress_is_set_for_sse() -> None:
    ing = one(rendered("prod"), "Ingress", "advisor-gateway")
    ann = ing["metadata"]["annotations"]
    assert ann["nginx.ingress.kubernetes.io/proxy-buffering"] == "off"
    assert int(ann["nginx.ingress.kubernetes.io/proxy-read-timeout"]) >= 120
    assert ing["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]["name"] == "advisor-gateway"


@pytest.mark.parametrize(
    "overrides",
    [
        {"engine": {"mode": "tpu"}},
        {"gateway": {"replicas": "three"}},
        {"gateway": {"unknownKey": 1}},
        {"engine": {"autoscaling": {"kvCacheUsageTarget": 1.5}}},
        {"engine": {"autoscaling": {"scaleDownStabilizationSeconds": 30}}},
        {"image": {"digest": "latest"}},
        {"beat": {"replicas": 2}},  # two schedulers would send every scheduled task twice
    ],
)
def test_schema_rejects_bad_values(overrides: dict[str, object]) -> None:
    import helm_python as helm

    with pytest.raises(helm.HelmError):
        chart.render("prod", overrides)


def test_external_redis_url_comes_from_the_secret() -> None:
    for dep in by_kind(rendered("prod"), "Deployment"):
        for ctr in pod_spec(dep)["containers"]:
            env = {e["name"]: e for e in ctr.get("env", [])}
            if "REDIS_URL" in env:
                assert env["REDIS_URL"]["valueFrom"]["secretKeyRef"]["key"] == "redis-url", dep["metadata"]["name"]
