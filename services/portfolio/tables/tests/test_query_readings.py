"""Readings of 问财-style exports that come from the table itself: a one-day query answered with an earlier row (a
holiday), a table captioned 每日 that is really a selection of days, and 差值最大 over a window. Tables and questions
are written for these tests; expected numbers are hand-computed in the comments."""

from __future__ import annotations

from services.portfolio.tables.api import _tables, answer

FMT = ('以JSON回答：{"cot": "<推理>", "answer": <数值请统一表示成小数，最多保留4位小数，如0.1234；'
       '日期请按x年x月x日给出>}')

# 2025-01-01 is a holiday: the query for that day returns the close of 2024-12-31, the last trading day before
HOLIDAY_QUERY = """编号: 1
取数问句: 南山测试2025年1月1日的收盘价
|股票代码|股票简称|收盘价[20241231]|
|---|---|---|
|600998.SH|南山测试|20.00元|

编号: 2
取数问句: 南山测试2025年1月6日的收盘价
|股票代码|股票简称|收盘价[20250106]|
|---|---|---|
|600998.SH|南山测试|21.00元|
"""

# 每日 in the caption, but the rows are every other trading day (Mar 4, 6, 8, 12, 14): a selection
EVERY_OTHER_DAY = """取数问句: 南山测试2024年3月每日的收盘价
|股票代码|股票简称|收盘价[20240304]|收盘价[20240306]|收盘价[20240308]|收盘价[20240312]|收盘价[20240314]|
|---|---|---|---|---|---|---|
|600998.SH|南山测试|10.00元|10.50元|10.20元|10.80元|11.00元|
"""

# 每日 and really daily: Mon Mar 4 to Fri Mar 15 with one holiday (Mar 8)
DAILY = """取数问句: 南山测试2024年3月每日的收盘价
|股票代码|股票简称|收盘价[20240304]|收盘价[20240305]|收盘价[20240306]|收盘价[20240307]|收盘价[20240311]|收盘价[20240312]|
|---|---|---|---|---|---|---|---|
|600998.SH|南山测试|10.00元|10.50元|10.20元|10.80元|11.00元|10.90元|
"""

FLOWS = """取数问句: 南山测试2024年3月4日至2024年3月8日每日的资金流向
|股票代码|股票简称|资金流向[20240304]|资金流向[20240305]|资金流向[20240306]|资金流向[20240307]|资金流向[20240308]|
|---|---|---|---|---|---|---|
|600998.SH|南山测试|1.20亿元|-3.40亿元|2.50亿元|5000.00万元|-0.80亿元|
"""


def prompt(data: str, question: str) -> str:
    return f"# 计算\n### 数据\n{data}\n\n### 用户问题\nquestion: {question}\n\n### 输出格式\n{FMT}"


def test_a_holiday_reads_the_row_its_own_query_returned() -> None:
    # holding-period return (simple return, Bodie/Kane/Marcus "Investments" ch. 5: HPR = P1 / P0 - 1):
    # bought "on 2025-01-01" = the query's 20.00 (2024-12-31 close), sold 2025-01-06 at 21.00: 21 / 20 - 1 = 0.05
    got = answer(prompt(HOLIDAY_QUERY, "如果我在2025年1月1日以当日收盘价买入南山测试，"
                                      "并在2025年1月6日以当日收盘价卖出，收益率是多少？"), None, "zh-CN")
    assert got.status == "answered" and got.formatted == "0.05"
    rows = [o["row"] for o in got.card["operands"]]
    assert rows == ["2024-12-31", "2025-01-06"]  # the card shows the row actually used
    assert any("2025-01-01" in c and "2024-12-31" in c for c in got.card["conventions"])


def test_no_alias_for_a_query_that_returned_its_own_day_or_a_later_one() -> None:
    same = _tables(HOLIDAY_QUERY.replace("2025年1月1日", "2024年12月31日"), None)[0]
    assert same.as_of == {}
    later = _tables(HOLIDAY_QUERY.replace("2025年1月1日", "2024年12月30日"), None)[0]
    assert later.as_of == {}  # the row is after the day asked: not the value "as of" it
    far = _tables(HOLIDAY_QUERY.replace("2025年1月1日", "2025年1月20日"), None)[0]
    assert far.as_of == {}  # three weeks on: not a holiday gap
    # a day no query asked for stays a non-trading day: asked back, never moved
    got = answer(prompt(HOLIDAY_QUERY, "如果我在2025年1月2日以当日收盘价买入南山测试，"
                                      "并在2025年1月6日以当日收盘价卖出，收益率是多少？"), None, "zh-CN")
    assert got.status == "clarify"


def test_a_daily_caption_over_a_selection_of_days_is_not_daily() -> None:
    (selection,) = _tables(EVERY_OTHER_DAY, None)
    assert selection.sampled  # every interval skips a weekday: not every trading day
    (daily,) = _tables(DAILY, None)
    assert not daily.sampled  # one holiday gap (Mar 8) in five intervals
    # up days need consecutive closes: on the selection this is asked back, not counted over two-day gaps
    got = answer(prompt(EVERY_OTHER_DAY, "2024年3月南山测试上涨的天数是多少？"), None, "zh-CN")
    assert got.status == "clarify" and got.reason.startswith("not_consecutive")
    # on the daily table: 10.5>10.0, 10.8>10.2, 11.0>10.8 rose; 10.2 and 10.9 fell -> 3
    got = answer(prompt(DAILY, "2024年3月南山测试上涨的天数是多少？"), None, "zh-CN")
    assert got.formatted == "3"


