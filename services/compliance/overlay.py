"""A tenant's rulebook: the base packs with the tenant's overlay applied, and its disclaimers after the base ones.

The overlay was checked "stricter, never looser" when the tenant documents loaded
(``services.common.tenants.check_overlay``), so applying it here can only tighten: a stronger action or higher
severity on a base rule, more scopes, more literals, and the tenant's own rules added beside the base ones.
"""

from __future__ import annotations

import dataclasses
import hashlib

from services.common.tenants import BaseRule, TenantConfig, effective_rule
from services.compliance.rules import Rule, RuleSet


def has_overlay(config: TenantConfig) -> bool:
    """False when the tenant's rulebook is the base one (no rule changes, no disclaimers of its own)."""
    c = config.compliance
    return bool(c.rule_overrides or c.extra_rules or config.disclaimers.zh or config.disclaimers.en)


def _tightened(rule: Rule, config: TenantConfig) -> Rule:
    """The base rule with the tenant's override, monotone by construction: the stricter action and severity, the
    union of scopes, added words only where they are blocked, warned or disclaimed (never rewritten), the base
    replacement text. So even a document checked against older packs cannot loosen a rule the packs tightened."""
    override = next((o for o in config.compliance.rule_overrides if o.rule == rule.id), None)
    if override is None:
        return rule
    effective = effective_rule(BaseRule(rule.id, rule.action, rule.severity, rule.scope), config)
    return dataclasses.replace(
        rule, action=effective.action, severity=effective.severity, scope=effective.scope,
        literals=rule.literals + (override.add_literals if effective.action != "rewrite" else ()),
    )


def tenant_ruleset(base: RuleSet, config: TenantConfig) -> RuleSet:
    extra = tuple(
        Rule(id=r.id, pack=f"tenant:{config.tenant}", category=r.category, severity=r.severity,
             action="block" if r.action == "rewrite" else r.action,  # refused at load; never a tenant's text
             scope=r.scope, rationale=r.rationale, regulation=r.regulation, literals=r.literals, regex=r.regex,
             message=r.message)
        for r in config.compliance.extra_rules
    )
    doc = config.model_dump_json().encode()
    digest = hashlib.sha256(base.digest.encode() + b"\0" + doc).hexdigest()
    return dataclasses.replace(
        base,
        rules=tuple(_tightened(r, config) for r in base.rules) + extra,
        versions={**base.versions, f"tenant:{config.tenant}": config.version},
        digest=digest,
    )


def addenda(config: TenantConfig) -> dict[str, dict[str, str]]:
    """The tenant's disclaimers by language and content type (``Rulebook.disclaimer`` shows them after the base)."""
    return {code: dict(texts) for code, texts in (("zh", config.disclaimers.zh), ("en", config.disclaimers.en))
            if texts}
