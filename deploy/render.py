"""Render the advisor chart offline (Helm's own Go engine through helm-python-sdk) for tests and checks.

    python -m deploy.render OUTDIR     writes OUTDIR/<env>.yaml for env in ENVIRONMENTS and prints counts

Needs the deploy tool venv (scripts/deploy_check.sh creates it); the project venv does not carry Helm.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

CHART = Path(__file__).resolve().parent / "helm" / "advisor"
RELEASE = "advisor"
NAMESPACE = "advisor"
# The Kubernetes version the chart declares (Chart.yaml kubeVersion) and is validated against.
KUBE_VERSION = "1.31.0"
# Environments: name -> values file (None: the chart's defaults alone).
ENVIRONMENTS: dict[str, str | None] = {"default": None, "dev": "values-dev.yaml", "prod": "values-prod.yaml"}


def load_values(env: str, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    name = ENVIRONMENTS[env]
    values: dict[str, Any] = yaml.safe_load((CHART / name).read_text()) if name else {}
    return deep_merge(values, overrides or {})


def deep_merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = value
    return out


def render(env: str, overrides: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Every object the chart renders for ``env``, in template order."""
    import helm_python as helm  # the deploy venv's Helm SDK

    with helm.Chart.load(str(CHART)) as chart:
        manifests = chart.render(load_values(env, overrides), name=RELEASE, namespace=NAMESPACE)
    docs: list[dict[str, Any]] = []
    for path in sorted(manifests):
        if not path.endswith((".yaml", ".yml")):
            continue
        docs.extend(d for d in yaml.safe_load_all(manifests[path]) if d)
    return docs


def write_all(outdir: Path) -> dict[str, int]:
    outdir.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    for env in ENVIRONMENTS:
        docs = render(env)
        (outdir / f"{env}.yaml").write_text(yaml.safe_dump_all(docs, sort_keys=False))
        counts[env] = len(docs)
    return counts


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    for env, count in write_all(Path(argv[0])).items():
        print(f"rendered {env}: {count} objects")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