def test_largest_difference_over_a_window_is_its_range() -> None:
    # range = max - min (the statistical range, e.g. Freedman/Pisani/Purves "Statistics"): the largest difference
    # between any two days' values: 2.50亿 - (-3.40亿) = 5.90亿 = 590000000 元
    got = answer(prompt(FLOWS, "南山测试2024年3月4日至2024年3月8日每日的资金流向差值最大是多少元？"), None, "zh-CN")
    assert got.status == "answered" and got.formatted == "590000000"
    assert got.card["formula"] == "range = max - min"
    got = answer(prompt(FLOWS, "计算南山测试在2024年3月4日至2024年3月8日期间资金流向差值最大是多少亿元。"), None,
                 "zh-CN")
    assert got.formatted == "5.9"
    # day to day it has two readings (the largest rise, or the largest change either way): asked back
    got = answer(prompt(FLOWS, "南山测试2024年3月4日至2024年3月8日相邻两天资金流向的差值最大是多少元？"), None, "zh-CN")
    assert got.status == "clarify" and got.reason.startswith("ambiguous_diff")


# the query names 2025-01-01 to 2025-01-10; 2025-01-01 is a holiday, so the first row is 2025-01-02
PERIOD = """取数问句: 南山测试2025年1月1日至2025年1月10日每日的收盘价
|股票代码|股票简称|收盘价[20250102]|收盘价[20250103]|收盘价[20250106]|收盘价[20250107]|收盘价[20250108]|
|---|---|---|---|---|---|---|
|600998.SH|南山测试|25.00元|24.00元|24.50元|26.00元|27.50元|
"""


def test_a_trade_on_the_holiday_that_starts_the_queried_period_is_made_at_its_first_close() -> None:
    # HPR = P1 / P0 - 1 (Bodie/Kane/Marcus, ch. 5): bought at the period's first close 25.00 (2025-01-02), sold
    # at 27.50 (2025-01-08): 27.5 / 25 - 1 = 0.1
    got = answer(prompt(PERIOD, "如果我在2025年1月1日以收盘价买入南山测试并在2025年1月8日以收盘价卖出，收益率是多少？"),
                 None, "zh-CN")
    assert got.status == "answered" and got.formatted == "0.1"
    assert [o["row"] for o in got.card["operands"]] == ["2025-01-02", "2025-01-08"]
    assert any("2025-01-01" in c and "first" in c for c in got.card["conventions"])
    # with money: A-share whole lots, 5000 / 25 = 200 shares; (27.5 - 25) × 200 = 500 元 profit
    got = answer(prompt(PERIOD, "如果我花费5000元在2025年1月1日以收盘价买入南山测试并在2025年1月8日以收盘价卖出，"
                                "赚了多少元？"), None, "zh-CN")
    assert got.status == "answered" and got.formatted == "500"
    # sold on the period's last day, 2025-01-10, after the last row (2025-01-08): the last close, 27.50;
    # bought 2025-01-03 at 24.00: 27.5 / 24 - 1 = 0.14583 -> 0.1458
    got = answer(prompt(PERIOD, "如果我在2025年1月3日以收盘价买入南山测试并在2025年1月10日以收盘价卖出，"
                                "收益率是多少？"), None, "zh-CN")
    assert got.formatted == "0.1458"


def test_other_days_without_a_row_are_still_asked_back() -> None:
    # 2024-12-31 is before the queried period: the table has no price for it
    got = answer(prompt(PERIOD, "如果我在2024年12月31日以收盘价买入南山测试并在2025年1月8日以收盘价卖出，"
                                "收益率是多少？"), None, "zh-CN")
    assert got.status == "clarify"
    # 2025-01-04 is a Saturday inside the table: not the period's edge, never moved
    got = answer(prompt(PERIOD, "如果我在2025年1月4日以收盘价买入南山测试并在2025年1月8日以收盘价卖出，收益率是多少？"),
                 None, "zh-CN")
    assert got.status == "clarify" and got.reason.startswith("not_trading_day")
    # the closing price *on* the holiday is not a trade: asked back rather than read off another day
    got = answer(prompt(PERIOD, "南山测试2025年1月1日的收盘价是多少？"), None, "zh-CN")
    assert got.status == "clarify"


OHLC = """取数问句: 南山测试2024年5月6日至2024年5月10日每日的涨跌幅
|涨跌幅[20240506]|涨跌幅[20240507]|涨跌幅[20240508]|开盘价[20240506]|开盘价[20240507]|开盘价[20240508]|收盘价[20240506]|收盘价[20240507]|收盘价[20240508]|股票代码|股票简称|
|---|---|---|---|---|---|---|---|---|---|---|
|1.69%|5.00%|-2.38%|11.90|12.05|12.55|12.00|12.60|12.30|600998.SH|南山测试|
"""

