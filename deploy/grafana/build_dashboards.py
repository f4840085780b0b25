"""Build the Grafana dashboards the chart provisions (deploy/helm/advisor/dashboards/*.json).

The panels are data here (title, unit, PromQL per target) and the JSON is generated, so every dashboard has the
same shape and the tests can list every expression. Run ``python -m deploy.grafana.build_dashboards`` after an
edit and commit the JSON; a test fails when the committed JSON is stale.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parents[1] / "helm" / "advisor" / "dashboards"

# (title, unit, [(legend, expr), ...]); 'percentunit' is a 0-1 ratio.
Panel = tuple[str, str, list[tuple[str, str]]]

OVERVIEW: list[Panel] = [
    ("Requests by status", "reqps", [("{{status}}", "sum by (status) (rate(advisor_gateway_requests_total[5m]))")]),
    ("Error ratio (5xx)", "percentunit", [("errors", "advisor:gateway_errors:ratio_rate5m")]),
    ("Time to first token", "s", [
        ("p50", "advisor:gateway_ttft_seconds:p50_5m"),
        ("p99", "advisor:gateway_ttft_seconds:p99_5m"),
        ("p99 {{api}}", "histogram_quantile(0.99, sum by (le, api) (rate(advisor_gateway_ttft_seconds_bucket[5m])))"),
    ]),
    ("Answers slower than 2.5 s to start", "percentunit", [("slow", "advisor:gateway_ttft_slow:ratio_rate5m")]),
    ("Open answer streams", "short", [
        ("gateway", "sum(advisor_gateway_streams_inflight)"),
        ("dialogue", "sum(advisor_dialogue_streams_inflight)"),
    ]),
    ("Open streams per gateway pod", "short", [
        ("{{instance}}", "sum by (instance) (advisor_gateway_streams_inflight)"),
    ]),
    ("Shed load", "reqps", [("{{reason}}", "sum by (reason) (rate(advisor_gateway_rejected_total[5m]))")]),
    ("Turns by status", "reqps", [("{{status}}", "sum by (status) (rate(advisor_dialogue_turns_total[5m]))")]),
    ("Whole turn duration p99", "s", [
        ("{{outcome}}",
         "histogram_quantile(0.99, sum by (le, outcome) (rate(advisor_gateway_stream_seconds_bucket[5m])))"),
    ]),
    ("Dialogue time to first chunk", "s", [
        ("p50", "histogram_quantile(0.5, sum by (le) (rate(advisor_dialogue_ttft_seconds_bucket[5m])))"),
        ("p99", "histogram_quantile(0.99, sum by (le) (rate(advisor_dialogue_ttft_seconds_bucket[5m])))"),
    ]),
    ("Tokens per streamed chunk", "short", [
        ("mean", "sum(rate(advisor_dialogue_chunk_tokens_sum[5m]))"
                 " / sum(rate(advisor_dialogue_chunk_tokens_count[5m]))"),
    ]),
    ("gRPC calls by service and code", "reqps", [
        ("{{component}} {{code}}", "sum by (component, code) (rate(advisor_grpc_server_handled_total[5m]))"),
    ]),
    ("gRPC latency p99", "s", [
        ("{{component}}",
         "histogram_quantile(0.99, sum by (le, component) (rate(advisor_grpc_server_handling_seconds_bucket[5m])))"),
    ]),
    # Per tenant (docs/tenants.md): the label is a configured tenant's id, or "other" (bounded).
    ("Turns by tenant", "reqps", [
        ("{{tenant}} {{outcome}}", "sum by (tenant, outcome) (rate(advisor_gateway_tenant_turns_total[5m]))"),
    ]),
    ("Engine tokens by tenant", "short", [
        ("{{tenant}} {{kind}}", "sum by (tenant, kind) (rate(advisor_gateway_tenant_tokens_total[5m]))"),
    ]),
    ("Refused by a tenant's rate or quota", "reqps", [
        ("{{tenant}} {{reason}}", "sum by (tenant, reason) (rate(advisor_gateway_tenant_rejected_total[5m]))"),
    ]),
]

POOL: list[Panel] = [
    ("Replicas serving", "short", [("replicas", "count(vllm:num_requests_running)")]),
    ("Queue depth per replica", "short", [("{{instance}}", "sum by (instance) (vllm:num_requests_waiting)")]),
    ("Running sequences per replica", "short", [("{{instance}}", "sum by (instance) (vllm:num_requests_running)")]),
    ("KV-cache use per replica", "percentunit", [("{{instance}}", "max by (instance) (vllm:kv_cache_usage_perc)")]),
    ("Prefix-cache hit rate per replica", "percentunit", [
        ("{{instance}}", "sum by (instance) (rate(vllm:prefix_cache_hits_total[5m]))"
                         " / sum by (instance) (rate(vllm:prefix_cache_queries_total[5m]))"),
        ("pool", "advisor:engine_prefix_cache_hit:ratio_rate5m"),
    ]),
    ("Generated tokens per second", "short", [
        ("{{instance}}", "sum by (instance) (rate(vllm:generation_tokens_total[1m]))"),
        ("pool", "advisor:engine_generation_tokens:rate1m"),
    ]),
    ("Engine time to first token", "s", [
        ("p50", "histogram_quantile(0.5, sum by (le) (rate(vllm:time_to_first_token_seconds_bucket[5m])))"),
        ("p99", "advisor:engine_ttft_seconds:p99_5m"),
    ]),
    ("Inter-token gap p99", "s", [
        ("p99", "histogram_quantile(0.99, sum by (le) (rate(vllm:inter_token_latency_seconds_bucket[5m])))"),
    ]),
    ("Finished requests by reason", "reqps", [
        ("{{finished_reason}}", "sum by (finished_reason) (rate(vllm:request_success_total[5m]))"),
    ]),
    ("Routing affinity hit rate", "percentunit", [
        ("hit", "sum(rate(advisor_pool_affinity_total{result=\"hit\"}[5m]))"
                " / sum(rate(advisor_pool_affinity_total[5m]))"),
    ]),
    ("Replicas ejected by the pool client", "short", [("ejected", "max(advisor_pool_replicas{state=\"ejected\"})")]),
]

COMPLIANCE: list[Panel] = [
    ("Decisions by rule and action", "reqps", [
        ("{{rule}} {{action}}", "sum by (rule, action) (rate(advisor_compliance_decisions_total[5m]))"),
    ]),
    ("Review latency p99", "s", [
        ("p99", "histogram_quantile(0.99, sum by (le) (rate(advisor_compliance_review_seconds_bucket[5m])))"),
    ]),
    ("Turns withheld (fail closed)", "reqps", [
        ("{{reason}}", "sum by (reason) (rate(advisor_dialogue_fail_closed_total[5m]))"),
    ]),
    ("Audit backlog", "short", [("pending", "sum(advisor_worker_audit_backlog)")]),
    ("Audit events archived", "reqps", [("archived", "sum(rate(advisor_worker_audit_archived_total[5m]))")]),
    ("Compliance gRPC calls by code", "reqps", [
        ("{{code}}", "sum by (code) (rate(advisor_grpc_server_handled_total{component=\"compliance\"}[5m]))"),
    ]),
]

REDIS: list[Panel] = [
    ("Redis up", "short", [("up", "min(redis_up)")]),
    ("Commands per second", "ops", [("commands", "sum(rate(redis_commands_processed_total[5m]))")]),
    ("Connected clients", "short", [("clients", "sum(redis_connected_clients)")]),
    ("Memory used", "bytes", [
        ("used", "sum(redis_memory_used_bytes)"),
        ("max", "sum(redis_memory_max_bytes)"),
    ]),
    ("Keyspace hit ratio", "percentunit", [
        ("hits", "sum(rate(redis_keyspace_hits_total[5m]))"
                 " / (sum(rate(redis_keyspace_hits_total[5m])) + sum(rate(redis_keyspace_misses_total[5m])))"),
    ]),
    ("Turns admitted without rate limit (Redis down)", "reqps", [
        ("gateway",
         "sum(rate(advisor_gateway_rejected_total{reason=\"ratelimit_unavailable_allowed\"}[5m])) or vector(0)"),
    ]),
]

# Background work (services/worker/metrics.py, services/worker/beat.py; docs/jobs.md).
JOBS: list[Panel] = [
    ("Job queue depth", "short", [
        ("{{queue}}", "max by (queue) (advisor_jobs_queue_depth)"),
        ("dead letters", "max(advisor_jobs_dead_letters)"),
    ]),
    ("Job latency (submission to done)", "s", [
        ("p50 {{kind}}", "histogram_quantile(0.5, sum by (le, kind) (rate(advisor_jobs_latency_seconds_bucket[5m])))"),
        ("p95 {{kind}}",
         "histogram_quantile(0.95, sum by (le, kind) (rate(advisor_jobs_latency_seconds_bucket[5m])))"),
    ]),
    ("Job outcomes", "ops", [("{{kind}} {{outcome}}", "sum by (kind, outcome) (rate(advisor_jobs_total[5m]))")]),
    ("Job failures and market-data problems", "short", [
        ("failed {{kind}} /h", "sum by (kind) (increase(advisor_jobs_total{outcome=\"failed\"}[1h]))"),
        ("data {{kind}}", "max by (kind) (advisor_jobs_marketdata_problems)"),
    ]),
    ("Job run time per attempt p95", "s", [
        ("{{kind}}", "histogram_quantile(0.95, sum by (le, kind) (rate(advisor_jobs_run_seconds_bucket[5m])))"),
    ]),
    ("Scheduled tasks sent by beat", "short", [
        ("{{task}}", "sum by (task) (increase(advisor_beat_sent_total[1h]))"),
    ]),
]

DASHBOARDS: dict[str, tuple[str, list[Panel]]] = {
    "platform-overview": ("Advisor - platform overview", OVERVIEW),
    "inference-pool": ("Advisor - inference pool", POOL),
    "compliance-audit": ("Advisor - compliance and audit", COMPLIANCE),
    "redis": ("Advisor - Redis", REDIS),
    "jobs": ("Advisor - Jobs", JOBS),
}


def panel(index: int, spec: Panel) -> dict[str, Any]:
    title, unit, targets = spec
    return {
        "id": index + 1,
        "type": "timeseries",
        "title": title,
        "datasource": {"type": "prometheus", "uid": "${datasource}"},
        "gridPos": {"h": 8, "w": 12, "x": 12 * (index % 2), "y": 8 * (index // 2)},
        "fieldConfig": {"defaults": {"unit": unit}, "overrides": []},
        "options": {"legend": {"displayMode": "list", "placement": "bottom"}},
        "targets": [
            {"refId": chr(ord("A") + n), "expr": expr, "legendFormat": legend}
            for n, (legend, expr) in enumerate(targets)
        ],
    }


def dashboard(uid: str, title: str, panels: list[Panel]) -> dict[str, Any]:
    return {
        "uid": f"advisor-{uid}",
        "title": title,
        "tags": ["advisor"],
        "timezone": "utc",
        "schemaVersion": 39,
        "version": 1,
        "refresh": "30s",
        "time": {"from": "now-6h", "to": "now"},
        "templating": {
            "list": [
                {
                    "name": "datasource",
                    "type": "datasource",
                    "query": "prometheus",
                    "label": "Prometheus",
                    "current": {},
                }
            ]
        },
        "panels": [panel(i, p) for i, p in enumerate(panels)],
    }


def render() -> dict[str, str]:
    """File name -> JSON text of every dashboard."""
    return {
        f"{uid}.json": json.dumps(dashboard(uid, title, panels), indent=2, ensure_ascii=False) + "\n"
        for uid, (title, panels) in DASHBOARDS.items()
    }


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, text in render().items():
        (OUT / name).write_text(text, encoding="utf-8")
        print(OUT / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
