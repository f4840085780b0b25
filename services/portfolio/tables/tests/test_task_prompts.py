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