AMOUNTS = """取数问句: 南山测试2024年6月3日至2024年6月7日每日的成交额
|成交额[20240603]|成交额[20240604]|成交额[20240605]|成交额[20240606]|成交额[20240607]|股票代码|股票简称|
|---|---|---|---|---|---|---|
|8.50亿|7.20亿|9800万|6.4亿|10.2亿|600998.SH|南山测试|
"""


def test_each_side_of_a_trade_joined_by_bing_reads_its_own_price() -> None:
    # HPR = P1 / P0 - 1 (Bodie/Kane/Marcus, ch. 5): bought at the 5月7日 open 12.05, sold at the 5月8日 close 12.30:
    # 12.30 / 12.05 - 1 = 0.020747 -> 0.0207 (not the 5月8日 open, 12.55)
    got = answer(prompt(OHLC, "如果我在2024年5月7日以开盘价买入南山测试并在2024年5月8日以收盘价卖出，收益率是多少？"),
                 None, "zh-CN")
    assert got.formatted == "0.0207"
    assert [o["column"] for o in got.card["operands"]] == ["开盘价", "收盘价"]
    # and the other way round: bought at the 5月6日 close 12.00, sold at the 5月8日 open 12.55: 12.55 / 12 - 1
    # = 0.045833 -> 0.0458
    got = answer(prompt(OHLC, "如果我在2024年5月6日以收盘价买入南山测试并且在2024年5月8日以开盘价卖出，收益率是多少？"),
                 None, "zh-CN")
    assert got.formatted == "0.0458"


def test_a_scale_asked_without_its_currency_is_the_unit_asked() -> None:
    # arithmetic mean (sum / n) of 8.50亿, 7.20亿, 0.98亿, 6.40亿, 10.20亿 = 33.28亿 / 5 = 6.656亿
    got = answer(prompt(AMOUNTS, "南山测试2024年6月3日至2024年6月7日的日均成交额是多少亿？"), None, "zh-CN")
    assert got.formatted == "6.656"
    # the sum in 万: 332800万
    got = answer(prompt(AMOUNTS, "南山测试2024年6月3日至2024年6月7日的成交额合计是多少万？"), None, "zh-CN")
    assert got.formatted == "332800"
    # no unit asked over cells printed in 亿 and 万: asked back, never a guessed scale
    got = answer(prompt(AMOUNTS, "南山测试2024年6月3日至2024年6月7日的日均成交额是多少？"), None, "zh-CN")
    assert got.status == "clarify" and got.reason.startswith("which_unit")


PAIR_ON_A_SUNDAY = """编号: 1
取数问句: 2024年9月15日星河制药的收盘价
|股票代码|股票简称|收盘价[20240913]|
|---|---|---|
|XHZY.N|星河制药|50.00美元|

编号: 2
取数问句: 2024年9月15日北辰生物的收盘价
|股票代码|股票简称|收盘价[20240913]|
|---|---|---|
|BCSW.O|北辰生物|20.00美元|

编号: 3
取数问句: 2024年10月8日星河制药的收盘价
|股票代码|股票简称|收盘价[20241008]|
|---|---|---|
|XHZY.N|星河制药|55.00美元|

编号: 4
取数问句: 2024年10月8日北辰生物的收盘价
|股票代码|股票简称|收盘价[20241008]|
|---|---|---|
|BCSW.O|北辰生物|19.00美元|
"""


def test_two_stocks_bought_on_a_sunday_read_the_rows_their_queries_returned() -> None:
    # 2024-09-15 is a Sunday; each query for it returned the Friday (2024-09-13) close. HPR = P1 / P0 - 1:
    # 星河制药 55 / 50 - 1 = 0.1, 北辰生物 19 / 20 - 1 = -0.05: the higher return is 0.1
    got = answer(prompt(PAIR_ON_A_SUNDAY, "2024年9月15日，假设我买入1万美元星河制药和1万美元北辰生物，"
                                         "2024年10月8日抛售，收益更高的那支股票收益率是多少？"), None, "zh-CN")
    assert got.status == "answered" and got.formatted == "0.1"
    assert {o["row"] for o in got.card["operands"]} == {"2024-09-13", "2024-10-08"}


def test_a_percentage_asked_of_a_comparison_is_relative_to_the_value_after_bi() -> None:
    # percent change relative to the reference value (Moore/McCabe/Craig, "Introduction to the Practice of
    # Statistics": (value - reference) / reference); A比B高了百分之几: reference B.
    # 2025-01-08 close 27.50 vs 2025-01-03 close 24.00: 27.5 / 24 - 1 = 0.145833 -> 0.1458
    got = answer(prompt(PERIOD, "南山测试2025年1月8日的收盘价比2025年1月3日高了百分之几？"), None, "zh-CN")
    assert got.formatted == "0.1458" and got.card["formula"].startswith("relative difference")
    # 低了百分之几, reference 2025-01-08: 1 - 24 / 27.5 = 0.127273 -> 0.1273
    got = answer(prompt(PERIOD, "南山测试2025年1月3日的收盘价比2025年1月8日低了百分之几？"), None, "zh-CN")
    assert got.formatted == "0.1273"
    # without a percentage it stays the gap in money: 27.50 - 24.00 = 3.5
    got = answer(prompt(PERIOD, "南山测试2025年1月8日的收盘价比2025年1月3日高了多少？"), None, "zh-CN")
    assert got.formatted == "3.5"
    # two instruments on one day, 55 / 19 - 1 = 1.894737 (百分之多少 is not a decrease)
    got = answer(prompt(PAIR_ON_A_SUNDAY, "2024年10月8日，星河制药的收盘价比北辰生物高百分之多少？"), None, "zh-CN")
    assert got.formatted == "1.8947"


