"""Sectioned task prompts (data / question / output format) over 问财-style exports: wide tables with dates in the
headers, several tables per prompt, units in cells. Tables and questions are written for these tests; expected
numbers are hand-computed in the comments."""

from __future__ import annotations

from services.portfolio.tables.api import answer
from services.portfolio.tables.prompt import parse_spec, split_prompt

FMT_DECIMAL = ('以JSON回答：{"cot": "<推理>", "answer": <数值请统一表示成小数，最多保留4位小数，如0.1234；'
               '日期请按x年x月x日给出>}')
FMT_COMPACT = '以JSON回答：{"cot": "<推理>", "answer": <数值用小数表示，最多保留4位小数；日期按年月日顺序，如20010915>}'

CLOSES = """取数问句: 东方测试2024年3月每日的收盘价
|股票代码|股票简称|收盘价[20240304]|收盘价[20240305]|收盘价[20240306]|收盘价[20240307]|
|---|---|---|---|---|---|
|600999.SH|东方测试|10.00元|10.40元|10.14元|10.92元|
"""
MOVES = """取数问句: 东方测试2024年3月每日的涨跌幅
|股票代码|股票简称|涨跌幅[20240304]|涨跌幅[20240305]|涨跌幅[20240306]|涨跌幅[20240307]|
|---|---|---|---|---|---|
|600999.SH|东方测试|-0.50%|4.00%|-2.50%|7.69%|
"""
FLOWS = """取数问句: 东方测试2024年3月每日的资金净流入
|股票代码|股票简称|资金净流入[20240304]|资金净流入[20240305]|资金净流入[20240306]|资金净流入[20240307]|
|---|---|---|---|---|---|
|600999.SH|东方测试|1.50亿元|-3200.00万元|2.10亿元|-45000000.00元|
"""


def prompt(data: str, question: str, fmt: str = FMT_DECIMAL) -> str:
    return (f"# 表格计算\n请根据数据回答问题。\n\n### 数据\n{data}\n\n### 用户问题\nquestion: {question}\n\n"
            f"### 输出格式\n{fmt}")


def test_output_format_section_is_read() -> None:
    spec = parse_spec(FMT_DECIMAL)
    assert (spec.max_places, spec.percent_cells_as_decimal, spec.date_style) == (4, True, "cn")
    assert spec.keys == ("cot", "answer")
    compact = parse_spec(FMT_COMPACT)
    assert (compact.max_places, compact.percent_cells_as_decimal, compact.date_style) == (4, False, "compact")
    question, found = split_prompt(prompt(CLOSES, "收盘价最大值是多少？"))
    assert question == "收盘价最大值是多少？" and found == spec
    assert split_prompt("收盘价最大值是多少？") == ("收盘价最大值是多少？", None)


def test_bare_numbers_and_dates_as_the_format_asks() -> None:
    got = answer(prompt(CLOSES, "东方测试在2024年3月4日至2024年3月7日期间收盘价的最大值是多少？"), None, "zh-CN")
    assert got.openai_json()["answer"] == "10.92"  # the cell as printed, no unit
    got = answer(prompt(CLOSES, "东方测试在2024年3月4日至2024年3月7日期间，哪一天的收盘价最低？"), None, "zh-CN")
    assert got.formatted == "2024年3月4日"
    got = answer(prompt(CLOSES, "东方测试在2024年3月4日至2024年3月7日期间，哪一天的收盘价最低？", FMT_COMPACT), None,
                 "zh-CN")
    assert got.formatted == "20240304"
    # 10.92 / 10.00 - 1 = 0.092: a decimal, not "9.20%"
    got = answer(prompt(CLOSES, "计算2024年3月4日至2024年3月7日期间东方测试收盘价的增长率。"), None, "zh-CN")
    assert got.formatted == "0.092" and got.card["output_format"]["max_places"] == 4


