"""The locustfile for a few seconds against the real local stack (devstack/stack.py, engine simulator, ephemeral
ports on 127.0.0.1), run as locust itself runs it: a subprocess (locust monkey-patches its process with gevent,
which must not happen to the test process). What it reported is checked against what it measured."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from devstack.stack import ROOT, Stack, running
from loadtests.analyze import load_records
from loadtests.outcomes import Record
from loadtests.run import mint_tokens, start_stack


@dataclass
class LocalStack:
    url: str
    work: Path


@pytest.fixture(scope="module")
def local_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalStack]:
    work = tmp_path_factory.mktemp("loadtest-stack")
    stack = Stack(work / "log")
    with running(stack):
        # Three streams per process at most, and a generous per-user rate: the normal run stays under both,
        # the overload run (many users sharing two user ids) goes over both.
        gateway = {"max_inflight_streams": "3", "rate_user_per_s": "5", "rate_user_burst": "20"}
        sim = {"token_rate": "400", "log_level": "WARNING"}
        _, url, _ = start_stack(stack, work, gateway, sim=sim, embeddings=False)
        yield LocalStack(url, work)


@dataclass
class LocustRun:
    exit_code: int
    stats: dict[tuple[str, str], dict[str, str]]  # locust_stats.csv (written every second while running)
    final: dict[tuple[str, str], dict[str, Any]]  # locust.json (written once at shutdown: complete)
    failures: list[dict[str, str]]
    records: list[Record]


# Every action equally likely, so a few seconds exercise each of them (P(an action never ran) < 1e-3).
EVEN_MIX = "chat=1,open_session=1,read_history=1,portfolio_analysis=1,risk_assessment=1"


def run_locust(
    stack: LocalStack, name: str, *, users: int, seconds: int, tokens: int, think: str, mix: str = EVEN_MIX
) -> LocustRun:
    out = stack.work / name
    out.mkdir()
    mint_tokens(out / "tokens.txt", tokens)
    env = {k: v for k, v in os.environ.items() if not k.startswith("LOADTEST_")}
    env |= {"PYTHONPATH": f"{ROOT}:{ROOT / 'protos'}", "LOADTEST_TOKENS_FILE": str(out / "tokens.txt"),
            "LOADTEST_RECORDS_DIR": str(out / "records"), "LOADTEST_THINK_S": think,
            "LOADTEST_MIX": mix}
    argv = [sys.executable, "-m", "locust", "-f", str(ROOT / "loadtests/locustfile.py"), "--headless",
            "--host", stack.url, "--users", str(users), "--spawn-rate", str(users), "--run-time", f"{seconds}s",
            "--csv", str(out / "locust"), "--only-summary", "--loglevel", "WARNING", "--exit-code-on-error", "0",
            "--json-file", str(out / "locust")]
    proc = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=seconds + 60)
    with open(out / "locust_stats.csv") as f:
        stats = {(row["Type"], row["Name"]): row for row in csv.DictReader(f)}
    final = {(e["method"], e["name"]): e for e in json.loads((out / "locust.json").read_text())}
    with open(out / "locust_failures.csv") as f:
        failures = list(csv.DictReader(f))
    _, records = load_records(out / "records")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return LocustRun(proc.returncode, stats, final, failures, records)


def test_normal_load_reports_stream_metrics_matching_what_was_measured(local_stack: LocalStack) -> None:
    run = run_locust(local_stack, "normal", users=3, seconds=8, tokens=3, think="0.2,0.5")
    for key in (("SSE", "ttft"), ("SSE", "inter_token_gap"), ("SSE", "turn"), ("POST", "POST /v1/sessions"),
                ("GET", "GET /v1/sessions/[id]")):
        assert int(run.stats[key]["Request Count"]) > 0, key  # the custom metrics land in locust's CSV
    assert run.failures == [], run.failures  # below the limits nothing fails, nothing is shed
    turns = [r for r in run.records if r.kind == "turn"]
    assert turns and all(r.category == "ok" for r in turns)
    # Every turn locust counted is one the user model measured, with a sane shape. (Compared with the final
    # JSON: locust's CSV is rewritten every second and can miss the last second's requests.)
    assert run.final[("SSE", "turn")]["num_requests"] == len(turns)
    assert run.final[("SSE", "ttft")]["num_requests"] == len(turns)
    assert run.final[("SSE", "inter_token_gap")]["num_requests"] == sum(len(r.gaps_ms) for r in turns)
    for r in turns:  # some answers come from a tool or a compliance notice alone, without engine tokens
        assert r.ttft_ms is not None and 0 < r.ttft_ms <= r.total_ms
        assert len(r.gaps_ms) <= max(r.tokens - 1, 0)  # a gap is between two chunks of engine tokens
    assert any(r.tokens > 1 and r.gaps_ms for r in turns)
    # The endpoints other engineers are building: either answered, or reported apart as not deployed.
    for path in ("/v1/portfolio/analyze", "/v1/profile/risk-assessment"):
        kinds = {t for (t, n) in run.final if n == f"POST {path}"}
        assert kinds and kinds <= {"POST", "NOT_DEPLOYED"}, (path, kinds)


def test_overload_is_classified_as_shed_with_retry_after(local_stack: LocalStack) -> None:
    # 16 users chatting back to back as 4 user ids: up to 4 x 5 turns/s pass the per-user buckets, more than
    # the 3 streams the gateway admits at once can carry.
    run = run_locust(local_stack, "overload", users=16, seconds=6, tokens=4, think="0,0.05", mix="chat=1")
    labels = {r.label for r in run.records if r.category == "shed"}
    assert "429 rate_limited" in labels  # over the per-user rate
    assert "503 overloaded" in labels  # over the streams this gateway process admits
    # A 503 without Retry-After would be server_5xx: there is none, and nothing else failed.
    unexpected = [r.label for r in run.records if r.category not in ("ok", "shed", "not_deployed")]
    assert not unexpected, unexpected
    assert run.failures and all(f["Error"].startswith("Shed(") for f in run.failures), run.failures
