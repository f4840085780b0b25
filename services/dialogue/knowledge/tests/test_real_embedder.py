"""Lookup on the real shared offline embedding model (all-MiniLM-L6-v2): the similarity layer for English
paraphrases no alias names; Chinese text without an alias is left alone (the model is English)."""

from __future__ import annotations

import pytest

from services.common.embeddings import SentenceEmbedder
from services.dialogue.knowledge import KnowledgeBase


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    base = KnowledgeBase.load(embedder=SentenceEmbedder.load())
    base.warm()
    return base


def test_an_english_paraphrase_reaches_its_entry_by_similarity(kb: KnowledgeBase) -> None:
    text = "How much of the fund's gains does the manager take every year?"
    assert kb.hits(text) == []  # no alias in it
    match = kb.lookup(text, "en")
    assert match is not None and (match.entry.id, match.how) == ("management-fee", "similarity")


async def test_async_path_agrees_with_sync(kb: KnowledgeBase) -> None:
    text = "How much of the fund's gains does the manager take every year?"
    match = await kb.lookup_async(text, "en")
    assert match is not None and match.entry.id == "management-fee"


@pytest.mark.parametrize("text", [
    "The quick brown fox jumps over the lazy dog", "What is the weather like in Paris tomorrow?", "Tell me a joke",
    "今天天气怎么样", "帮我写一首诗", "基金经理每年收多少钱",
])
def test_text_about_nothing_in_the_base_finds_nothing(kb: KnowledgeBase, text: str) -> None:
    assert kb.lookup(text, "en") is None


def test_aliases_still_win_with_the_model_attached(kb: KnowledgeBase) -> None:
    assert kb.lookup("C2是什么意思").entry.id == "investor-c2"  # type: ignore[union-attr]
