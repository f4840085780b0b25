"""Rule packs as data: loading, validation and the compiled, immutable rule set.

A pack is a YAML file (``rules/zh.yaml``, ``rules/en.yaml``) with a version, cue groups and rules. Every rule has
an id, category, severity, action, scope (input/output), rationale and the regulation it comes from. The loaded
set is replaced atomically on reload, so in-flight reviews keep the set they started with.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from services.common.errors import InvalidArgument

ACTIONS = ("block", "rewrite", "warn", "disclaimer")
SEVERITIES = ("critical", "high", "medium", "low")
SCOPES = ("input", "output")
# Cue groups the rulebook gives a meaning to (see matcher.evaluate).
CUE_GROUPS = ("intent", "defensive", "definitional", "strong", "script", "finance")


@dataclass(frozen=True)
class Rule:
    id: str
    pack: str
    category: str
    severity: str
    action: str
    scope: tuple[str, ...]
    rationale: str
    regulation: str
    literals: tuple[str, ...] = ()
    regex: tuple[str, ...] = ()
    requires: tuple[str, ...] = ()
    requires_all: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()
    strong_overrides: bool = False
    negatable: bool = False
    replacement: str = ""
    message: str = ""
    disclaimer: str = ""


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]
    cues: dict[str, tuple[str, ...]]
    versions: dict[str, str]
    digest: str
    disclaimers: dict[str, dict[str, str]] = field(default_factory=dict)
    notices: dict[str, dict[str, str]] = field(default_factory=dict)
    # Technical terms that contain a forbidden phrase but promise nothing ("risk-free rate", "无风险利率"):
    # a rule hit that lies inside one does not count.
    neutral_terms: tuple[str, ...] = ()

    @property
    def version(self) -> str:
        packs = ",".join(f"{k}@{v}" for k, v in sorted(self.versions.items()))
        return f"{packs}#{self.digest[:12]}"

    def by_id(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)


def _tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


def _rule(pack: str, raw: dict[str, Any]) -> Rule:
    try:
        rule = Rule(
            id=str(raw["id"]), pack=pack, category=str(raw["category"]), severity=str(raw["severity"]),
            action=str(raw["action"]), scope=_tuple(raw["scope"]), rationale=str(raw["rationale"]),
            regulation=str(raw["regulation"]), literals=_tuple(raw.get("literals")), regex=_tuple(raw.get("regex")),
            requires=_tuple(raw.get("requires")), requires_all=_tuple(raw.get("requires_all")),
            unless=_tuple(raw.get("unless")),
            strong_overrides=bool(raw.get("strong_overrides", False)), negatable=bool(raw.get("negatable", False)),
            replacement=str(raw.get("replacement", "")), message=str(raw.get("message", "")),
            disclaimer=str(raw.get("disclaimer", "")),
        )
    except KeyError as err:
        raise InvalidArgument(f"rule in pack {pack} lacks field {err}") from err
    problems = [
        f"action {rule.action}" if rule.action not in ACTIONS else "",
        f"severity {rule.severity}" if rule.severity not in SEVERITIES else "",
        f"scope {rule.scope}" if not rule.scope or set(rule.scope) - set(SCOPES) else "",
        "no literals or regex" if not rule.literals and not rule.regex else "",
        f"cue groups {rule.requires + rule.unless}"
        if set(rule.requires + rule.requires_all + rule.unless) - set(CUE_GROUPS) else "",
        "rewrite without replacement" if rule.action == "rewrite" and not rule.replacement else "",
    ]
    bad = [p for p in problems if p]
    if bad:
        raise InvalidArgument(f"rule {rule.id}: invalid {', '.join(bad)}")
    return rule


def packs_digest(rules_dir: Path) -> str:
    """The digest ``load_rules`` gives the packs, from their bytes alone: a reload check that parses nothing."""
    digest = hashlib.sha256()
    for path in sorted(rules_dir.glob("*.yaml")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def load_rules(rules_dir: Path) -> RuleSet:
    """Load every ``*.yaml`` pack plus ``texts.yaml`` (disclaimers, notices) from ``rules_dir``."""
    rules: list[Rule] = []
    cues: dict[str, list[str]] = {g: [] for g in CUE_GROUPS}
    versions: dict[str, str] = {}
    digest = hashlib.sha256()
    texts: dict[str, Any] = {}
    neutral: list[str] = []
    for path in sorted(rules_dir.glob("*.yaml")):
        raw_bytes = path.read_bytes()
        digest.update(raw_bytes)
        data = yaml.safe_load(raw_bytes) or {}
        if path.name == "texts.yaml":
            texts = data
            continue
        if "pack" not in data:
            continue
        pack = str(data["pack"])
        versions[pack] = str(data.get("version", "0"))
        for group, words in (data.get("cues") or {}).items():
            if group not in cues:
                raise InvalidArgument(f"pack {pack}: unknown cue group {group}")
            cues[group].extend(_tuple(words))
        neutral.extend(_tuple(data.get("neutral_terms")))
        rules.extend(_rule(pack, r) for r in data.get("rules") or [])
    ids = [r.id for r in rules]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise InvalidArgument(f"duplicate rule ids: {sorted(duplicates)}")
    if not rules:
        raise InvalidArgument(f"no rule packs in {rules_dir}")
    return RuleSet(
        rules=tuple(rules),
        cues={g: tuple(w) for g, w in cues.items()},
        versions=versions,
        digest=digest.hexdigest(),
        disclaimers=texts.get("disclaimers", {}),
        notices=texts.get("notices", {}),
        neutral_terms=tuple(neutral),
    )
