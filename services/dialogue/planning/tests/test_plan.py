"""The deterministic planner: the right tool with the user's own numbers, or a question, never a guess."""

from __future__ import annotations

import pytest

from services.dialogue.planning.intent import IntentClassifier
from services.dialogue.planning.plan import ANALYZE, LOAN, QUESTIONNAIRE, SAVINGS, SUITABILITY, Planner, Profile

PLANNER = Planner(IntentClassifier(), {"zh": "000001.SH", "en": "SP500"})


def test_no_rate_asks_for_one_and_offers_history_which_is_used_only_when_asked() -> None:
    question = "我每月定投2000元，十年后大概有多少？"
    asked = PLANNER.plan(question, "zh-CN", Profile())
    assert asked.intent == "savings_projection" and asked.calls == ()
    assert "预期年化收益率" in asked.clarify and "按历史数据" in asked.clarify and "上证综合指数" in asked.clarify
    plan = PLANNER.plan("按历史数据算", "zh-CN", Profile(), earlier=[question])
    assert [c.tool for c in plan.calls] == [SAVINGS]
    args = plan.calls[0].args
    assert args["monthly_contribution"] == 2000 and args["months"] == 120 and args["currency"] == "CNY"
    assert args["bootstrap_instrument"] == "000001.SH" and "annual_return" not in args
    named = PLANNER.plan("I put $300 a month into the S&P 500 for 15 years, how much based on its history?", "en",
                         Profile())
    assert named.calls[0].args["bootstrap_instrument"] == "SP500" and named.calls[0].args["monthly_contribution"] == 300


@pytest.mark.parametrize("text", ["I want $1m in 20 years, how much do I need to save monthly?",
                                  "我想20年后有100万，扣除3%通胀，每月存3000够吗"])
def test_a_goal_or_real_value_without_a_rate_asks_with_no_history_offer(text: str) -> None:
    plan = PLANNER.plan(text, "en" if text.isascii() else "zh-CN", Profile())
    assert plan.calls == () and plan.clarify and "history" not in plan.clarify and "历史" not in plan.clarify


def test_user_rate_is_used_as_given() -> None:
    plan = PLANNER.plan("I save $500 a month for 20 years at 5%, how much will I have?", "en", Profile())
    assert plan.calls[0].args["annual_return"] == 0.05 and plan.calls[0].args["months"] == 240


def test_missing_horizon_asks_instead_of_guessing() -> None:
    plan = PLANNER.plan("我每月定投2000元，能有多少钱？", "zh-CN", Profile())
    assert plan.calls == () and "投资期限" in plan.clarify


def test_loan_without_method_gets_both_schedules() -> None:
    plan = PLANNER.plan("房贷100万，30年，利率3.5%，月供多少？", "zh-CN", Profile())
    assert [(c.tool, c.args["method"]) for c in plan.calls] == [(LOAN, "equal_payment"), (LOAN, "equal_principal")]
    assert plan.calls[0].args["principal"] == 1_000_000 and plan.calls[0].args["annual_rate"] == 0.035


def test_loan_missing_rate_asks_for_it() -> None:
    plan = PLANNER.plan("I want a mortgage of $300k over 30 years", "en", Profile())
    assert plan.calls == () and "interest rate" in plan.clarify
    assert "currency" not in " ".join(plan.assumptions)


def test_portfolio_analysis_uses_profile_holdings_when_none_named() -> None:
    profile = Profile(holdings=(("SPY", 0.6), ("AGG", 0.4)))
    plan = PLANNER.plan("how risky is my portfolio?", "en", profile)
    assert plan.calls[0].tool == ANALYZE
    expected = [{"instrument": "SPY", "weight": 0.6}, {"instrument": "AGG", "weight": 0.4}]
    assert plan.calls[0].args["holdings"] == expected
    assert PLANNER.plan("how risky is my portfolio?", "en", Profile()).clarify


def test_suitability_and_questionnaire_and_refusal() -> None:
    plan = PLANNER.plan("should I buy MSFT?", "en", Profile(risk_level="C2"))
    assert plan.calls[0].tool == SUITABILITY and plan.calls[0].args == {"product": "MSFT", "investor_level": "C2"}
    unshipped = PLANNER.plan("should I buy QQQ?", "en", Profile(risk_level="C2"))  # not in the catalogue
    assert not unshipped.calls and "QQQ" in unshipped.clarify and "MTUM" in unshipped.clarify
    assert PLANNER.plan("帮我做个风险测评", "zh-CN", Profile()).calls[0].tool == QUESTIONNAIRE
    refused = PLANNER.plan("明天天气怎么样", "zh-CN", Profile())
    assert refused.calls == () and "超出" in refused.refuse


def test_explanations_need_no_tool() -> None:
    plan = PLANNER.plan("什么是定投？", "zh-CN", Profile())
    assert plan.intent == "explain_term" and plan.calls == () and not plan.clarify


def test_followup_changes_one_input_of_the_previous_calculation() -> None:
    first = PLANNER.plan("我每月定投2000元，按历史数据算，十年后大概有多少？", "zh-CN", Profile())
    second = PLANNER.plan("如果每月3000呢？", "zh-CN", Profile(), previous=first.calls)
    assert second.classification.layer == "followup" and second.intent == "savings_projection"
    assert second.calls[0].args == {**first.calls[0].args, "monthly_contribution": 3000}


def test_followup_on_a_loan_switches_method_or_rate() -> None:
    first = PLANNER.plan("房贷100万，30年，利率3.5%，等额本息月供多少？", "zh-CN", Profile())
    assert [c.args["method"] for c in first.calls] == ["equal_payment"]
    method = PLANNER.plan("那等额本金呢？", "zh-CN", Profile(), previous=first.calls)
    assert method.calls[0].args == {**first.calls[0].args, "method": "equal_principal"}
    rate = PLANNER.plan("what about 4.2%?", "en", Profile(), previous=first.calls)
    assert rate.calls[0].args["annual_rate"] == 0.042 and rate.calls[0].args["principal"] == 1_000_000


def test_a_new_complete_question_is_not_treated_as_a_followup() -> None:
    first = PLANNER.plan("我每月定投2000元，十年后大概有多少？", "zh-CN", Profile())
    fresh = PLANNER.plan("房贷50万，20年，利率4%", "zh-CN", Profile(), previous=first.calls)
    assert fresh.intent == "loan_schedule" and fresh.classification.layer == "rule"
    unrelated = PLANNER.plan("什么是ETF？", "zh-CN", Profile(), previous=first.calls)
    assert unrelated.calls == ()


@pytest.mark.parametrize("text", ["How should a beginner think about diversification?",
                                  "How do investors approach asset allocation?", "新手应该怎么看待分散投资？"])
def test_how_to_think_about_a_concept_is_explained_not_analysed(text: str) -> None:
    """No holdings are named: asking for them back (portfolio analysis) misunderstands the question."""
    assert IntentClassifier().classify(text).intent == "explain_term"
