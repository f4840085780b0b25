"""What a trade question asks, read in its own words (Chinese and English): a profit / P&L / 盈亏 / 收益 / 赚了多少 is
signed (a loss is negative); 亏了多少 / how much did I lose asks the amount lost, a positive number, and 0 when the
trade gained (the gain is said with it); 亏损率 / 亏了百分之几 is the loss as a positive fraction. Profit = n × (sell -
buy) - fees and holding-period return = profit / cost (Bodie, Kane & Marcus, Investments, ch. 5). The table is
written for these tests; expected numbers are hand-computed in the comments."""

from __future__ import annotations

import pytest

from services.portfolio.tables.api import answer

TABLE = """| 日期 | 开盘价 | 最高价 | 最低价 | 收盘价 |
|---|---|---|---|---|
| 2024-09-02 | 10.00 | 10.50 | 9.80 | 10.20 |
| 2024-09-03 | 10.20 | 10.40 | 9.50 | 9.60 |
| 2024-09-04 | 9.60 | 10.90 | 9.40 | 10.80 |
"""

# 9/02 close 10.20 -> 9/03 close 9.60: 100 shares lose 60.00 (-5.8824%); 9/03 close 9.60 -> 9/04 close 10.80: +120.00


@pytest.mark.parametrize(("question", "expected"), [
    ("9月2日买入100股，9月3日卖出，亏了多少钱", "60.00"),
    ("9月2日买入100股，9月3日卖出，亏损了多少", "60.00"),
    ("9月2日买入100股，9月3日卖出，盈亏是多少", "-60.00"),
    ("9月2日买入100股，9月3日卖出，收益是多少", "-60.00"),
    ("9月2日买入100股，9月3日卖出，赚了多少", "-60.00"),
    ("9月2日买入100股，9月3日卖出，亏损率是多少", "5.88%"),      # 60 / 1020
    ("9月2日买入100股，9月3日卖出，收益率是多少", "-5.88%"),
    ("9月3日买入100股，9月4日卖出，亏了多少", "0.00"),         # it gained 120.00: nothing lost
    ("If I bought 100 shares on Sep 2 and sold on Sep 3, how much did I lose?", "60.00"),
    ("If I bought 100 shares on Sep 2 and sold on Sep 3, what is my P&L?", "-60.00"),
    ("If I bought 100 shares on Sep 2 and sold on Sep 3, what is my profit or loss?", "-60.00"),
    ("If I bought 100 shares on Sep 3 and sold on Sep 4, how much did I lose?", "0.00"),
])
def test_the_question_says_which_sign(question: str, expected: str) -> None:
    got = answer(question, TABLE, "zh-CN")
    assert (got.status, got.formatted) == ("answered", expected), got.reason
    assert got.operation == "position"


def test_a_loss_asked_of_a_gain_says_the_gain() -> None:
    got = answer("9月3日买入100股，9月4日卖出，亏了多少", TABLE, "zh-CN")
    assert "盈利 120.00" in got.explanation and "盈利 120.00" in got.card["remark"]
    got = answer("If I bought 100 shares on Sep 3 and sold on Sep 4, how much did I lose?", TABLE, "en")
    assert "gained 120.00" in got.explanation


def test_a_margin_loss_is_the_amount_lost() -> None:
    # own 10000, 2x: 20000 / 10.20 = 1960.78 shares, 9/02 -> 9/03: 1960.78 × -0.60 = -1176.47; interest on 10000
    # at 6% for 1 day ACT/365 = 1.64; profit -1178.11, so 亏了 1178.11
    got = answer("9月2日买入，2倍杠杆，融资利率年化6%，本金1万，9月3日卖出，亏了多少钱", TABLE, "zh-CN")
    assert (got.status, got.operation, got.formatted) == ("answered", "margin", "1,178.11"), got.reason


@pytest.mark.parametrize(("question", "expected"), [
    # that day's high and low, not one price column for both sides: 10.50 (9/02 high) -> 9.40 (9/04 low) = -110.00
    ("If I bought 100 shares at the high on Sep 2 and sold at the low on Sep 4, how much did I lose?", "110.00"),
    ("If I bought 100 shares on Sep 2 at the day's high and sold on Sep 4 at the day's low, what's my P&L?",
     "-110.00"),
    ("9月2日以最高价买入100股，9月4日以最低价卖出，亏了多少", "110.00"),
])
def test_english_high_and_low_clauses(question: str, expected: str) -> None:
    got = answer(question, TABLE, "en")
    assert (got.status, got.formatted) == ("answered", expected), got.reason
    cells = [(o["row"], o["column"]) for o in got.card["operands"]]
    assert cells == [("2024-09-02", "最高价"), ("2024-09-04", "最低价")]