def test_a_difference_between_statistics_of_a_period_is_asked_back() -> None:
    # the two dates only bound the period: 平均值比最大值低多少 is not the gap between those two days' closes
    got = answer(prompt(PERIOD, "南山测试在2025年1月2日至2025年1月8日期间，收盘价的平均值比最大值低多少？"), None,
                 "zh-CN")
    assert got.status == "clarify" and got.reason.startswith("compare_what")


HALF_YEAR = """编号: 1
取数问句: 南山测试2024年1月2日的收盘价
|股票代码|股票简称|收盘价[20240102]|
|---|---|---|
|600998.SH|南山测试|10.00元|

编号: 2
取数问句: 南山测试2024年7月1日的收盘价
|股票代码|股票简称|收盘价[20240701]|
|---|---|---|
|600998.SH|南山测试|10.50元|
"""


def test_an_annualised_return_of_a_sized_trade_compounds_its_return_after_fees() -> None:
    # annualised (compounded) return = (1 + r) ^ (365 / days) - 1 (Bodie/Kane/Marcus, ch. 5, effective annual
    # rate); 2024-01-02 to 2024-07-01 is 181 calendar days.
    # no fees: r = 10.5 / 10 - 1 = 0.05; 1.05 ^ (365 / 181) - 1 = 0.103392 -> 0.1034
    got = answer(prompt(HALF_YEAR, "如果我在2024年1月2日以收盘价买入南山测试1000股并在2024年7月1日以收盘价卖出，"
                                   "年化收益率是多少？"), None, "zh-CN")
    assert got.formatted == "0.1034"
    # 佣金万三、最低5元 on each side: 5 + 5 元; profit 500 - 10 = 490; r = 490 / (10000 + 5) = 0.048976;
    # 1.048976 ^ (365 / 181) - 1 = 0.101222 -> 0.1012
    got = answer(prompt(HALF_YEAR, "如果我在2024年1月2日以收盘价买入南山测试1000股并在2024年7月1日以收盘价卖出，"
                                   "佣金万分之三，最低5元，年化收益率是多少？"), None, "zh-CN")
    assert got.formatted == "0.1012" and got.card["details"]["days"] == 181


def test_fees_above_the_sale_have_no_annualised_rate() -> None:
    # 1 share bought at 10.00 and sold at 10.50 with a 5 元 minimum commission each side: 10.50 - 10 - 10 = -9.50
    # on 15.00 paid, r = -0.633; and with 万三、最低20元 r = (10.5 - 10 - 40) / 30 < -1: no (1 + r) ^ (365 / d)
    got = answer(prompt(HALF_YEAR, "如果我在2024年1月2日以收盘价买入南山测试1股并在2024年7月1日以收盘价卖出，"
                                   "佣金万分之三，最低20元，年化收益率是多少？"), None, "zh-CN")
    assert got.status == "clarify" and got.reason.startswith("total_loss")


def test_a_count_asked_as_a_number_of_trading_days() -> None:
    # PERIOD closes 25.00, 24.00, 24.50, 26.00, 27.50: above 24.5 (strict) are 25.00, 26.00, 27.50 -> 3
    got = answer(prompt(PERIOD, "南山测试在2025年1月2日至2025年1月8日期间，收盘价高于24.5元的交易日数量是多少？"), None,
                 "zh-CN")
    assert got.status == "answered" and got.formatted == "3"
    # no condition: the trading days of the window, 5 rows
    got = answer(prompt(PERIOD, "南山测试在2025年1月2日至2025年1月8日期间的交易日数量是多少？"), None, "zh-CN")
    assert got.formatted == "5"


ADJUSTED_FIRST = """取数问句: 南山测试2024年7月1日至2024年7月3日每日的行情
|收盘价_前复权[20240701]|收盘价_前复权[20240702]|收盘价_前复权[20240703]|收盘价[20240701]|收盘价[20240702]|收盘价[20240703]|股票代码|股票简称|
|---|---|---|---|---|---|---|---|
|9.50|9.69|9.70|10.00元|10.20元|9.70元|600998.SH|南山测试|
"""


def test_the_close_as_traded_is_read_before_an_adjusted_close_whatever_the_header_order() -> None:
    # 收盘价 max over 10.00, 10.20, 9.70 is 10.20 (the adjusted column's max would be 9.70)
    got = answer(prompt(ADJUSTED_FIRST, "南山测试2024年7月1日至2024年7月3日的收盘价最大值是多少？"), None, "zh-CN")
    assert got.formatted == "10.2" and got.card["operands"][0]["column"] == "收盘价"


