"""The one wiring of the platform: Redis, engine, portfolio, compliance, the audit worker, dialogue and gateway,
each its own process. ``make run`` (``python -m devstack.platform``) starts it on the contract ports and supervises
it; the integration tests, benchmarks, load tests and ``make eval`` start it on ephemeral ports."""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from devstack.stack import (
    ROOT,
    Proc,
    Stack,
    compliance_proc,
    dialogue_proc,
    free_port,
    gateway_proc,
    portfolio_proc,
    redis_proc,
    simulator_proc,
    vllm_proc,
    worker_proc,
)
from gateway.auth import issue_token
from gateway.settings import GatewaySettings

TEST_SECRET = "integration-test-secret-0123456789abcdef"


@dataclass
class Platform:
    stack: Stack
    redis: Proc | None  # None: an existing Redis (REDIS_URL)
    engine: Proc | None  # None: an existing pool (ENGINE_URLS)
    dialogue: Proc
    gateway: Proc
    gateway_url: str
    engine_url: str
    portfolio: Proc
    compliance: Proc
    redis_url: str = ""
    metrics_targets: dict[str, str] = field(default_factory=dict)  # component -> host:port of its /metrics
    worker: Proc | None = None
    ports: dict[str, int] = field(default_factory=dict)

    def token(self, user: str = "alice", tenant: str = "default", ttl_s: int = 600, role: str = "user") -> str:
        settings = GatewaySettings(jwt_secret=TEST_SECRET)
        return issue_token(settings, user, tenant, ttl_s, role=role)

    def auth(self, user: str = "alice", tenant: str = "default", role: str = "user") -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(user, tenant, role=role)}"}

    def metric(self, name: str, labels: str = "") -> float:
        """Sum of a metric's samples on the engine's /metrics whose label set contains ``labels``."""
        text = httpx.get(f"{self.engine_url}/metrics", timeout=5).text
        total = 0.0
        for line in text.splitlines():
            if line.startswith(name) and (line[len(name)] in " {") and labels in line:
                total += float(line.rsplit(" ", 1)[1])
        return total

    def set_faults(self, **faults: float) -> None:
        httpx.post(f"{self.engine_url}/admin/faults", json=faults, timeout=5).raise_for_status()


# The contract ports of docs (README, DESIGN): what `make run` binds.
CONTRACT_PORTS = {"redis": 6379, "engine": 8000, "dialogue": 50051, "portfolio": 50052, "compliance": 50053,
                  "gateway": 8080, "dialogue_metrics": 9051, "portfolio_metrics": 9052,
                  "compliance_metrics": 9053, "worker_metrics": 9054}


