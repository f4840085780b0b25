"""标准差 names no estimator: sample (n-1) and population (n) differ, so the engine asks unless the question says
which; 波动率 keeps the sample convention. Tables written for these tests."""

from __future__ import annotations

import math

from services.portfolio.tables.api import answer

# Wikipedia, "Standard deviation" (basic example): 2, 4, 4, 4, 5, 5, 7, 9 has mean 5 and population standard
# deviation exactly 2; the sample standard deviation is sqrt(32 / 7) = 2.1381.
TEXTBOOK = """| 日期 | 收盘价 |
|---|---|
| 2024-03-04 | 2 |
| 2024-03-05 | 4 |
| 2024-03-06 | 4 |
| 2024-03-07 | 4 |
| 2024-03-08 | 5 |
| 2024-03-11 | 5 |
| 2024-03-12 | 7 |
| 2024-03-13 | 9 |
"""
# closes 10.00, 10.40, 10.14, 10.92: daily returns 0.04, -0.025, 0.0769231 (mean 0.0306410);
# sum of squared deviations 0.0053255 -> sample sqrt(0.0053255 / 2) = 0.0516, population sqrt(0.0053255 / 3) = 0.0421
CLOSES = """| 日期 | 收盘价 |
|---|---|
| 2024-03-04 | 10.00 |
| 2024-03-05 | 10.40 |
| 2024-03-06 | 10.14 |
| 2024-03-07 | 10.92 |
"""


def test_std_without_an_estimator_is_asked() -> None:
    got = answer("日收益率的标准差是多少？", CLOSES, "zh-CN")
    assert (got.status, got.reason.split(":")[0]) == ("clarify", "which_std")
    assert "n−1" in got.reason
    got = answer("What is the standard deviation of the closing price?", TEXTBOOK, "en")
    assert (got.status, got.reason.split(":")[0]) == ("clarify", "which_std")


def test_std_of_a_column_by_the_estimator_named() -> None:
    got = answer("收盘价的总体标准差是多少？", TEXTBOOK, "zh-CN")
    assert math.isclose(float(got.value), 2.0, rel_tol=1e-12)
    assert "population" in got.card["formula"]
    got = answer("What is the sample standard deviation of the closing price?", TEXTBOOK, "en")
    assert math.isclose(float(got.value), math.sqrt(32 / 7), rel_tol=1e-12)


def test_std_of_daily_returns_by_the_estimator_named() -> None:
    got = answer("日收益率的样本标准差是多少？保留4位小数", CLOSES, "zh-CN")
    assert got.formatted == "0.0516"
    got = answer("日收益率的总体标准差是多少？保留4位小数", CLOSES, "zh-CN")
    assert got.formatted == "0.0421"
    assert "n - 0" in got.card["formula"]


def test_volatility_keeps_the_sample_convention() -> None:
    # Hull, Options, Futures and Other Derivatives, "Estimating volatility from historical data": the sample
    # standard deviation of returns (n - 1), annualised by sqrt(252): 0.0516020 x 15.8745 = 0.8192 -> 81.92%
    got = answer("年化波动率是多少？", CLOSES, "zh-CN")
    assert got.status == "answered" and got.formatted == "81.92%"