def test_up_days_and_down_days_in_one_question_are_asked_one_at_a_time() -> None:
    for question in ("南山测试在2025年1月2日至2025年1月8日期间上涨天数和下跌天数分别是多少？",
                     "南山测试在2025年1月2日至2025年1月8日期间上涨天数比下跌天数多几天？"):
        got = answer(prompt(PERIOD, question), None, "zh-CN")
        assert got.status == "clarify" and got.reason.startswith("two_questions")
    # one of them is answered: closes 25.00, 24.00, 24.50, 26.00, 27.50 -> up on 01-06, 01-07, 01-08 = 3
    got = answer(prompt(PERIOD, "南山测试在2025年1月2日至2025年1月8日期间上涨的天数有几天？"), None, "zh-CN")
    assert got.formatted == "3"


def test_a_bare_month_edge_after_a_month_edge_is_the_same_month() -> None:
    # 1月月末 = the last row of January (2025-01-08, 27.50), 月初 = its first (2025-01-02, 25.00): 27.5 - 25 = 2.5
    got = answer(prompt(PERIOD, "南山测试2025年1月的月末收盘价相比月初上涨了多少元？"), None, "zh-CN")
    assert got.status == "answered" and got.formatted == "2.5"
    assert [o["row"] for o in got.card["operands"]] == ["2025-01-02", "2025-01-08"]


def test_a_rise_condition_on_zhangdiefu_is_not_read_as_a_fall() -> None:
    # OHLC 涨跌幅 1.69%, 5.00%, -2.38%: 涨跌幅大于等于5% holds on one day (5.00); it is not 涨跌幅 <= -5
    got = answer(prompt(OHLC, "南山测试在2024年5月6日至2024年5月8日期间，涨跌幅大于等于5%的天数有几天？"), None,
                 "zh-CN")
    assert got.formatted == "1" and ">= 5" in got.card["formula"]
    # 跌幅超过2% is a fall: 涨跌幅 < -2 -> one day (-2.38)
    got = answer(prompt(OHLC, "南山测试在2024年5月6日至2024年5月8日期间，跌幅超过2%的天数有几天？"), None, "zh-CN")
    assert got.formatted == "1" and "< -2" in got.card["formula"]


def test_zhangdiefu_larger_of_two_stocks_is_answered_only_when_both_readings_agree() -> None:
    # HPR (Bodie/Kane/Marcus ch. 5): 星河制药 55 / 50 - 1 = +10%, 北辰生物 19 / 20 - 1 = -5%: the larger signed
    # change and the larger move either way are both 星河制药: 100 × (55 - 50) = 500
    base = ("2024年9月15日，假设我买入100股星河制药和200股北辰生物，2024年10月8日抛售，"
            "涨跌幅较{}的那支股票我赚了多少？")
    got = answer(prompt(PAIR_ON_A_SUNDAY, base.format("大")), None, "zh-CN")
    assert got.status == "answered" and got.formatted == "500"
    # 较小: signed picks 北辰生物 (-5%), either way picks 北辰生物 too (5% < 10%): 200 × (19 - 20) = -200
    got = answer(prompt(PAIR_ON_A_SUNDAY, base.format("小")), None, "zh-CN")
    assert got.formatted == "-200"
    # 北辰生物 falling 20%: 星河 +10% is the larger signed change, 北辰 -20% the larger move: asked back
    fell = PAIR_ON_A_SUNDAY.replace("|BCSW.O|北辰生物|19.00美元|", "|BCSW.O|北辰生物|16.00美元|")
    got = answer(prompt(fell, base.format("大")), None, "zh-CN")
    assert got.status == "clarify" and got.reason.startswith("ambiguous_move")


def test_a_month_query_starts_its_period_on_the_first() -> None:
    # 取数问句 for the whole month of January 2025: 2025-01-01 (a holiday) is where its period starts, so a trade
    # dated then is made at the first close, 25.00; sold 2025-01-08 at 27.50: 27.5 / 25 - 1 = 0.1
    month = PERIOD.replace("2025年1月1日至2025年1月10日每日的收盘价", "2025年1月每日的收盘价")
    got = answer(prompt(month, "如果我在2025年1月1日以收盘价买入南山测试并在2025年1月8日以收盘价卖出，收益率是多少？"),
                 None, "zh-CN")
    assert got.status == "answered" and got.formatted == "0.1"


def test_these_n_days_must_be_the_rows_of_the_window() -> None:
    # PERIOD has 5 rows: 这五天 is the whole table, 27.5 / 25 - 1 = 0.1 (HPR, Bodie/Kane/Marcus ch. 5)
    got = answer(prompt(PERIOD, "南山测试这五天的区间涨跌幅是多少？"), None, "zh-CN")
    assert got.formatted == "0.1"
    # 这四天 over 5 rows: which four? asked back, never the whole table
    got = answer(prompt(PERIOD, "南山测试这四天的区间涨跌幅是多少？"), None, "zh-CN")
    assert got.status == "clarify" and got.reason.startswith("window")
    # with the window named, its rows are counted: 2025-01-03 to 2025-01-08 is 4 rows, 27.5 / 24 - 1 = 0.145833
    got = answer(prompt(PERIOD, "南山测试2025年1月3日至2025年1月8日这四天的区间涨跌幅是多少？"), None, "zh-CN")
    assert got.formatted == "0.1458"


