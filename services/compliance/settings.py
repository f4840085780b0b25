"""Settings of the compliance process (env prefix COMPLIANCE_, plus REDIS_URL)."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import SettingsConfigDict

from services.common.settings import GrpcServiceSettings

DEFAULT_RULES_DIR = Path(__file__).resolve().parent / "rules"
DEFAULT_INTENT_DATA = Path(__file__).resolve().parent / "intent" / "data"
DEFAULT_TENANTS_DIR = Path(__file__).resolve().parents[2] / "tenants"


class ComplianceSettings(GrpcServiceSettings):
    model_config = SettingsConfigDict(env_prefix="COMPLIANCE_", extra="ignore")

    service_name: str = "compliance"
    port: int = 50053
    metrics_port: int = 9053

    rules_dir: Path = DEFAULT_RULES_DIR
    rules_reload_s: float = 10.0  # how often the packs (and the tenant documents) are checked for changes (0: never)
    # Tenant documents (docs/tenants.md): each tenant's overlay, disclaimers, suitability policy and product shelf.
    # The same directory the gateway reads; a tenant without a document is served as default_tenant.
    tenants_dir: Path = DEFAULT_TENANTS_DIR
    default_tenant: str = "default"

    audit_stream: str = "advisor:audit"
    redis_check_s: float = 1.0
    # false (default): an answer is audited as one output record (appended before its end is released, or when
    # its stream ends) plus one record per rewrite/warning decision (before the text it changes); text between
    # them is released without a round trip to Redis (a Redis failure stops the stream within redis_check_s, and
    # the output record is kept and appended when Redis returns). true: every released segment is also appended
    # before it is sent (issue 21: those appends were ~8% of compliance CPU in the profile under bench load).
    audit_each_release: bool = False

    # The bilingual intent model, trained from its corpus at start-up (seconds); the threshold is set so that
    # cross-validation refuses at most intent_target_fpr of the benign corpus (ordinary questions and hard negatives).
    intent_enabled: bool = True
    intent_data_dir: Path = DEFAULT_INTENT_DATA
    intent_target_fpr: float = 0.02
    # Where the learned layers' cross-validated thresholds are memoised (threshold_cache.py); None: never cached.
    model_cache_dir: Path | None = Path(__file__).resolve().parents[2] / "var" / "cache" / "compliance"
    # The learned output layer (services/compliance/output): every sentence of a streamed answer is scored; its
    # threshold refuses at most output_target_fpr of the benign output corpus in cross-validation.
    output_model_enabled: bool = True
    output_target_fpr: float = 0.01

    # The English nearest-exemplar embedding classifier: off by default since the intent model (measured on the
    # red-team sets, docs/compliance.md) caught everything it caught, at up to ~8 ms more CPU per English input (p99).
    classifier_enabled: bool = False
    classifier_threshold: float = 0.58
    classifier_margin: float = 0.10
    classifier_threads: int = 1  # threads of the learned layers (intent model, classifier), off the event loop
    classifier_int8: bool = True
    # Input screening (rules + intent model) runs in this many threads; each input has a time budget past which
    # it alone is refused (fail closed). Screening is linear in the text: ~25 ms for 4,000 characters.
    screening_threads: int = 4
    screening_budget_s: float = 2.0  # dynamic int8 quantisation: ~1.6x faster, same decisions on the eval set