def start_platform(
    log_dir: Path,
    *,
    sim: dict[str, str] | None = None,
    dialogue: dict[str, str] | None = None,
    gateway: dict[str, str] | None = None,
    compliance: dict[str, str] | None = None,
    persist_redis: bool = True,
    engine: str = "sim",
    embeddings: bool = False,
    worker: bool = True,
    contract_ports: bool = False,
    redis_url: str = "",
    engine_urls: str = "",
    audit_dsn: str = "",
    echo: Callable[[str], None] = print,
) -> Platform:
    """The one wiring of the platform, for `make run` (``contract_ports``), the integration tests, the
    benchmarks, the load tests and `make eval` (ephemeral ports): Redis (or ``redis_url``), the engine
    ("sim", "vllm", or an existing pool at ``engine_urls``), portfolio, compliance, the audit worker, dialogue,
    gateway. ``embeddings``: the planner's similarity layer on the offline model (slower to start); off, the
    planner runs its rules only. Compliance runs with its defaults (rules + the intent model)."""
    stack = Stack(log_dir, echo)
    ports = dict(CONTRACT_PORTS) if contract_ports else {name: free_port() for name in CONTRACT_PORTS}
    own_redis = not redis_url
    redis_url = redis_url or f"redis://127.0.0.1:{ports['redis']}/0"
    # Tests and tools run quiet, with their own JWT secret and without per-user limits; `make run` keeps the
    # services' own settings (and the environment's GATEWAY_*, DIALOGUE_*... variables).
    quiet = {} if contract_ports else {"log_level": "WARNING"}
    test_edge = {} if contract_ports else {"jwt_secret": TEST_SECRET, "rate_user_per_s": "1000",
                                           "rate_user_burst": "1000"}
    engine_url = engine_urls or f"http://127.0.0.1:{ports['engine']}"
    peers = {"portfolio_target": f"127.0.0.1:{ports['portfolio']}"}
    try:
        redis = stack.start(redis_proc(ports["redis"], log_dir / "redis-data", persist=persist_redis)) \
            if own_redis else None
        engine_proc = None
        if not engine_urls:
            engine_proc = stack.start(vllm_proc(ports["engine"], echo_output=contract_ports) if engine == "vllm"
                                      else simulator_proc(ports["engine"], **(sim or {})))
        portfolio = stack.start(
            portfolio_proc(ports["portfolio"], ports["portfolio_metrics"], **quiet), wait=False
        )
        compliance_proc_ = stack.start(  # it trains its intent model (seconds) while the others start
            compliance_proc(ports["compliance"], redis_url, ports["compliance_metrics"],
                            **{**quiet, **(compliance or {})}),
            wait=False,
        )
        worker_proc_ = None
        dsn = audit_dsn or f"sqlite:///{log_dir / 'audit.db'}"
        if worker:
            # Reports call portfolio-tool; one worker runs the beat scheduler too (the chart runs beat apart).
            worker_proc_ = stack.start(worker_proc(redis_url, dsn, ports["worker_metrics"], beat="true",
                                                   beat_schedule_file=str(log_dir / "celerybeat-schedule"),
                                                   **peers, **quiet), wait=False)
        stack.wait_ready(portfolio)
        dialogue_env = {
            **peers,
            "compliance_target": f"127.0.0.1:{ports['compliance']}",
            "intent_embeddings": "true" if embeddings else "false",
            **(dialogue or {}),
        }
        dialogue_metrics = int(dialogue_env.pop("metrics_port", ports["dialogue_metrics"]))
        dlg = stack.start(dialogue_proc(ports["dialogue"], redis_url, engine_url, dialogue_metrics, **dialogue_env))
        gw_settings = {**quiet, **test_edge, **peers, "compliance_target": f"127.0.0.1:{ports['compliance']}",
                       **({"audit_dsn": dsn} if worker else {}), **(gateway or {})}  # the admin API's export
        stack.wait_ready(compliance_proc_)
        if worker_proc_ is not None:
            stack.wait_ready(worker_proc_)
        gw = stack.start(gateway_proc(ports["gateway"], redis_url, ports["dialogue"], **gw_settings))
    except BaseException:
        stack.stop_all()
        raise
    metrics = {
        "gateway": f"127.0.0.1:{ports['gateway']}",
        "dialogue": f"127.0.0.1:{dialogue_metrics}",
        "portfolio": f"127.0.0.1:{ports['portfolio_metrics']}",
        "compliance": f"127.0.0.1:{ports['compliance_metrics']}",
        "engine": engine_url.split("//", 1)[-1].split(",")[0],
    }
    return Platform(stack, redis, engine_proc, dlg, gw, f"http://127.0.0.1:{ports['gateway']}", engine_url,
                    portfolio, compliance_proc_, redis_url, metrics, worker_proc_, ports)


@dataclass
class EdgeStack:
    stack: Stack
    url: str  # the gateway's
    redis_url: str
    ports: dict[str, int]


