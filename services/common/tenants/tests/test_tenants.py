"""Tenant documents: the examples load; every kind of bad document is refused with tenant, field and reason; an
overlay can only tighten the base rules; the holder hot-reloads by digest and keeps the current set on a bad edit."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest
import yaml

from services.common.tenants import (
    KNOWN_TOOLS,
    BaseRule,
    TenantConfigError,
    TenantsHolder,
    base_rules,
    effective_rule,
    load_tenants,
)
from services.common.tenants.model import ACTIONS_STRICTEST_FIRST, SCOPES, SEVERITIES_STRICTEST_FIRST
from services.compliance import rules as compliance_rules
from services.dialogue.planning import calls

ROOT = Path(__file__).resolve().parents[4]
EXAMPLES = ROOT / "tenants"
BASE = base_rules(compliance_rules.load_rules(ROOT / "services" / "compliance" / "rules").rules)


@pytest.fixture
def tdir(tmp_path: Path) -> Path:
    d = tmp_path / "tenants"
    shutil.copytree(EXAMPLES, d)
    return d


def _edit(tdir: Path, tenant: str, change: dict) -> None:
    path = tdir / f"{tenant}.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc.update(change)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")


def _problems(tdir: Path) -> list[str]:
    with pytest.raises(TenantConfigError) as info:
        load_tenants(tdir, BASE)
    return [str(p) for p in info.value.problems]


def test_mirrors_of_other_services_constants_stay_equal() -> None:
    assert set(ACTIONS_STRICTEST_FIRST) == set(compliance_rules.ACTIONS)
    assert set(SEVERITIES_STRICTEST_FIRST) == set(compliance_rules.SEVERITIES)
    assert set(SCOPES) == set(compliance_rules.SCOPES)
    planner_tools = {v for k, v in vars(calls).items() if k.isupper() and isinstance(v, str)}
    assert set(KNOWN_TOOLS) <= planner_tools


def test_examples_load() -> None:
    ts = load_tenants(EXAMPLES, BASE)
    assert set(ts.tenants) == {"default", "harbor-securities"}
    harbor = ts.tenants["harbor-securities"]
    assert harbor.persona.greeting.get("en").startswith("Hello, I am Harbor")
    assert [p.id for p in harbor.shelf_for("R2")] == ["HB-MM-01", "HB-BOND-02"]
    assert harbor.quotas.turns_per_s == 20
    leverage = effective_rule(BASE["en.warn.leverage"], harbor)
    assert (leverage.action, leverage.severity) == ("block", "high")
    assert effective_rule(BASE["en.promise.certainty"], harbor) == BASE["en.promise.certainty"]


def test_schema_errors_name_tenant_field_and_reason(tdir: Path) -> None:
    _edit(tdir, "harbor-securities", {"quotas": {"turns_per_s": 0}, "tools": ["analyze_portfolio", "launch_rocket"],
                                      "colour": "blue"})
    problems = _problems(tdir)
    assert any("tenant 'harbor-securities': quotas.turns_per_s: Input should be greater than 0" in p for p in problems)
    assert any("tools: Value error, unknown tools ['launch_rocket']" in p for p in problems)
    assert any("colour: Extra inputs are not permitted" in p for p in problems)
    assert all(p.startswith("harbor-securities.yaml: ") for p in problems)


def test_products_risks_and_shelf_rules(tdir: Path) -> None:
    _edit(tdir, "harbor-securities", {"products": [
        {"id": "X", "name": {"zh": "x", "en": "x"}, "kind": "etf", "risk": "R6"},
        {"id": "Y", "name": {"zh": "y", "en": "y"}, "kind": "derivative", "risk": "R5"}]})
    problems = _problems(tdir)
    assert any("products.0.risk: Input should be 'R1', 'R2', 'R3', 'R4' or 'R5'" in p for p in problems)
    _edit(tdir, "harbor-securities", {"products": [
        {"id": "Y", "name": {"zh": "y", "en": "y"}, "kind": "derivative", "risk": "R5"}]})
    assert any("products.0.risk: R5 is above the tenant's max_product_risk R4" in p for p in _problems(tdir))


def test_the_persona_fits_the_prompt_and_products_have_names_to_recognise(tdir: Path) -> None:
    _edit(tdir, "harbor-securities", {"persona": {
        "name": {"zh": "港湾证券小港", "en": "Harbor's assistant"}, "greeting": {"zh": "您好", "en": "Hello"},
        "style": {"zh": "回答时" * 16, "en": "Be brief."}}})
    assert any("persona.zh: name, display name and style take 58 characters; the prompt allows 56 in this "
               "language" in p for p in _problems(tdir))
    _edit(tdir, "harbor-securities", {"products": [
        {"id": "HB-X", "name": {"zh": "金", "en": "Gold"}, "kind": "other", "risk": "R3"}]})
    assert any("products.0.name: names must be at least 2 (zh) and 3 (en) characters" in p for p in _problems(tdir))


@pytest.mark.parametrize(("override", "reason"), [
    ({"rule": "en.promise.guarantee", "action": "warn"}, "'warn' is looser than the base action 'block'"),
    ({"rule": "en.promise.certainty", "severity": "low"}, "'low' is lower than the base severity 'high'"),
    ({"rule": "en.warn.leverage", "scope": ["input"]}, "drops the base scope ['output']"),
    ({"rule": "en.no.such.rule", "action": "block"}, "no base rule 'en.no.such.rule'"),
    ({"rule": "en.warn.leverage", "action": "rewrite"}, "a tenant tightens a rule to 'block', not 'rewrite'"),
    ({"rule": "en.warn.leverage", "enabled": False}, "enabled: Extra inputs are not permitted"),
])
def test_overlay_is_never_looser(tdir: Path, override: dict, reason: str) -> None:
    _edit(tdir, "harbor-securities", {"compliance": {"rule_overrides": [override]}})
    problems = _problems(tdir)
    assert any("tenant 'harbor-securities': compliance.rule_overrides" in p and reason in p for p in problems), problems


def test_overlay_may_tighten_and_add(tdir: Path) -> None:
    _edit(tdir, "harbor-securities", {"compliance": {"rule_overrides": [
        {"rule": "en.disclaimer.performance", "action": "warn", "severity": "medium", "scope": ["input", "output"]},
        {"rule": "en.promise.guarantee", "action": "block", "add_literals": ["sure thing"]}]}})
    harbor = load_tenants(tdir, BASE).tenants["harbor-securities"]
    assert effective_rule(BASE["en.disclaimer.performance"], harbor) == BaseRule(
        "en.disclaimer.performance", "warn", "medium", ("input", "output"))


def test_extra_rules_are_the_tenants_own(tdir: Path) -> None:
    rule = {"category": "promise", "severity": "high", "action": "block", "scope": ["output"], "rationale": "r",
            "regulation": "g", "literals": ["x"]}
    _edit(tdir, "harbor-securities", {"compliance": {"extra_rules": [
        {**rule, "id": "other-bank.x"}, {**rule, "id": "harbor-securities.y", "literals": [], "regex": ["("]}]}})
    assert any("compliance.extra_rules.1: Value error, regex '(' does not compile" in p for p in _problems(tdir))
    _edit(tdir, "harbor-securities", {"compliance": {"extra_rules": [{**rule, "id": "other-bank.x"}]}})
    assert any("compliance.extra_rules.0.id: 'other-bank.x' must start with 'harbor-securities.'" in p
               for p in _problems(tdir))


def test_file_name_default_tenant_and_yaml_errors(tdir: Path) -> None:
    (tdir / "broken.yaml").write_text("tenant: [unclosed\n", encoding="utf-8")
    (tdir / "list.yaml").write_text("- a\n", encoding="utf-8")
    _edit(tdir, "harbor-securities", {"tenant": "harbour"})
    (tdir / "default.yaml").unlink()
    problems = _problems(tdir)
    assert any(p.startswith("broken.yaml: tenant 'broken': (document): not valid YAML") for p in problems)
    assert any("tenant 'list': (document): the document must be a mapping" in p for p in problems)
    assert any("tenant 'harbour': tenant: must equal the file name 'harbor-securities'" in p for p in problems)
    (tdir / "broken.yaml").unlink()
    (tdir / "list.yaml").unlink()
    _edit(tdir, "harbor-securities", {"tenant": "harbor-securities"})
    assert any("the default tenant has no document (default.yaml)" in p for p in _problems(tdir))


def test_configmap_layout_is_read(tmp_path: Path) -> None:
    """A mounted ConfigMap: files are symlinks into ..data, which points at a timestamped directory."""
    mount = tmp_path / "mount"
    stamp = mount / "..2026_01_01_00_00_00.1"
    shutil.copytree(EXAMPLES, stamp)
    (mount / "..data").symlink_to(stamp.name)
    for f in EXAMPLES.glob("*.yaml"):
        (mount / f.name).symlink_to(Path("..data") / f.name)
    assert set(load_tenants(mount, BASE).tenants) == {"default", "harbor-securities"}


def test_holder_reloads_by_digest_and_keeps_current_on_bad_edit(tdir: Path) -> None:
    holder = TenantsHolder(tdir, BASE)
    before = holder.get("harbor-securities")
    assert before is not None
    assert holder.reload() is False  # nothing changed
    _edit(tdir, "harbor-securities", {"version": "2026.02.4", "quotas": {"turns_per_s": 7}})
    assert holder.reload() is True
    after = holder.get("harbor-securities")
    assert after is not None and after.version == "2026.02.4" and after.quotas.turns_per_s == 7
    assert before.version == "2026.02.3"  # whoever held the old document keeps it unchanged
    _edit(tdir, "harbor-securities", {"version": "2026.02.5",
                                      "compliance": {"rule_overrides": [{"rule": "en.promise.guarantee",
                                                                         "action": "disclaimer"}]}})
    assert holder.reload() is False
    assert holder.get("harbor-securities") is after
    assert any("looser than the base action" in e for e in holder.errors_for("harbor-securities"))
    assert holder.errors_for("default") == []
    assert holder.resolve("unknown-bank").tenant == "default"


def test_invalid_directory_at_start_is_an_error(tdir: Path) -> None:
    _edit(tdir, "default", {"quotas": {"tokens_per_day": -1}})
    with pytest.raises(TenantConfigError, match=r"tenant 'default': quotas\.tokens_per_day"):
        TenantsHolder(tdir, BASE)


async def test_watch_picks_up_a_change(tdir: Path) -> None:
    holder = TenantsHolder(tdir, BASE)
    task = asyncio.create_task(holder.watch(0.05))
    try:
        _edit(tdir, "default", {"version": "2026.09.9"})
        for _ in range(100):
            if holder.resolve("default").version == "2026.09.9":
                break
            await asyncio.sleep(0.02)
        assert holder.resolve("default").version == "2026.09.9"
    finally:
        task.cancel()
