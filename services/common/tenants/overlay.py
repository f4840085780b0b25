"""The compliance overlay rule: a tenant's rule pack changes may be stricter than the base packs, never looser.

The base is the compliance service's rule set (``services/compliance/rules``), given here as plain
``BaseRule`` values so this module does not import the service. A tenant may, per base rule: take a stronger
action (block > rewrite > warn > disclaimer), raise the severity, add a scope, add literals. It may add rules of its
own (any action: an added rule only ever catches more). It may forbid the suitability "insist" path and cap the
product risk it offers. Anything else, a weaker action, a lower severity, dropping a scope, an unknown base rule, is
refused when the tenant is loaded, with the tenant, field and reason named.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from services.common.tenants.model import ACTIONS_STRICTEST_FIRST, SEVERITIES_STRICTEST_FIRST, TenantConfig


@dataclass(frozen=True)
class BaseRule:
    id: str
    action: str
    severity: str
    scope: tuple[str, ...]


def base_rules(rules: Iterable[Any]) -> dict[str, BaseRule]:
    """From any objects with ``id``, ``action``, ``severity`` and ``scope`` (the compliance ``Rule``)."""
    return {r.id: BaseRule(r.id, r.action, r.severity, tuple(r.scope)) for r in rules}


def _stricter_or_equal(order: tuple[str, ...], new: str, old: str) -> bool:
    return order.index(new) <= order.index(old)


def check_overlay(config: TenantConfig, base: Mapping[str, BaseRule]) -> list[tuple[str, str]]:
    """Problems as ``(field, reason)``; empty when the overlay is only ever stricter than ``base``."""
    problems = config.consistency_problems()
    seen: set[str] = set()
    for i, o in enumerate(config.compliance.rule_overrides):
        where = f"compliance.rule_overrides.{i}"
        rule = base.get(o.rule)
        if rule is None:
            problems.append((f"{where}.rule", f"no base rule {o.rule!r} (an override can only tighten a base rule)"))
            continue
        if o.rule in seen:
            problems.append((f"{where}.rule", f"rule {o.rule!r} is overridden twice"))
        seen.add(o.rule)
        if o.action and not _stricter_or_equal(ACTIONS_STRICTEST_FIRST, o.action, rule.action):
            allowed = ", ".join(a for a in _at_least(ACTIONS_STRICTEST_FIRST, rule.action)
                                if a != "rewrite" or rule.action == "rewrite")
            problems.append((f"{where}.action",
                             f"{o.action!r} is looser than the base action {rule.action!r} (allowed: {allowed})"))
        # Rewrites replace what matched with fixed text; a tenant's text, or the base text on words the base rule
        # never matched, could say exactly what the rule forbids, so a tenant tightens with block, never rewrite.
        if o.replacement:
            problems.append((f"{where}.replacement", "a tenant cannot set replacement text (it could say what the "
                                                     "rule forbids); the base rule's own is used"))
        if o.action == "rewrite" and rule.action != "rewrite":
            problems.append((f"{where}.action", "a tenant tightens a rule to 'block', not 'rewrite'"))
        if o.add_literals and (o.action or rule.action) == "rewrite":
            problems.append((f"{where}.add_literals", "a rewrite rule would rewrite the added words with its own "
                                                      "text; make it 'block' or add a rule of the tenant's own"))
        if o.severity and not _stricter_or_equal(SEVERITIES_STRICTEST_FIRST, o.severity, rule.severity):
            problems.append((f"{where}.severity", f"{o.severity!r} is lower than the base severity {rule.severity!r}"))
        if o.scope is not None and set(rule.scope) - set(o.scope):
            dropped = sorted(set(rule.scope) - set(o.scope))
            problems.append((f"{where}.scope", f"drops the base scope {dropped} (scopes can only be added)"))
    for i, extra in enumerate(config.compliance.extra_rules):
        if extra.action == "rewrite":
            problems.append((f"compliance.extra_rules.{i}.action",
                             "a tenant's own rule may block, warn or add a disclaimer, not rewrite"))
    clash = [r.id for r in config.compliance.extra_rules if r.id in base]
    if clash:
        problems.append(("compliance.extra_rules", f"ids {clash} are base rule ids; use rule_overrides to tighten"))
    return problems


def _at_least(order: tuple[str, ...], level: str) -> tuple[str, ...]:
    return order[: order.index(level) + 1]


def stricter(order: tuple[str, ...], a: str, b: str) -> str:
    """The stricter of two actions or severities (``order`` lists them strictest first)."""
    return a if order.index(a) <= order.index(b) else b


def effective_rule(rule: BaseRule, config: TenantConfig) -> BaseRule:
    """The base rule as it applies to this tenant (what compliance reviews with): never looser than the base, even
    when the base was tightened after the tenant's document was checked."""
    for o in config.compliance.rule_overrides:
        if o.rule == rule.id:
            scope = tuple(sorted(set(rule.scope) | set(o.scope or ())))
            action = stricter(ACTIONS_STRICTEST_FIRST, o.action or rule.action, rule.action)
            if action == "rewrite" and rule.action != "rewrite":
                action = "block"  # a tenant has no replacement text of its own (refused at load anyway)
            return BaseRule(rule.id, action,
                            stricter(SEVERITIES_STRICTEST_FIRST, o.severity or rule.severity, rule.severity), scope)
    return rule
