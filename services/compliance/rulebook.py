"""The compiled rulebook (normaliser + per-scope matchers + texts) and its hot-reload holder."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from services.common.tenants import TenantsHolder
from services.compliance.matcher import Matcher
from services.compliance.normalize import Normaliser
from services.compliance.overlay import addenda, has_overlay, tenant_ruleset
from services.compliance.rules import RuleSet, load_rules

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


class RulebookHolder:
    """Holds the current rulebook, and each tenant's (the base with the tenant's overlay); ``reload()`` swaps in new
    ones atomically when the packs or the tenant documents changed, so rules are updated without a restart and
    in-flight reviews finish on the rulebook they started with."""

    def __init__(self, rules_dir: Path, normaliser: Normaliser | None = None,
                 tenants: TenantsHolder | None = None) -> None:
        self._dir = rules_dir
        self.normaliser = normaliser or Normaliser.build()
        self.rulebook = Rulebook.build(load_rules(rules_dir), self.normaliser)
        self.tenants = tenants
        self._by_tenant: dict[str, Rulebook] = self._tenant_rulebooks()

    def for_tenant(self, tenant: str) -> Rulebook:
        """The tenant's rulebook; a tenant without a document gets the default tenant's."""
        if self.tenants is None:
            return self.rulebook
        return self._by_tenant.get(self.tenants.resolve(tenant).tenant, self.rulebook)

    def _tenant_rulebooks(self) -> dict[str, Rulebook]:
        """Built once per change, off the request path (a rulebook compiles its matchers: tens of ms)."""
        if self.tenants is None:
            return {}
        base = self.rulebook
        return {
            name: dataclasses.replace(base, addenda=addenda(config))
            if not (config.compliance.rule_overrides or config.compliance.extra_rules)
            else Rulebook.build(tenant_ruleset(base.ruleset, config), self.normaliser, addenda(config))
            for name, config in self.tenants.current.tenants.items() if has_overlay(config)
        }

    def reload(self) -> bool:
        """Reload when the packs' or the tenants' digest changed. A broken pack or tenant document keeps the
        current rulebooks (logged)."""
        changed = self._reload_packs()
        if self.tenants is not None:
            changed = self.tenants.reload() or changed
        if changed:
            self._by_tenant = self._tenant_rulebooks()
        return changed

    def _reload_packs(self) -> bool:
        try:
            ruleset = load_rules(self._dir)
        except Exception:
            log.exception("rule pack reload failed; keeping version %s", self.rulebook.ruleset.version)
            return False
        if ruleset.digest == self.rulebook.ruleset.digest:
            return False
        self.rulebook = Rulebook.build(ruleset, self.normaliser)
        log.info("rule packs reloaded", extra={"rules_version": ruleset.version})
        return True
