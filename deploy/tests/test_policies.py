"""NetworkPolicies deny what they should and allow only each service's callers; RBAC is only what the pool
client uses; the engine Service is what EndpointSlice discovery needs."""

from __future__ import annotations

import pytest

from deploy.tests.conftest import Obj, by_kind, component, one, pod_spec, rendered
from deploy.tests.netpol import External, Pod, allowed

NS = "advisor"


def pods(objs: list[Obj]) -> dict[str, Pod]:
    return {component(d): Pod(NS, d["spec"]["template"]["metadata"]["labels"]) for d in by_kind(objs, "Deployment")}


INGRESS_CONTROLLER = Pod("ingress-nginx", {"app.kubernetes.io/name": "ingress-nginx"})
PROMETHEUS = Pod("monitoring", {"app.kubernetes.io/name": "prometheus"})
STRANGER = Pod("default", {"app": "curl"})
SAME_NS_STRANGER = Pod(NS, {"app": "debug"})
KUBE_DNS = Pod("kube-system", {"k8s-app": "kube-dns"})

# (source, destination, port) that must connect in dev (in-chart Redis).
ALLOWED = [
    ("ingress", "gateway", 8080),
    ("gateway", "dialogue", 50051),
    ("gateway", "portfolio", 50052),
    ("gateway", "compliance", 50053),
    ("gateway", "redis", 6379),
    ("dialogue", "engine", 8000),
    ("dialogue", "portfolio", 50052),
    ("dialogue", "compliance", 50053),
    ("dialogue", "redis", 6379),
    ("compliance", "redis", 6379),
    ("worker", "redis", 6379),
    ("worker", "portfolio", 50052),  # every report calls portfolio-tool
    ("beat", "redis", 6379),
    ("prometheus", "gateway", 8080),
    ("prometheus", "dialogue", 9051),
    ("prometheus", "portfolio", 9052),
    ("prometheus", "compliance", 9053),
    ("prometheus", "worker", 9054),
    ("prometheus", "beat", 9055),
    ("prometheus", "engine", 8000),
    ("prometheus", "redis", 9121),
]

# (source, destination, port) that must not.
DENIED = [
    ("ingress", "dialogue", 50051),
    ("ingress", "engine", 8000),
    ("ingress", "redis", 6379),
    ("ingress", "gateway", 9051),
    ("stranger", "gateway", 8080),
    ("same-ns-stranger", "gateway", 8080),
    ("same-ns-stranger", "redis", 6379),
    ("same-ns-stranger", "engine", 8000),
    ("gateway", "engine", 8000),
    ("gateway", "dialogue", 9051),
    ("dialogue", "gateway", 8080),
    ("portfolio", "redis", 6379),
    ("portfolio", "compliance", 50053),
    ("portfolio", "engine", 8000),
    ("compliance", "engine", 8000),
    ("compliance", "dialogue", 50051),
    ("worker", "engine", 8000),
    ("worker", "dialogue", 50051),
    ("beat", "portfolio", 50052),  # beat only sends tasks to Redis
    ("beat", "engine", 8000),
    ("gateway", "beat", 9055),
    ("engine", "redis", 6379),
    ("engine", "dialogue", 50051),
    ("redis", "gateway", 8080),
    ("prometheus", "dialogue", 50051),
    ("prometheus", "redis", 6379),
]


def endpoint(name: str, table: dict[str, Pod]) -> Pod:
    extra = {"ingress": INGRESS_CONTROLLER, "prometheus": PROMETHEUS, "stranger": STRANGER,
             "same-ns-stranger": SAME_NS_STRANGER}
    return extra.get(name) or table[name]


@pytest.fixture(scope="module")
def dev() -> tuple[list[Obj], dict[str, Pod]]:
    objs = rendered("dev")
    return by_kind(objs, "NetworkPolicy"), pods(objs)


