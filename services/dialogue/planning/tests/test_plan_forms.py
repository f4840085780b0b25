"""Numbers in more of the forms people type them, and conversations that carry what was said before (issue 18,
second round). Every sentence here was written for this test; none comes from an evaluation set."""

from __future__ import annotations

import pytest

from services.dialogue.planning.calls import ANALYZE, GOAL, QUESTIONNAIRE, SUITABILITY, TABLE, ToolCall
from services.dialogue.planning.intent import IntentClassifier
from services.dialogue.planning.plan import Plan, Planner, Profile

PLANNER = Planner(IntentClassifier(), {"zh": "000001.SH", "en": "SP500"})


def _talk(locale: str, *turns: str) -> Plan:
    """The last turn's plan, the earlier ones planned as the pipeline plans them (last calls, last two messages)."""
    previous: tuple[ToolCall, ...] = ()
    plan = None
    for i, text in enumerate(turns):
        plan = PLANNER.plan(text, locale, Profile(), previous=previous, earlier=list(turns[max(0, i - 2):i]))
        previous = plan.calls
    assert plan is not None
    return plan


def _args(plan: Plan) -> dict[str, object]:
    assert len(plan.calls) == 1, (plan.clarify, plan.refuse, plan.calls)
    return plan.calls[0].args


@pytest.mark.parametrize(("text", "locale", "want"), [
    ("Borrowing $250k over 20 years at four and three quarters percent, equal payments: monthly?", "en",
     {"principal": 250_000, "annual_rate": 0.0475, "months": 240}),
    ("等额本金 50w 180期 利率3.8 首月还多少", "zh", {"principal": 500_000, "annual_rate": 0.038, "months": 180}),
    ("公积金贷款60万，利率3厘85，25年，等额本息", "zh", {"principal": 600_000, "annual_rate": 0.0385, "months": 300}),
    ("car loan 35k, 6Y, rate 7.2 - equal payments, what per month", "en",
     {"principal": 35_000, "annual_rate": 0.072, "months": 72}),
])
def test_loan_numbers_in_spoken_and_terse_forms(text: str, locale: str, want: dict[str, float]) -> None:
    args = _args(PLANNER.plan(text, locale, Profile()))
    assert {k: args[k] for k in want} == pytest.approx(want)


@pytest.mark.parametrize(("text", "locale", "want"), [
    ("index dca 400/month, 5% a year, 240 months, final amount?", "en",
     {"solve_for": "final_value", "monthly": 400, "months": 240, "annual_return": 0.05}),
    ("Monthly deposit: $750, at 4 percent for twelve years. Where does that leave me?", "en",
     {"solve_for": "final_value", "monthly": 750, "months": 144}),
    ("20万存15年，年化4%按月复利，最后能拿多少", "zh",
     {"solve_for": "final_value", "initial": 200_000, "monthly": 0, "months": 180}),
    ("一次性投8万买基金，假设年化6%，96个月以后值多少", "zh",
     {"solve_for": "final_value", "initial": 80_000, "months": 96}),
    ("想20年攒两个亿，年化5%，每月要投多少", "zh", {"solve_for": "monthly", "target": 200_000_000, "months": 240}),
])
def test_savings_numbers_and_what_is_asked(text: str, locale: str, want: dict[str, object]) -> None:
    plan = PLANNER.plan(text, locale, Profile())
    assert plan.calls[0].tool == GOAL and plan.calls[0].args.items() >= want.items(), plan.calls


def test_an_equal_portion_of_principal_is_the_equal_principal_method() -> None:
    args = _args(PLANNER.plan("$180k at 6% for 15 years, repaying an equal portion of principal every month; first "
                              "payment?", "en", Profile()))
    assert args["method"] == "equal_principal"
    fixed = PLANNER.plan("$180k at 6% for 15 years with fixed principal and interest payments", "en", Profile())
    assert [c.args["method"] for c in fixed.calls] == ["equal_payment"]


def test_a_changed_input_said_anywhere_in_the_message_is_a_followup() -> None:
    plan = _talk("zh", "房贷90万，20年，利率3.6%，等额本息月供多少", "利率调到4.5再算一下")
    assert plan.classification.layer == "followup" and _args(plan)["annual_rate"] == pytest.approx(0.045)
    assert _args(plan)["principal"] == 900_000


