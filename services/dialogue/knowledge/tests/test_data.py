"""The curated data: it loads, every entry is bilingual and sourced, and the topics the issue names are there."""

from __future__ import annotations

import re
from collections import Counter

from services.dialogue.knowledge import KINDS, KnowledgeBase
from services.dialogue.knowledge.entries import count_sentences, normalise

CJK = re.compile(r"[\u3400-\u9fff]")


def test_at_least_160_entries_of_every_kind(kb: KnowledgeBase) -> None:
    kinds = Counter(e.kind for e in kb.entries)
    assert len(kb) >= 160
    assert set(kinds) == set(KINDS)


def test_every_entry_has_both_languages_and_a_source(kb: KnowledgeBase) -> None:
    for e in kb.entries:
        assert CJK.search(e.names_zh[0]) and CJK.search(e.answer_zh), e.id
        assert not CJK.search(e.answer_en) and re.search(r"[A-Za-z]", e.names_en[0]), e.id
        assert len(e.source) >= 5, e.id
        assert 2 <= count_sentences(e.answer_zh, "zh") <= 4, e.id
        assert 2 <= count_sentences(e.answer_en, "en") <= 4, e.id


def test_aliases_are_unique_across_entries(kb: KnowledgeBase) -> None:
    owners: dict[str, str] = {}
    for e in kb.entries:
        for alias in {normalise(a) for a in e.aliases}:
            assert owners.setdefault(alias, e.id) == e.id, alias


def test_the_topics_the_issue_names_are_covered(kb: KnowledgeBase) -> None:
    ids = {e.id for e in kb.entries}
    required = {f"investor-c{i}" for i in range(1, 6)} | {f"product-r{i}" for i in range(1, 6)} | {
        "suitability-matching", "money-market-fund", "bond-fund", "hybrid-fund", "equity-fund", "index-fund", "etf",
        "lof", "qdii", "fof", "reits", "bank-wealth-management", "structured-deposit", "deposit-insurance",
        "treasury-bond", "convertible-bond", "stock", "a-share", "h-share", "b-share", "private-fund",
        "trust-product", "futures", "options", "annuity-insurance", "annualised-return", "cagr", "volatility",
        "sharpe-ratio", "sortino-ratio", "max-drawdown", "beta", "alpha", "value-at-risk", "correlation",
        "diversification", "asset-allocation", "rebalancing", "dollar-cost-averaging", "compound-interest",
        "inflation", "real-return", "nav", "subscription-fee", "redemption-fee", "management-fee", "custody-fee",
        "equal-instalment", "equal-principal", "prepayment", "lpr", "apr", "apy", "liquidity", "duration",
        "credit-risk", "yield-to-maturity", "pe-ratio", "pb-ratio", "dividend-yield", "market-cap", "st-stock",
        "price-limit", "t-plus-one", "margin-trading", "leverage", "short-selling", "ipo", "lock-up",
        "asset-management-rules", "no-guaranteed-principal", "suitability-rules", "cooling-off-period",
        "no-guaranteed-return-ads", "insider-trading", "market-manipulation", "complaint-channels",
    }
    assert required <= ids, sorted(required - ids)


def test_fixed_rule_facts_are_stated(kb: KnowledgeBase) -> None:
    assert "50万元" in kb.get("deposit-insurance").answer_zh and "2015" in kb.get("deposit-insurance").source
    assert "12386" in kb.get("complaint-channels").answer_zh and "12378" in kb.get("complaint-channels").answer_zh
    assert "2018" in kb.get("asset-management-rules").source
    assert "保本" in kb.get("no-guaranteed-principal").answer_zh


def test_answers_make_no_promises(kb: KnowledgeBase) -> None:
    promise = re.compile(  # a promise, not its negation (不保证收益, 不能保证盈利, 没有保证收益)
        r"(?<![不非有能法])保证(?:收益|盈利|赚)|一定(?:能|会)(?:赚|涨)|稳赚|you will (?:earn|make)|guaranteed to"
    )
    for e in kb.entries:
        if e.id != "no-guaranteed-return-ads":  # quotes the phrases it warns about
            assert not promise.search(e.answer_zh + e.answer_en), e.id