def test_percentage_points_between_two_days_zhangdiefu_are_the_gap_of_the_cells() -> None:
    # OHLC 涨跌幅 5.00% (05-07) and 1.69% (05-06): 5.00 - 1.69 = 3.31 points -> 0.0331 as a decimal, not the
    # closes' return 12.60 / 12.00 - 1 = 0.05
    got = answer(prompt(OHLC, "南山测试2024年5月7日比2024年5月6日的涨跌幅高了多少个百分点？"), None, "zh-CN")
    assert got.formatted == "0.0331"


def test_these_n_days_naming_the_days_themselves() -> None:
    # 这两天 with the two days named and a difference asked: the two closes, 27.50 - 24.00 = 3.5
    got = answer(prompt(PERIOD, "南山测试2025年1月3日和2025年1月8日这两天的收盘价相差多少？"), None, "zh-CN")
    assert got.formatted == "3.5"
    # a mean of the listed days only (not the 4 rows between them): asked back rather than the window's mean
    got = answer(prompt(PERIOD, "南山测试2025年1月3日和2025年1月8日这两天的收盘价平均值是多少？"), None, "zh-CN")
    assert got.status == "clarify" and got.reason.startswith("window")


def test_two_days_joined_by_he_are_answered_only_when_both_readings_agree() -> None:
    # closes 25.00 (01-02), 24.00 (01-03), 24.50 (01-06), 26.00 (01-07), 27.50 (01-08)
    # max of 01-03 and 01-08 = 27.50 = max of every day between them: answered
    got = answer(prompt(PERIOD, "南山测试2025年1月3日和2025年1月8日的收盘价，最大的值是多少？"), None, "zh-CN")
    assert got.formatted == "27.5"
    # arithmetic mean: the two days (24 + 27.5) / 2 = 25.75, every day between them (24 + 24.5 + 26 + 27.5) / 4
    # = 25.5: two readings, asked back
    got = answer(prompt(PERIOD, "南山测试2025年1月3日和2025年1月8日的收盘价平均值是多少？"), None, "zh-CN")
    assert got.status == "clarify" and got.reason.startswith("which_days")
    # 至 (or 之间) names a period: every day, 25.5
    got = answer(prompt(PERIOD, "南山测试2025年1月3日至2025年1月8日的收盘价平均值是多少？"), None, "zh-CN")
    assert got.formatted == "25.5"


A_SHARES = """编号: 1
取数问句: 南山测试2024年3月4日的收盘价
|股票代码|股票简称|收盘价[20240304]|
|---|---|---|
|600998.SH|南山测试|33.00元|

编号: 2
取数问句: 北岭测试2024年3月4日的收盘价
|股票代码|股票简称|收盘价[20240304]|
|---|---|---|
|000997.SZ|北岭测试|12.00元|

编号: 3
取数问句: 南山测试2024年3月8日的收盘价
|股票代码|股票简称|收盘价[20240308]|
|---|---|---|
|600998.SH|南山测试|36.00元|

编号: 4
取数问句: 北岭测试2024年3月8日的收盘价
|股票代码|股票简称|收盘价[20240308]|
|---|---|---|
|000997.SZ|北岭测试|12.60元|
"""


def test_two_a_shares_bought_with_money_take_whole_lots() -> None:
    # A-share main boards trade in lots of 100 (as for one stock): 10000 / 33 = 303.03 -> 300 shares of 南山测试,
    # 10000 / 12 = 833.3 -> 800 shares of 北岭测试. HPR 36 / 33 - 1 = 9.09% vs 12.6 / 12 - 1 = 5%; profit
    # 300 × 3 = 900 vs 800 × 0.6 = 480: both pick 南山测试, which made 900
    got = answer(prompt(A_SHARES, "2024年3月4日，假设我买入1万元南山测试和1万元北岭测试，2024年3月8日抛售，"
                                  "收益较大的那支股票赚了多少？"), None, "zh-CN")
    assert got.status == "answered" and got.formatted == "900"


HIGH_LOW = """取数问句: 南山测试2024年7月1日至2024年7月3日每日的行情
|最高价[20240701]|最高价[20240702]|最高价[20240703]|最低价[20240701]|最低价[20240702]|最低价[20240703]|股票代码|股票简称|
|---|---|---|---|---|---|---|---|
|10.30|10.40|10.20|9.90|10.05|9.70|600998.SH|南山测试|
"""


def test_largest_high_low_difference_has_two_readings() -> None:
    # the period's highest high minus lowest low = 10.40 - 9.70 = 0.70; the largest one-day spread = 10.20 - 9.70
    # = 0.50 (07-03): different, so 差值最大 is asked back
    got = answer(prompt(HIGH_LOW, "南山测试2024年7月1日至2024年7月3日最高价与最低价的差值最大是多少？"), None, "zh-CN")
    assert got.status == "clarify" and got.reason.startswith("ambiguous_diff")
    # 最高价与最低价之差 of the period is its range: 0.7
    got = answer(prompt(HIGH_LOW, "南山测试2024年7月1日至2024年7月3日最高价与最低价之差是多少？"), None, "zh-CN")
    assert got.formatted == "0.7"


