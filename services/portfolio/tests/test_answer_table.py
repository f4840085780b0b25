"""AnswerTable through a real server: a pasted table, the shipped market data, and a refusal to guess."""

from __future__ import annotations

from collections.abc import AsyncIterator

import numpy as np
import pytest
import pytest_asyncio

from services.portfolio.marketdata import load_market_data
from services.portfolio.tests.running import Running, running_service

pytestmark = pytest.mark.asyncio(loop_scope="module")

TABLE = """| 日期 | 收盘价(元) |
|---|---|
| 2024-09-02 | 10.00 |
| 2024-09-03 | 10.20 |
| 2024-09-04 | 9.90 |
| 2024-09-05 | 10.50 |
| 2024-09-06 | 10.30 |
"""


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def svc() -> AsyncIterator[Running]:
    async with running_service(workers=1) as running:
        yield running


async def test_return_between_two_dates_of_a_pasted_table(svc: Running) -> None:
    question = "如果我在2024年9月2日以收盘价买入1000股并在9月6日卖出，收益率是多少？\n" + TABLE
    r = await svc.client.answer_table(question, locale="zh-CN")
    assert r["status"] == "answered"
    assert r["value"] == pytest.approx(10.30 / 10.00 - 1, rel=1e-12)  # spreadsheet: sell / buy - 1
    assert r["card"] and r["explanation"] and "3" in r["formatted"]


async def test_question_over_the_shipped_market_data(svc: Running) -> None:
    data = load_market_data()
    series = data.instruments["600036.SH"].series
    closes, dates = series.prices, series.dates
    window = (dates >= np.datetime64("2017-03-01")) & (dates <= np.datetime64("2017-03-31"))
    expected = float(np.max(closes[window]))
    r = await svc.client.answer_table("600036.SH 2017年3月的最高收盘价是多少？", locale="zh-CN")
    assert r["status"] == "answered" and r["value"] == pytest.approx(expected, rel=1e-12)


async def test_a_day_that_is_not_in_the_table_is_asked_back_not_interpolated(svc: Running) -> None:
    r = await svc.client.answer_table("2024年9月7日的收盘价是多少？\n" + TABLE, locale="zh-CN")
    assert r["status"] in {"clarify", "decline"} and r["value"] is None and r["reason"]
