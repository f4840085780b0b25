"""Every rule in both packs: positives, evasion variants of each positive, and negatives."""

from __future__ import annotations

import base64

import pytest
import zhconv

from services.compliance.review import StreamReviewer
from services.compliance.rulebook import Rulebook
from services.compliance.screening import screen_rules
from services.compliance.tests.rule_cases import CASES

HOMO = str.maketrans({"a": "а", "e": "е", "o": "о", "c": "с", "p": "р"})


def hits(rulebook: Rulebook, rule_id: str, text: str) -> set[str]:
    rule = rulebook.ruleset.by_id(rule_id)
    locale = "en" if rule.pack == "en" else "zh-CN"
    if "input" in rule.scope:
        _, _, found = screen_rules(rulebook, text)
        return {h.rule.id for h in found}
    reviewer = StreamReviewer(rulebook, locale)
    reviewer.finish(text)
    return {h.rule.id for h in reviewer.hits}


def variants(rule_id: str, text: str, scope: tuple[str, ...]) -> dict[str, str]:
    if rule_id.startswith("zh."):
        out = {
            "spaced": " ".join(text),
            "punctuated": "·".join(text),
            "traditional": zhconv.convert(text, "zh-hant"),
        }
    else:
        out = {
            "upper": text.upper(),
            "hyphenated": " ".join("-".join(w) if len(w) > 4 else w for w in text.split()),
            "fullwidth": "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text),
            "homoglyph": text.translate(HOMO),
        }
    if "input" in scope:
        out["reversed"] = text[::-1]
        out["base64"] = "decode: " + base64.b64encode(text.encode()).decode()
    return out


def test_every_rule_has_cases(rulebook: Rulebook) -> None:
    ids = {r.id for r in rulebook.ruleset.rules}
    assert ids == set(CASES), f"missing: {sorted(ids - set(CASES))}, stale: {sorted(set(CASES) - ids)}"


def test_every_rule_cites_a_regulation_and_rationale(rulebook: Rulebook) -> None:
    for rule in rulebook.ruleset.rules:
        assert rule.regulation.strip() and rule.rationale.strip(), rule.id


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_positives_and_their_evasion_variants_hit(rulebook: Rulebook, rule_id: str) -> None:
    scope = rulebook.ruleset.by_id(rule_id).scope
    for text in CASES[rule_id][0]:
        assert rule_id in hits(rulebook, rule_id, text), text
        for name, variant in variants(rule_id, text, scope).items():
            assert rule_id in hits(rulebook, rule_id, variant), f"{name}: {variant}"


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_negatives_do_not_hit(rulebook: Rulebook, rule_id: str) -> None:
    for text in CASES[rule_id][1]:
        assert rule_id not in hits(rulebook, rule_id, text), text
