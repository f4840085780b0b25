"""Local process supervisor: starts the platform's processes, restarts those that die, and stops them all.

The wiring of the platform (which processes, which ports) is ``devstack.platform``; this module knows processes.
Each child runs in its own process group, so stopping it stops its whole tree (vLLM spawns workers).
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def consecutive_free_ports(n: int) -> int:
    """A base port with ``n`` free ports in a row (checked by binding them), for one process serving many."""
    for base in range(20000 + random.randrange(20000), 60000, n + 3):
        socks: list[socket.socket] = []
        try:
            for i in range(n):
                sock = socket.socket()
                socks.append(sock)
                sock.bind(("127.0.0.1", base + i))
            return base
        except OSError:
            continue
        finally:
            for sock in socks:
                sock.close()
    raise RuntimeError("no free port range")


def http_ok(url: str, timeout: float = 1.0) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return 200 <= resp.status < 300
    except OSError:
        return False


def tcp_ok(port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
        return True
    return False


def redis_ok(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def grpc_serving(port: int) -> bool:
    import grpc
    from grpc_health.v1 import health_pb2, health_pb2_grpc

    with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
        try:
            reply = health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(), timeout=1.0)
        except grpc.RpcError:
            return False
        return bool(reply.status == health_pb2.HealthCheckResponse.SERVING)


@dataclass
class Proc:
    name: str
    argv: list[str]
    ready: Callable[[], bool]
    env: dict[str, str] = field(default_factory=dict)
    ready_timeout_s: float = 30.0
    echo_output: bool = False  # also show the child's output on the terminal (the engine's warm-up progress)
    popen: subprocess.Popen[bytes] | None = None
    log_path: Path | None = None
    started_at: float = 0.0
    restarts: int = 0
    backoff_s: float = 1.0

    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def tail(self, lines: int = 30) -> str:
        if not self.log_path or not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])


class Stack:
    def __init__(self, log_dir: Path, echo: Callable[[str], None] = print) -> None:
        self.log_dir = log_dir
        self.procs: list[Proc] = []
        self.echo = echo
        log_dir.mkdir(parents=True, exist_ok=True)

    def start(self, proc: Proc, *, wait: bool = True) -> Proc:
        proc.log_path = self.log_dir / f"{proc.name}.log"
        env = {**os.environ, "PYTHONPATH": f"{ROOT}:{ROOT / 'protos'}", "PYTHONUNBUFFERED": "1", **proc.env}
        if proc.echo_output:
            proc.popen = subprocess.Popen(
                proc.argv, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            threading.Thread(target=_tee, args=(proc.popen, proc.log_path, self.echo), daemon=True).start()
        else:
            with open(proc.log_path, "ab") as log:
                proc.popen = subprocess.Popen(
                    proc.argv, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
                )
        proc.started_at = time.monotonic()
        self.procs.append(proc)
        if wait:
            self.wait_ready(proc)
        return proc

    def wait_ready(self, proc: Proc) -> None:
        deadline = time.monotonic() + proc.ready_timeout_s
        while not proc.ready():
            if not proc.alive():
                raise RuntimeError(f"{proc.name} exited during start-up:\n{proc.tail()}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"{proc.name} not ready after {proc.ready_timeout_s:.0f}s:\n{proc.tail()}")
            time.sleep(0.1)

    def stop(self, proc: Proc, grace_s: float = 10.0, sig: int = signal.SIGTERM) -> None:
        if not proc.popen or proc.popen.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.popen.pid, sig)
        try:
            proc.popen.wait(grace_s)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.popen.pid, signal.SIGKILL)
            proc.popen.wait(5)

    def restart(self, proc: Proc) -> Proc:
        self.stop(proc)
        self.procs.remove(proc)
        proc.popen = None
        return self.start(proc)

    def stop_all(self) -> None:
        for proc in reversed(self.procs):
            self.stop(proc)

    def supervise(self, stopping: Callable[[], bool], max_backoff_s: float = 30.0, poll_s: float = 0.5) -> None:
        """Restart any child that dies, with exponential backoff (1 s, 2 s, ... ``max_backoff_s``; back to 1 s
        once a child has stayed up for a minute), logging each exit with the child's last lines, until
        ``stopping()``. Meanwhile the gateway answers 503 + Retry-After for what is down (docs/api.md)."""
        due: dict[str, float] = {}
        while not stopping():
            now = time.monotonic()
            for proc in list(self.procs):
                if proc.alive():
                    if now - proc.started_at > 60:
                        proc.backoff_s = 1.0
                    continue
                if proc.name not in due:
                    code = proc.popen.returncode if proc.popen else None
                    self.echo(f"{proc.name} exited (code {code}); restart {proc.restarts + 1} in "
                              f"{proc.backoff_s:.0f}s. Last log lines:\n{proc.tail(10)}")
                    due[proc.name] = now + proc.backoff_s
                    proc.backoff_s = min(proc.backoff_s * 2, max_backoff_s)
                elif now >= due[proc.name]:
                    del due[proc.name]
                    self.procs.remove(proc)
                    self.start(proc, wait=False)
                    proc.restarts += 1
                    self.echo(f"{proc.name} restarted (pid {proc.popen.pid if proc.popen else '?'})")
            time.sleep(poll_s)


def _tee(popen: subprocess.Popen[bytes], log_path: Path, echo: Callable[[str], None]) -> None:
    assert popen.stdout is not None
    with open(log_path, "ab") as log:
        for line in popen.stdout:
            log.write(line)
            log.flush()
            echo(line.decode(errors="replace").rstrip())


# --- the platform's processes -------------------------------------------------------------------------------


def redis_proc(port: int, data_dir: Path, persist: bool) -> Proc:
    binary = shutil.which("redis-server")
    if not binary:
        out = subprocess.run([str(ROOT / "scripts/ensure_redis.sh")], check=True, capture_output=True, text=True)
        binary = out.stdout.strip().splitlines()[-1]
    data_dir.mkdir(parents=True, exist_ok=True)
    argv = [binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(data_dir), "--save", ""]
    argv += ["--appendonly", "yes" if persist else "no", "--protected-mode", "yes"]
    if persist:  # the audit stream lives here until archived: an acknowledged XADD survives a crash
        argv += ["--appendfsync", "always"]
    return Proc("redis", argv, lambda: redis_ok(port), ready_timeout_s=10)


def simulator_proc(port: int, **settings: str) -> Proc:
    env = {"SIM_PORT": str(port), **{f"SIM_{k.upper()}": v for k, v in settings.items()}}
    return Proc(
        "engine-sim",
        [sys.executable, "-m", "services.engine.simulator"],
        lambda: http_ok(f"http://127.0.0.1:{port}/health"),
        env=env,
    )


def vllm_proc(port: int, echo_output: bool = False, env: dict[str, str] | None = None) -> Proc:
    return Proc(
        "engine-vllm",
        [sys.executable, "-m", "services.engine.vllm", "serve"],
        lambda: http_ok(f"http://127.0.0.1:{port}/v1/models"),
        env={"VLLM_ENGINE_PORT": str(port), **(env or {})},
        ready_timeout_s=1800,
        echo_output=echo_output,
    )


def dialogue_proc(port: int, redis_url: str, engine_urls: str, metrics_port: int = 0, **extra: str) -> Proc:
    env = {
        "DIALOGUE_PORT": str(port),
        "DIALOGUE_METRICS_PORT": str(metrics_port),
        "REDIS_URL": redis_url,
        "ENGINE_URLS": engine_urls,
        **{f"DIALOGUE_{k.upper()}": v for k, v in extra.items()},
    }
    # imports torch and loads the knowledge base (a few seconds; much more on a machine loaded with other work)
    return Proc("dialogue", [sys.executable, "-m", "services.dialogue"], lambda: grpc_serving(port), env=env,
                ready_timeout_s=90)


def portfolio_proc(port: int, metrics_port: int = 0, **extra: str) -> Proc:
    env = {
        "PORTFOLIO_PORT": str(port),
        "PORTFOLIO_METRICS_PORT": str(metrics_port),
        **{f"PORTFOLIO_{k.upper()}": v for k, v in extra.items()},
    }
    return Proc("portfolio", [sys.executable, "-m", "services.portfolio"], lambda: grpc_serving(port), env=env)


def compliance_proc(port: int, redis_url: str, metrics_port: int = 0, **extra: str) -> Proc:
    env = {
        "COMPLIANCE_PORT": str(port),
        "COMPLIANCE_METRICS_PORT": str(metrics_port),
        "REDIS_URL": redis_url,
        **{f"COMPLIANCE_{k.upper()}": v for k, v in extra.items()},
    }
    # the intent model trains at start-up (seconds; more with the optional embedding classifier)
    return Proc(
        "compliance", [sys.executable, "-m", "services.compliance"], lambda: grpc_serving(port), env=env,
        ready_timeout_s=120,
    )


def worker_proc(redis_url: str, audit_dsn: str, metrics_port: int, **extra: str) -> Proc:
    env = {
        "REDIS_URL": redis_url,
        "WORKER_AUDIT_DSN": audit_dsn,
        "WORKER_METRICS_PORT": str(metrics_port),
        **{f"WORKER_{k.upper()}": v for k, v in extra.items()},
    }
    return Proc(
        "worker", [sys.executable, "-m", "services.worker"], lambda: tcp_ok(metrics_port), env=env, ready_timeout_s=60
    )


def gateway_proc(port: int, redis_url: str, dialogue_port: int, **extra: str) -> Proc:
    env = {
        "GATEWAY_PORT": str(port),
        "GATEWAY_DIALOGUE_TARGET": f"127.0.0.1:{dialogue_port}",
        "REDIS_URL": redis_url,
        **{f"GATEWAY_{k.upper()}": v for k, v in extra.items()},
    }
    return Proc(
        "gateway", [sys.executable, "-m", "gateway"], lambda: http_ok(f"http://127.0.0.1:{port}/healthz"), env=env
    )


@contextlib.contextmanager
def running(stack: Stack) -> Iterator[Stack]:
    try:
        yield stack
    finally:
        stack.stop_all()