def start_edge(work: Path, jwt_secret: str) -> EdgeStack:
    """Redis, portfolio-tool and the gateway only (no dialogue, no engine): for the routes that call portfolio-tool
    or queue jobs directly. Per-user limits are raised so tests meet only the limits they set up themselves."""
    stack = Stack(work / "log")
    ports = {name: free_port() for name in ("redis", "portfolio", "gateway", "dialogue")}
    redis_url = f"redis://127.0.0.1:{ports['redis']}/0"
    try:
        stack.start(redis_proc(ports["redis"], work / "redis", persist=False))
        stack.start(portfolio_proc(ports["portfolio"], workers="1", log_level="WARNING"))
        stack.start(gateway_proc(ports["gateway"], redis_url, ports["dialogue"], jwt_secret=jwt_secret,
                                 log_level="WARNING", portfolio_target=f"127.0.0.1:{ports['portfolio']}",
                                 rate_user_per_s="1000", rate_user_burst="1000"))
    except BaseException:
        stack.stop_all()
        raise
    return EdgeStack(stack, f"http://127.0.0.1:{ports['gateway']}", redis_url, ports)


@dataclass
class SseEvent:
    event: str
    data: dict


async def sse_frames(response: httpx.Response) -> AsyncIterator[tuple[str, str]]:
    """(event, data) pairs of a text/event-stream; comment lines (keep-alives) skipped."""
    event, data = "message", ""
    async for line in response.aiter_lines():
        if line.startswith(":"):
            continue
        if line.startswith("event:"):
            event = line[6:].strip()
        elif line.startswith("data:"):
            data += line[5:].strip()
        elif line == "" and data:
            yield event, data
            event, data = "message", ""
    if data:
        yield event, data


async def sse_events(response: httpx.Response) -> AsyncIterator[SseEvent]:
    """The platform's SSE events with their JSON data decoded (OpenAI's ``[DONE]`` as ``{"done": true}``)."""
    async for event, data in sse_frames(response):
        yield SseEvent(event, json.loads(data) if data != "[DONE]" else {"done": True})


def run(engine: str) -> int:
    """``make run``: the whole stack on the contract ports, supervised (a crashed child is restarted with
    backoff), until Ctrl-C. REDIS_URL / ENGINE_URLS use an existing Redis / engine pool instead."""
    var = ROOT / "var"
    (var / "audit").mkdir(parents=True, exist_ok=True)
    print(f"starting the platform, engine: {os.environ.get('ENGINE_URLS') or engine} (logs: var/log/)", flush=True)
    platform = start_platform(
        var / "log", engine=engine, sim={"response_mode": "facts"}, embeddings=True, contract_ports=True,
        redis_url=os.environ.get("REDIS_URL", ""), engine_urls=os.environ.get("ENGINE_URLS", ""),
        audit_dsn=f"sqlite:///{var / 'audit' / 'audit.db'}",
    )
    stopping = False

    def on_signal(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    print(BANNER, flush=True)
    try:
        platform.stack.supervise(lambda: stopping)
    finally:
        print("stopping...", flush=True)
        platform.stack.stop_all()
    return 0


BANNER = (
    "\nadvisor platform is up: http://127.0.0.1:8080  (docs: /docs, metrics: /metrics, logs: var/log/)\n"
    "the investors' web app: http://127.0.0.1:8080/app/  (dev sign-in: any user name; docs/app.md)\n"
    "try:\n"
    "  TOKEN=$(make -s token USER=alice)\n"
    '  SID=$(curl -s -X POST localhost:8080/v1/sessions -H "Authorization: Bearer $TOKEN" '
    "-H 'Content-Type: application/json' -d '{\"locale\":\"en\"}' | python3 -c 'import json,sys;"
    "print(json.load(sys.stdin)[\"session_id\"])')\n"
    '  curl -N localhost:8080/v1/sessions/$SID/messages -H "Authorization: Bearer $TOKEN" '
    "-H 'Content-Type: application/json' -d '{\"text\":\"How risky is an index fund?\"}'\n"
    "A crashed service is restarted with backoff (var/log/<service>.log). Ctrl-C stops everything.\n"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--engine", choices=["vllm", "sim"], default=os.environ.get("ENGINE", "vllm") or "vllm")
    args = parser.parse_args()
    sys.exit(run(args.engine))


if __name__ == "__main__":
    main()
