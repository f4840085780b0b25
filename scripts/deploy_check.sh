#!/usr/bin/env bash
# make deploy-check: prove the Helm chart offline with the ecosystem's own tools.
#   1. helm lint --strict (Helm's Go SDK) with the default, dev and prod values, for the declared Kubernetes version
#   2. render default/dev/prod (values.schema.json validates the values on every render)
#   3. kubernetes-validate --strict on every built-in object, for that Kubernetes version
#   4. the custom resources (KEDA ScaledObject, PodMonitor, PrometheusRule) against validators generated from the
#      operators' API types (npm: @kubernetes-models/keda, @kubernetes-models/prometheus-operator)
#   5. checkov on the rendered manifests: zero failures; every skip is an annotation with its reason on the object
#   6. promtool check rules + promtool test rules (a test that fires each alert)
#   7. pytest deploy/tests on the rendered manifests, the rules, the dashboards and the autoscaling replay
#   8. a real Prometheus scraping the local stack (Redis, engine simulator, dialogue, gateway) under a short load:
#      every dashboard query and rule parses and returns data where its metrics exist; series per process bounded;
#      and the engine's preStop drain hook against a real engine simulator
# Installs what it needs on first use: promtool and Node.js from Debian (as root), the Python tools into a
# pinned venv under var/venv-deploy (deploy/requirements.lock), the npm validators under var/deploy/crd
# (deploy/crd/package-lock.json). Nothing is downloaded outside the package registries.
set -euo pipefail
cd "$(dirname "$0")/.."

KUBE_VERSION=1.31.0
VENV=var/venv-deploy
OUT=var/deploy
PY="$VENV/bin/python"

step() { printf '\n== %s\n' "$*"; }

apt_install() {  # apt_install COMMAND PACKAGE...
    command -v "$1" >/dev/null 2>&1 && return 0
    local cmd=$1; shift
    if [ "$(id -u)" -ne 0 ]; then
        echo "deploy-check: '$cmd' is missing; install the Debian package(s) $* (needs root)" >&2
        exit 1
    fi
    echo "installing $* from Debian..." >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

setup_venv() {
    local hash stamp
    hash=$(sha256sum deploy/requirements.lock | cut -c1-16)
    stamp="$VENV/.installed-$hash"
    [ -f "$stamp" ] && return 0
    echo "setting up $VENV (deploy/requirements.lock)..." >&2
    [ -x "$PY" ] || python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q --disable-pip-version-check -r deploy/requirements.lock 2>&1 | grep -v "is ignored" >&2 || true
    "$PY" -c "import helm_python, kubernetes_validate, checkov, yaml, pytest"  # fail loudly if incomplete
    rm -f "$VENV"/.installed-*
    touch "$stamp"
}

setup_npm() {
    local dir=$OUT/crd hash stamp
    mkdir -p "$dir"
    cp deploy/crd/package.json deploy/crd/package-lock.json deploy/crd/validate.mjs "$dir/"
    hash=$(sha256sum deploy/crd/package-lock.json | cut -c1-16)
    stamp="$dir/node_modules/.installed-$hash"
    [ -f "$stamp" ] && return 0
    echo "installing the CRD validators (npm ci)..." >&2
    (cd "$dir" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >/dev/null)
    touch "$stamp"
}

apt_install promtool prometheus
apt_install node nodejs npm
command -v npm >/dev/null 2>&1 || apt_install npm npm
setup_venv
setup_npm
mkdir -p "$OUT/rendered"

step "helm lint --strict (kube $KUBE_VERSION): default, dev, prod values"
"$PY" - "$KUBE_VERSION" <<'EOF'
import sys
import helm_python as helm
from deploy.render import CHART, load_values
bad = 0
for env in ("default", "dev", "prod"):
    report = helm.lint(str(CHART), load_values(env), strict=True, kube_version="v" + sys.argv[1])
    problems = [m for m in report["messages"] if m["severity"] >= 2] + [{"error": e} for e in report["errors"]]
    for m in problems:
        print(f"  {env}: {m.get('path', '')} {m['error']}")
    print(f"  {env}: {len(problems)} warnings/errors ({len(report['messages'])} messages)")
    bad += len(problems)
sys.exit(1 if bad else 0)
EOF

step "render"
"$PY" -m deploy.render "$OUT/rendered"

step "kubernetes-validate --strict -k $KUBE_VERSION"
for env in default dev prod; do
    log="$OUT/kubernetes-validate-$env.log"
    if ! "$VENV/bin/kubernetes-validate" -k "$KUBE_VERSION" --strict "$OUT/rendered/$env.yaml" >"$log" 2>&1; then
        grep -v '^INFO' "$log" >&2
        exit 1
    fi
    # Custom resources have no built-in schema (warned here) and are validated in the next step.
    echo "  $env: $(grep -c '^INFO.*passed' "$log") built-in objects passed," \
         "$(grep -c "Couldn't find schema" "$log") custom resources left to the CRD validators"
    if grep -v "^INFO" "$log" | grep -v "Couldn't find schema for kind \(PodMonitor\|PrometheusRule\|ScaledObject\)" | grep -q .; then
        grep -v '^INFO' "$log" >&2
        exit 1
    fi
done

step "custom resources against the KEDA and prometheus-operator models"
for env in default dev prod; do
    "$PY" -c "import json, sys, yaml; json.dump([d for d in yaml.safe_load_all(open(sys.argv[1])) if d], open(sys.argv[2], 'w'))" \
        "$OUT/rendered/$env.yaml" "$OUT/rendered/$env.json"
    printf '  %s: ' "$env"
    node "$OUT/crd/validate.mjs" "$OUT/rendered/$env.json" | tail -1  # pipefail: a failed object fails the step
done

step "checkov (kubernetes framework, offline)"
"$VENV/bin/checkov" --framework kubernetes --skip-download --quiet --compact \
    -f "$OUT/rendered/default.yaml" -f "$OUT/rendered/dev.yaml" -f "$OUT/rendered/prod.yaml" \
    -o cli -o json --output-file-path "console,$OUT/checkov.json" >"$OUT/checkov.txt" 2>&1 || {
    cat "$OUT/checkov.txt" >&2
    exit 1
}
"$PY" - "$OUT/checkov.json" <<'EOF'
import json, sys
from collections import Counter
data = json.load(open(sys.argv[1]))
reports = data if isinstance(data, list) else [data]
summary = Counter()
for r in reports:
    summary.update({k: v for k, v in r["summary"].items() if isinstance(v, int)})
print(f"  passed {summary['passed']}, failed {summary['failed']}, skipped {summary['skipped']} (each skip carries its "
      f"reason as a checkov.io/skip annotation), resources {summary['resource_count']}")
sys.exit(1 if summary["failed"] else 0)
EOF

step "promtool check rules / test rules"
promtool check rules deploy/helm/advisor/rules/*.yaml
promtool test rules deploy/prometheus/tests/*.yaml

step "pytest deploy/tests (rendered manifests, rules, dashboards, replay)"
(cd deploy && "../$PY" -m pytest -q)

step "real Prometheus scraping a real local stack under load; the engine drain hook (project venv)"
scripts/bootstrap_venv.sh
.venv/bin/python -m pytest -q deploy/tests/test_live_scrape.py deploy/tests/test_drain.py

echo
echo "deploy-check: OK"