def test_two_columns_over_a_period_are_not_compared_on_its_ends() -> None:
    # A至B收盘价与开盘价之差: which day's? asked back, never the gap between the two bounding days' closes
    got = answer(prompt(OHLC, "南山测试2024年5月6日至2024年5月8日期间收盘价与开盘价之差是多少？"), None, "zh-CN")
    assert got.status == "clarify" and got.reason.startswith("compare_what")
    # on one day it is that day's two cells: 12.30 - 12.55 = -0.25
    got = answer(prompt(OHLC, "南山测试2024年5月8日的收盘价与开盘价之差是多少？"), None, "zh-CN")
    assert got.formatted == "-0.25"


def test_a_period_change_that_may_or_may_not_include_its_first_day_is_asked_back() -> None:
    # 区间涨跌幅 5月6日至5月8日: close to close 12.30 / 12.00 - 1 = 0.025; the market-data definition (the close
    # before the period, i.e. the 涨跌幅 cells compounded: 1.0169 × 1.05 × 0.9762 - 1 = 0.0423) includes 5月6日's own
    # +1.69%: the two differ, so it is asked back with both
    got = answer(prompt(OHLC, "南山测试2024年5月6日至2024年5月8日的区间涨跌幅是多少？"), None, "zh-CN")
    assert got.status == "clarify" and got.reason.startswith("first_day")
    assert "4.23%" in got.reason and "2.50%" in got.reason
    # with a flat first day the two agree: 1.05 × 0.9762 - 1 = 0.0250 = 12.30 / 12.00 - 1
    flat = OHLC.replace("|1.69%|5.00%|", "|0.00%|5.00%|")
    got = answer(prompt(flat, "南山测试2024年5月6日至2024年5月8日的区间涨跌幅是多少？"), None, "zh-CN")
    assert got.formatted == "0.025"
    # a trade is priced on its own days: bought at the 5月6日 close, sold at the 5月8日 close, 0.025
    got = answer(prompt(OHLC, "如果我在2024年5月6日以收盘价买入南山测试并在2024年5月8日以收盘价卖出，收益率是多少？"),
                 None, "zh-CN")
    assert got.formatted == "0.025"


def test_a_position_worth_a_partial_sale_and_a_largest_gain_relative_to_a_day() -> None:
    # 市值 after the trade: money in + profit = 1000 × 25.00 + 1000 × (27.50 - 25.00) = 27500 (not a return)
    got = answer(prompt(PERIOD, "如果我在2025年1月2日以收盘价买入1000股南山测试，到2025年1月8日市值是多少？"), None,
                 "zh-CN")
    assert got.formatted == "27500"
    # selling half: which part's result? asked back, never the whole position's profit
    got = answer(prompt(PERIOD, "如果我在2025年1月2日以收盘价买入南山测试2000股，2025年1月8日以收盘价卖出一半，"
                                "收益是多少？"), None, "zh-CN")
    assert got.status == "clarify" and got.reason.startswith("partial_sale")
    # 收盘价相对1月2日的最大涨幅 is not the highest close (27.5): asked back
    got = answer(prompt(PERIOD, "南山测试2025年1月2日至2025年1月8日期间，收盘价相对1月2日的最大涨幅是多少？"), None,
                 "zh-CN")
    assert got.status == "clarify"


def test_a_fall_from_the_previous_day_is_its_size_as_for_a_bi_b() -> None:
    # 2025-01-03 close 24.00, the day before 25.00: 比前一交易日下跌了多少 = 25.00 - 24.00 = 1 (as A比B低了多少 = B - A)
    got = answer(prompt(PERIOD, "南山测试2025年1月3日的收盘价比前一交易日下跌了多少？"), None, "zh-CN")
    assert got.formatted == "1"
    # and a rise keeps its direction: 2025-01-07 26.00 vs 24.50 the day before: 1.5
    got = answer(prompt(PERIOD, "南山测试2025年1月7日的收盘价比前一交易日高了多少？"), None, "zh-CN")
    assert got.formatted == "1.5"


def test_days_closing_above_the_day_before_are_up_days() -> None:
    # closes 25.00, 24.00, 24.50, 26.00, 27.50: above the day before on 01-06, 01-07, 01-08 -> 3; below on 01-03 -> 1
    got = answer(prompt(PERIOD, "南山测试2025年1月有几天收盘价高于前一天？"), None, "zh-CN")
    assert got.formatted == "3"
    got = answer(prompt(PERIOD, "南山测试2025年1月有几天收盘价低于前一交易日？"), None, "zh-CN")
    assert got.formatted == "1"