def test_percent_cells_follow_the_format() -> None:
    question = "东方测试在2024年3月4日至2024年3月7日的涨跌幅最大值是多少？"
    assert answer(prompt(MOVES, question), None, "zh-CN").formatted == "0.0769"  # 统一表示成小数: 7.69% -> 0.0769
    assert answer(prompt(MOVES, question, FMT_COMPACT), None, "zh-CN").formatted == "7.69"  # as printed


def test_scaled_cells_keep_their_printed_scale_or_the_asked_unit() -> None:
    # max of 1.5亿, -0.32亿, 2.1亿, -0.45亿 is the cell 2.10亿元: answered as printed, 2.1
    got = answer(prompt(FLOWS, "东方测试在2024年3月4日至2024年3月7日期间资金净流入的最大值是多少？"), None, "zh-CN")
    assert got.formatted == "2.1"
    # 1.5亿 - 0.32亿 + 2.1亿 - 0.45亿 = 2.83亿 = 283000000 元
    got = answer(prompt(FLOWS, "2024年3月4日至2024年3月7日，东方测试的资金净流入是多少元？"), None, "zh-CN")
    assert got.formatted == "283000000"
    got = answer(prompt(FLOWS, "2024年3月4日至2024年3月7日，东方测试的资金净流入是多少亿元？"), None, "zh-CN")
    assert got.formatted == "2.83"
    # no unit asked and the cells mix 亿元, 万元 and 元: ask, do not guess the unit
    got = answer(prompt(FLOWS, "2024年3月4日至2024年3月7日，东方测试的资金净流入是多少？"), None, "zh-CN")
    assert got.status == "clarify" and got.reason.startswith("which_unit")


def test_zhangdiefu_max_is_the_largest_not_the_biggest_drop() -> None:
    # 涨跌幅最大 holds 跌幅最大 inside it: still the largest 涨跌幅 (7.69% on 03-07), not the biggest drop
    got = answer(prompt(MOVES, "东方测试在2024年3月4日至2024年3月7日内，哪一天的涨跌幅最大？"), None, "zh-CN")
    assert got.formatted == "2024年3月7日"
    got = answer(prompt(MOVES, "东方测试在2024年3月4日至2024年3月7日内，哪一天跌幅最大？"), None, "zh-CN")
    assert got.formatted == "2024年3月6日"


def test_tables_of_one_instrument_are_merged() -> None:
    # one table per date (a 问财 answer per query): 10.00 on 03-04 and 10.92 on 03-07 -> 10.92 / 10.00 - 1 = 0.092
    def one_day(name: str, code: str, day: str, close: str) -> str:
        return (f"取数问句: {name}{day}的收盘价\n|股票代码|股票简称|收盘价[{day}]|\n|---|---|---|\n"
                f"|{code}|{name}|{close}|\n")

    day1 = one_day("东方测试", "600999.SH", "20240304", "10.00元")
    day2 = one_day("东方测试", "600999.SH", "20240307", "10.92元")
    other = one_day("西方样例", "000999.SZ", "20240304", "5.00元")
    question = "如果我在2024年3月4日以当日收盘价买入100股东方测试，并在2024年3月7日以当日收盘价卖出，我的收益是多少元？"
    got = answer(prompt(day1 + "\n" + day2 + "\n" + other, question), None, "zh-CN")
    assert got.formatted == "92"  # 100 × (10.92 - 10.00)
    assert [o["row"] for o in got.card["operands"]] == ["2024-03-04", "2024-03-07"]


def test_fund_flow_column_is_the_net_flow_and_daily_exports_are_consecutive() -> None:
    flows = FLOWS.replace("资金净流入[", "资金流向[")
    # 资金流向 is signed (the net flow): 1.5亿 - 0.32亿 + 2.1亿 - 0.45亿 = 2.83亿
    got = answer(prompt(flows, "2024年3月4日至2024年3月7日，东方测试的资金净流入是多少亿元？"), None, "zh-CN")
    assert got.formatted == "2.83" and len(got.card["operands"]) == 4
    # a 每日 export lists every trading day: daily returns are defined. r = 0.04, -0.025, 0.076923;
    # mean 0.030641, sample std sqrt((0.009359^2 + 0.055641^2 + 0.046282^2) / 2) = sqrt(0.0053255 / 2) = 0.0516
    got = answer(prompt(CLOSES, "2024年3月4日至2024年3月7日，东方测试日收益率的样本标准差是多少？"), None, "zh-CN")
    assert got.formatted == "0.0516"