@pytest.mark.parametrize(("question", "expected"), [
    ("9月2日买入，9月3日卖出，亏了百分之几", "5.88%"),      # 9.60 / 10.20 - 1 = -5.88%: lost 5.88%
    ("9月2日买入，9月3日卖出，亏损率是多少", "5.88%"),
    ("If I bought on Sep 2 and sold on Sep 3, what percentage did I lose?", "5.88%"),
    ("9月3日买入，9月4日卖出，亏了百分之几", "0.00%"),      # 10.80 / 9.60 - 1 = +12.5%: nothing lost
    ("9月2日买入，9月3日卖出，收益率是多少", "-5.88%"),
    ("9月2日买入，9月3日卖出，赚了百分之几", "-5.88%"),     # a return asked with a gain word keeps its sign
])
def test_a_loss_rate_without_a_position(question: str, expected: str) -> None:
    got = answer(question, TABLE, "zh-CN")
    assert (got.status, got.operation, got.formatted) == ("answered", "return", expected), got.reason


@pytest.mark.parametrize("question", ["9月2日买入，9月3日卖出，亏了多少", "9月2日买入，9月3日卖出，赚了多少",
                                      "If I bought on Sep 2 and sold on Sep 3, how much did I lose?"])
def test_an_amount_without_a_size_is_asked(question: str) -> None:
    got = answer(question, TABLE, "zh-CN")
    assert (got.status, got.reason.split(":")[0]) == ("clarify", "no_size")


@pytest.mark.parametrize(("question", "expected"), [
    # fresh phrasings: 9/02 close 10.20 -> 9/04 close 10.80, 200 shares gain 120.00 (+5.88%); -> 9/03: -120.00
    ("If I bought 200 shares on Sep 2 and sold on Sep 4, how much would I have lost?", "0.00"),   # not the value
    ("If I bought 200 shares on Sep 2 and sold on Sep 4, how much would I have made?", "120.00"),
    ("If I bought 200 shares on Sep 2 and sold on Sep 4, how much would I have?", "2,160.00"),   # 200 × 10.80
    ("I bought 200 shares on Sep 2 and sold on Sep 3. How big was my loss in percent?", "5.88%"),
    ("I bought 200 shares on Sep 2 and sold on Sep 3. What's my profit in percent?", "-5.88%"),
    ("9月2日买入200股，9月3日卖出，我亏了还是赚了，金额多少", "-120.00"),
])
def test_fresh_phrasings(question: str, expected: str) -> None:
    got = answer(question, TABLE, "zh-CN")
    assert (got.status, got.formatted) == ("answered", expected), got.reason


@pytest.mark.parametrize(("question", "expected"), [
    # each side at the price its clause names: open 10.00 -> 9/04 high 10.90 = +9.00%; 9/02 high 10.50 -> 9/03 low
    # 9.50 = -9.52%; 9/02 low 9.80 -> 9/04 high 10.90 = +11.22% (were priced on one column for both sides)
    ("If I bought at the open on Sep 2 and sold at the high on Sep 4, what is my return?", "9.00%"),
    ("If I bought at the high on Sep 2 and sold at the low on Sep 3, what is my return?", "-9.52%"),
    ("Bought Sep 2 at the day's low, sold Sep 4 at the day's high: return?", "11.22%"),
])
def test_each_side_at_its_own_price(question: str, expected: str) -> None:
    got = answer(question, TABLE, "en")
    assert (got.status, got.formatted) == ("answered", expected), got.reason


def test_a_date_after_the_buy_verb_is_no_amount() -> None:
    # 买入9月4日: the 9 is a month, not 9 yuan invested (was answered as the profit of 9 yuan)
    got = answer("9月2日买入9月4日卖出能赚多少钱", TABLE, "zh-CN")
    assert (got.status, got.reason.split(":")[0]) == ("clarify", "no_size")


@pytest.mark.parametrize(("question", "expected"), [
    ("9月3日亏了百分之几？", "5.88%"),                               # 9.60 / 10.20 - 1: fell 5.88% that day
    ("9月4日亏了百分之几？", "0.00%"),                               # rose 12.50%: nothing lost
    ("9月2日买入100股，9月4日卖出，盈亏比例是多少", "5.88%"),         # a ratio: the return, not the money
])
def test_rates_asked_with_loss_and_ratio_words(question: str, expected: str) -> None:
    got = answer(question, TABLE, "zh-CN")
    assert (got.status, got.formatted) == ("answered", expected), got.reason


@pytest.mark.parametrize(("question", "expected"), [
    ("9月2日买入、9月4日卖出，每股赚多少钱", "0.60"),                 # 10.80 - 10.20 on one share
    ("9月2日买入、9月4日卖出，每股亏了多少", "0.00"),                 # it gained: nothing lost
    ("If I bought at the lowest close and sold at the highest close afterwards, how much would I make per share?",
     "1.20"),                                                          # 9.60 (9/03) -> 10.80 (9/04)
    ("9月2日买入一万股，9月3日卖出，损失多少", "6,000.00"),          # 10000 × (9.60 - 10.20): lost 6000
])
def test_per_share_and_scaled_counts(question: str, expected: str) -> None:
    got = answer(question, TABLE, "zh-CN")
    assert (got.status, got.formatted) == ("answered", expected), got.reason


def test_a_rule_trade_without_a_size_asks_it() -> None:
    # was answered 10.80 (the sell price) as if it were the profit
    got = answer("如果在收盘价最低的一天买入，之后最高的一天卖出，能赚多少？", TABLE, "zh-CN")
    assert (got.status, got.reason.split(":")[0]) == ("clarify", "no_size")
