"""The compiled rulebook (normaliser + per-scope matchers + texts) and its hot-reload holder."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from services.compliance.matcher import Matcher
from services.compliance.normalize import Normaliser
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

    @classmethod
    def build(cls, ruleset: RuleSet, normaliser: Normaliser) -> Rulebook:
        out = Matcher(ruleset, normaliser, "output")
        return cls(
            ruleset=ruleset,
            normaliser=normaliser,
            input_matcher=Matcher(ruleset, normaliser, "input"),
            output_matcher=out,
            holdback=max(MIN_HOLDBACK, out.max_literal),
        )

    def disclaimer(self, locale: str, content_type: str) -> str:
        texts = self.ruleset.disclaimers.get(lang(locale), {})
        return texts.get(content_type) or texts.get("general", "")

    def notice(self, locale: str, key: str) -> str:
        return self.ruleset.notices.get(lang(locale), {}).get(key, key)


class RulebookHolder:
    """Holds the current rulebook; ``reload()`` swaps in a new one atomically when the packs changed, so rules
    are updated without a restart and in-flight reviews finish on the rulebook they started with."""

    def __init__(self, rules_dir: Path, normaliser: Normaliser | None = None) -> None:
        self._dir = rules_dir
        self.normaliser = normaliser or Normaliser.build()
        self.rulebook = Rulebook.build(load_rules(rules_dir), self.normaliser)

    def reload(self) -> bool:
        """Reload when the packs' digest changed. A broken pack keeps the current rulebook (logged)."""
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
