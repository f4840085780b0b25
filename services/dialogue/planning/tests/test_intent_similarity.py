"""The similarity layer on the real offline embedding model: paraphrases the keyword rules do not name."""

from __future__ import annotations

import pytest

from services.common.embeddings import SentenceEmbedder
from services.dialogue.planning.intent import IntentClassifier


@pytest.fixture(scope="module")
def classifier() -> IntentClassifier:
    return IntentClassifier(SentenceEmbedder.load())


# None of these contains a rule keyword, and none is an exemplar.
PARAPHRASES = [
    ("If I set aside some money every month, what will I end up with?", "savings_projection"),
    ("How bumpy has my investment been over the years?", "portfolio_analysis"),
    ("Is this fund right for someone cautious like me?", "product_suitability"),
    ("我能承受多大的亏损？", "risk_assessment"),
    ("每个月要还银行多少钱才能把房子的钱还清", "loan_schedule"),
]


@pytest.mark.parametrize(("text", "intent"), PARAPHRASES)
def test_paraphrases_reach_the_right_intent_by_similarity(
    classifier: IntentClassifier, text: str, intent: str
) -> None:
    assert classifier.rules(text) is None  # the rules alone would miss it
    result = classifier.classify(text)
    assert (result.intent, result.layer) == (intent, "similarity")


async def test_async_path_agrees_with_sync(classifier: IntentClassifier) -> None:
    text, intent = PARAPHRASES[0]
    assert (await classifier.classify_async(text)).intent == intent


def test_text_not_about_money_is_out_of_scope(classifier: IntentClassifier) -> None:
    result = classifier.classify("The quick brown fox jumps over the lazy dog")
    assert result.layer == "rule" and result.intent == "out_of_scope"


def test_unplaced_finance_talk_falls_back_to_a_general_answer(classifier: IntentClassifier) -> None:
    result = classifier.classify("Thoughts on emerging markets this decade versus developed ones, broadly speaking")
    assert result.intent == "explain_term"
