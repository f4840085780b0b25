"""The compiled rulebook (normaliser + per-scope matchers + texts) and its hot-reload holder."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from services.common.tenants import TenantConfig, TenantSet, TenantsHolder, base_rules
from services.compliance.matcher import Matcher
from services.compliance.normalize import Normaliser
from services.compliance.overlay import addenda, has_overlay, tenant_ruleset
from services.compliance.rules import RuleSet, load_rules, packs_digest

log = logging.getLogger(__name__)

# Regex rules may span more than the longest literal; the streaming window covers both.
MIN_HOLDBACK = 32


def lang(locale: str) -> str:
    return "en" if locale.lower().startswith("en") else "zh"


@dataclass(frozen=True)
class Rulebook:
    ruleset: RuleSet
    normaliser: Normaliser
    input_matcher: Matcher
    output_matcher: Matcher
    holdback: int
    # A tenant's own disclaimers by language and content type, shown after the base ones (overlay.py).
    addenda: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    @classmethod
    def build(cls, ruleset: RuleSet, normaliser: Normaliser,
              addenda: Mapping[str, Mapping[str, str]] | None = None) -> Rulebook:
        out = Matcher(ruleset, normaliser, "output")
        return cls(
            ruleset=ruleset,
            normaliser=normaliser,
            input_matcher=Matcher(ruleset, normaliser, "input"),
            output_matcher=out,
            holdback=max(MIN_HOLDBACK, out.max_literal),
            addenda=addenda or {},
        )

    def disclaimer(self, locale: str, content_type: str) -> str:
        parts = []
        for source in (self.ruleset.disclaimers, self.addenda):
            texts = source.get(lang(locale), {})
            parts.append(texts.get(content_type) or texts.get("general", ""))
        return "\n".join(p for p in parts if p)

    def notice(self, locale: str, key: str) -> str:
        return self.ruleset.notices.get(lang(locale), {}).get(key, key)


@dataclass(frozen=True)
class Rulebooks:
    """One consistent view, published in one assignment: the base rulebook, the tenant documents and each tenant's
    rulebook, so a request never pairs a new document with an old rulebook."""

    base: Rulebook
    tenants: TenantSet | None = None
    by_tenant: Mapping[str, Rulebook] = field(default_factory=dict)

    def config(self, tenant: str) -> TenantConfig | None:
        """The tenant's document; a tenant without one gets the default tenant's (None: no tenants configured)."""
        if self.tenants is None:
            return None
        return self.tenants.tenants.get(tenant) or self.tenants.tenants[self.tenants.default]

    def for_tenant(self, tenant: str) -> Rulebook:
        config = self.config(tenant)
        return self.by_tenant.get(config.tenant, self.base) if config is not None else self.base


class RulebookHolder:
    """Holds the current ``Rulebooks``; ``reload()`` publishes a new one when the packs or the tenant documents
    changed, so rules are updated without a restart and in-flight reviews finish on the rulebook they started
    with. Each tenant's rulebook is built here, off the request path (matchers compile in tens of ms)."""

    def __init__(self, rules_dir: Path, normaliser: Normaliser | None = None,
                 tenants: TenantsHolder | None = None) -> None:
        self._dir = rules_dir
        self.normaliser = normaliser or Normaliser.build()
        self._tenants = tenants
        self.current = self._snapshot(Rulebook.build(load_rules(rules_dir), self.normaliser))

    @property
    def rulebook(self) -> Rulebook:
        """The base rulebook (the packs alone)."""
        return self.current.base

    def for_tenant(self, tenant: str) -> Rulebook:
        return self.current.for_tenant(tenant)

    def tenant_config(self, tenant: str) -> TenantConfig | None:
        return self.current.config(tenant)

    def _snapshot(self, base: Rulebook) -> Rulebooks:
        if self._tenants is None:
            return Rulebooks(base)
        tenants = self._tenants.current
        by_tenant = {
            name: dataclasses.replace(base, addenda=addenda(config))
            if not (config.compliance.rule_overrides or config.compliance.extra_rules)
            else Rulebook.build(tenant_ruleset(base.ruleset, config), self.normaliser, addenda(config))
            for name, config in tenants.tenants.items() if has_overlay(config)
        }
        return Rulebooks(base, tenants, by_tenant)

    def reload(self) -> bool:
        """Reload when the packs' or the tenants' digest changed. A broken pack or tenant document keeps the
        current ones (logged). New packs also become what the next tenant edit is checked against; documents
        already loaded stay applied, never looser than the new packs (overlay.py)."""
        base = self._reload_packs()
        if base is not None and self._tenants is not None:
            self._tenants.rebase(base_rules(base.ruleset.rules))
        tenants_changed = self._tenants.reload() if self._tenants is not None else False
        if base is None and not tenants_changed:
            return False
        self.current = self._snapshot(base or self.current.base)
        return True

    def _reload_packs(self) -> Rulebook | None:
        try:
            if packs_digest(self._dir) == self.rulebook.ruleset.digest:
                return None  # unchanged: nothing parsed (this runs every few seconds)
            ruleset = load_rules(self._dir)
        except Exception:
            log.exception("rule pack reload failed; keeping version %s", self.rulebook.ruleset.version)
            return None
        if ruleset.digest == self.rulebook.ruleset.digest:
            return None
        log.info("rule packs reloaded", extra={"rules_version": ruleset.version})
        return Rulebook.build(ruleset, self.normaliser)