@pytest.mark.parametrize(("src", "dst", "port"), ALLOWED)
def test_callers_reach_their_callees(dev: tuple[list[Obj], dict[str, Pod]], src: str, dst: str, port: int) -> None:
    policies, table = dev
    assert allowed(policies, endpoint(src, table), endpoint(dst, table), port), f"{src} -> {dst}:{port}"


@pytest.mark.parametrize(("src", "dst", "port"), DENIED)
def test_everything_else_is_denied(dev: tuple[list[Obj], dict[str, Pod]], src: str, dst: str, port: int) -> None:
    policies, table = dev
    assert not allowed(policies, endpoint(src, table), endpoint(dst, table), port), f"{src} -> {dst}:{port}"


def test_every_pod_resolves_names_but_only_dialogue_reaches_the_api_server(
    dev: tuple[list[Obj], dict[str, Pod]],
) -> None:
    policies, table = dev
    api = External("10.96.0.1")
    for name, pod in table.items():
        assert allowed(policies, pod, KUBE_DNS, 53, "UDP"), name
        assert allowed(policies, pod, api, 443) is (name == "dialogue"), name


def test_no_pod_reaches_the_internet(dev: tuple[list[Obj], dict[str, Pod]]) -> None:
    policies, table = dev
    for name, pod in table.items():
        assert not allowed(policies, pod, External("93.184.216.34"), 443), name


def test_prod_with_external_redis_opens_only_its_cidr() -> None:
    objs = rendered("prod")
    policies, table = by_kind(objs, "NetworkPolicy"), pods(objs)
    redis = External("10.20.3.4")
    for name in ("gateway", "dialogue", "compliance", "worker", "beat"):
        assert allowed(policies, table[name], redis, 6379), name
    for name in ("portfolio", "engine"):
        assert not allowed(policies, table[name], redis, 6379), name
    audit_db = External("10.30.0.9")
    # the worker archives the audit trail and the gateway's tenant-admin route exports from it; nobody else
    for name in ("worker", "gateway"):
        assert allowed(policies, table[name], audit_db, 5432), name
    for name in ("dialogue", "compliance", "portfolio", "engine", "beat"):
        assert not allowed(policies, table[name], audit_db, 5432), name
    dev = rendered("dev")  # no shared audit database: the gateway reaches none
    assert not allowed(by_kind(dev, "NetworkPolicy"), pods(dev)["gateway"], audit_db, 5432)


def test_every_release_pod_is_default_denied(objects: list[Obj]) -> None:
    deny = one(objects, "NetworkPolicy", "advisor-default-deny")
    assert deny["spec"]["policyTypes"] == ["Ingress", "Egress"]
    assert "ingress" not in deny["spec"] and "egress" not in deny["spec"]
    for labels in pods(objects).values():
        assert all(labels.labels.get(k) == v for k, v in deny["spec"]["podSelector"]["matchLabels"].items())


def test_rbac_is_only_what_the_pool_client_uses(objects: list[Obj]) -> None:
    assert not by_kind(objects, "ClusterRole") and not by_kind(objects, "ClusterRoleBinding")
    roles = by_kind(objects, "Role")
    assert len(roles) == 1
    assert roles[0]["rules"] == [
        {"apiGroups": ["discovery.k8s.io"], "resources": ["endpointslices"], "verbs": ["get", "list", "watch"]}
    ]
    bindings = by_kind(objects, "RoleBinding")
    assert len(bindings) == 1
    assert bindings[0]["roleRef"]["name"] == roles[0]["metadata"]["name"]
    assert bindings[0]["subjects"] == [{"kind": "ServiceAccount", "name": "advisor-dialogue", "namespace": NS}]
    dialogue = one(objects, "Deployment", "advisor-dialogue")
    assert pod_spec(dialogue)["serviceAccountName"] == "advisor-dialogue"


