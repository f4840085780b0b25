"""The learned intent layer and how it combines with the rules. Sentences here are our own, in neither the
corpus nor any evaluation set."""

from __future__ import annotations

import pytest

from services.dialogue.planning.intent import IntentClassifier
from services.dialogue.planning.learned import LearnedIntents, Reading, load_corpus, normalise
from services.dialogue.planning.plan import Planner, Profile

INTENTS = {"savings_projection", "loan_schedule", "portfolio_analysis", "product_suitability", "risk_assessment",
           "table_question", "explain_term", "small_talk", "out_of_scope"}
DECLINES = {"decline_prediction", "decline_guarantee", "decline_insider", "decline_manipulation"}


class Fixed(LearnedIntents):
    """A learned layer that always reads the same: to test the combination rules alone."""

    def __init__(self, reading: Reading) -> None:  # no training
        self._reading = reading

    def read(self, text: str) -> Reading:
        return self._reading


def test_corpus_labels_are_intents_or_declines_in_both_languages() -> None:
    rows = load_corpus()
    assert {label for label, _ in rows} == INTENTS | DECLINES
    assert any("\u4e00" <= ch <= "\u9fff" for _, text in rows for ch in text)
    assert len(rows) > 400


def test_numbers_are_one_symbol() -> None:
    assert normalise("存2,000元 at 5.5%") == normalise("存300元 at 7%") == "存0元 at 0%"


@pytest.mark.parametrize(("text", "intent"), [
    ("Roughly what does my monthly bill come to if the bank lends me 300k for 20 years at 5%?", "loan_schedule"),
    ("我把每月结余的1200块都投进去，按年化5%滚十年，最后有多少", "savings_projection"),
    ("借给我25万买车，36个月，年化4%，一个月掏多少", "loan_schedule"),
    ("I'd like to know where I stand on risk before buying anything", "risk_assessment"),
])
def test_wordings_no_rule_lists_are_placed(text: str, intent: str) -> None:
    assert IntentClassifier().classify(text).intent == intent


def test_two_close_calculations_are_asked_about() -> None:
    close = Reading("savings_projection", 0.41, "loan_schedule", 0.37)
    classifier = IntentClassifier(learned=Fixed(close))
    text = "帮我看看这笔钱的情况"  # no keyword: the learned layer decides
    result = classifier.classify(text)
    assert (result.intent, result.runner_up) == ("savings_projection", "loan_schedule")
    plan = Planner(classifier, {"zh": "000001.SH", "en": "SP500"}).plan(text, "zh", Profile())
    assert not plan.calls and "还是" in plan.clarify


def test_a_learned_decline_needs_a_request_not_a_question_about_misconduct() -> None:
    declining = IntentClassifier(learned=Fixed(Reading("decline", 0.9, "explain_term", 0.05, "insider")))
    assert declining.classify("How do regulators spot people trading ahead of announcements?").intent != "out_of_scope"
    found = declining.classify("Any chance you can get me the numbers before they're out?")
    assert (found.intent, found.layer, found.reason) == ("out_of_scope", "learned", "insider")
    plan = Planner(declining, {"zh": "000001.SH", "en": "SP500"}).plan(
        "Any chance you can get me the numbers before they're out?", "en", Profile())
    assert "insider" in plan.refuse


def test_no_finance_word_is_never_made_a_definition_by_wording() -> None:
    explaining = IntentClassifier(learned=Fixed(Reading("explain_term", 0.95, "small_talk", 0.02)))
    assert explaining.classify("怎么把衬衫上的油渍洗掉").intent == "out_of_scope"


def test_a_keyword_for_a_definition_stays_against_a_calculation_reading() -> None:
    loan = IntentClassifier(learned=Fixed(Reading("loan_schedule", 0.9, "explain_term", 0.05)))
    assert loan.classify("等额本金是什么意思").intent == "explain_term"


def test_rules_alone_when_the_learned_layer_is_off() -> None:
    assert IntentClassifier(use_learned=False).classify("帮我看看这笔钱的情况").layer == "default"