def test_a_level_stated_earlier_is_used_for_the_product_asked_about_next() -> None:
    plan = _talk("zh", "我的风险等级是C3", "那买腾讯控股可以吗")
    assert plan.calls[0].tool == SUITABILITY and plan.calls[0].args["investor_level"] == "C3"
    fresh = PLANNER.plan("那买腾讯控股可以吗", "zh-CN", Profile())
    assert fresh.calls[0].tool == QUESTIONNAIRE  # no level said anywhere: the questionnaire first


def test_a_shipped_name_is_not_an_unknown_ticker() -> None:
    plan = PLANNER.plan("60% SSE Composite and 40% BYD: volatility and drawdown?", "en", Profile())
    assert [c.tool for c in plan.calls] == [ANALYZE] and not plan.clarify
    assert {h["instrument"] for h in plan.calls[0].args["holdings"]} == {"000001.SH", "002594.SZ"}


def test_a_fragment_keeps_the_topic_the_conversation_set() -> None:
    plan = _talk("en", "Can you help me work out a car loan?", "it's $30,000 over five years")
    assert plan.intent == "loan_schedule" and "interest rate" in plan.clarify


def test_starting_the_questionnaire_after_asking_about_it() -> None:
    plan = _talk("zh", "听说买基金前要先做风险等级测评", "那现在开始吧")
    assert plan.intent == "risk_assessment" and [c.tool for c in plan.calls] == [QUESTIONNAIRE]
    assert PLANNER.plan("我自己是C几，怎么知道", "zh-CN", Profile()).intent == "risk_assessment"


def test_geography_is_not_finance() -> None:
    assert PLANNER.plan("What is the capital of Peru?", "en", Profile()).intent == "out_of_scope"
    assert PLANNER.plan("What is capital gains tax?", "en", Profile()).intent == "explain_term"


def test_a_json_table_pasted_after_the_question_goes_on_its_own_line() -> None:
    text = 'Highest close here? [{"date": "2020-05-04", "close": 9.5}, {"date": "2020-05-05", "close": 9.8}]'
    call = PLANNER.plan(text, "en", Profile()).calls[0]
    assert call.tool == TABLE and call.args["question"].splitlines()[1].startswith('[{"date"')


def test_index_names_with_numbers_are_not_amounts() -> None:
    plan = PLANNER.plan("每月定投沪深300指数基金1500元，年化6%，10年后有多少", "zh-CN", Profile())
    assert _args(plan)["monthly"] == 1500 and _args(plan)["months"] == 120
    no_rate = PLANNER.plan("每月定投沪深300指数基金1500元，10年后有多少", "zh-CN", Profile())
    assert no_rate.calls == () and "预期年化收益率" in no_rate.clarify


def test_flipping_a_mix_analysed_per_currency_flips_the_weights_as_written() -> None:
    plan = _talk("en", "Analyse 80% MSFT and 20% Tencent for me", "now flip the weights")
    assert plan.classification.layer == "followup" and not plan.refuse
    assert [c.tool for c in plan.calls] == [ANALYZE, ANALYZE]  # still one analysis per currency, said
    assert {h["instrument"]: h["weight"] for h in plan.calls[0].args["mix"]} == pytest.approx(
        {"MSFT": 0.2, "00700.HK": 0.8})


@pytest.mark.parametrize(("text", "want"), [
    ("帮我看看招商银行七成、同仁堂三成的波动", {"600036.SH": 0.7, "600085.SH": 0.3}),
    ("one third JNJ and two thirds PG: drawdown?", {"JNJ": 1 / 3, "PG": 2 / 3}),
])
def test_weights_in_tenths_and_thirds(text: str, want: dict[str, float]) -> None:
    call = PLANNER.plan(text, "zh-CN" if not text.isascii() else "en", Profile()).calls[0]
    assert {h["instrument"]: h["weight"] for h in call.args["holdings"]} == pytest.approx(want)


def test_a_weekly_amount_is_saved_monthly_and_says_so() -> None:
    plan = PLANNER.plan("I can put away $90 each week for 7 years at 4%, what will it reach?", "en", Profile())
    assert _args(plan)["monthly"] == pytest.approx(90 * 52 / 12)
    assert any("a week counted as" in a for a in plan.assumptions)


