"""Each tenant's rulebook and suitability policy: the overlay tightens the base rules for that tenant only, its
disclaimers follow the base ones, a tenant without a document gets the default tenant's rules, an edit is picked up
by reload while a review that started before it keeps its rulebook, and the institution's policy can refuse what
the regulation would only warn about, never the reverse."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from services.common.tenants import TenantConfigError, TenantsHolder, base_rules
from services.compliance.normalize import Normaliser
from services.compliance.review import StreamReviewer
from services.compliance.rulebook import RulebookHolder
from services.compliance.rules import load_rules
from services.compliance.settings import DEFAULT_TENANTS_DIR
from services.compliance.suitability import LEVELS, RISKS, Policy, Questionnaire

HARBOR = "harbor-securities"


@pytest.fixture
def tdir(tmp_path: Path) -> Path:
    d = tmp_path / "tenants"
    shutil.copytree(DEFAULT_TENANTS_DIR, d)
    return d


@pytest.fixture
def holder(tdir: Path, rules_dir: Path, normaliser: Normaliser) -> RulebookHolder:
    tenants = TenantsHolder(tdir, base_rules(load_rules(rules_dir).rules))
    return RulebookHolder(rules_dir, normaliser, tenants)


def _review(holder: RulebookHolder, tenant: str, text: str, locale: str = "en") -> StreamReviewer:
    reviewer = StreamReviewer(holder.for_tenant(tenant), locale)
    reviewer.feed(text)
    reviewer.finish()
    return reviewer


def test_overrides_and_extra_rules_apply_to_their_tenant_only(holder: RulebookHolder) -> None:
    leverage = "You could use 3x leverage to boost returns, but it is risky."
    base, harbor = _review(holder, "default", leverage), _review(holder, HARBOR, leverage)
    assert [h.rule.id for h in base.hits] == ["en.warn.leverage"] and not base.blocked  # the base only warns
    assert harbor.blocked and [h.rule.id for h in harbor.hits] == ["en.warn.leverage"]  # the broker blocks it
    ipo = (("New listings always rise, so an IPO is a sure win.", "en"), ("打新必赚，新股必涨。", "zh-CN"))
    for text, locale in ipo:
        assert not _review(holder, "default", text, locale).blocked
        harbor = _review(holder, HARBOR, text, locale)
        assert harbor.blocked and f"{HARBOR}.promise.ipo" in {h.rule.id for h in harbor.hits}


def test_every_base_rule_stays_in_force_for_every_tenant(holder: RulebookHolder) -> None:
    base = {r.id: r for r in holder.rulebook.ruleset.rules}
    harbor = {r.id: r for r in holder.for_tenant(HARBOR).ruleset.rules}
    assert set(base) <= set(harbor)
    for rule_id, rule in base.items():
        assert set(rule.scope) <= set(harbor[rule_id].scope) and set(rule.literals) <= set(harbor[rule_id].literals)
    guarantee = "This fund is guaranteed to double your money."
    assert _review(holder, "default", guarantee).hits and _review(holder, HARBOR, guarantee).hits


def test_disclaimers_follow_the_base_ones_and_versions_name_the_tenant(holder: RulebookHolder) -> None:
    base = holder.rulebook.disclaimer("zh-CN", "product")
    harbor = holder.for_tenant(HARBOR).disclaimer("zh-CN", "product")
    assert harbor.startswith(base + "\n") and "港湾证券提示：购买前请阅读产品说明书" in harbor
    assert holder.for_tenant(HARBOR).disclaimer("en", "advice").endswith(
        "the product documents published by Harbor Securities prevail.")  # no "advice" text: its general one
    assert f"tenant:{HARBOR}@" in holder.for_tenant(HARBOR).ruleset.version
    assert holder.for_tenant("default") is holder.rulebook  # nothing to add: the base rulebook itself
    assert holder.for_tenant("no-such-tenant") is holder.rulebook  # served as the default tenant


def test_an_edit_is_reloaded_and_a_review_in_flight_keeps_its_rulebook(holder: RulebookHolder, tdir: Path) -> None:
    started = StreamReviewer(holder.for_tenant(HARBOR), "en")
    path = tdir / f"{HARBOR}.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["compliance"]["extra_rules"][0]["literals"].append("moon shot certain")
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    assert holder.reload()
    assert _review(holder, HARBOR, "This stock is a moon shot certain to pay.").blocked
    started.finish("This stock is a moon shot certain to pay.")
    assert not started.blocked

    doc["compliance"]["rule_overrides"][0]["action"] = "disclaimer"  # looser than the base warn: refused, current kept
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    current = holder.for_tenant(HARBOR)
    assert not holder.reload()
    assert holder.for_tenant(HARBOR) is current


@pytest.fixture(scope="module")
def q(rules_dir: Path) -> Questionnaire:
    return Questionnaire.load(rules_dir / "questionnaire.yaml")


def test_policy_never_allows_what_the_regulation_refuses(q: Questionnaire) -> None:
    strictest = Policy("Harbor", allow_insist=False, max_product_risk="R1")
    for level in LEVELS:
        for risk in RISKS:
            base = q.check(level, risk, "en").decision
            tenant = q.check(level, risk, "en", policy=strictest).decision
            order = ("allow", "warn", "refuse")
            assert order.index(tenant) >= order.index(base), (level, risk)


def test_policy_refuses_above_its_cap_and_the_insist_path(q: Questionnaire) -> None:
    harbor = Policy("港湾证券", allow_insist=False, max_product_risk="R4")
    capped = q.check("C5", "R5", "zh-CN", "某期货产品", harbor)
    assert capped.decision == "refuse" and "港湾证券不提供风险等级高于R4的产品" in capped.message
    assert q.check("C5", "R4", "zh-CN", policy=harbor).decision == "allow"
    # C3 buying R4: the regulation warns and allows a written insistence; this institution refuses
    assert q.check("C3", "R4", "en").decision == "warn"
    refused = q.check("C3", "R4", "en", "Harbor CSI 300 ETF", Policy("Harbor Securities", False, "R4"))
    assert refused.decision == "refuse" and not refused.requires_confirmation
    assert "Harbor Securities does not sell products above an investor's level" in refused.message
    with pytest.raises(Exception, match="suitability decision is refuse"):
        q.confirmable("C3", "R4", Policy("Harbor Securities", False, "R4"))
    q.confirmable("C3", "R4")  # the base policy still allows the confirmation


def test_a_tenant_stays_at_least_as_strict_when_the_base_packs_tighten(tdir: Path, rules_dir: Path, tmp_path: Path,
                                                                        normaliser: Normaliser) -> None:
    """A document checked against the old packs (its override equals the base's warn) must not loosen the rule
    when the packs later make it block: the overlay is applied monotonically."""
    packs = tmp_path / "rules"
    shutil.copytree(rules_dir, packs)
    doc = yaml.safe_load((tdir / f"{HARBOR}.yaml").read_text(encoding="utf-8"))
    doc["compliance"]["rule_overrides"] = [{"rule": "en.warn.leverage", "action": "warn", "severity": "medium"}]
    (tdir / f"{HARBOR}.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    holder = RulebookHolder(packs, normaliser, TenantsHolder(tdir, base_rules(load_rules(packs).rules)))
    text = "You could use 3x leverage to boost returns, but it is risky."
    assert not _review(holder, HARBOR, text).blocked
    pack = packs / "en.yaml"
    raw = pack.read_text(encoding="utf-8")
    start = raw.index("id: en.warn.leverage")
    head, tail = raw[:start], raw[start:]
    pack.write_text(head + tail.replace("action: warn", "action: block", 1).replace("severity: medium",
                                                                                   "severity: critical", 1),
                    encoding="utf-8")
    assert holder.reload()
    for tenant in ("default", HARBOR):
        assert _review(holder, tenant, text).blocked, tenant
        rule = holder.for_tenant(tenant).ruleset.by_id("en.warn.leverage")
        assert (rule.action, rule.severity) == ("block", "critical"), tenant


@pytest.mark.parametrize("override, field", [
    ({"rule": "en.promise.certainty", "replacement": "will definitely rise, guaranteed"}, "replacement"),
    ({"rule": "en.warn.leverage", "action": "rewrite"}, "action"),
    ({"rule": "en.promise.certainty", "add_literals": ["you could lose money"]}, "add_literals"),
])
def test_a_tenant_cannot_write_rewrite_text(tdir: Path, rules_dir: Path, override: dict, field: str) -> None:
    """Rewrites replace what matched with fixed text; a tenant's text (or the base text on words the base rule never
    matched) could say exactly what the rule forbids, so none of these loads."""
    base = base_rules(load_rules(rules_dir).rules)
    assert base["en.promise.certainty"].action == "rewrite"
    doc = yaml.safe_load((tdir / f"{HARBOR}.yaml").read_text(encoding="utf-8"))
    doc["compliance"]["rule_overrides"] = [override]
    (tdir / f"{HARBOR}.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    with pytest.raises(TenantConfigError) as info:
        TenantsHolder(tdir, base)
    assert [p.field for p in info.value.problems] == [f"compliance.rule_overrides.0.{field}"]
    doc["compliance"]["rule_overrides"] = []
    doc["compliance"]["extra_rules"] = [{"id": f"{HARBOR}.soften", "category": "promise", "severity": "high",
                                         "action": "rewrite", "scope": ["output"], "rationale": "r",
                                         "regulation": "r", "literals": ["you could lose money"],
                                         "replacement": "your capital is fully protected"}]
    (tdir / f"{HARBOR}.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    with pytest.raises(TenantConfigError) as info:
        TenantsHolder(tdir, base)
    assert [p.field for p in info.value.problems] == ["compliance.extra_rules.0.action"]
