"""Every workload as rendered: non-root, read-only, no capabilities, limits, probes; the GPU pool's specifics."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

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


def test_the_repositorys_tenant_documents_deploy_to_gateway_dialogue_and_compliance() -> None:
    """The documents `make run` uses (products with fees and documents, an overlay) pass the values schema and reach
    every service that reads them; with rule packs of its own, gateway and dialogue check overlays against them."""
    root = Path(__file__).resolve().parents[2] / "tenants"
    documents = {}
    for path in sorted(root.glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        documents[doc.pop("tenant")] = doc
    assert any(p.get("fees") and p.get("documents") for d in documents.values() for p in d.get("products", []))
    objs = chart.render("prod", {"tenants": {"documents": documents},
                                 "compliance": {"rulePacks": {"zh.yaml": "rules: []\n"}}})
    cm = one(objs, "ConfigMap", "advisor-tenants")
    assert set(cm["data"]) == {f"{t}.yaml" for t in documents}
    harbor = yaml.safe_load(cm["data"]["harbor-securities.yaml"])
    assert harbor["tenant"] == "harbor-securities" and harbor["products"][0]["fees"]["management_pct_per_year"] == 0.3
    for name, prefix in (("gateway", "GATEWAY"), ("dialogue", "DIALOGUE"), ("compliance", "COMPLIANCE")):
        spec = pod_spec(one(objs, "Deployment", f"advisor-{name}"))
        env = {e["name"]: e.get("value") for e in spec["containers"][0]["env"]}
        assert env[f"{prefix}_TENANTS_DIR"] == "/etc/advisor/tenants", name
        assert {"name": "tenants", "configMap": {"name": "advisor-tenants"}} in spec["volumes"], name
        rules = env.get("COMPLIANCE_RULES_DIR") if name == "compliance" else env.get(f"{prefix}_COMPLIANCE_RULES_DIR")
        assert rules == "/etc/advisor/rules", name


@pytest.mark.parametrize("product", [
    {"id": "X-1", "name": {"zh": "某基金", "en": "Some Fund"}, "kind": "etf", "risk": "R3",
     "fees": {"management_pct_per_year": -1}},
    {"id": "X-1", "name": {"zh": "某基金", "en": "Some Fund"}, "kind": "etf", "risk": "R3",
     "documents": [{"title": {"zh": "说明书", "en": "Prospectus"}, "url": "http://insecure.example/p.pdf"}]},
])
def test_schema_rejects_a_bad_product(product: dict[str, object]) -> None:
    import helm_python as helm

    doc = {"schema_version": 1, "version": "1", "display_name": {"zh": "某", "en": "Some"},
           "persona": {"name": {"zh": "助手", "en": "Assistant"}, "greeting": {"zh": "您好", "en": "Hello"}},
           "products": [product]}
    with pytest.raises(helm.HelmError):
        chart.render("prod", {"tenants": {"documents": {"some-bank": doc}}})


def test_the_gateway_reads_the_audit_archive_with_a_read_only_credential() -> None:
    spec = pod_spec(one(rendered("prod"), "Deployment", "advisor-gateway"))
    env = {e["name"]: e for e in spec["containers"][0]["env"]}
    assert env["GATEWAY_AUDIT_DSN"]["valueFrom"]["secretKeyRef"]["key"] == "audit-read-dsn"
    worker = pod_spec(one(rendered("prod"), "Deployment", "advisor-worker"))
    assert {e["name"]: e for e in worker["containers"][0]["env"]}["WORKER_AUDIT_DSN"]["valueFrom"][
        "secretKeyRef"]["key"] == "audit-dsn"