def test_engine_service_is_headless_and_discoverable(objects: list[Obj]) -> None:
    """What the pool client's EndpointSlice discovery relies on, as rendered.

    EndpointSlices of a Service carry ``kubernetes.io/service-name: <service>`` and one port entry per Service
    port, named as in the Service; the pool client lists/watches them by that label with the Role above.
    """
    svc = one(objects, "Service", "advisor-engine")
    assert svc["spec"]["clusterIP"] == "None"
    assert svc["spec"]["publishNotReadyAddresses"] is False
    assert svc["spec"]["ports"] == [
        {"name": "http", "port": 8000, "targetPort": "http", "protocol": "TCP", "appProtocol": "http"}
    ]
    engine = one(objects, "Deployment", "advisor-engine")
    labels = engine["spec"]["template"]["metadata"]["labels"]
    assert all(labels[k] == v for k, v in svc["spec"]["selector"].items())
    port_names = {p["name"] for p in pod_spec(engine)["containers"][0]["ports"]}
    assert "http" in port_names
    dialogue = one(objects, "Deployment", "advisor-dialogue")
    env = {e["name"]: e for e in pod_spec(dialogue)["containers"][0]["env"]}
    assert env["ENGINE_SERVICE_NAME"]["value"] == svc["metadata"]["name"]
    assert env["ENGINE_SERVICE_NAMESPACE"]["valueFrom"]["fieldRef"]["fieldPath"] == "metadata.namespace"
    assert env["ENGINE_PORT_NAME"]["value"] == svc["spec"]["ports"][0]["name"]
    assert env["ENGINE_URLS"]["value"] == f"http://advisor-engine.{NS}.svc:8000"
    # The Role covers the namespace the pods read from their own metadata.
    role = by_kind(objects, "Role")[0]
    assert role["metadata"]["namespace"] == NS


def rbac_allows(objs: list[Obj], sa: str, verb: str, group: str, resource: str, namespace: str) -> bool:
    """Kubernetes RBAC for the rendered Roles/RoleBindings (no ClusterRoles are rendered)."""
    roles = {r["metadata"]["name"]: r for r in by_kind(objs, "Role")}
    for binding in by_kind(objs, "RoleBinding"):
        if binding["metadata"]["namespace"] != namespace:
            continue
        if not any(s["kind"] == "ServiceAccount" and s["name"] == sa and s["namespace"] == NS
                   for s in binding["subjects"]):
            continue
        for rule in roles[binding["roleRef"]["name"]]["rules"]:
            if group in rule["apiGroups"] and resource in rule["resources"] and verb in rule["verbs"]:
                return True
    return False


@pytest.mark.parametrize(
    ("sa", "verb", "group", "resource", "namespace", "expected"),
    [
        # What the pool client does: list EndpointSlices by kubernetes.io/service-name, then watch them.
        ("advisor-dialogue", "list", "discovery.k8s.io", "endpointslices", NS, True),
        ("advisor-dialogue", "watch", "discovery.k8s.io", "endpointslices", NS, True),
        ("advisor-dialogue", "get", "discovery.k8s.io", "endpointslices", NS, True),
        # Nothing more.
        ("advisor-dialogue", "create", "discovery.k8s.io", "endpointslices", NS, False),
        ("advisor-dialogue", "list", "discovery.k8s.io", "endpointslices", "kube-system", False),
        ("advisor-dialogue", "list", "", "endpoints", NS, False),
        ("advisor-dialogue", "list", "", "pods", NS, False),
        ("advisor-dialogue", "get", "", "secrets", NS, False),
        ("advisor-gateway", "list", "discovery.k8s.io", "endpointslices", NS, False),
        ("advisor-engine", "list", "discovery.k8s.io", "endpointslices", NS, False),
    ],
)
def test_pool_client_requests_against_the_rendered_rbac(
    sa: str, verb: str, group: str, resource: str, namespace: str, expected: bool
) -> None:
    assert rbac_allows(rendered("prod"), sa, verb, group, resource, namespace) is expected
