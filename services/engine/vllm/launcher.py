"""Start, watch and stop a real vLLM OpenAI-compatible server on the CPU.

The server runs in its own process group (vLLM forks engine-core workers), so stopping it stops the whole tree.
While it warms up (minutes on a cold start: torch compile, cached under ~/.cache/vllm afterwards) its log is
relayed line by line with the elapsed time, so a user is never left looking at silence.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import subprocess
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from services.engine.vllm.settings import VllmEngineSettings

OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "VLLM_NO_USAGE_STATS": "1",
    "DO_NOT_TRACK": "1",
}


def server_argv(python: Path, model_dir: Path, s: VllmEngineSettings) -> list[str]:
    return [
        str(python), "-m", "vllm.entrypoints.openai.api_server",
        "--model", str(model_dir),
        "--served-model-name", s.served_model_name,
        "--dtype", s.effective_dtype,
        "--max-model-len", str(s.max_model_len),
        "--max-num-seqs", str(s.max_num_seqs),
        "--host", s.host,
        "--port", str(s.port),
        "--enable-prefix-caching",
        "--enable-prompt-tokens-details",  # usage.prompt_tokens_details.cached_tokens
        "--disable-uvicorn-access-log",
    ]  # fmt: skip


def server_env(s: VllmEngineSettings) -> dict[str, str]:
    return {**os.environ, **OFFLINE_ENV, "VLLM_CPU_KVCACHE_SPACE": str(s.kv_cache_space_gib)}


def _die_with_parent() -> None:
    """In the child before exec: if the launcher dies (even by SIGKILL), the kernel sends vLLM SIGTERM,
    so no engine is ever left running without its supervisor."""
    PR_SET_PDEATHSIG = 1
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def _http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as resp:
            return 200 <= resp.status < 300
    except OSError:
        return False


class VllmServer:
    def __init__(
        self, settings: VllmEngineSettings, python: Path, model_dir: Path, echo: Callable[[str], None] = print
    ) -> None:
        self.settings = settings
        self.argv = server_argv(python, model_dir, settings)
        self.echo = echo
        self.proc: subprocess.Popen[str] | None = None
        self._started = 0.0
        self._relay: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://{self.settings.host}:{self.settings.port}"

    def start(self) -> None:
        self._started = time.monotonic()
        self.proc = subprocess.Popen(
            self.argv,
            env=server_env(self.settings),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
            preexec_fn=_die_with_parent,
        )
        self._relay = threading.Thread(target=self._relay_log, daemon=True)
        self._relay.start()

    def _relay_log(self) -> None:
        assert self.proc is not None and self.proc.stdout is not None
        for line in self.proc.stdout:
            self.echo(f"[engine +{time.monotonic() - self._started:5.0f}s] {line.rstrip()}")

    def wait_ready(self, timeout_s: float | None = None) -> float:
        """Block until /health and /v1/models answer; returns the seconds it took."""
        deadline = self._started + (timeout_s or self.settings.ready_timeout_s)
        while time.monotonic() < deadline:
            if self.proc is None or self.proc.poll() is not None:
                code = None if self.proc is None else self.proc.returncode
                raise RuntimeError(f"vLLM exited during start-up (exit code {code}); see the log above")
            if _http_ok(f"{self.url}/health") and _http_ok(f"{self.url}/v1/models"):
                took = time.monotonic() - self._started
                self.echo(f"[engine] ready at {self.url} after {took:.0f}s")
                return took
            time.sleep(1.0)
        raise TimeoutError(f"vLLM not ready after {timeout_s or self.settings.ready_timeout_s:.0f}s")

    def stop(self) -> None:
        """SIGTERM to the whole process group, SIGKILL after the grace period."""
        if self.proc is None or self.proc.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(self.settings.stop_grace_s)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)
        with contextlib.suppress(ProcessLookupError):  # workers that outlived the leader
            os.killpg(self.proc.pid, signal.SIGKILL)

    def __enter__(self) -> VllmServer:
        self.start()
        self.wait_ready()
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.stop()
