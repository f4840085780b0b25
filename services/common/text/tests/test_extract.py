"""Argument extraction from the messages investors actually type (zh and en)."""

from __future__ import annotations

import datetime as dt

import pytest

from services.common.text.extract import extract
from services.common.text.numerals import parse_chinese


@pytest.mark.parametrize(
    ("token", "value"),
    [("十", 10), ("十二", 12), ("二十五", 25), ("两千五", 2500), ("三万五", 35000), ("一千零五", 1005),
     ("一百零一", 101), ("三百万", 3_000_000), ("一亿二千万", 120_000_000), ("两万亿", 2e12), ("一万零五百", 10500)],
)
def test_chinese_numerals(token: str, value: float) -> None:
    assert parse_chinese(token) == value


def test_monthly_plan_in_chinese() -> None:
    e = extract("我每月定投2000元，十年后大概有多少？")
    assert [(m.value, m.currency, m.per) for m in e.money] == [(2000.0, "CNY", "month")]
    assert e.horizon_months == 120


def test_monthly_plan_in_english_with_scale_and_rate() -> None:
    e = extract("I invest $1.5k a month for 10 years at 6%")
    assert [(m.value, m.currency, m.per) for m in e.money] == [(1500.0, "USD", "month")]
    assert [p.value for p in e.percents] == [6.0]
    assert e.horizon_months == 120


def test_loan_with_wan_and_percent() -> None:
    e = extract("贷款100万，30年，利率4.1%，等额本息月供多少")
    assert [m.value for m in e.money] == [1_000_000]
    assert e.horizon_months == 360 and [p.value for p in e.percents] == [4.1]


def test_dates_with_year_carried_to_month_day() -> None:
    e = extract("如果我在2024年9月2日以收盘价买入1000股并在9月6日卖出")
    assert [d.date for d in e.dates] == [dt.date(2024, 9, 2), dt.date(2024, 9, 6)]
    assert [s.count for s in e.shares] == [1000] and e.money == [] and e.durations == []


@pytest.mark.parametrize(
    ("text", "iso"),
    [("20240916", "2024-09-16"), ("2024-09-16", "2024-09-16"), ("9/16/2024", "2024-09-16"),
     ("Sept 16, 2024", "2024-09-16"), ("2024年9月16日", "2024-09-16")],
)
def test_date_formats(text: str, iso: str) -> None:
    assert [d.date.isoformat() for d in extract(f"close on {text}?").dates] == [iso]


def test_invalid_calendar_date_is_not_a_date() -> None:
    assert extract("20241399").dates == []


def test_half_year_forms_and_percent_words() -> None:
    e = extract("年化百分之五，存两千五，一年半")
    assert [p.value for p in e.percents] == [5.0]
    assert e.horizon_months == 18
    assert [m.value for m in e.money] == [2500]
    assert e.money[0].currency == ""  # none named: the planner states the currency it assumes


def test_round_number_after_money_cue_is_an_amount_not_a_code() -> None:
    e = extract("borrow 300000 over 18 months at 3.5 percent")
    assert [m.value for m in e.money] == [300000] and e.codes == []


def test_codes_tickers_and_lots() -> None:
    assert extract("基金代码 000001.OF 和 159915 怎么样").codes == ["000001.OF", "159915"]
    e = extract("买5手600519，再看看AAPL和QQQ的ETF")
    assert e.codes == ["600519"] and [s.count for s in e.shares] == [500]
    assert e.tickers == ["AAPL", "QQQ"]


def test_bare_numbers_are_kept_for_grounding_but_not_called_amounts() -> None:
    e = extract("I am 35 and have 2 kids")
    assert e.money == [] and 35.0 in e.numbers and 2.0 in e.numbers


def test_full_width_digits() -> None:
    e = extract("每月定投２０００元")
    assert [m.value for m in e.money] == [2000]


def test_exchange_suffix_is_not_a_ticker() -> None:
    e = extract("帮我分析600036.SH和AAPL")
    assert e.codes == ["600036.SH"] and e.tickers == ["AAPL"]


@pytest.mark.parametrize(("text", "rate"), [("按揭利率三厘九", 3.9), ("年利率5厘2的贷款", 5.2), ("利率4.6厘", 4.6),
                                            ("年化百分之二点七五", 2.75)])
def test_rates_in_li_and_chinese_decimals(text: str, rate: float) -> None:
    assert [p.value for p in extract(text).percents] == [rate]


