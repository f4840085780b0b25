"""Cells, headers and table layouts, on hand-written examples."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from services.portfolio.tables.cells import parse_date, parse_header, parse_num
from services.portfolio.tables.model import build_tables, canonical
from services.portfolio.tables.parse import parse_tables


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("1,234.5", 1234.5, ""), ("(1,234)", -1234.0, ""), ("−3.2%", -3.2, "%"), ("+0.97%", 0.97, "%"),
    ("1.2亿", 1.2e8, ""), ("9800万元", 9.8e7, "元"), ("12.3万手", 123000.0, "手"), ("3,000港元", 3000.0, "港元"),
    ("１２．５", 12.5, ""), ("$1.5M", 1.5e6, ""), ("-0.5", -0.5, ""),
])
def test_numbers(text: str, value: float, unit: str) -> None:
    got = parse_num(text)
    assert got is not None and math.isclose(got.value, value) and got.unit == unit


@pytest.mark.parametrize("text", ["--", "-", "", "—", "N/A", "停牌", "null", "abc", "1.2.3"])
def test_missing_or_not_a_number(text: str) -> None:
    assert parse_num(text) is None


@pytest.mark.parametrize("text", ["2024年9月16日", "20240916", "2024-09-16", "2024/09/16", "9/16/2024", "Sep 16, 2024",
                                  "16 Sep 2024", "2024-09-16 00:00:00", "2024.9.16", "16/9/2024"])
def test_dates(text: str) -> None:
    assert parse_date(text) == dt.date(2024, 9, 16)


def test_epoch_milliseconds_and_non_dates() -> None:
    assert parse_date(1726444800000) == dt.date(2024, 9, 16)
    assert parse_date("2024-02-30") is None and parse_date("hello") is None and parse_date(12.5) is None


@pytest.mark.parametrize(("text", "field", "unit", "scale", "date"), [
    ("收盘价(元)", "收盘价", "元", 1.0, None), ("成交额[万元]", "成交额", "元", 1e4, None),
    ("涨跌幅(%)", "涨跌幅", "%", 1.0, None),
    ("收盘价[20240916]", "收盘价", "", 1.0, dt.date(2024, 9, 16)), ("Amount (in millions)", "Amount", "", 1e6, None),
    ("成交额（亿元）", "成交额", "元", 1e8, None), ("Change %", "Change", "%", 1.0, None),
])
def test_headers(text: str, field: str, unit: str, scale: float, date: dt.date | None) -> None:
    h = parse_header(text)
    assert (h.field, h.unit, h.scale, h.date) == (field, unit, scale, date)


@pytest.mark.parametrize(("header", "key"), [
    ("收盘价", "close"), ("Close Price", "close"), ("closing price", "close"), ("收盘", "close"), ("最高价", "high"),
    ("成交额", "amount"), ("成交量", "volume"), ("主力净流入", "net_inflow"), ("涨跌幅", "pct_change"),
    ("换手率", "turnover_rate"),
    ("交易日期", "date"), ("收盘价(前复权)", "close"), ("Turnover Rate", "turnover_rate"),
])
def test_column_names(header: str, key: str) -> None:
    assert canonical(parse_header(header).field) == key


def test_scale_words_in_cells_are_converted_to_the_header_unit() -> None:
    text = "| 日期 | 成交额(万元) |\n|---|---|\n| 2024-09-02 | 1.2亿 |\n| 2024-09-03 | 12,345 |\n| 2024-09-04 | -- |"
    (table,) = build_tables(parse_tables(text)[0])
    amount = table.col("amount")
    assert amount is not None and amount.unit == "万元"
    assert amount.values[0] == 12000.0 and amount.values[1] == 12345.0 and math.isnan(amount.values[2])


def test_descending_rows_are_sorted_and_duplicates_noted() -> None:
    text = "date,close\n2024-09-03,11\n2024-09-02,10\n2024-09-03,12"
    (table,) = build_tables(parse_tables(text)[0])
    assert table.dates == [dt.date(2024, 9, 2), dt.date(2024, 9, 3)]
    assert list(table.col("close").values) == [10.0, 11.0]  # type: ignore[union-attr]
    assert table.notes


def test_several_tables_and_captions_in_one_message() -> None:
    text = ("取数问句: 平安银行 9月 收盘价\n| 日期 | 收盘价 |\n|---|---|\n| 2024-09-02 | 10 |\n| 2024-09-03 | 11 |\n\n"
            "招商银行（600036.SH）\n```json\n[{\"date\": \"20240902\", \"close\": 33},\n"
            "{\"date\": \"20240903\", \"close\": 34}]\n```")
    raws = parse_tables(text)
    assert [r.fmt for r in raws] == ["markdown", "json"]
    tables = [t for r in raws for t in build_tables(r)]
    assert [t.instrument for t in tables] == ["平安银行", "600036.SH 招商银行"]


def test_prose_with_commas_is_not_a_table() -> None:
    assert parse_tables("Hello, I bought some, sold some.\nThen, later, I wondered.") == []