def test_two_days_pct_change_difference_and_an_ambiguous_biggest_move() -> None:
    # |7.69% - (-0.50%)| = 8.19% -> 0.0819
    got = answer(prompt(MOVES, "东方测试在2024年3月4日和2024年3月7日的涨跌幅差值是多少？"), None, "zh-CN")
    assert got.formatted == "0.0819"
    swing = MOVES.replace("|-2.50%|", "|-9.10%|")  # the largest rise (03-07) is not the largest move (03-06)
    got = answer(prompt(swing, "东方测试在2024年3月4日至2024年3月7日内，哪一天的涨跌幅最大？"), None, "zh-CN")
    assert got.status == "clarify" and got.reason.startswith("ambiguous_move")


APRIL = """取数问句: 东方测试2024年4月每日的收盘价
|股票代码|股票简称|收盘价[20240401]|收盘价[20240402]|收盘价[20240403]|
|---|---|---|---|---|
|600999.SH|东方测试|11.20元|10.50元|11.05元|
"""


def test_a_window_of_months_spans_both_tables() -> None:
    # March 10.00 10.40 10.14 10.92, April 11.20 10.50 11.05: above 10.45 are 10.92, 11.20, 10.50, 11.05 -> 4
    got = answer(prompt(CLOSES + "\n" + APRIL, "在2024年3月至2024年4月期间，东方测试的收盘价大于10.45元的天数有几天？"),
                 None, "zh-CN")
    assert got.formatted == "4" and got.card["inputs"]["window"] == ["2024-03-04", "2024-04-03"]


def test_buying_on_the_lowest_day_and_money_on_a_board_lot_market() -> None:
    # lowest close in the window 10.00 (03-04), held to 03-06 (10.14): 10.14 / 10.00 - 1 = 0.014
    question = ("如果我在2024年3月4日至2024年3月6日中收盘价最低的一天买入东方测试，并持有至2024年3月6日以收盘价卖出，"
                "收益率是多少？")
    got = answer(prompt(CLOSES, question), None, "zh-CN")
    assert got.formatted == "0.014" and got.card["inputs"]["buy"]["rule"] == "min"
    # a profit in money from an amount on an A-share: the exchange's whole lots of 100, the rest stays cash
    # 5050 元 at 10.00 buys 5 lots = 500 shares (50 元 left); sold at 10.92: 500 × 0.92 = 460
    question = "如果我在2024年3月4日花费5050元以收盘价买入东方测试并在2024年3月7日以收盘价卖出，收益是多少？"
    got = answer(prompt(CLOSES, question), None, "zh-CN")
    assert got.formatted == "460" and got.card["details"]["shares"] == 500
    # the return does not depend on it: 10.92 / 10.00 - 1
    got = answer(prompt(CLOSES, question.replace("收益是多少", "收益率是多少")), None, "zh-CN")
    assert got.formatted == "0.092"


def test_period_bounds_on_holidays_a_negative_base_and_a_largest_difference() -> None:
    # the query asked for 3月1日至3月7日 (3月1日-3日 no trading in this made-up table): growth first to last row,
    # 10.92 / 10.00 - 1 = 0.092
    period = CLOSES.replace("2024年3月每日", "2024年3月1日至2024年3月7日每日")
    got = answer(prompt(period, "计算东方测试2024年3月1日至2024年3月7日期间收盘价的增长率。"), None, "zh-CN")
    assert got.formatted == "0.092"
    # a growth rate from a negative net flow is undefined: ask
    got = answer(prompt(FLOWS, "计算东方测试2024年3月5日至2024年3月7日期间资金净流入的增长率。"), None, "zh-CN")
    assert got.status == "clarify" and got.reason.startswith("negative_base")
    # 差值最大 over the window: its range, max - min = 2.10亿 - (-0.45亿) = 2.55亿 = 255000000 元
    got = answer(prompt(FLOWS, "东方测试2024年3月4日至2024年3月7日每日的资金净流入差值最大是多少元？"), None, "zh-CN")
    assert got.formatted == "255000000"