def test_hyphenated_terms_accounts_and_every_month() -> None:
    ex = extract("A 20-year plan: my 403b holds $12k and I add $250 each month")
    assert ex.horizon_months == 240
    assert [(m.value, m.per) for m in ex.money] == [(12_000, None), (250, "month")]
    assert extract("每个月发了工资存2500元").periodic("month") is not None


def test_a_code_at_the_very_start_is_a_code() -> None:
    assert extract("002594.SZ 的波动率").codes == ["002594.SZ"]


def test_a_period_word_in_the_next_sentence_is_not_the_amounts() -> None:
    held = extract("I have $50k now. Monthly amount to reach $200k at 7%?")
    assert [(m.value, m.per) for m in held.money] == [(50_000, None), (200_000, None)]
    assert extract("I save $200 a month. How much in 10 years?").money[0].per == "month"
    assert extract("borrow $20k over a year at 5%").money[0].per is None  # a term, not a yearly amount


@pytest.mark.parametrize(
    ("text", "money", "percent", "months"),
    [("I put away a grand every month for twenty-five years at six and a half percent", (1000, "month"), 6.5, 300),
     ("half a million in a decade at five point five percent", (500_000, None), 5.5, 120),
     ("a hundred thousand dollars for two decades at four percent", (100_000, None), 4.0, 240),
     ("borrow 250 grand over a year and a half at 3%", (250_000, None), 3.0, 18),
     ("$1.5 mil over thirty years at 6%", (1_500_000, None), 6.0, 360),
     ("forty thousand at 2 percent for ten yrs", (40_000, None), 2.0, 120),
     ("a three hundred grand loan at 4 and a half percent for twenty years", (300_000, None), 4.5, 240)],
)
def test_english_number_words(text: str, money: tuple[float, str | None], percent: float, months: float) -> None:
    e = extract(text)
    assert [(m.value, m.per) for m in e.money] == [money]
    assert [p.value for p in e.percents] == [percent] and e.horizon_months == months
    assert money[0] in e.numbers  # grounding knows the user wrote it


@pytest.mark.parametrize(("text", "percent"), [("at five and seven eighths percent", 5.875),
                                               ("three and a quarter percent", 3.25), ("利率3厘85", 3.85),
                                               ("two and three quarters percent", 2.75),
                                               ("at 6 and an eighth percent", 6.125)])
def test_rates_with_fractions_and_two_digit_li(text: str, percent: float) -> None:
    assert [p.value for p in extract(text).percents] == [percent]


def test_a_grand_total_is_no_thousand() -> None:
    assert [m.value for m in extract("my savings hit a grand total of 80k").money] == [80_000]


def test_terse_amounts_and_terms() -> None:
    e = extract("dca 450/month, 15y, then a 30Y mortgage")
    assert [(m.value, m.per) for m in e.money] == [(450, "month")]
    assert [d.months for d in e.durations] == [180, 360]
    loan = extract("贷款80万，还240期，月供多少")
    assert [m.value for m in loan.money] == [800_000] and loan.durations == []  # 240期: the planner's term
    assert extract("利率4.1 月供多少").durations == []  # 月供 is a payment, not a month
    assert extract("Monthly contribution: $900 for 8 years").money[0].per == "month"
    assert extract("one and a half million dollars").money[0].value == 1_500_000
    assert extract("two hundred dollars a month").money[0].value == 200


@pytest.mark.parametrize(("text", "value", "currency"), [
    ("1.2 million hong kong dollars", 1_200_000, "HKD"), ("two million hong kong dollars", 2_000_000, "HKD"),
    ("300 US dollars a month", 300, "USD"), ("half a million dollars", 500_000, "USD"),
    ("a million yuan", 1_000_000, "CNY"),
])
def test_currencies_named_in_words(text: str, value: float, currency: str) -> None:
    assert [(m.value, m.currency) for m in extract(text).money] == [(value, currency)]


def test_an_age_is_not_a_horizon_and_point_takes_one_digit() -> None:
    assert extract("I am a 30 y/o, saving $500 a month at 6%").durations == []  # an age, not 30 years
    assert [d.months for d in extract("a 15y mortgage").durations] == [180]
    assert [p.value for p in extract("five point two percent").percents] == [5.2]
    assert 6.2 not in [p.value for p in extract("five point twelve percent").percents]  # not 5 + 12/10
