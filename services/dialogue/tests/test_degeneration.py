"""The degeneration guard and the facts-first opening, on texts the small CPU model actually produced."""

from __future__ import annotations

from services.dialogue.compose import fact_line, format_value
from services.dialogue.degeneration import DegenerationGuard, in_language, repeated_share
from services.dialogue.tool_round import Fact


def _stream(guard: DegenerationGuard, text: str, step: int = 5) -> str:
    return "".join(guard.feed(text[i:i + step]) for i in range(0, len(text), step)) + guard.flush()


def test_a_repeated_sentence_stops_the_answer() -> None:
    loop = "你可以在100万以上贷款100万，4.9%。" * 9
    guard = DegenerationGuard("zh-CN")
    assert _stream(guard, loop) == "你可以在100万以上贷款100万，4.9%。" and guard.stopped


def test_ordinary_text_passes_whole_and_in_order() -> None:
    text = "An index fund spreads your money across many stocks. Its fees are low.\\nRisk remains: prices fall too."
    guard = DegenerationGuard("en")
    assert _stream(guard, text, 3) == text and not guard.stopped


def test_several_invented_figures_in_one_sentence_stop_the_answer() -> None:
    marked = "Inflation means [unverified figure removed] and [unverified figure removed] over time. More text."
    guard = DegenerationGuard("en")
    released = _stream(guard, marked)
    assert released.count("[unverified figure removed]") <= 1 and "More text" not in released and guard.stopped


def test_language_and_repetition_measures() -> None:
    assert in_language("指数基金跟踪一个指数。", zh=True)
    assert not in_language("a type of high-end luxury investment", zh=True)
    assert in_language("C2", zh=False)  # short fragments (names, figures) pass either way
    assert repeated_share("the fund " * 30) > 0.9 and repeated_share("one two three four five six seven") == 0.0


def test_facts_are_written_with_units_in_the_users_language() -> None:
    fact = Fact("等额本息 first monthly payment", 5307.27, "CNY")
    assert fact_line(fact, zh=True) == "等额本息 首月月供：5,307.27 元"
    assert fact_line(fact, zh=False) == "Equal-payment first monthly payment: 5,307.27 CNY"
    assert format_value(-0.2345, "fraction", zh=True) == "-23.45%" and format_value(1.234, "ratio", zh=False) == "1.23"


def test_text_without_sentence_ends_still_streams() -> None:
    guard = DegenerationGuard("en")
    words = "a diversified portfolio spreads risk across many assets and markets over long horizons "
    released = [guard.feed(words[i:i + 4]) for i in range(0, len(words), 4)]
    assert any(released[:-3]) and "".join(released) + guard.flush() == words


def test_the_answer_language_is_the_questions() -> None:
    from services.dialogue.compose import answer_locale

    assert answer_locale("explain diversification in detail", "zh-CN") == "en"
    assert answer_locale("房贷100万，30年，利率4.9%，月供多少？", "en") == "zh-CN"
    assert answer_locale("C2?", "zh-CN") == "zh-CN"  # too short to tell: the session's language


def test_a_model_that_only_restates_the_facts_is_stopped() -> None:
    guard = DegenerationGuard("en")
    guard.learn("- Equal-payment first monthly payment: 5,307.27 CNY\n- Equal-payment total interest: 910,616.19 CNY\n")
    restated = "Your equal-payment first monthly payment is 5,307.27 CNY and total interest is 910,616.19 CNY. "
    released = _stream(guard, restated + "More.")
    assert "910,616.19" not in released and "More" not in released and guard.stopped
    fresh = DegenerationGuard("en")
    fresh.learn("- Equal-payment first monthly payment: 5,307.27 CNY\n")
    assert _stream(fresh, "Paying the same amount each month keeps budgeting simple.") != ""