def test_a_net_amount_column_is_named_without_its_suffix() -> None:
    big = FLOWS.replace("资金净流入[", "dde大单净额[")
    # dde大单 > 0 on 03-04 (1.50亿) and 03-06 (2.10亿) -> 2
    got = answer(prompt(big, "在2024年3月4日至2024年3月7日期间，东方测试dde大单满足大于0的天数有几天？"), None, "zh-CN")
    assert got.formatted == "2"


def test_share_class_suffixes_and_ambiguous_wordings() -> None:
    suffixed = CLOSES.replace("|东方测试|", "|东方测试-W|")
    got = answer(prompt(suffixed, "在2024年3月4日至2024年3月7日期间，东方测试收盘价最小值是多少？"), None, "zh-CN")
    assert got.formatted == "10"  # 10.00 as printed, trailing zeros dropped
    # 收盘价涨了多少 between two days: in money or in percent? ask
    got = answer(prompt(CLOSES, "2024年3月4日至2024年3月7日，东方测试的收盘价上涨了多少？"), None, "zh-CN")
    assert got.status == "clarify" and got.reason.startswith("ambiguous_change")
    got = answer(prompt(CLOSES, "2024年3月4日至2024年3月7日，东方测试的收盘价上涨了多少元？"), None, "zh-CN")
    assert got.formatted == "0.92"
    # "…那天的收盘价最低？" asks for no number and no day: ask which
    got = answer(prompt(CLOSES, "东方测试2024年3月4日至2024年3月7日那天的收盘价最低？"), None, "zh-CN")
    assert got.status == "clarify"


def test_the_card_names_the_prompts_json_keys_also_when_asking_back() -> None:
    got = answer(prompt(CLOSES, "2024年3月4日至2024年3月7日，东方测试的收盘价上涨了多少？"), None, "zh-CN")
    assert got.status == "clarify" and got.card["output_format"]["keys"] == ["cot", "answer"]
    assert answer("收盘价最大值是多少？\n" + CLOSES, None, "zh-CN").card.get("output_format") is None


def test_a_price_band_without_zhijian() -> None:
    # closes 10.00 10.40 10.14 10.92: in [10.10, 10.50] are 10.40 and 10.14 -> 2
    got = answer(prompt(CLOSES, "在2024年3月4日至2024年3月7日期间，东方测试的收盘价在10.10元至10.50元的天数有几天？"),
                 None, "zh-CN")
    assert got.formatted == "2" and got.card["inputs"]["condition"]["op"] == "between"


HK_CLOSES = """取数问句: 港岛测试2024年3月每日的收盘价
|股票代码|股票简称|收盘价[20240304]|收盘价[20240305]|
|---|---|---|---|
|9999.HK|港岛测试|20.00港元|21.00港元|
"""


