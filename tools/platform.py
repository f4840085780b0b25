"""A real platform on ephemeral ports (integration tests, benchmarks): Redis, engine, portfolio, compliance,
dialogue, gateway, each its own process (started by the same supervisor ``make run`` uses)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from gateway.auth import issue_token
from gateway.settings import GatewaySettings
from tools.stack import (
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
)

TEST_SECRET = "integration-test-secret-0123456789abcdef"


@dataclass
class Platform:
    stack: Stack
    redis: Proc
    engine: Proc
    dialogue: Proc
    gateway: Proc
    gateway_url: str
    engine_url: str
    portfolio: Proc
    compliance: Proc
    redis_url: str = ""
    metrics_targets: dict[str, str] = field(default_factory=dict)  # component -> host:port of its /metrics

    def token(self, user: str = "alice", tenant: str = "default", ttl_s: int = 600) -> str:
        settings = GatewaySettings(jwt_secret=TEST_SECRET)
        return issue_token(settings, user, tenant, ttl_s)

    def auth(self, user: str = "alice", tenant: str = "default") -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(user, tenant)}"}

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


def start_platform(
    log_dir: Path,
    *,
    sim: dict[str, str] | None = None,
    dialogue: dict[str, str] | None = None,
    gateway: dict[str, str] | None = None,
    persist_redis: bool = True,
    engine: str = "sim",
    embeddings: bool = False,
) -> Platform:
    """``embeddings``: run the planner's similarity layer on the offline model (slower to start); off, the
    planner runs its rules only, which is enough for tests of the request path. Compliance runs with its
    defaults (rules + the intent model)."""
    stack = Stack(log_dir)
    names = ("redis", "engine", "dialogue", "gateway", "portfolio", "compliance")
    ports = {name: free_port() for name in (*names, "dialogue_metrics", "portfolio_metrics", "compliance_metrics")}
    redis_url = f"redis://127.0.0.1:{ports['redis']}/0"
    engine_url = f"http://127.0.0.1:{ports['engine']}"
    try:
        redis = stack.start(redis_proc(ports["redis"], log_dir / "redis-data", persist=persist_redis))
        if engine == "vllm":
            engine_proc = stack.start(vllm_proc(ports["engine"]))
        else:
            engine_proc = stack.start(simulator_proc(ports["engine"], **(sim or {})))
        portfolio = stack.start(
            portfolio_proc(ports["portfolio"], ports["portfolio_metrics"], log_level="WARNING"), wait=False
        )
        flag = "true" if embeddings else "false"
        compliance = stack.start(
            compliance_proc(
                ports["compliance"], redis_url, ports["compliance_metrics"], log_level="WARNING",
            ),
            wait=False,  # it trains its intent model (seconds) while the others start
        )
        stack.wait_ready(portfolio)
        dialogue_env = {
            "portfolio_target": f"127.0.0.1:{ports['portfolio']}",
            "compliance_target": f"127.0.0.1:{ports['compliance']}",
            "intent_embeddings": flag,
            **(dialogue or {}),
        }
        dialogue_metrics = int(dialogue_env.pop("metrics_port", ports["dialogue_metrics"]))
        dlg = stack.start(dialogue_proc(ports["dialogue"], redis_url, engine_url, dialogue_metrics, **dialogue_env))
        gw_settings = {
            "jwt_secret": TEST_SECRET,
            "log_level": "WARNING",
            "rate_user_per_s": "1000",
            "rate_user_burst": "1000",
            "portfolio_target": f"127.0.0.1:{ports['portfolio']}",
            **(gateway or {}),
        }
        stack.wait_ready(compliance)
        gw = stack.start(gateway_proc(ports["gateway"], redis_url, ports["dialogue"], **gw_settings))
    except BaseException:
        stack.stop_all()
        raise
    gateway_url = f"http://127.0.0.1:{ports['gateway']}"
    metrics = {
        "gateway": f"127.0.0.1:{ports['gateway']}",
        "dialogue": f"127.0.0.1:{dialogue_metrics}",
        "portfolio": f"127.0.0.1:{ports['portfolio_metrics']}",
        "compliance": f"127.0.0.1:{ports['compliance_metrics']}",
        "engine": f"127.0.0.1:{ports['engine']}",
    }
    return Platform(
        stack, redis, engine_proc, dlg, gw, gateway_url, engine_url, portfolio, compliance, redis_url, metrics
    )


@dataclass
class SseEvent:
    event: str
    data: dict


async def sse_events(response: httpx.Response) -> AsyncIterator[SseEvent]:
    """Parse a text/event-stream response into events (comments/heartbeats skipped)."""
    event, data = "message", ""
    async for line in response.aiter_lines():
        if line.startswith(":"):
            continue
        if line.startswith("event:"):
            event = line[6:].strip()
        elif line.startswith("data:"):
            data += line[5:].strip()
        elif line == "" and data:
            yield SseEvent(event, json.loads(data) if data != "[DONE]" else {"done": True})
            event, data = "message", ""
