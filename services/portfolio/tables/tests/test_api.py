"""The api.answer() contract: JSON-ready answers, the card, clarify/decline, market data, tables in the question.
Expected numbers are hand-computed in the comments."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pytest

from services.portfolio.tables.api import TableAnswer, answer
from services.portfolio.tables.model import Column, Table, price_table

TABLE = """平安银行（000001.SZ）
| 日期 | 收盘价(元) | 成交量(手) |
|---|---|---|
| 2024-09-02 | 10.00 | 1,000 |
| 2024-09-03 | 10.50 | 2,000 |
| 2024-09-04 | 9.45 | -- |
| 2024-09-05 | 10.40 | 1,500 |
"""


def test_answer_is_json_ready_with_a_card_that_cites_cells() -> None:
    got = answer("如果我在2024年9月2日以收盘价买入1000股并在9月5日卖出，收益率是多少？", TABLE, "zh-CN")
    # 10.40 / 10.00 - 1 = 0.04 -> 4.00%
    assert (got.status, got.operation, got.formatted) == ("answered", "position", "4.00%")
    assert abs(float(got.value) - 0.04) < 1e-12  # type: ignore[arg-type]
    body = json.loads(json.dumps(got.to_dict(), ensure_ascii=False))
    assert set(body) == {"status", "value", "formatted", "explanation", "card", "operation", "reason"}
    cells = [(o["row"], o["column"], o["value"]) for o in body["card"]["operands"]]
    assert cells == [("2024-09-02", "收盘价(元)", 10.0), ("2024-09-05", "收盘价(元)", 10.4)]
    assert body["card"]["formula"] and "4.00%" in got.explanation and got.explanation.endswith("。")
    assert got.openai_json() == {"answer": "4.00%", "explanation": got.explanation}


def test_drawdown_and_window_statistics_hand_computed() -> None:
    # peak 10.50 on 09-03, trough 9.45 on 09-04: 1 - 9.45 / 10.50 = 0.10 -> 10.00%
    got = answer("What was the maximum drawdown?", TABLE, "en")
    assert got.formatted == "10.00%" and [o["row"] for o in got.card["operands"]] == ["2024-09-03", "2024-09-04"]
    # volume: 1000 + 2000 + 1500 (the empty 09-04 cell is skipped) = 4500
    got = answer("总成交量是多少？", TABLE, "zh")
    assert got.formatted == "4,500 手" and any("1 empty" in c for c in got.card["conventions"])


def test_clarify_never_a_silent_interpolation() -> None:
    weekend = answer("What was the close on Sep 7, 2024?", TABLE, "en")
    assert weekend.status == "clarify" and weekend.value is None and weekend.reason.startswith("out_of_range")
    gap = answer("2024年9月4日成交量是多少？", TABLE, "zh")
    assert gap.status == "clarify" and gap.reason.startswith("missing_cell")
    holiday = answer("9月1日到9月3日中间的9月1日收盘价是多少", TABLE, "zh")
    assert holiday.status == "clarify"
    assert answer("明天会涨吗？", TABLE, "zh").status == "decline"
    assert answer("市盈率是多少？", TABLE, "zh").openai_json()["answer"] is None


def test_table_pasted_into_the_question_and_no_table_at_all() -> None:
    got = answer("9月3日收盘价是多少？\n" + TABLE, None, "zh")
    assert got.formatted == "10.50 元"
    none = answer("9月3日收盘价是多少？", None, "zh")
    assert none.status == "clarify" and none.reason.startswith("no_table") and "数据表" in none.explanation


class FakeMarket:
    """A MarketTables with one instrument; counts lookups so the test can see it was used."""

    def __init__(self) -> None:
        dates = [dt.date(2024, 1, 2) + dt.timedelta(days=i) for i in range(3)]
        self.table = Table("600519.SH 贵州茅台", dates,
                           [Column("close", "close", "CNY", np.array([1700.0, 1717.0, 1683.0]))], "market")
        self.calls = 0

    def get(self, instrument_id: str) -> Table | None:
        self.calls += 1
        return self.table if instrument_id == "600519.SH" else None

    def instruments(self) -> list[str]:
        return ["600519.SH", "000001.SZ"]


def test_market_tables_are_used_when_the_message_has_none() -> None:
    market = FakeMarket()
    got: TableAnswer = answer("600519 从2024年1月2日到1月4日的收益率是多少？", None, "zh", market)
    # 1683 / 1700 - 1 = -0.01 -> -1.00%
    assert got.formatted == "-1.00%" and market.calls == 1
    got = answer("600519 1月3日的涨跌幅是多少？", None, "zh", market)  # derived: 1717 / 1700 - 1 = 1.00%
    assert got.formatted == "1.00%"
    assert [c.key for c in market.table.columns] == ["close"]  # the shared table was not modified
    unknown = answer("000300 的收益率是多少？", None, "zh", market)
    assert unknown.status == "clarify"


class ShippedLikeMarket:
    """Two instruments sharing the code stem 000001 (an index and a bank), built with price_table."""

    def __init__(self) -> None:
        days = np.array(["2024-01-02", "2024-01-03", "2024-01-04"], dtype="datetime64[D]")
        self.tables = {"000001.SH": price_table("000001.SH 上证综合指数", days, [2960.0, 2967.0, 2954.0], "CNY"),
                       "000001.SZ": price_table("000001.SZ 平安银行", days, [9.39, 9.19, 9.20], "CNY")}

    def get(self, instrument_id: str) -> Table | None:
        return self.tables.get(instrument_id)

    def instruments(self) -> list[str]:
        return list(self.tables)


def test_market_names_and_ambiguous_codes() -> None:
    market = ShippedLikeMarket()
    # 9.20 / 9.39 - 1 = -0.020234... -> -2.02%
    assert answer("平安银行1月2日到1月4日的收益率", None, "zh", market).formatted == "-2.02%"
    assert answer("000001.SH 1月3日收盘价是多少", None, "zh", market).formatted == "2,967.00 CNY"
    ambiguous = answer("000001 1月3日收盘价是多少", None, "zh", market)
    assert ambiguous.status == "clarify" and ambiguous.reason.startswith("which_instrument")


def test_a_question_with_commas_keeps_its_sentence_when_a_csv_is_pasted_under_it() -> None:
    question = ("If I bought 1,000 shares on Sep 3, 2024 and sold on Sep 5, 2024, what is my profit?\n"
                "date,close,volume\n2024-09-03,10.5,100\n2024-09-04,10.6,200\n2024-09-05,10.8,300")
    got = answer(question, None, "en")
    # 1000 × (10.8 - 10.5) = 300
    assert (got.status, got.operation, got.formatted) == ("answered", "position", "300.00")
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in got.explanation)  # English question, English sentence


def test_a_date_without_a_year_on_a_multi_year_table_is_asked_back() -> None:
    days = [dt.date(2023, 9, 4), dt.date(2023, 9, 5), dt.date(2024, 9, 4), dt.date(2024, 9, 5)]
    table = price_table("600519.SH 贵州茅台", days, [1800.0, 1810.0, 1350.0, 1360.0], "CNY")

    class Market:
        def get(self, instrument_id: str) -> Table | None:
            return table if instrument_id == "600519.SH" else None

        def instruments(self) -> list[str]:
            return ["600519.SH"]

    ambiguous = answer("贵州茅台9月5日收盘价是多少", None, "zh", Market())
    assert ambiguous.status == "clarify" and ambiguous.reason.startswith("which_year")
    assert answer("贵州茅台2024年9月5日收盘价是多少", None, "zh", Market()).formatted == "1,360.00 CNY"
    assert answer("贵州茅台9月份的平均收盘价", None, "zh", Market()).reason.startswith("which_year")


def test_the_largest_price_change_is_never_read_as_the_highest_price() -> None:
    """Review finding: reading 'price change' as the price's move made 'the largest price change' the day of the
    highest close; without a 涨跌额 column it is asked back."""
    rows = '[{"date": "2024-03-01", "close": 10.0}, {"date": "2024-03-04", "close": 12.0}, ' \
           '{"date": "2024-03-05", "close": 11.9}, {"date": "2024-03-06", "close": 12.5}]'
    got = answer(f"{rows}\nWhich day had the largest price change?", None, "en")
    assert got.status == "clarify" or got.value == "2024-03-04"


def test_a_few_days_of_closes_is_a_table_not_a_count() -> None:
    rows = '[{"date": "2024-04-01", "close": 10.0}, {"date": "2024-04-02", "close": 11.0}]'
    got = answer(f"这是某基金几天的收盘价，平均收盘价是多少？\n{rows}", None, "zh-CN")
    assert got.status == "answered" and got.value == pytest.approx(10.5)
    counted = answer(f"这几天里收盘价高于10.5元的有几天？\n{rows}", None, "zh-CN")
    assert counted.value == 1
