"""The tenant document: what one institution configures (one YAML file per tenant, ``tenants/<id>.yaml``).

A document is versioned (``version``, shown by the admin API and in logs) and carries a ``schema_version`` so the
format can change without guessing. Everything is validated here with pydantic; the compliance overlay is only
shape-checked here and checked against the base rule packs ("stricter, never looser") in ``overlay.py``.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from services.common.locale import is_zh

SCHEMA_VERSION = 1
TENANT_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")
RISKS = ("R1", "R2", "R3", "R4", "R5")
# Mirrors of services/compliance/rules.py (ACTIONS, SEVERITIES, SCOPES), strictest first; a unit test keeps them
# equal. services/common does not import the compliance service.
ACTIONS_STRICTEST_FIRST = ("block", "rewrite", "warn", "disclaimer")
SEVERITIES_STRICTEST_FIRST = ("critical", "high", "medium", "low")
SCOPES = ("input", "output")
# The dialogue planner's tools (services/dialogue/planning/calls.py; a unit test keeps them equal).
KNOWN_TOOLS = ("project_savings", "solve_goal", "loan_schedule", "analyze_portfolio", "check_suitability",
               "risk_questionnaire", "record_confirmation", "answer_table")
CONTENT_TYPES = ("general", "product", "portfolio", "projection")
PERSONA_CHARS = {"zh": 56, "en": 320}


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Localized(Strict):
    """A text in both of the platform's languages."""

    zh: str = Field(min_length=1, max_length=2000)
    en: str = Field(min_length=1, max_length=2000)

    def get(self, locale: str) -> str:
        return self.zh if is_zh(locale) else self.en


class Persona(Strict):
    name: Localized
    greeting: Localized
    # One or two sentences added to the platform's own persona; they can narrow it, never replace its rules.
    style: Localized | None = None

    @model_validator(mode="after")
    def _fits_the_prompt(self) -> Persona:
        # name and style go into every prompt's system message (dialogue/prompt.py TENANT_PERSONA_TOKENS)
        for field, text, limit in (("name", self.name, 40), ("style", self.style, 200)):
            if text is not None and max(len(text.zh), len(text.en)) > limit:
                raise ValueError(f"persona {field} is limited to {limit} characters per language")
        return self


class Disclaimers(Strict):
    """Added to the platform's disclaimers (never replacing them), per language and content type."""

    zh: dict[str, str] = Field(default_factory=dict)
    en: dict[str, str] = Field(default_factory=dict)

    @field_validator("zh", "en")
    @classmethod
    def _known_types(cls, value: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(value) - set(CONTENT_TYPES))
        if unknown:
            raise ValueError(f"unknown content types {unknown}; allowed: {list(CONTENT_TYPES)}")
        if any(not text.strip() or len(text) > 2000 for text in value.values()):
            raise ValueError("a disclaimer must be 1-2000 characters")
        return value

    def get(self, locale: str, content_type: str) -> str:
        texts = self.zh if is_zh(locale) else self.en
        return texts.get(content_type) or texts.get("general", "")


class Fees(Strict):
    """A product's fees in percent: per year for management and custody, per trade for subscription and
    redemption (the figures its documents state; the assistant quotes them, never computes new ones)."""

    management_pct_per_year: float | None = Field(default=None, ge=0, le=10)
    custody_pct_per_year: float | None = Field(default=None, ge=0, le=10)
    subscription_pct: float | None = Field(default=None, ge=0, le=10)
    redemption_pct: float | None = Field(default=None, ge=0, le=10)

    def stated(self) -> dict[str, float]:
        return {k: v for k, v in self.model_dump().items() if v is not None}


class Document(Strict):
    title: Localized
    url: str = Field(pattern=r"^https://[^\s]{1,500}$")


class Product(Strict):
    id: str = Field(pattern=r"^[A-Za-z0-9_.-]{1,40}$")
    name: Localized
    kind: Literal["deposit", "money_market", "bond_fund", "mixed_fund", "equity_fund", "etf", "structured",
                  "stock", "derivative", "other"]
    risk: Literal["R1", "R2", "R3", "R4", "R5"]
    fees: Fees = Fees()
    documents: tuple[Document, ...] = ()


class RuleOverride(Strict):
    """A change to one base rule. Only stricter: a stronger action, a higher severity, more scopes or more
    literals. Anything that would weaken or switch off a rule is refused at load (``overlay.check_overlay``)."""

    rule: str = Field(min_length=1, max_length=80)
    action: Literal["block", "rewrite", "warn", "disclaimer"] | None = None
    severity: Literal["critical", "high", "medium", "low"] | None = None
    scope: tuple[Literal["input", "output"], ...] | None = None
    add_literals: tuple[str, ...] = ()
    replacement: str = ""


