"""The engine's preStop hook (files/drain.py) against a real engine simulator: it returns at once when the replica
is idle and holds SIGTERM back until a running stream has finished. Runs in the project venv."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("uvicorn", reason="starts the engine simulator: run in the project venv")

import httpx

from devstack.stack import Stack, free_port, simulator_proc

DRAIN = Path(__file__).resolve().parents[1] / "helm" / "advisor" / "files" / "drain.py"


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    stack = Stack(tmp_path_factory.mktemp("drain"), echo=lambda _line: None)
    port = free_port()
    try:
        stack.start(simulator_proc(port, token_rate="20", log_level="WARNING"))
        yield f"http://127.0.0.1:{port}"
    finally:
        stack.stop_all()


def drain(url: str, deadline_s: float) -> float:
    started = time.monotonic()
    subprocess.run([sys.executable, str(DRAIN), str(deadline_s), "0.2", f"{url}/metrics"], check=True, timeout=60)
    return time.monotonic() - started


def test_idle_replica_drains_at_once(engine: str) -> None:
    assert drain(engine, 30) < 2.0  # one poll interval plus start-up


def test_drain_waits_for_the_running_stream(engine: str) -> None:
    finished: list[float] = []

    def stream() -> None:
        body = {"model": "m", "stream": True, "max_tokens": 60, "messages": [{"role": "user", "content": "hi"}]}
        with httpx.stream("POST", f"{engine}/v1/chat/completions", json=body, timeout=30) as resp:
            for _ in resp.iter_bytes():
                pass
        finished.append(time.monotonic())

    worker = threading.Thread(target=stream)
    worker.start()
    time.sleep(0.5)  # the request is running (60 tokens at 20 tokens/s: ~3 s)
    took = drain(engine, 30)
    done = time.monotonic()
    worker.join()
    assert finished and finished[0] <= done, "drain returned while the stream was still running"
    assert took > 1.5


def test_drain_gives_up_at_its_deadline(engine: str) -> None:
    body = {"model": "m", "stream": True, "max_tokens": 400, "messages": [{"role": "user", "content": "hi"}]}
    with httpx.stream("POST", f"{engine}/v1/chat/completions", json=body, timeout=60) as resp:
        next(resp.iter_bytes())  # running now (400 tokens at 20/s: 20 s)
        assert drain(engine, 2.0) < 4.0
