"""The similarity layer on the real offline embedding model: paraphrases the keyword rules do not name."""

from __future__ import annotations

import pytest

from services.common.embeddings import SentenceEmbedder
from services.dialogue.planning.intent import IntentClassifier


@pytest.fixture(scope="module")
def classifier() -> IntentClassifier:
    return IntentClassifier(SentenceEmbedder.load(), use_learned=False)  # the similarity layer by itself


# None of these contains a rule keyword, and none is an exemplar.
PARAPHRASES = [
    ("If I set aside some money every month, what will I end up with?", "savings_projection"),
    ("How bumpy has my investment been over the years?", "portfolio_analysis"),
    ("Is this fund a match for someone cautious like me?", "product_suitability"),
    ("我能承受多大的亏损？", "risk_assessment"),
    ("买房欠银行的钱，每个月得给银行多少", "loan_schedule"),
]


@pytest.mark.parametrize(("text", "intent"), PARAPHRASES)
def test_paraphrases_reach_the_right_intent_by_similarity(
    classifier: IntentClassifier, text: str, intent: str
) -> None:
    assert classifier.rules(text) is None  # the rules alone would miss it
    result = classifier.classify(text)
    assert (result.intent, result.layer) == (intent, "similarity")


# Likewise without a rule keyword, and none is in the learned layer's corpus.
UNLISTED = [
    ("If I set aside some money every month, what will I end up with?", "savings_projection"),
    ("Would this product sit well with how careful I am?", "product_suitability"),
    ("Is an aggressive growth fund a sensible thing for a cautious saver to own?", "product_suitability"),
    ("我能承受多大的亏损？", "risk_assessment"),
]


@pytest.mark.parametrize(("text", "intent"), UNLISTED)
def test_the_learned_layer_places_them_without_the_embedder(text: str, intent: str) -> None:
    result = IntentClassifier().classify(text)
    assert (result.intent, result.layer) == (intent, "learned")


async def test_async_path_agrees_with_sync(classifier: IntentClassifier) -> None:
    text, intent = PARAPHRASES[0]
    assert (await classifier.classify_async(text)).intent == intent


def test_text_not_about_money_is_out_of_scope(classifier: IntentClassifier) -> None:
    result = classifier.classify("The quick brown fox jumps over the lazy dog")
    assert result.layer == "rule" and result.intent == "out_of_scope"


def test_unplaced_finance_talk_falls_back_to_a_general_answer(classifier: IntentClassifier) -> None:
    result = classifier.classify("Thoughts on emerging markets this decade versus developed ones, broadly speaking")
    assert result.intent == "explain_term"