class ExtraRule(Strict):
    """A rule of the tenant's own, added to the base packs (its id must start with ``<tenant>.``)."""

    id: str = Field(pattern=r"^[a-z0-9_.-]{3,80}$")
    category: str = Field(min_length=1, max_length=40)
    severity: Literal["critical", "high", "medium", "low"]
    action: Literal["block", "rewrite", "warn", "disclaimer"]
    scope: tuple[Literal["input", "output"], ...] = Field(min_length=1)
    rationale: str = Field(min_length=1)
    regulation: str = Field(min_length=1)
    literals: tuple[str, ...] = ()
    regex: tuple[str, ...] = ()
    replacement: str = ""
    message: str = ""

    @model_validator(mode="after")
    def _matchable(self) -> ExtraRule:
        if not self.literals and not self.regex:
            raise ValueError("a rule needs literals or regex")
        if self.action == "rewrite" and not self.replacement:
            raise ValueError("a rewrite rule needs a replacement")
        for pattern in self.regex:
            try:
                re.compile(pattern)
            except re.error as err:
                raise ValueError(f"regex {pattern!r} does not compile: {err}") from err
        return self


class SuitabilityOverlay(Strict):
    # Base: a Cn investor (n > 1) may proceed above their level after a special warning and a written confirmation.
    # A tenant may forbid that (False); it can never allow what the base refuses.
    allow_above_level_on_confirmation: bool = True
    # The highest product risk this tenant offers anyone (a cap, never a widening).
    max_product_risk: Literal["R1", "R2", "R3", "R4", "R5"] = "R5"


class ComplianceOverlay(Strict):
    rule_overrides: tuple[RuleOverride, ...] = ()
    extra_rules: tuple[ExtraRule, ...] = ()
    suitability: SuitabilityOverlay = SuitabilityOverlay()


class Quotas(Strict):
    turns_per_s: float = Field(default=50.0, gt=0, le=100_000)
    turns_burst: int = Field(default=100, ge=1, le=1_000_000)
    tokens_per_day: int = Field(default=5_000_000, ge=1, le=10**12)


class TenantConfig(Strict):
    schema_version: Literal[1]
    tenant: str
    version: str = Field(min_length=1, max_length=64)
    display_name: Localized
    persona: Persona
    disclaimers: Disclaimers = Disclaimers()
    compliance: ComplianceOverlay = ComplianceOverlay()
    products: tuple[Product, ...] = ()
    tools: tuple[str, ...] = KNOWN_TOOLS
    quotas: Quotas = Quotas()

    @field_validator("tenant")
    @classmethod
    def _tenant_id(cls, value: str) -> str:
        if not TENANT_ID_RE.match(value):
            raise ValueError("must be 1-32 of a-z, 0-9, '_' or '-', starting with a letter or digit")
        return value

    @field_validator("tools")
    @classmethod
    def _tools(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = sorted(set(value) - set(KNOWN_TOOLS))
        if unknown:
            raise ValueError(f"unknown tools {unknown}; known: {list(KNOWN_TOOLS)}")
        return value

    def product(self, product_id: str) -> Product | None:
        return next((p for p in self.products if p.id == product_id), None)

    def shelf_for(self, max_risk: str) -> tuple[Product, ...]:
        """The products an investor whose level allows up to ``max_risk`` may be offered."""
        return tuple(p for p in self.products if RISKS.index(p.risk) <= RISKS.index(max_risk))

    def consistency_problems(self) -> list[tuple[str, str]]:
        """Checks across fields, as ``(field, reason)`` (after the fields themselves validated)."""
        problems: list[tuple[str, str]] = []
        seen: set[str] = set()
        cap = self.compliance.suitability.max_product_risk
        for i, p in enumerate(self.products):
            if p.id in seen:
                problems.append((f"products.{i}.id", f"duplicate product id {p.id!r}"))
            seen.add(p.id)
            if RISKS.index(p.risk) > RISKS.index(cap):
                problems.append((f"products.{i}.risk", f"{p.risk} is above the tenant's max_product_risk {cap}"))
        # The persona goes into every prompt: name, display name and style within a budget per language (Chinese
        # costs the engine ~1.7 tokens a character, English ~0.3; dialogue/prompt.py TENANT_PERSONA_TOKENS).
        style = self.persona.style
        for lang, limit in PERSONA_CHARS.items():
            used = sum(len(getattr(t, lang)) for t in (self.persona.name, self.display_name, style) if t is not None)
            if used > limit:
                problems.append((f"persona.{lang}", f"name, display name and style take {used} characters; the "
                                                    f"prompt allows {limit} in this language"))
        for i, p in enumerate(self.products):
            if len(p.name.zh) < 2 or len(p.name.en) < 3:
                problems.append((f"products.{i}.name", "names must be at least 2 (zh) and 3 (en) characters: the "
                                                       "assistant recognises a product by its name"))
        for i, r in enumerate(self.compliance.extra_rules):
            if not r.id.startswith(f"{self.tenant}."):
                problems.append((f"compliance.extra_rules.{i}.id", f"{r.id!r} must start with '{self.tenant}.'"))
        return problems

    def public(self) -> dict[str, object]:
        """The document as the tenant's admin sees it."""
        return self.model_dump(mode="json")
