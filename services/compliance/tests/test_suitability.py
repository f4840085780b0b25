from __future__ import annotations

from pathlib import Path

import pytest

from services.common.errors import FailedPrecondition, InvalidArgument
from services.compliance.suitability import LEVELS, RISKS, Questionnaire


@pytest.fixture(scope="module")
def q(rules_dir: Path) -> Questionnaire:
    return Questionnaire.load(rules_dir / "questionnaire.yaml")


def answers(q: Questionnaire, option: str, **override: str) -> dict[str, str]:
    return {**{item["id"]: option for item in q.questions}, **override}


def test_lowest_and_highest_answers(q: Questionnaire) -> None:
    assert q.assess(answers(q, "a")).level == "C1"
    top = q.assess(answers(q, "d", q1_age="b", q4_share="a"), "en")
    assert top.level == "C5" and top.label == "Aggressive" and top.suitable == RISKS


def test_middle_scores_and_labels(q: Questionnaire) -> None:
    result = q.assess(answers(q, "b"), "zh-CN")
    assert result.score == 10 + 4 + 4 + 7 + 4 + 4 + 4 + 4 + 4 + 3
    assert result.level == "C3" and result.label == "平衡型" and result.suitable == ("R1", "R2", "R3")


def test_accepting_no_loss_caps_the_level(q: Questionnaire) -> None:
    result = q.assess(answers(q, "d", q9_loss="a"))
    assert result.level == "C1" and result.capped_by == "q9_loss"


def test_unanswered_or_unknown_answers_are_rejected(q: Questionnaire) -> None:
    partial = answers(q, "a")
    del partial["q3_assets"]
    with pytest.raises(InvalidArgument):
        q.assess(partial)
    with pytest.raises(InvalidArgument):
        q.assess(answers(q, "z"))
    with pytest.raises(InvalidArgument):
        q.assess({**answers(q, "a"), "q99": "a"})


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("risk", RISKS)
def test_matrix(q: Questionnaire, level: str, risk: str) -> None:
    decision = q.check(level, risk, "zh-CN", "某产品")
    if int(risk[1]) <= int(level[1]):
        assert decision.decision == "allow" and not decision.requires_confirmation
    elif level == "C1":
        assert decision.decision == "refuse" and "最低类别" in decision.message
    else:
        assert decision.decision == "warn" and decision.requires_confirmation and "特别风险警示" in decision.message


def test_confirmation_only_for_warnings(q: Questionnaire) -> None:
    q.confirmable("C2", "R4")
    with pytest.raises(FailedPrecondition):
        q.confirmable("C1", "R2")  # the lowest category cannot be sold above its level, even on request
    with pytest.raises(FailedPrecondition):
        q.confirmable("C3", "R2")  # nothing to confirm
    with pytest.raises(InvalidArgument):
        q.check("C6", "R1")
