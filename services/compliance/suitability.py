"""Investor suitability: the questionnaire scored into C1–C5, and the C×R matching rule.

Matching (CSRC Measures for the Administration of Investor Suitability, Order No. 130, and the SAC
implementation guidelines): a Cn investor may be offered R1..Rn. Above that level the platform shows a special
risk warning and may proceed only after the investor confirms in writing that they insist; the lowest category
(C1) may never be sold a product above its level, even on request.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from services.common.errors import FailedPrecondition, InvalidArgument
from services.compliance.rulebook import lang

LEVELS = ("C1", "C2", "C3", "C4", "C5")
RISKS = ("R1", "R2", "R3", "R4", "R5")
REGULATION = (
    "《证券期货投资者适当性管理办法》（证监会令第130号）；《证券经营机构投资者适当性管理实施指引（试行）》；"
    "CSRC Investor Suitability Measures (Order No. 130)"
)


@dataclass(frozen=True)
class Policy:
    """An institution's suitability policy, never looser than the regulation (the base ``check``): it may forbid
    the "investor insists" path above the investor's level, and cap the product risk it sells to anyone."""

    institution: str = ""  # named in its refusals
    allow_insist: bool = True
    max_product_risk: str = "R5"


BASE_POLICY = Policy()


@dataclass(frozen=True)
class Assessment:
    level: str
    score: int
    label: str
    suitable: tuple[str, ...]
    version: str
    valid_until_ms: int
    capped_by: str = ""


@dataclass(frozen=True)
class SuitabilityDecision:
    decision: str  # "allow", "warn", "refuse"
    message: str
    requires_confirmation: bool
    regulation: str = REGULATION


class Questionnaire:
    def __init__(self, data: dict[str, Any]) -> None:
        self.version = str(data["version"])
        self.validity_days = int(data.get("validity_days", 365))
        self.levels = sorted(data["levels"], key=lambda lv: int(lv["min_score"]))
        self.matrix: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in data["matrix"].items()}
        self.lowest = str(data.get("lowest_category", "C1"))
        self.questions: list[dict[str, Any]] = data["questions"]
        self.caps: list[dict[str, str]] = data.get("caps", [])

    @classmethod
    def load(cls, path: Path) -> Questionnaire:
        return cls(yaml.safe_load(path.read_text(encoding="utf-8")))

    def localized(self, locale: str) -> list[dict[str, Any]]:
        key = lang(locale)
        return [
            {"id": q["id"], "text": q[key], "options": [{"id": o["id"], "text": o[key]} for o in q["options"]]}
            for q in self.questions
        ]

    def assess(self, answers: dict[str, str], locale: str = "zh-CN", now_ms: int | None = None) -> Assessment:
        score = 0
        for q in self.questions:
            chosen = answers.get(q["id"])
            option = next((o for o in q["options"] if o["id"] == chosen), None)
            if option is None:
                raise InvalidArgument(f"question {q['id']} is unanswered or has an unknown option {chosen!r}")
            score += int(option["score"])
        unknown = set(answers) - {q["id"] for q in self.questions}
        if unknown:
            raise InvalidArgument(f"unknown questions: {sorted(unknown)}")
        level_row = [lv for lv in self.levels if score >= int(lv["min_score"])][-1]
        level, capped_by = str(level_row["level"]), ""
        for cap in self.caps:
            if answers.get(cap["question"]) == cap["option"] and LEVELS.index(cap["max_level"]) < LEVELS.index(level):
                level, capped_by = cap["max_level"], cap["question"]
        label = next(str(lv[lang(locale)]) for lv in self.levels if lv["level"] == level)
        now = now_ms if now_ms is not None else int(time.time() * 1000)
        return Assessment(level, score, label, self.matrix[level], self.version,
                          now + self.validity_days * 86_400_000, capped_by)

    def check(self, investor_level: str, product_risk: str, locale: str = "zh-CN",
              product_name: str = "", policy: Policy = BASE_POLICY) -> SuitabilityDecision:
        decision = self._check(investor_level, product_risk, locale, product_name)
        return _with_policy(decision, policy, product_risk, locale, product_name)

    def _check(self, investor_level: str, product_risk: str, locale: str, product_name: str) -> SuitabilityDecision:
        if investor_level not in LEVELS:
            raise InvalidArgument(f"investor level must be one of {LEVELS}, got {investor_level!r}")
        if product_risk not in RISKS:
            raise InvalidArgument(f"product risk must be one of {RISKS}, got {product_risk!r}")
        zh = lang(locale) == "zh"
        name = product_name or ("该产品" if zh else "this product")
        if product_risk in self.matrix[investor_level]:
            msg = (f"{name}（{product_risk}）与您的风险承受能力（{investor_level}）相匹配。"
                   if zh else f"{name} ({product_risk}) matches your risk profile ({investor_level}).")
            return SuitabilityDecision("allow", msg, False)
        if investor_level == self.lowest:
            msg = (f"根据投资者适当性管理规定，您的风险承受能力为最低类别（{investor_level}），"
                   f"平台不能向您销售或推荐风险等级为{product_risk}的{name}。"
                   if zh else
                   f"Under the investor-suitability rules, investors in the lowest risk category ({investor_level}) "
                   f"cannot be sold or recommended {name} (risk level {product_risk}).")
            return SuitabilityDecision("refuse", msg, False)
        msg = (f"特别风险警示：{name}的风险等级（{product_risk}）高于您的风险承受能力（{investor_level}），"
               "可能造成超出您承受能力的损失。如您仍坚持购买，需书面确认已知悉该风险。"
               if zh else
               f"Special risk warning: {name} has risk level {product_risk}, above your risk profile "
               f"({investor_level}); you could lose more than you can bear. If you still want to proceed, you must "
               "confirm in writing that you understand this risk.")
        return SuitabilityDecision("warn", msg, True)

    def confirmable(self, investor_level: str, product_risk: str, policy: Policy = BASE_POLICY) -> None:
        """Raise unless a confirmation may be recorded for this pair (only a 'warn' decision can be confirmed)."""
        decision = self.check(investor_level, product_risk, policy=policy)
        if decision.decision != "warn":
            raise FailedPrecondition(f"no confirmation possible: suitability decision is {decision.decision}",
                                     code=f"suitability_{decision.decision}")


def _with_policy(decision: SuitabilityDecision, policy: Policy, product_risk: str, locale: str,
                 product_name: str) -> SuitabilityDecision:
    """The institution's stricter policy on top of the regulation's decision (a refusal stays a refusal)."""
    if decision.decision == "refuse":
        return decision
    zh = lang(locale) == "zh"
    who = policy.institution or ("本机构" if zh else "This institution")
    name = product_name or ("该产品" if zh else "this product")
    if RISKS.index(product_risk) > RISKS.index(policy.max_product_risk):
        msg = (f"{who}不提供风险等级高于{policy.max_product_risk}的产品，{name}（{product_risk}）不在可售范围内。"
               if zh else f"{who} does not offer products above risk level {policy.max_product_risk}; {name} "
               f"({product_risk}) is not available.")
        return SuitabilityDecision("refuse", msg, False)
    if decision.decision == "warn" and not policy.allow_insist:
        msg = (f"{name}的风险等级（{product_risk}）高于您的风险承受能力，{who}不向投资者销售高于其风险等级的产品，"
               "即使投资者坚持购买。"
               if zh else f"{name} ({product_risk}) is above your risk profile, and {who} does not sell products "
               "above an investor's level, even when the investor insists.")
        return SuitabilityDecision("refuse", msg, False)
    return decision