@pytest.mark.parametrize(("turns", "key", "want"), [
    (("车贷12万，5年，利率4.8%，等额本息", "期限从5年改成3年呢"), "months", 36),
    (("$300k at 6.2% over 30 years, level payments", "what if it goes from 6.2% to 5.9%?"), "annual_rate", 0.059),
    (("$300k at 6.2% over 30 years, level payments", "make it 15 years instead of 30 years"), "months", 180),
])
def test_the_value_a_followup_changes_to(turns: tuple[str, str], key: str, want: float) -> None:
    plan = _talk("zh" if not turns[0].isascii() else "en", *turns)
    assert _args(plan)[key] == pytest.approx(want)


def test_a_change_to_a_loan_shown_both_ways_keeps_both_schedules() -> None:
    plan = _talk("en", "Loan of $50,000 at 5% for 4 years, what are the payments?", "what about 6 years?")
    assert [(c.args["method"], c.args["months"]) for c in plan.calls] == [("equal_payment", 72),
                                                                          ("equal_principal", 72)]


@pytest.mark.parametrize("text", [
    "how can two of my accounts keep selling the same shares back and forth between them to look busy",
    "同学在一家券商上班，说那只股票下周有重大利好，现在先建仓可以吗",
    "Could we pump up a tiny biotech stock in our chat group?",
])
def test_more_requests_an_adviser_declines(text: str) -> None:
    plan = PLANNER.plan(text, "en" if text.isascii() else "zh-CN", Profile())
    assert plan.intent == "out_of_scope" and plan.refuse and plan.calls == ()


def test_moving_money_between_accounts_is_not_manipulation() -> None:
    plan = PLANNER.plan("I moved money between my accounts; how risky is 50% KO and 50% PEP?", "en", Profile())
    assert plan.intent == "portfolio_analysis" and not plan.refuse


def test_stating_a_level_is_not_asking_for_the_questionnaire() -> None:
    plan = PLANNER.plan("我的风险等级是C4", "zh-CN", Profile())
    assert plan.intent == "product_suitability" and plan.calls == () and "产品" in plan.clarify
    assert PLANNER.plan("I'd like to take the risk questionnaire", "en", Profile()).calls[0].tool == QUESTIONNAIRE


@pytest.mark.parametrize(("turns", "start"), [
    (("How did PG do since 2014? drawdown please",), "2014-01-01"),
    (("2016年5月以来比亚迪的波动率",), "2016-05-01"),
    (("Analyze 50% HD and 50% WMT", "what about starting from 2013?"), "2013-01-01"),
    (("帮我看看同仁堂的回撤", "从2015年开始算呢"), "2015-01-01"),
])
def test_an_analysis_over_the_window_the_user_names(turns: tuple[str, ...], start: str) -> None:
    plan = _talk("zh" if not turns[0].isascii() else "en", *turns)
    assert plan.calls[0].tool == ANALYZE and plan.calls[0].args["start_date"] == start
    assert PLANNER.plan("我打算2035年退休，每月定投3000，年化5%，还有10年", "zh-CN", Profile()).calls[0].args[
        "months"] == 120  # 2035年 is a year, not a horizon


def test_swapping_one_holding_keeps_the_others_and_its_weight() -> None:
    plan = _talk("en", "Analyze 60% HD and 40% WMT", "swap WMT for PG")
    assert {h["instrument"]: h["weight"] for h in plan.calls[0].args["holdings"]} == pytest.approx(
        {"HD": 0.6, "PG": 0.4})


@pytest.mark.parametrize("text", [
    "等额本息和等额本金哪种比较省钱", "Lump sum or monthly investing, which is better?", "R2级的理财产品风险高吗",
    "how do index funds work", "Is 4.5% a reasonable car loan rate?", "基金定投是什么，适合哪些人",
])
def test_questions_answered_in_words(text: str) -> None:
    plan = PLANNER.plan(text, "en" if text.isascii() else "zh-CN", Profile())
    assert plan.intent == "explain_term" and plan.calls == () and not plan.clarify


def test_both_methods_named_with_numbers_get_both_schedules() -> None:
    plan = PLANNER.plan("贷款60万，20年，利率3.9%，等额本息和等额本金各还多少", "zh-CN", Profile())
    assert sorted(c.args["method"] for c in plan.calls) == ["equal_payment", "equal_principal"]


def test_a_level_with_suitability_words_is_a_check_and_a_daily_drop_is_data() -> None:
    assert PLANNER.plan("Would an R3 fund suit me?", "en", Profile()).intent == "product_suitability"
    plan = PLANNER.plan("On which day of 2017 did KO have its largest one-day fall?", "en", Profile())
    assert plan.intent == "table_question" and plan.calls[0].tool == TABLE


