"""`make run` supervises (issue 25, D2): a child killed with SIGKILL is restarted with backoff and logged, and
serves again without a human. Runs the real engine simulator as the child (it starts in about a second)."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

from devstack.stack import Stack, free_port, http_ok, simulator_proc


def _wait(condition: object, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.1)
    return False


def test_killed_child_is_restarted_with_backoff(tmp_path: Path) -> None:
    lines: list[str] = []
    stack = Stack(tmp_path, echo=lines.append)
    port = free_port()
    proc = stack.start(simulator_proc(port))
    stop = threading.Event()
    supervisor = threading.Thread(target=stack.supervise, args=(stop.is_set,), kwargs={"poll_s": 0.1}, daemon=True)
    supervisor.start()
    try:
        for round_ in (1, 2):
            assert proc.popen is not None
            old_pid = proc.popen.pid
            os.killpg(old_pid, signal.SIGKILL)
            assert _wait(lambda n=round_: proc.restarts == n, 15), lines
            assert proc.popen.pid != old_pid
            assert _wait(lambda: http_ok(f"http://127.0.0.1:{port}/health"), 30), proc.tail()
        exits = [line for line in lines if "exited" in line]
        assert len(exits) == 2 and "in 1s" in exits[0] and "in 2s" in exits[1]  # the backoff doubles
    finally:
        stop.set()
        supervisor.join(5)
        stack.stop_all()
    assert not proc.alive()
