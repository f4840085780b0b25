"""Rules and dashboards: what the chart provisions is what promtool checks, and every expression parses."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from deploy.grafana import build_dashboards
from deploy.render import CHART
from deploy.tests.conftest import by_kind, one, rendered

PROMTOOL = shutil.which("promtool")
RULE_FILES = sorted((CHART / "rules").glob("*.yaml"))
TESTS = Path(__file__).resolve().parents[1] / "prometheus" / "tests"
needs_promtool = pytest.mark.skipif(PROMTOOL is None, reason="promtool not installed (deploy_check installs it)")


def dashboard_exprs() -> list[tuple[str, str, str]]:
    out = []
    for path in sorted((CHART / "dashboards").glob("*.json")):
        for panel in json.loads(path.read_text())["panels"]:
            for target in panel["targets"]:
                out.append((path.stem, panel["title"], target["expr"]))
    return out


def test_committed_dashboards_are_fresh() -> None:
    for name, text in build_dashboards.render().items():
        stale = f"stale {name}: run python -m deploy.grafana.build_dashboards"
        assert (CHART / "dashboards" / name).read_text() == text, stale


def test_dashboards_cover_what_ops_watch() -> None:
    exprs = " ".join(e for _, _, e in dashboard_exprs())
    for needle in ("advisor_gateway_requests_total", "ttft", "advisor_gateway_streams_inflight",
                   "advisor_gateway_rejected_total", "vllm:num_requests_waiting", "vllm:kv_cache_usage_perc",
                   "vllm:prefix_cache_hits_total", "vllm:generation_tokens_total", "advisor_compliance_decisions_total",
                   "advisor_worker_audit_backlog", "redis_up", "advisor_jobs_queue_depth", "advisor_jobs_total",
                   "advisor_jobs_latency_seconds_bucket", "advisor_beat_sent_total"):
        assert needle in exprs, needle


def test_jobs_dashboard_reads_what_the_worker_exports() -> None:
    """Each metric of the jobs dashboard is one services/worker/metrics.py registers (a renamed metric fails).
    Needs the worker's dependencies: runs in the project venv (the worker tests), skipped in the deploy venv."""
    import re

    pytest.importorskip("celery", reason="imports the worker: run in the project venv")
    from prometheus_client import CollectorRegistry

    from services.worker.metrics import WorkerMetrics, beat_metrics

    metrics = WorkerMetrics.create()
    metrics.initialise("report", ("done",))
    metrics.data_problems.labels(kind="jump").set(0)
    metrics.watch_queues(lambda: {"advisor": 0, "dead": 0})
    beat = CollectorRegistry()
    beat_metrics(beat, ["schedule.datacheck"])
    names = {s.name for reg in (metrics.registry, beat) for m in reg.collect() for s in m.samples}
    used = {m for board, _, e in dashboard_exprs() if board == "jobs" for m in re.findall(r"advisor_[a-z0-9_]+", e)}
    assert used and used <= names, used - names


def test_prometheus_rule_embeds_the_rule_files() -> None:
    rule = one(rendered("prod"), "PrometheusRule", "advisor-rules")
    expected = [g for f in RULE_FILES for g in yaml.safe_load(f.read_text())["groups"]]
    assert rule["spec"]["groups"] == expected
    assert rule["metadata"]["labels"]["release"] == "prometheus"


def test_dashboard_configmaps_carry_the_json() -> None:
    objs = rendered("prod")
    cms = [c for c in by_kind(objs, "ConfigMap") if c["metadata"]["labels"].get("grafana_dashboard") == "1"]
    assert len(cms) == 5  # platform-overview, inference-pool, compliance-audit, redis, jobs
    for cm in cms:
        ((name, body),) = cm["data"].items()
        assert json.loads(body) == json.loads((CHART / "dashboards" / name).read_text())


def test_every_alert_has_a_runbook_section() -> None:
    runbooks = (CHART.parents[2] / "docs" / "runbooks.md").read_text()
    anchors = {line.lstrip("#").strip().lower().replace(" ", "-") for line in runbooks.splitlines()
               if line.startswith("## ")}
    groups = [g for f in RULE_FILES for g in yaml.safe_load(f.read_text())["groups"]]
    alerts = [r for g in groups for r in g["rules"] if "alert" in r]
    assert len(alerts) >= 9
    for rule in alerts:
        url = rule["annotations"]["runbook_url"]
        assert url.startswith("docs/runbooks.md#"), rule["alert"]
        assert url.split("#", 1)[1] in anchors, (rule["alert"], url)


def test_labels_are_bounded() -> None:
    """No user, session or request id is ever aggregated by or filtered on."""
    text = " ".join(e for _, _, e in dashboard_exprs()) + " ".join(f.read_text() for f in RULE_FILES)
    for forbidden in ("user", "session", "request_id", "tenant_id"):
        assert f"by ({forbidden}" not in text and f"{forbidden}=" not in text, forbidden


@needs_promtool
def test_every_dashboard_expression_parses(tmp_path: Path) -> None:
    """promtool parses each panel query as a recording rule: a typo in PromQL fails here."""
    rules = [{"record": f"dashboard:expr_{i}:check", "expr": expr} for i, (_, _, expr) in enumerate(dashboard_exprs())]
    path = tmp_path / "dashboards.rules.yaml"
    path.write_text(yaml.safe_dump({"groups": [{"name": "dashboards", "rules": rules}]}))
    res = subprocess.run([PROMTOOL, "check", "rules", str(path)], capture_output=True, text=True, check=False)
    assert res.returncode == 0, res.stdout + res.stderr
    assert f"{len(rules)} rules found" in res.stdout


@needs_promtool
def test_a_broken_expression_is_caught(tmp_path: Path) -> None:
    path = tmp_path / "bad.rules.yaml"
    broken = {"record": "a:b:c", "expr": "sum(rate(x[5m])"}
    path.write_text(yaml.safe_dump({"groups": [{"name": "x", "rules": [broken]}]}))
    res = subprocess.run([PROMTOOL, "check", "rules", str(path)], capture_output=True, text=True, check=False)
    assert res.returncode != 0


@needs_promtool
def test_promtool_rule_tests_fail_when_a_threshold_drifts(tmp_path: Path) -> None:
    """The alert tests are not vacuous: loosen the fast availability threshold and they must fail."""
    rules = tmp_path / "rules"
    rules.mkdir()
    for f in RULE_FILES:
        text = f.read_text()
        if f.name == "alerts.yaml":
            assert "(14.4 * 0.001)" in text
            text = text.replace("(14.4 * 0.001)", "(144 * 0.001)")
        (rules / f.name).write_text(text)
    tests = tmp_path / "tests"
    tests.mkdir()
    body = (TESTS / "alerts_test.yaml").read_text().replace("../../helm/advisor/rules/", "../rules/")
    (tests / "alerts_test.yaml").write_text(body)
    res = subprocess.run([PROMTOOL, "test", "rules", str(tests / "alerts_test.yaml")],
                         capture_output=True, text=True, check=False)
    assert res.returncode != 0
    assert "AdvisorAvailabilityBurnRateFast" in res.stdout + res.stderr