def test_levels_typed_in_lower_case() -> None:
    call = PLANNER.plan("hey, i'm a c4, is an r5 fund ok for me?", "en", Profile()).calls[0]
    assert call.tool == SUITABILITY and (call.args["investor_level"], call.args["product_risk"]) == ("C4", "R5")


def test_another_product_level_after_a_check_is_a_followup_not_a_definition() -> None:
    plan = _talk("en", "I'm C2. Is USMV suitable?", "and what if it were an R2 bond fund instead?")
    assert plan.classification.layer == "followup" and plan.calls[0].tool == SUITABILITY
    assert (plan.calls[0].args["investor_level"], plan.calls[0].args["product_risk"]) == ("C2", "R2")


@pytest.mark.parametrize(("turns", "principal"), [
    (("房价250万，首付三成，30年，利率3.9%，等额本息", "首付改成五成呢"), 1_250_000),
    (("$640k condo, 20% down, 30 years, 6.8%, level payments", "what if I put 25% down?"), 480_000),
    (("$640k condo with $128k down, 30 years, 6.8%, level payments", "and with $200k down?"), 440_000),
])
def test_a_new_down_payment_is_taken_from_the_same_price(turns: tuple[str, str], principal: float) -> None:
    plan = _talk("zh" if not turns[0].isascii() else "en", *turns)
    args = _args(plan)
    assert args["principal"] == pytest.approx(principal) and args["annual_rate"] in (0.039, 0.068)  # not the share


def test_a_rate_said_before_its_word_and_today_s_value_asked_as_worth_now() -> None:
    loan = _args(PLANNER.plan("借款80万，二十年，三点九的利率，等额本金", "zh-CN", Profile()))
    assert loan["annual_rate"] == pytest.approx(0.039) and loan["months"] == 240
    real = _args(PLANNER.plan("通胀按每年3%算，25年后的150万值现在多少", "zh-CN", Profile()))
    assert real["solve_for"] == "final_value" and real["initial"] == 1_500_000 and real["inflation"] == 0.03


@pytest.mark.parametrize("text", ["听说汾酒下周要涨一倍，现在买入可以吗",
                                  "My coworker says MSFT is about to skyrocket, buy now?"])
def test_a_tip_behind_a_buy_question_is_declined(text: str) -> None:
    plan = PLANNER.plan(text, "en" if text.isascii() else "zh-CN", Profile())
    assert plan.intent == "out_of_scope" and plan.refuse


@pytest.mark.parametrize("text", [
    "The CFO's secretary told me the results are terrible; should I sell before they're out?",
    "我在投行做审计，看到下个月要公告并购，先建仓可以吗",
    "帮我刷成交量，让这只股票看起来很热门",
])
def test_inside_knowledge_and_fake_volume_are_declined(text: str) -> None:
    plan = PLANNER.plan(text, "en" if text.isascii() else "zh-CN", Profile())
    assert plan.intent == "out_of_scope" and plan.refuse


def test_an_app_that_looks_busy_is_not_manipulation() -> None:
    plan = PLANNER.plan("这个APP首页看起来很活跃，基金定投如何操作", "zh-CN", Profile())
    assert plan.intent == "explain_term" and not plan.refuse


@pytest.mark.parametrize("text", [
    "I need a fund that will definitely return 9% every year. Which?",
    "What's MSFT's share price going to be next year?", "汾酒明年的股价会是多少",
    "My husband works at a biotech firm and says the approval lands next week; should I buy?",
    "Could we all buy the same small stock at noon to pump it?", "Any way to earn 25% a year risk-free?",
])
def test_more_tips_guarantees_inside_news_and_pumps_are_declined(text: str) -> None:
    plan = PLANNER.plan(text, "en" if text.isascii() else "zh-CN", Profile())
    assert plan.intent == "out_of_scope" and plan.refuse


def test_questions_about_them_are_still_answered() -> None:
    for text in ("What is a price target and why do analysts publish them?", "What is the risk-free rate in Sharpe?"):
        assert not PLANNER.plan(text, "en", Profile()).refuse


def test_adding_a_holding_at_a_weight_keeps_the_others_in_proportion() -> None:
    plan = _talk("en", "Analyze 75% HD and 25% PG", "add KO at 20%")
    assert {h["instrument"]: h["weight"] for h in plan.calls[0].args["holdings"]} == pytest.approx(
        {"HD": 0.6, "PG": 0.2, "KO": 0.2})
