"""Settings of the dialogue process (env prefix DIALOGUE_, plus REDIS_URL and the ENGINE_* pool discovery vars)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field
from pydantic_settings import SettingsConfigDict

from services.common.settings import GrpcServiceSettings
from services.engine.pool.health import HealthPolicy
from services.engine.pool.pool import PoolConfig


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
    # Replica choice (services/engine/pool, docs/routing.md): affinity | least_loaded | round_robin | random.
    engine_policy: Literal["affinity", "least_loaded", "round_robin", "random"] = "affinity"
    engine_epsilon: float = Field(default=0.3, gt=0)  # bounded load: spill above (1+eps) x mean load
    engine_scrape_interval_s: float = 1.0  # /metrics of each replica (0: off)
    engine_probe_interval_s: float = 2.0  # /health of each replica (0: off)
    engine_slow_start_s: float = 10.0
    engine_eject_base_s: float = 1.0
    engine_eject_max_s: float = 30.0
    # Discovery: "static" reads ENGINE_URLS; "endpointslices" (alias "k8s") watches the EndpointSlices of
    # ENGINE_SERVICE_NAME in ENGINE_SERVICE_NAMESPACE (names the Helm chart sets), port named ENGINE_PORT_NAME.
    # ENGINE_URLS then serves only until the first list arrives.
    engine_discovery: Literal["static", "endpointslices", "k8s"] = Field(
        default="static", validation_alias=AliasChoices("ENGINE_DISCOVERY", "DIALOGUE_ENGINE_DISCOVERY")
    )
    engine_service: str = Field(default="", validation_alias=AliasChoices("ENGINE_SERVICE_NAME", "ENGINE_SERVICE"))
    engine_namespace: str = Field(
        default="default", validation_alias=AliasChoices("ENGINE_SERVICE_NAMESPACE", "ENGINE_NAMESPACE")
    )
    engine_port_name: str = Field(default="http", validation_alias="ENGINE_PORT_NAME")
    engine_resync_s: int = 300  # each watch lasts this long, then a fresh list
    engine_k8s_api: str = ""  # API server URL; empty: in-cluster service account

    # Tenant documents (docs/tenants.md): persona, greeting, enabled tools and product shelf per institution; the
    # directory the gateway and compliance read. A tenant without a document is served as default_tenant.
    tenants_dir: Path = Path(__file__).resolve().parents[2] / "tenants"
    # the base rule packs the documents' overlays are checked against, as compliance and the gateway check them, so
    # all three services accept or refuse the same edit
    compliance_rules_dir: Path = Path(__file__).resolve().parents[1] / "compliance" / "rules"
    default_tenant: str = "default"
    tenants_reload_s: float = 5.0

    # Sessions.
    session_ttl_s: int = 7 * 24 * 3600
    max_stored_turns: int = 50
    max_prompt_turns: int = 8
    max_message_chars: int = 8000  # as gateway.schemas.MAX_MESSAGE_CHARS
    # A first, cheap bound on history in the prompt; the exact fit is decided by the engine's token count
    # (a context-overflow refusal makes the dialogue drop older turns and retry before anything streamed).
    max_prompt_chars: int = 6000

    # Generation defaults.
    default_max_tokens: int = 256
    max_tokens_limit: int = 1024  # the most a client may ask for
    temperature: float = 0.3
    top_p: float = 0.9
    # >1 discourages repeating tokens already generated: small models loop without it (the degeneration guard
    # stops what still loops). vLLM's own extension of the OpenAI request.
    repetition_penalty: float = 1.15

    # Coalescing before the gRPC hop: a chunk leaves when it holds this many tokens or is this old.
    coalesce_max_tokens: int = 16
    coalesce_max_delay_ms: float = 100.0

    # Tools and compliance (every turn is screened and reviewed: there is no switch to turn compliance off).
    portfolio_target: str = "127.0.0.1:50052"
    compliance_target: str = "127.0.0.1:50053"
    tool_timeout_s: float = 3.0  # deadline of each tool call
    profile_ttl_s: int = 180 * 24 * 3600
    intent_embeddings: bool = True  # the similarity layer of the planner (loads the offline MiniLM model)
    # Where the planner's learned layer keeps its fitted numbers (planning/learned.py, keyed by the corpus and the
    # code); None: trained at every start.
    intent_model_cache_dir: Path | None = Path(__file__).resolve().parents[2] / "var" / "cache" / "dialogue"

    @property
    def engine_url_list(self) -> list[str]:
        return [u.strip().rstrip("/") for u in self.engine_urls.split(",") if u.strip()]

    def engine_pool_config(self) -> PoolConfig:
        return PoolConfig(
            policy=self.engine_policy,
            epsilon=self.engine_epsilon,
            scrape_interval_s=self.engine_scrape_interval_s,
            probe_interval_s=self.engine_probe_interval_s,
            slow_start_s=self.engine_slow_start_s,
            health=HealthPolicy(base_backoff_s=self.engine_eject_base_s, max_backoff_s=self.engine_eject_max_s),
        )
