"""Lookup: questions as investors write them find the entry; other text finds nothing.

The questions are not aliases: each is a whole question in which an alias (or a colloquial form) occurs, in the
other script variants people type (traditional characters, full-width letters, plurals, any case).
"""

from __future__ import annotations

import asyncio
import threading

import pytest

from services.dialogue.knowledge import KnowledgeBase
from services.dialogue.knowledge.entries import normalise
from services.dialogue.knowledge.tests.conftest import FakeEmbedder

QUESTIONS = [
    ("C2是什么意思", "investor-c2"),
    ("我的测评结果是C3，这代表什么", "investor-c3"),
    ("what does R4 mean on a fund page?", "product-r4"),
    ("这个理财标着R3级，风险大吗", "product-r3"),
    ("为什么现在没有保本理财了", "no-guaranteed-principal"),
    ("现在银行还有保本保收益的产品吗", "no-guaranteed-principal"),
    ("what is a money market fund", "money-market-fund"),
    ("余额宝这种货基安全吗", "money-market-fund"),
    ("what is maximum drawdown?", "max-drawdown"),
    ("这只基金最大回撤是怎么算的", "max-drawdown"),
    ("等额本金和等额本息有什么区别", "repayment-methods-compared"),
    ("Equal principal or equal instalment repayment, which costs less interest?", "repayment-methods-compared"),
    ("等额本息是怎么回事", "equal-instalment"),
    ("什么是定投？", "dollar-cost-averaging"),
    ("Is DCA a sensible way to invest?", "dollar-cost-averaging"),
    ("How does dollar cost averaging work", "dollar-cost-averaging"),
    ("资管新规到底规定了什么", "asset-management-rules"),
    ("银行倒闭了我的存款能拿回多少", "deposit-insurance"),
    ("Is my deposit protected by deposit insurance?", "deposit-insurance"),
    ("我被券商坑了，打12386有用吗", "complaint-channels"),
    ("夏普比率越高越好吗", "sharpe-ratio"),
    ("Explain the Sharpe ratio in plain words", "sharpe-ratio"),
    ("what's the difference between APR and APY", "apr-vs-apy"),
    ("LPR下调了房贷会变吗", "lpr"),
    ("可转债和股票有什么不同", "convertible-bond"),
    ("A股和港股有什么区别", "share-classes-compared"),
    ("Are ETFs cheaper than other funds?", "etf"),
    ("什麼是貨幣基金", "money-market-fund"),  # traditional characters
    ("ＥＴＦ是啥", "etf"),  # full-width letters
    ("what is an etf", "etf"),
    ("开通融资融券需要什么条件", "margin-trading"),
    ("为什么今天买的股票今天卖不了，是T+1吗", "t-plus-one"),
    ("股票连续跌停怎么办", "price-limit"),
    ("ST股能买吗", "st-stock"),
    ("What does a P/E of 30 tell me?", "pe-ratio"),
    ("私募基金的冷静期有多长", "cooling-off-period"),
    ("有人说有内幕消息推荐股票，靠谱吗", "insider-trading"),
    ("通胀对我的钱有什么影响", "inflation"),
    ("How is yield to maturity different from the coupon?", "yield-to-maturity"),
]


@pytest.mark.parametrize(("question", "entry_id"), QUESTIONS)
def test_questions_find_their_entry(kb: KnowledgeBase, question: str, entry_id: str) -> None:
    assert normalise(question) not in {normalise(a) for e in kb.entries for a in e.aliases}  # not an alias
    match = kb.lookup(question, "zh-CN")
    assert match is not None and match.entry.id == entry_id, (question, match)
    assert match.how in ("alias", "covers") and match.score == 1.0


def test_c_and_r_levels_resolve_to_their_own_entries(kb: KnowledgeBase) -> None:
    assert kb.lookup("C3")is not None and kb.lookup("C3").entry.id == "investor-c3"  # type: ignore[union-attr]
    assert kb.lookup("R3").entry.id == "product-r3"  # type: ignore[union-attr]
    assert kb.lookup("c3是啥").entry.id == "investor-c3"  # type: ignore[union-attr]
    both = kb.lookup("我是C3，能买R4的基金吗")
    assert both is not None and both.entry.id == "suitability-matching" and both.how == "covers"
    assert set(both.also) == {"investor-c3", "product-r4"}
    assert kb.lookup("C3和R3有什么区别").entry.id == "suitability-matching"  # type: ignore[union-attr]
    assert kb.lookup("C3和C4差在哪").entry.id == "investor-risk-levels"  # type: ignore[union-attr]
    assert kb.lookup("R1 vs R2 products").entry.id == "product-risk-levels"  # type: ignore[union-attr]


