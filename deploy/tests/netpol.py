"""A small evaluator of Kubernetes NetworkPolicy semantics, enough to ask "may A reach B on port P?".

Semantics (networking.k8s.io/v1): a pod selected by no policy of a direction is open in that direction; once any
policy selects it for Ingress (Egress), only what some rule of those policies allows gets in (out). A connection
needs both the source's egress and the destination's ingress to allow it. Peers: podSelector alone means the
policy's namespace; namespaceSelector with or without podSelector; ipBlock for addresses outside the cluster.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from typing import Any

Obj = dict[str, Any]


@dataclass(frozen=True)
class Pod:
    namespace: str
    labels: dict[str, str] = field(default_factory=dict)

    @property
    def namespace_labels(self) -> dict[str, str]:
        return {"kubernetes.io/metadata.name": self.namespace}


@dataclass(frozen=True)
class External:
    ip: str


Endpoint = Pod | External


def _matches(selector: Obj | None, labels: dict[str, str]) -> bool:
    if selector is None:
        return False
    for key, value in (selector.get("matchLabels") or {}).items():
        if labels.get(key) != value:
            return False
    for expr in selector.get("matchExpressions") or []:
        present = expr["key"] in labels
        value = labels.get(expr["key"])
        op = expr["operator"]
        if (op == "In" and value not in expr["values"]) or (op == "NotIn" and value in expr["values"]):
            return False
        if (op == "Exists" and not present) or (op == "DoesNotExist" and present):
            return False
    return True


def _peer_matches(peer: Obj, policy_ns: str, other: Endpoint) -> bool:
    if "ipBlock" in peer:
        if not isinstance(other, External):
            return False
        addr = ipaddress.ip_address(other.ip)
        block = peer["ipBlock"]
        if addr not in ipaddress.ip_network(block["cidr"]):
            return False
        return not any(addr in ipaddress.ip_network(c) for c in block.get("except", []))
    if not isinstance(other, Pod):
        return False
    if "namespaceSelector" in peer:
        if not _matches(peer["namespaceSelector"], other.namespace_labels):
            return False
    elif other.namespace != policy_ns:
        return False
    return "podSelector" not in peer or _matches(peer["podSelector"], other.labels)


def _port_allowed(ports: list[Obj] | None, port: int, protocol: str) -> bool:
    if not ports:
        return True
    for p in ports:
        if p.get("protocol", "TCP") != protocol:
            continue
        lo = p.get("port")
        hi = p.get("endPort", lo)
        if lo is None or lo <= port <= hi:
            return True
    return False


def _direction_allows(policies: list[Obj], subject: Pod, other: Endpoint, port: int, protocol: str,
                      direction: str) -> bool:
    kind, peers_key = ("ingress", "from") if direction == "Ingress" else ("egress", "to")
    selecting = [
        p for p in policies
        if p["metadata"]["namespace"] == subject.namespace
        and direction in p["spec"].get("policyTypes", ["Ingress"])
        and _matches(p["spec"]["podSelector"], subject.labels)
    ]
    if not selecting:
        return True
    for pol in selecting:
        for rule in pol["spec"].get(kind) or []:
            peers = rule.get(peers_key)
            peer_ok = not peers or any(_peer_matches(peer, pol["metadata"]["namespace"], other) for peer in peers)
            if peer_ok and _port_allowed(rule.get("ports"), port, protocol):
                return True
    return False


def allowed(policies: list[Obj], src: Endpoint, dst: Endpoint, port: int, protocol: str = "TCP") -> bool:
    """May ``src`` open a connection to ``dst`` on ``port``? Both sides' policies must agree."""
    if isinstance(src, Pod) and not _direction_allows(policies, src, dst, port, protocol, "Egress"):
        return False
    return not isinstance(dst, Pod) or _direction_allows(policies, dst, src, port, protocol, "Ingress")
