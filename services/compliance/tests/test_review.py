"""Streaming review: hold-back window, chunk boundaries, blocks, rewrites, disclaimers and PII."""

from __future__ import annotations

import pytest

from services.compliance.review import StreamReviewer
from services.compliance.rulebook import Rulebook

PREFIX_ZH = "根据您的情况，这只基金过去表现平稳，"
PREFIX_EN = "Based on your situation this fund has been steady, and "


def stream(rulebook: Rulebook, chunks: list[str], locale: str = "zh-CN", content_type: str = "general",
           ) -> tuple[str, StreamReviewer, str]:
    reviewer = StreamReviewer(rulebook, locale, content_type)
    shown: list[str] = []
    notice = ""
    for chunk in chunks:
        step = reviewer.feed(chunk)
        shown.append(step.text)
        if step.blocked:
            notice = step.notice
            break
    else:
        final = reviewer.finish()
        shown.append(final.text)
    return "".join(shown), reviewer, notice


@pytest.mark.parametrize("phrase,locale", [("稳赚不赔", "zh-CN"), ("保本保收益", "zh-CN"),
                                           ("guaranteed returns", "en"), ("risk-free", "en")])
def test_phrase_split_at_every_position_is_blocked(rulebook: Rulebook, phrase: str, locale: str) -> None:
    prefix = PREFIX_ZH if locale == "zh-CN" else PREFIX_EN
    text = prefix + phrase + ("，欢迎购买。" if locale == "zh-CN" else " for everyone.")
    cut_at = len(prefix)
    for split in range(1, len(phrase)):
        chunks = [text[: cut_at + split], text[cut_at + split:]]
        shown, reviewer, notice = stream(rulebook, chunks, locale)
        assert reviewer.blocked, f"split {split}"
        assert notice
        assert text.startswith(shown) and len(shown) <= cut_at  # not one character of the phrase went out


def test_one_character_chunks_are_blocked_and_nothing_after_is_released(rulebook: Rulebook) -> None:
    text = "您好，" + "这是一个均衡配置的组合。" * 3 + "本产品稳赚不赔。后面的内容不应出现。"
    shown, reviewer, _ = stream(rulebook, list(text))
    assert reviewer.blocked
    assert "稳" not in shown and "后面" not in shown
    assert shown and text.startswith(shown)  # what was released is a clean prefix


def test_negated_promises_pass_with_disclaimer(rulebook: Rulebook) -> None:
    text = "本产品不保本，可能损失本金；任何投资都不可能稳赚不赔。过往业绩不代表未来表现。"
    shown, reviewer, _ = stream(rulebook, [text[i:i + 7] for i in range(0, len(text), 7)], "zh-CN", "product")
    assert not reviewer.blocked
    assert shown == text


def test_final_step_carries_locale_and_content_type_disclaimers(rulebook: Rulebook) -> None:
    zh = StreamReviewer(rulebook, "zh-CN", "advice")
    zh.feed("建议分散投资。")
    assert "不构成具体投资建议" in zh.finish().disclaimer
    en = StreamReviewer(rulebook, "en", "product")
    en.feed("Its past performance was strong. ")
    disclaimer = en.finish().disclaimer
    assert "Past performance does not guarantee" in disclaimer  # product disclaimer
    assert "not a reliable indicator" in disclaimer  # added by en.disclaimer.performance


def test_rewrite_replaces_the_phrase_before_release(rulebook: Rulebook) -> None:
    shown, reviewer, _ = stream(rulebook, ["这只股票明年", "一定会", "涨，但请注意风险。"])
    assert not reviewer.blocked
    assert "一定会涨" not in shown and "存在上涨可能但并不确定" in shown


def test_pii_split_across_chunks_is_redacted(rulebook: Rulebook) -> None:
    shown, _, _ = stream(rulebook, ["如需帮助请致电1380", "0138000或发邮件到li", ".lei@exam", "ple.com，谢谢。"])
    assert "13800138000" not in shown and "[PHONE]" in shown and "[EMAIL]" in shown


def test_text_no_rule_could_flag_goes_out_at_once(rulebook: Rulebook) -> None:
    reviewer = StreamReviewer(rulebook, "zh-CN")
    assert reviewer.feed("短句。").text == "短句。"  # no window to fill: nothing here can become a phrase
    step = reviewer.feed("这只基金适合长期持有，")
    assert step.text == "这只基金适合长期持有，" and reviewer.pending == ""


@pytest.mark.parametrize("text,held", [
    ("这类产品的特点是保", "保"),  # may become 保本
    ("分散投资可以降低波动，稳", "稳"),  # 稳赚不赔, 稳涨
    ("Diversification lowers risk, not every fund is guar", "guar"),  # a word at the end may go on
    ("Call us at 138 0013", "138 0013"),  # a digit group may go on: PII is redacted whole
    ("我们建议买入", "买入"),  # 买入…目标价 would be a price-target call (regex, partial match)
])
def test_only_the_suffix_that_could_still_become_a_violation_is_held(rulebook: Rulebook, text: str,
                                                                    held: str) -> None:
    reviewer = StreamReviewer(rulebook, "zh-CN")
    assert reviewer.feed(text).text == text[: len(text) - len(held)]
    assert reviewer.pending == held


