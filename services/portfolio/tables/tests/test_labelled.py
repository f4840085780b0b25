"""Pasted tables keyed by names (months, funds, budget lines) rather than dates.

Figures checked by hand arithmetic and numpy (mean, sum, dot product), as a spreadsheet would compute them."""

from __future__ import annotations

import numpy as np
import pytest

from services.portfolio.tables.api import answer
from services.portfolio.tables.model import price_table

CLOSES = "Month,Close\nJul,12.50\nAug,10.00\nSep,14.00\nOct,11.50"
ZH_CLOSES = "| 月份 | 收盘价 |\n|---|---|\n| 7月 | 20.00 |\n| 8月 | 25.00 |\n| 9月 | 18.00 |"
BUDGET = "Item,Amount\nmortgage,3000\ngroceries,800\nutilities,200"
HOLDINGS = "名称,持有份额,单位净值\n稳健债基,2000,1.250\n沪深300指数,1000,3.400"


@pytest.mark.parametrize(("question", "value", "formatted"), [
    (f"{CLOSES}\nwhat was the mean close over these months?", np.mean([12.5, 10, 14, 11.5]), "12.00"),
    (f"{CLOSES}\nwhich month had the highest close, and what was it?", 14.0, "14.00"),
    (f"{CLOSES}\nthe lowest close?", 10.0, "10.00"),
    (f"{CLOSES}\nhow big is the gap between the highest and the lowest close?", 4.0, "4.00"),
    (f"{CLOSES}\nby what percent did the close change from Aug to Oct?", 15.0, "15.00%"),
    (f"{CLOSES}\nhow many percent did it rise over the four months?", (11.5 / 12.5 - 1) * 100, "-8.00%"),
    (f"{ZH_CLOSES}\n这三个月平均收盘价是多少？", 21.0, "21.00"),
    (f"{ZH_CLOSES}\n从7月到9月跌了百分之多少？", -10.0, "-10.00%"),
])
def test_one_column_of_closes(question: str, value: float, formatted: str) -> None:
    got = answer(question, None, "zh-CN" if "月份" in question else "en")
    assert got.status == "answered", got.reason
    assert got.value == pytest.approx(value) and got.formatted == formatted
    assert got.card["table"]["rows"] in (3, 4) and got.card["operands"]  # the rows used are on the card


def test_a_rows_share_of_the_total_and_the_sum_in_the_named_currency() -> None:
    share = answer(f"all in dollars:\n{BUDGET}\nwhat percentage of the total is the mortgage?", None, "en")
    assert share.value == pytest.approx(3000 / 4000 * 100) and share.formatted == "75.00%"
    assert [o["row"] for o in share.card["operands"]] == ["mortgage"]
    total = answer(f"all in dollars:\n{BUDGET}\nwhat do these add up to?", None, "en")
    assert total.value == 4000 and total.formatted == "4,000.00 USD"


def test_holdings_are_valued_as_units_times_price() -> None:
    got = answer(f"{HOLDINGS}\n我这两只基金一共值多少钱？", None, "zh-CN")
    assert got.value == pytest.approx(float(np.dot([2000, 1000], [1.25, 3.4])))  # 2,500 + 3,400
    # no currency written anywhere: none is invented (the figure is in whatever the prices are quoted in)
    assert got.formatted == "5,900.00" and got.card["operation"] == "holdings_value"


@pytest.mark.parametrize(("question", "code"), [
    (f"{HOLDINGS}\n最高的是多少？", "which_column"),  # units or price: two numeric columns, neither named
    (f"{CLOSES}\nwhat do you think of this?", "which_operation"),
    (f"{CLOSES}\nthe average and the highest close?", "which_operation"),  # two figures asked at once
    ("Item,Amount\nA,0\nB,0\nwhat share of the total is A?", "zero_total"),
])
def test_an_unclear_question_is_asked_back(question: str, code: str) -> None:
    got = answer(question, None, "zh-CN" if "最高" in question else "en")
    assert got.status == "clarify" and got.reason.startswith(code) and got.value is None


class _Market:
    def __init__(self) -> None:
        self.table = price_table("600085.SH 同仁堂", ["2015-12-30", "2015-12-31"], [43.0, 44.38])

    def get(self, instrument_id: str) -> object:
        return self.table

    def instruments(self) -> list[str]:
        return ["600085.SH"]


def test_a_pasted_table_is_never_answered_from_the_shipped_market_data() -> None:
    """The max of a pasted month table once came back as a shipped stock's close."""
    got = answer(f"{CLOSES}\nhighest close?", None, "en", _Market())  # type: ignore[arg-type]
    assert got.value == 14.0 and got.card["instrument"] == ""


def test_an_aggregate_named_wins_over_a_change_the_caption_suggests() -> None:
    """'returns in %' above the table once turned 'the average' into a first-to-last change."""
    text = "My fund's quarterly returns in %:\n| quarter | return |\n|---|---|\n| Q1 | 2.0 |\n| Q2 | -1.0 |\n" \
           "| Q3 | 3.5 |\nWhat's the average quarterly return?"
    got = answer(text, None, "en")
    assert got.card["operation"] == "mean" and got.value == pytest.approx(1.5)


def test_the_total_market_value_of_a_value_column_is_its_sum() -> None:
    text = ("我的持仓：\n| 资产 | 市值(元) |\n|---|---|\n| 工商银行 | 30000 |\n| 国债 | 15500 |\n| 货币基金 | 4500 |\n"
            "总市值多少？")
    got = answer(text, None, "zh-CN")
    assert got.value == 50_000 and got.formatted == "50,000.00 元"


def test_rows_named_by_year_are_labels_not_a_second_number_column() -> None:
    text = "| 年份 | 每股分红(元) |\n|---|---|\n| 2021 | 0.80 |\n| 2022 | 0.95 |\n| 2023 | 1.10 |\n三年分红合计多少？"
    got = answer(text, None, "zh-CN")
    assert got.value == pytest.approx(2.85) and [o["row"] for o in got.card["operands"]] == ["2021", "2022", "2023"]


def test_a_total_row_pasted_with_the_rows_is_not_counted_again() -> None:
    text = "Item,Amount\nRent,2400\nFood,600\nTransport,200\nTotal,3200\nWhat is my total spending? And the average?"
    assert answer(text.replace(" And the average?", ""), None, "en").value == 3200
    assert answer("Item,Amount\nRent,2400\nFood,600\nTransport,200\nTotal,3200\naverage expense?", None,
                  "en").value == pytest.approx(1066.6666667)


@pytest.mark.parametrize(("question", "value"), [
    ("What share of the total did March take?", 40.0),  # "March" names the row "Mar"
    ("What is B's share as a percentage of the total?", 30.0),  # not row "A" through the article "a"
])
def test_the_row_a_share_is_asked_of(question: str, value: float) -> None:
    months = "Month,Amount\nJan,300\nFeb,300\nMar,400"
    letters = "Fund,Amount\nA,500\nB,300\nC,200"
    got = answer(f"{months if 'March' in question else letters}\n{question}", None, "en")
    assert got.value == pytest.approx(value) and got.formatted.endswith("%")


def test_a_share_with_no_row_named_is_asked_back() -> None:
    got = answer("Fund,Amount\nA,500\nB,300\nwhat share of the total is that one?", None, "en")
    assert got.status == "clarify" and got.reason.startswith("which_row")


def test_a_change_in_a_column_of_percentages_is_in_points() -> None:
    got = answer("Fund,Return (%)\nA,5\nB,7\nC,9\nHow much did the return change from A to C?", None, "en")
    assert got.value == 4 and got.formatted == "4.00 pp"
