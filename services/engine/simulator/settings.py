"""Settings of the engine simulator (env prefix SIM_)."""

from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from services.common.settings import BaseServiceSettings


class SimulatorSettings(BaseServiceSettings):
    model_config = SettingsConfigDict(env_prefix="SIM_", extra="ignore")

    service_name: str = "engine-sim"
    host: str = "127.0.0.1"
    port: int = 8000
    served_model_name: str = "SmolLM2-135M-Instruct-sim"
    max_model_len: int = 2048
    token_rate: float = 60.0  # output tokens per second per running sequence (one decode step per 1/rate s)
    max_num_seqs: int = 256  # running sequences; more requests wait in FIFO order
    prefill_tokens_per_s: float = 20_000.0  # cost of prompt tokens not found in the prefix cache
    # Shared prefill: one replica prefills one prompt at a time (a GPU's compute is shared, so uncached prompts
    # queue behind each other and a prefix hit saves everyone time). False: each sequence prefills on its own.
    prefill_shared: bool = False
    block_size: int = 16
    prefix_cache_blocks: int = 65_536
    # KV capacity in blocks: a request is admitted only while the running sequences' blocks (prompt plus
    # max_tokens) fit, and cached prefixes live in what the running sequences leave free (as in vLLM).
    kv_cache_blocks: int = 16_384
    # Replicas hosted by this one process on ports port, port+1, ...: each is a full, independent simulator
    # (own scheduler, caches, metrics); one process keeps a fleet cheap on a few cores.
    replicas: int = 1
    # /tokenize, /detokenize and /v1/chat/completions/render (what routers match prefixes on). False answers 404
    # as a plain OpenAI server would: the routing bench uses it to prove it refuses a peer that falls back.
    token_endpoints: bool = True
    default_max_tokens: int = 128
    # "words": random words from a finance vocabulary (load tests); "facts": a deterministic answer that phrases
    # the tool facts found in the system prompt (conversation tests, see phrasing.py).
    response_mode: str = "words"
    seed: int = 0
    # Fault injection (also changeable at run time through POST /admin/faults).
    fault_latency_ms: float = 0.0
    fault_error_rate: float = 0.0
    fault_hang_rate: float = 0.0
    fault_crash_after_tokens: int = 0
    fault_invent_number_rate: float = 0.0  # "facts" mode: add a sentence with a number no tool produced