def test_every_output_literal_split_at_every_position_is_caught(rulebook: Rulebook) -> None:
    """The short hold-back loses nothing: each output rule literal, split at each position into two chunks after a
    released prefix, is blocked or rewritten before any of it goes out."""
    rules = [r for r in rulebook.output_matcher.rules if r.action in ("block", "rewrite")]
    checked = 0
    for rule in rules:
        for literal in rule.literals:
            zh = not literal.isascii()
            prefix = "这是一段普通的说明。" if zh else "This is an ordinary note. "
            text = prefix + literal + ("。" if zh else ". ") + ("后面的内容。" if zh else "More text follows. ")
            for split in range(1, len(literal)):
                reviewer = StreamReviewer(rulebook, "zh-CN" if zh else "en")
                first = reviewer.feed(text[: len(prefix) + split])
                assert len(first.text) <= len(prefix), (rule.id, literal, split)
                second = reviewer.feed(text[len(prefix) + split:])
                final = reviewer.finish()
                shown = first.text + second.text + final.text
                if rule.action == "block":
                    assert reviewer.blocked, (rule.id, literal, split)
                else:
                    assert rule.replacement in shown, (rule.id, literal, split)
                assert literal not in shown, (rule.id, literal, split)
                checked += 1
    assert checked > 200


@pytest.mark.parametrize("text", ["建议现在买入，目标看到35元。", "我建议你马上买入600519，涨到2000就卖。",
                                  "You should buy the shares at $120 now."])
def test_a_price_target_call_split_anywhere_is_blocked(rulebook: Rulebook, text: str) -> None:
    locale = "en" if text.isascii() else "zh-CN"
    for split in range(1, len(text)):
        shown, reviewer, _ = stream(rulebook, [text[:split], text[split:]], locale)
        assert reviewer.blocked, split
        assert not any(w in shown for w in ("买入", "buy"))


def test_after_a_block_nothing_more_is_released(rulebook: Rulebook) -> None:
    reviewer = StreamReviewer(rulebook, "en")
    reviewer.feed("This is a risk free plan. " * 3)
    assert reviewer.blocked
    assert reviewer.feed("More text " * 10).text == ""
    assert reviewer.finish().text == ""


def test_a_promise_is_held_until_its_clause_shows_whether_it_is_disowned(rulebook: Rulebook) -> None:
    reviewer = StreamReviewer(rulebook, "zh-CN")
    head = "很多人问怎样才能做到稳赚不赔"  # no negation before it ("有没有" reads as one): the clause decides
    step = reviewer.feed(head)
    assert not step.blocked and "稳赚" not in step.text  # undecided: held back, not yet blocked
    step = reviewer.feed("是不可能的。市场总有波动，请做好资产配置。" * 2)
    assert not reviewer.blocked
    final = reviewer.finish()
    assert "稳赚不赔" in reviewer.released_text and final.final


def test_an_unresolved_promise_is_blocked_at_the_end(rulebook: Rulebook) -> None:
    reviewer = StreamReviewer(rulebook, "zh-CN")
    reviewer.feed("这只产品稳赚不赔")
    assert not reviewer.blocked
    assert reviewer.finish().blocked
    assert "稳赚" not in reviewer.released_text


@pytest.mark.parametrize("text,locale", [
    ("The Sharpe ratio subtracts the risk-free rate (the 3-month Treasury yield) from the return.", "en"),
    ("Treasury bills are often treated as a risk-free asset in textbooks, though inflation still bites.", "en"),
    ("夏普比率 = (组合年化收益率 − 无风险利率) ÷ 年化波动率，这里无风险利率取一年期国债收益率。", "zh-CN"),
])
def test_neutral_terms_containing_a_forbidden_phrase_pass_at_any_split(rulebook: Rulebook, text: str,
                                                                       locale: str) -> None:
    for size in (1, 3, 7, len(text)):
        shown, reviewer, _ = stream(rulebook, [text[i:i + size] for i in range(0, len(text), size)], locale)
        assert not reviewer.blocked, f"chunk size {size}"
        assert shown.startswith(text)


@pytest.mark.parametrize("text,locale", [
    ("This fund is risk-free and rates as our best product.", "en"),
    ("Our note is risk free, rated AAA.", "en"),
    ("本产品无风险，利率高达6%。", "zh-CN"),
])
def test_a_promise_next_to_a_neutral_word_is_still_blocked(rulebook: Rulebook, text: str, locale: str) -> None:
    shown, reviewer, _ = stream(rulebook, [text[i:i + 4] for i in range(0, len(text), 4)], locale)
    assert reviewer.blocked
    assert "risk" not in shown and "风险" not in shown
