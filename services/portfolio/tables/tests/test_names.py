"""A 问财 query can return another stock than the one asked: the engine asks instead of answering for the wrong
company, and still accepts short names (中石化 for 中国石化). Tables written for these tests."""

from __future__ import annotations

from services.portfolio.tables.api import answer
from services.portfolio.tables.names import caption_subjects


def _table(query: str, code: str, name: str) -> str:
    return (f"取数问句: {query}\n|股票代码|股票简称|收盘价[20240304]|收盘价[20240305]|\n|---|---|---|---|\n"
            f"|{code}|{name}|10.00元|10.50元|\n")


def test_caption_subjects() -> None:
    assert caption_subjects("取数问句: 东方测试2024年3月每日的收盘价") == ["东方测试"]
    assert caption_subjects("取数问句: 2024年3月4日西方样例的最高价 / 取数问句: 西方样例2024年3月每日的收盘价") == \
        ["西方样例", "西方样例"]
    assert caption_subjects("Acme daily prices") == []


def test_a_table_of_another_stock_is_asked_back() -> None:
    got = answer("2024年3月4日至2024年3月5日东方测试的收盘价涨幅是多少？",
                 _table("东方测试2024年3月每日的收盘价", "600998.SH", "东方样例"), "zh-CN")
    assert (got.status, got.reason.split(":")[0]) == ("clarify", "which_instrument")
    assert "东方样例" in got.reason and "东方测试" in got.reason


def test_a_short_name_of_the_same_stock_is_answered() -> None:
    # 10.50 / 10.00 - 1 = 5.00%
    got = answer("2024年3月4日至2024年3月5日东测的收盘价涨幅是多少？",
                 _table("东测2024年3月每日的收盘价", "600999.SH", "东方测试"), "zh-CN")
    assert got.status == "answered" and got.formatted == "5.00%"


def _us(query: str, code: str, name: str) -> str:
    return (f"取数问句: {query}\n|股票代码|股票简称|收盘价[20240304]|收盘价[20240305]|\n|---|---|---|---|\n"
            f"|{code}|{name}|10.00美元|10.50美元|\n")


def test_a_ticker_in_the_question_must_be_the_tables_code() -> None:
    table = _us("Acme Widgets Group 2024年3月每日的收盘价", "ACMW.O", "Acme Widgets")
    got = answer("2024年3月4日至2024年3月5日Acme Widgets Group（AWG）的收盘价涨幅是多少？", table, "zh-CN")
    assert (got.status, got.reason.split(":")[0]) == ("clarify", "which_instrument") and "AWG" in got.reason
    got = answer("2024年3月4日至2024年3月5日Acme Widgets（ACMW）的收盘价涨幅是多少？", table, "zh-CN")
    assert got.status == "answered" and got.formatted == "5.00%"


def test_generic_words_of_a_company_name_name_no_one() -> None:
    # "Bancorp" alone would match Home Federal Bancorp to a question about Fifth Ninth Bancorp
    table = _us("Fifth Ninth Bancorp 2024年3月每日的收盘价", "HFBX.O", "Home Federal Bancorp")
    got = answer("2024年3月4日至2024年3月5日Fifth Ninth Bancorp的收盘价涨幅是多少？", table, "zh-CN")
    assert (got.status, got.reason.split(":")[0]) == ("clarify", "which_instrument")
