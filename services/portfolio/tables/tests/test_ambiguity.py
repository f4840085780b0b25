"""Questions with two readings that give different answers are asked back; answered when both readings agree.
Tables written for these tests."""

from __future__ import annotations

from services.portfolio.tables.api import answer


def _moves(*cells: str) -> str:
    days = ["20240304", "20240305", "20240306", "20240307"][:len(cells)]
    head = "|".join(f"涨跌幅[{d}]" for d in days)
    return (f"取数问句: 东方测试2024年3月每日的涨跌幅\n|股票代码|股票简称|{head}|\n|{'---|' * (len(cells) + 2)}\n"
            f"|600999.SH|东方测试|{'|'.join(cells)}|\n")


def test_smallest_pct_change_is_asked_when_the_fall_and_the_stillest_day_differ() -> None:
    # lowest value -2.50% on 03-06, closest to zero -0.50% on 03-04
    got = answer("2024年3月4日至2024年3月7日东方测试哪一天的涨跌幅最小？", _moves("-0.50%", "4.00%", "-2.50%", "7.69%"),
                 "zh-CN")
    assert (got.status, got.reason.split(":")[0]) == ("clarify", "ambiguous_move")
    assert "2024-03-06" in got.reason and "2024-03-04" in got.reason


def test_smallest_pct_change_is_answered_when_both_readings_are_one_day() -> None:
    # -0.20% on 03-05 is both the lowest value and the closest to zero
    got = answer("2024年3月4日至2024年3月6日东方测试哪一天的涨跌幅最小？", _moves("0.50%", "-0.20%", "4.00%"), "zh-CN")
    assert got.status == "answered" and got.value == "2024-03-05"


def test_lowest_pct_change_is_the_lowest_value() -> None:
    got = answer("2024年3月4日至2024年3月7日东方测试哪一天的涨跌幅最低？", _moves("-0.50%", "4.00%", "-2.50%", "7.69%"),
                 "zh-CN")
    assert got.status == "answered" and got.value == "2024-03-06"