def test_a_value_on_the_day_of_an_extreme() -> None:
    question = "南山测试2024年5月6日至2024年5月8日期间，涨跌幅最大的那天的收盘价是多少？"
    # 涨跌幅 1.69, 5.00, -2.38: the largest rise and the largest move are both 05-07, whose close is 12.60
    assert answer(prompt(OHLC, question), None, "zh-CN").formatted == "12.6"
    # with -6.00% on 05-08 the largest move is 05-08 and the largest rise 05-07: asked back, as 哪天涨跌幅最大 is
    fell = OHLC.replace("|1.69%|5.00%|-2.38%|", "|1.69%|5.00%|-6.00%|")
    got = answer(prompt(fell, question), None, "zh-CN")
    assert got.status == "clarify" and got.reason.startswith("ambiguous_move")
    # the value's own cell decides its printed scale (a close in 元), not the criterion's (成交额 in 亿/万)
    closes = "|".join(f"收盘价[2024060{d}]" for d in range(3, 8))
    amounts = (AMOUNTS.replace("|成交额[20240607]|", f"|成交额[20240607]|{closes}|")
               .replace("|---|---|---|---|---|---|---|", "|---" * 12 + "|")
               .replace("|10.2亿|", "|10.2亿|9.00元|9.10元|9.20元|9.30元|9.40元|"))
    got = answer(prompt(amounts, "南山测试2024年6月3日至2024年6月7日期间，成交额最大的那天的收盘价是多少？"), None,
                 "zh-CN")
    assert got.formatted == "9.4"


TWO_STOCKS = """编号: 1
取数问句: 南山测试2024年5月每日的收盘价
|股票代码|股票简称|最新价|最新涨跌幅|收盘价[20240506]|收盘价[20240507]|
|---|---|---|---|---|---|
|600998.SH|南山测试|15.00元|-0.5%|17.00元|17.20元|

编号: 2
取数问句: 北岭测试2024年5月每日的收盘价
|股票代码|股票简称|最新价|最新涨跌幅|收盘价[20240506]|收盘价[20240507]|
|---|---|---|---|---|---|
|000997.SZ|北岭测试|14.00元|0.3%|1.50元|1.52元|
"""


def test_a_ratio_asked_with_zhibi_and_the_latest_price() -> None:
    # 之比 is a ratio (first named / second named): 17.20 / 1.52 = 11.315789 -> 11.3158
    got = answer(prompt(TWO_STOCKS, "2024年5月7日南山测试和北岭测试的收盘价之比是多少？"), None, "zh-CN")
    assert got.formatted == "11.3158" and got.card["formula"].startswith("ratio")
    # 最新价 is the quote at query time, not the last row's close (17.20): asked back
    got = answer(prompt(TWO_STOCKS, "南山测试的最新价是多少？"), None, "zh-CN")
    assert got.status == "clarify" and got.reason.startswith("latest")


def test_a_sale_dated_relative_to_the_buy() -> None:
    # HPR = P1 / P0 - 1 (Bodie/Kane/Marcus ch. 5). 次日: the next row, 2025-01-03 24.00 -> 2025-01-06 24.50:
    # 24.5 / 24 - 1 = 0.020833 -> 0.0208 (not 2025-01-03's own move)
    got = answer(prompt(PERIOD, "如果我在2025年1月3日以收盘价买入南山测试，次日以收盘价卖出，收益率是多少？"), None,
                 "zh-CN")
    assert got.formatted == "0.0208"
    # 持有2个交易日: two rows later, 2025-01-07 26.00: 26 / 24 - 1 = 0.083333 -> 0.0833
    got = answer(prompt(PERIOD, "如果我在2025年1月3日以收盘价买入南山测试并持有2个交易日后以收盘价卖出，"
                                "收益率是多少？"), None, "zh-CN")
    assert got.formatted == "0.0833"
    # 第二天 after a dated buy is the day after it too (not the table's second row, which is before the buy)
    got = answer(prompt(PERIOD, "如果我在2025年1月3日买入南山测试，第二天卖出，收益率是多少？"), None, "zh-CN")
    assert got.formatted == "0.0208"
    # 持有2天: calendar or trading days? asked back
    got = answer(prompt(PERIOD, "如果我在2025年1月3日以收盘价买入南山测试并持有2天后以收盘价卖出，收益率是多少？"),
                 None, "zh-CN")
    assert got.status == "clarify"
    # a sale dated before its buy is asked back, never swapped
    got = answer(prompt(PERIOD, "如果我在2025年1月7日以收盘价买入南山测试，2025年1月3日以收盘价卖出，收益率是多少？"),
                 None, "zh-CN")
    assert got.status == "clarify" and got.reason.startswith("sell_before_buy")


SELECTED_DAYS = """取数问句: 南山测试2025年1月6日、1月8日、1月10日的收盘价
|股票代码|股票简称|收盘价[20250106]|收盘价[20250108]|收盘价[20250110]|
|---|---|---|---|---|
|600998.SH|南山测试|25.00元|24.00元|26.00元|
"""


def test_the_next_day_over_selected_rows_is_asked_back_not_read_as_the_next_row() -> None:
    # the rows are days the query picked (Mon, Wed, Fri): the day after 6日 is 7日, which the table lacks
    ask = "如果我在2025年1月6日以收盘价买入南山测试，次日以收盘价卖出，收益率是多少？"
    got = answer(prompt(SELECTED_DAYS, ask), None, "zh-CN")
    assert got.status == "clarify" and got.reason.startswith("which_days")
    # every trading day (PERIOD, 每日): the next row is the next trading day; HPR = 24.00 / 25.00 - 1 = -0.04
    got = answer(prompt(PERIOD, ask.replace("1月6日", "1月2日")), None, "zh-CN")
    assert got.status == "answered" and got.formatted == "-0.04"