def test_latin_aliases_need_word_boundaries(kb: KnowledgeBase) -> None:
    assert kb.lookup("ABC3 model number") is None
    assert kb.lookup("the alphabet song") is None
    assert kb.lookup("IPOs this year were few").entry.id == "ipo"  # type: ignore[union-attr]  # a plural


def test_a_projection_still_names_its_term_and_the_caller_decides(kb: KnowledgeBase) -> None:
    """Lookup answers "which entry does this text name"; whether the user wants a definition is the intent's call."""
    match = kb.lookup("我每月定投2000元十年后有多少", "zh-CN")
    assert match is not None and match.entry.id == "dollar-cost-averaging"


@pytest.mark.parametrize("text", [
    "今天天气怎么样", "帮我写一首关于春天的诗", "The quick brown fox jumps over the lazy dog", "Tell me a joke",
    "明天大盘会涨吗", "帮我算一下每个月要还多少", "Will the market go up next week?", "", "   ",
])
def test_text_naming_no_entry_finds_nothing(kb: KnowledgeBase, text: str) -> None:
    assert kb.lookup(text) is None


def test_the_match_answers_in_the_callers_language(kb: KnowledgeBase) -> None:
    zh, en = kb.lookup("什么是ETF", "zh-CN"), kb.lookup("什么是ETF", "en")
    assert zh is not None and en is not None and zh.entry is en.entry
    assert zh.answer == zh.entry.answer_zh and en.answer == en.entry.answer_en
    assert zh.title == "交易型开放式指数基金" and en.title == "exchange-traded fund"
    assert zh.source == en.source and zh.source


# -- similarity with a fake embedder -----------------------------------------------------------------------------

@pytest.fixture
def fake() -> FakeEmbedder:
    return FakeEmbedder()


def test_similarity_finds_an_entry_no_alias_names(fake: FakeEmbedder) -> None:
    kb = KnowledgeBase.load(embedder=fake, threshold=0.5)
    text = "the largest percentage fall from a peak to a later trough"
    assert kb.lookup(text.replace("peak", "top"), "en") is not None
    match = kb.lookup(text, "en")
    assert match is not None and (match.entry.id, match.how) == ("max-drawdown", "similarity")
    assert 0.5 <= match.score <= 1.0


def test_aliases_are_tried_first_and_need_no_encoding(fake: FakeEmbedder) -> None:
    kb = KnowledgeBase.load(embedder=fake)
    assert kb.lookup("什么是夏普比率").entry.id == "sharpe-ratio"  # type: ignore[union-attr]
    assert fake.calls == 0  # the index is built lazily, only when similarity is needed


def test_similarity_below_the_threshold_finds_nothing(fake: FakeEmbedder) -> None:
    kb = KnowledgeBase.load(embedder=fake)
    assert kb.lookup("The quick brown fox jumps over the lazy dog", "en") is None
    assert kb.lookup("今天天气怎么样") is None  # Chinese needs zh_threshold


async def test_async_lookup_encodes_off_the_event_loop(fake: FakeEmbedder) -> None:
    kb = KnowledgeBase.load(embedder=fake, threshold=0.5)
    text = "the largest percentage fall from a peak to a later trough"
    match = await kb.lookup_async(text, "en")
    assert match is not None and match.entry.id == "max-drawdown"
    assert fake.calls >= 2 and threading.main_thread().name not in fake.threads
    assert (await kb.lookup_async("什么是LPR")).entry.id == "lpr"  # type: ignore[union-attr]
    sync = kb.lookup(text, "en")
    assert sync is not None and sync.entry is match.entry


async def test_concurrent_async_lookups_agree(fake: FakeEmbedder) -> None:
    kb = KnowledgeBase.load(embedder=fake, threshold=0.5)
    texts = ["the largest percentage fall from a peak to a later trough", "what is a money market fund", "hello"]
    results = await asyncio.gather(*(kb.lookup_async(t, "en") for t in texts))
    assert [r.entry.id if r else None for r in results] == ["max-drawdown", "money-market-fund", None]


def test_a_match_carries_its_answers_figures(kb: KnowledgeBase) -> None:
    """Grounding allows the figures of the entry the answer explains (七日年化: seven days, 10,000 units)."""
    zh = kb.lookup("货币基金七日年化是什么意思", "zh-CN")
    assert zh is not None and zh.entry.id == "seven-day-yield"
    assert {7.0, 10000.0} <= set(zh.numbers)
    en = kb.lookup("what is maximum drawdown?", "en")
    assert en is not None and en.numbers == ()  # a definition in words only


def test_a_knowledge_base_without_aliases_finds_nothing() -> None:
    assert KnowledgeBase([]).lookup("what is a bond", "en") is None
