from __future__ import annotations

from services.dialogue.models import Turn
from services.dialogue.prompt import PERSONA, build_messages


def _turn(i: int, status: str = "completed", size: int = 10) -> Turn:
    return Turn(f"t{i}", f"q{i}" + "x" * size, f"a{i}" + "y" * size, status, i)  # type: ignore[arg-type]


def test_persona_by_locale_and_new_message_last() -> None:
    zh = build_messages("zh-CN", [], "你好", max_turns=4, max_chars=1000)
    en = build_messages("en", [], "hi", max_turns=4, max_chars=1000)
    assert zh[0].content == PERSONA["zh"] and en[0].content == PERSONA["en"]
    assert (zh[-1].role, zh[-1].content) == ("user", "你好")


def test_keeps_newest_completed_turns_in_order_and_skips_partial_ones() -> None:
    history = [_turn(1), _turn(2, "cancelled"), _turn(3), _turn(4, "error"), _turn(5)]
    msgs = build_messages("en", history, "now", max_turns=2, max_chars=10_000)
    contents = [m.content[:2] for m in msgs[1:]]
    assert contents == ["q3", "a3", "q5", "a5", "no"]


def test_history_trimmed_to_character_budget() -> None:
    history = [_turn(i, size=100) for i in range(10)]
    msgs = build_messages("en", history, "now", max_turns=10, max_chars=450)
    # each turn costs 2 * 102 chars; 450 - 3 leaves room for two turns
    assert len(msgs) == 1 + 2 * 2 + 1
    assert msgs[1].content.startswith("q8")


def test_turns_that_do_not_fit_are_summarised_by_the_users_words_only() -> None:
    history = [_turn(i, size=100) for i in range(6)]
    msgs = build_messages("zh-CN", history, "now", max_turns=2, max_chars=10_000)
    assert [m.content[:2] for m in msgs[1:]] == ["q4", "a4", "q5", "a5", "no"]
    summary = msgs[0].content
    assert "此前对话摘要" in summary and all(f"q{i}" in summary for i in range(4))
    assert "a0" not in summary and "q4" not in summary  # answers never re-enter; kept turns are not repeated


def test_no_summary_when_everything_fits() -> None:
    msgs = build_messages("en", [_turn(1)], "now", max_turns=4, max_chars=10_000)
    assert msgs[0].content == PERSONA["en"]