def test_board_lots_by_exchange() -> None:
    question = "如果我在2024年3月4日花费{amount}元以收盘价买入{name}并在2024年3月7日以收盘价卖出，收益是多少？"
    # STAR market (688xxx): at least 200 shares, then any count. 2500 元 at 10.00 -> 250 shares; 250 × 0.92 = 230
    star = CLOSES.replace("600999.SH", "688999.SH")
    got = answer(prompt(star, question.format(amount=2500, name="东方测试")), None, "zh-CN")
    assert got.formatted == "230" and got.card["details"]["shares"] == 250
    # 1500 元 buys 150 shares, below the STAR market's smallest order of 200: asked back, no number
    got = answer(prompt(star, question.format(amount=1500, name="东方测试")), None, "zh-CN")
    assert got.status == "clarify" and got.reason.startswith("too_small")
    # Hong Kong: the lot differs by stock and the table does not say it: ask
    hk = question.replace("3月7日", "3月5日").replace("元以", "港元以")
    got = answer(prompt(HK_CLOSES, hk.format(amount=10000, name="港岛测试")), None, "zh-CN")
    assert got.status == "clarify" and got.reason.startswith("lot_size")
    # a return does not depend on the share count: 21 / 20 - 1
    got = answer(prompt(HK_CLOSES, hk.format(amount=10000, name="港岛测试").replace("收益是", "收益率是")), None,
                 "zh-CN")
    assert got.formatted == "0.05"


def test_chinese_numerals_in_a_name_are_not_an_amount() -> None:
    # 三一测试 holds 三一 (one-three-one in numerals): no amount, the return of the shares as given
    data = CLOSES.replace("东方测试", "三一测试")
    question = "如果我在2024年3月4日以收盘价买入三一测试100股并在2024年3月7日以收盘价卖出，收益是多少元？"
    got = answer(prompt(data, question), None, "zh-CN")
    assert got.formatted == "92"  # 100 × (10.92 - 10.00)
    got = answer(prompt(data, "如果我在2024年3月4日以收盘价买入三一测试，并在2024年3月7日以收盘价卖出，收益率是多少？"),
                 None, "zh-CN")
    assert got.formatted == "0.092" and got.card["details"].get("shares") is None


def test_a_field_the_caption_names_and_the_header_calls_otherwise() -> None:
    # the query asked for "dde大单"; the export's header calls it 主动买入大单净额: days above 0 -> 03-04, 03-06 = 2
    data = """取数问句: 东方测试2024年3月4日至2024年3月6日每日的dde大单
|股票代码|股票简称|主动买入大单净额[20240304]|主动买入大单净额[20240305]|主动买入大单净额[20240306]|
|---|---|---|---|---|
|600999.SH|东方测试|120.50万元|-88.00万元|35.25万元|
"""
    got = answer(prompt(data, "在2024年3月4日至2024年3月6日期间，东方测试的dde大单大于0的天数有几天？"), None, "zh-CN")
    assert got.formatted == "2"
    # a field the engine knows (资金流入) is never renamed from the caption: 资金流向 stays the net flow
    flows = data.replace("dde大单", "资金流入").replace("主动买入大单净额", "资金流向")
    question = "在2024年3月4日至2024年3月6日期间，东方测试的资金流入大于0的天数有几天？"
    got = answer(prompt(flows, question), None, "zh-CN")
    assert got.status == "clarify", got.reason


TWO = """编号: 1
取数问句: 2024年3月4日东方测试的最高价
|股票代码|股票简称|最高价[20240304]|
|---|---|---|
|600999.SH|东方测试|12.50元|

编号: 2
取数问句: 2024年3月7日西山样例的最高价
|股票代码|股票简称|最高价[20240307]|
|---|---|---|
|600888.SH|西山样例|9.25元|
"""


def test_two_instruments_each_on_its_own_date() -> None:
    # 12.50 (东方测试, 03-04) and 9.25 (西山样例, 03-07): the difference is 3.25, either way round
    question = "2024年3月4日东方测试的最高价和2024年3月7日西山样例的最高价，它们的差值是多少？"
    got = answer(prompt(TWO, question), None, "zh-CN")
    assert got.formatted == "3.25"
    got = answer(prompt(TWO, "西山样例2024年3月7日的最高价和东方测试2024年3月4日的最高价相差多少？"), None, "zh-CN")
    assert got.formatted == "3.25"
    # each date must be a row of its own instrument's table: no number otherwise
    got = answer(prompt(TWO, question.replace("3月4日", "3月5日")), None, "zh-CN")
    assert got.status == "clarify"
