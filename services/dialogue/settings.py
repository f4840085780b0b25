"""Settings of the dialogue process (env prefix DIALOGUE_, plus REDIS_URL and ENGINE_URLS)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from services.common.settings import GrpcServiceSettings


class DialogueSettings(GrpcServiceSettings):
    model_config = SettingsConfigDict(env_prefix="DIALOGUE_", extra="ignore")

    service_name: str = "dialogue"
    port: int = 50051
    metrics_port: int = 9051

    # Engine pool (OpenAI-compatible). Comma-separated base URLs; the served model name is read from
    # /v1/models when empty.
    engine_urls: str = Field(default="http://127.0.0.1:8000", validation_alias="ENGINE_URLS")
    engine_model: str = ""
    engine_connect_timeout_s: float = 2.0
    engine_stall_timeout_s: float = 30.0  # longest silence between two engine chunks before giving up
    engine_max_connections: int = 1024

    # Sessions.
    session_ttl_s: int = 7 * 24 * 3600
    max_stored_turns: int = 50
    max_prompt_turns: int = 8
    max_message_chars: int = 4000
    # A first, cheap bound on history in the prompt; the exact fit is decided by the engine's token count
    # (a context-overflow refusal makes the dialogue drop older turns and retry before anything streamed).
    max_prompt_chars: int = 6000

    # Generation defaults.
    default_max_tokens: int = 256
    max_tokens_limit: int = 1024  # the most a client may ask for
    temperature: float = 0.3
    top_p: float = 0.9

    # Coalescing before the gRPC hop: a chunk leaves when it holds this many tokens or is this old.
    coalesce_max_tokens: int = 16
    coalesce_max_delay_ms: float = 100.0

    @property
    def engine_url_list(self) -> list[str]:
        return [u.strip().rstrip("/") for u in self.engine_urls.split(",") if u.strip()]
