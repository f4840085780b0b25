"""Two-instrument trades with a choice rule (买入N1股A和N2股B…分别卖出…涨幅较大的那支赚了多少). Tables written for these
tests in the 问财 one-cell-per-query shape; expected numbers hand-computed in the comments. Definitions: holding-period
return HPR = P1 / P0 - 1 and profit = n × (P1 - P0), no dividends or fees (Bodie, Kane & Marcus, Investments, ch. 5)."""

from __future__ import annotations

import pytest

from services.portfolio.tables.api import answer

FMT = '以JSON回答：{"cot": "<推理>", "answer": <数值请用小数表示，最多保留4位小数；日期按年月日顺序，如20010915>}'


def _cell(query: str, code: str, name: str, field: str, day: str, value: str) -> str:
    return f"取数问句: {query}\n|股票代码|股票简称|{field}[{day}]|\n|---|---|---|\n|{code}|{name}|{value}|\n"


def _data(a_sell: str, b_sell: str, b_sell_day: str = "20240410") -> str:
    return "\n".join([
        _cell("2024年3月4日甲测试的收盘价", "AAA.O", "甲测试", "收盘价", "20240304", "50.00美元"),
        _cell("2024年3月4日乙样例的收盘价", "BBB.N", "乙样例", "收盘价", "20240304", "20.00美元"),
        _cell("2024年4月8日甲测试的最高价", "AAA.O", "甲测试", "最高价", "20240408", a_sell),
        _cell(f"{b_sell_day[:4]}年乙样例的最高价", "BBB.N", "乙样例", "最高价", b_sell_day, b_sell),
    ])


def _prompt(data: str, ask: str, sell_b: str = "2024年4月10日") -> str:
    question = (f"如果我在2024年3月4日以当日收盘价买入100股甲测试（AAA）和300股乙样例的股票，并在2024年4月8日和{sell_b}"
                f"以当日最高价分别卖出甲测试和乙样例的所有股票，请问{ask}")
    return f"### 数据\n{data}\n\n### 用户问题\nquestion: {question}\n\n### 输出格式\n{FMT}"


# A: 100 shares 50.00 -> 56.00: +6.00 x 100 = +600, HPR +12%; B: 300 shares 20.00 -> 21.00: +300, HPR +5%
UP = _data("56.00美元", "21.00美元")
# A: 50.00 -> 45.00: -500, -10%; B: 20.00 -> 19.00: -300, -5%
DOWN = _data("45.00美元", "19.00美元")


@pytest.mark.parametrize(("data", "ask", "expected"), [
    (UP, "涨幅较大的那支股票我赚了多少？", "600"),     # A: +12% > +5%
    (UP, "涨幅较小的那支股票我赚了多少？", "300"),     # B
    (UP, "涨幅较大的那支股票收益率是多少？", "0.12"),
    (DOWN, "跌幅较大的那支股票我亏了多少？", "500"),   # A fell 10%: a loss of 500, given as the amount lost
    (DOWN, "跌幅较小的那支股票我亏了多少？", "300"),   # B fell 5%
    (DOWN, "亏损较小的那支股票我亏了多少？", "300"),   # B: -300 and -5% both the smaller loss
    (DOWN, "乙样例那支股票我亏了多少？", "300"),       # named
    (DOWN, "跌幅较大的那支股票亏损了多少？", "500"),   # 亏损了多少 / 损失了多少 ask the same amount
    (DOWN, "跌幅较大的那支股票损失了多少？", "500"),
    (DOWN, "亏损较大的那支股票亏损率是多少？", "0.1"),  # A: -500 and -10%, the loss as a positive fraction
])
def test_the_rule_picks_one_leg(data: str, ask: str, expected: str) -> None:
    got = answer(_prompt(data, ask), None, "zh-CN")
    assert (got.status, got.openai_json()["answer"]) == ("answered", expected), got.reason
    assert got.operation == "pair_trade"
    # the card shows all four cells and both legs
    assert [(o["row"], o["column"]) for o in got.card["operands"]] == [
        ("2024-03-04", "收盘价"), ("2024-04-08", "最高价"), ("2024-03-04", "收盘价"), ("2024-04-10", "最高价")]
    assert {"AAA.O 甲测试", "BBB.N 乙样例"} <= set(got.card["details"])
    assert [leg["sell"] for leg in got.card["inputs"]["legs"]] == ["2024-04-08", "2024-04-10"]
    assert "sell" in got.card["formula"] and got.card["details"]["chosen"] in got.explanation


def test_a_rule_whose_readings_disagree_is_asked() -> None:
    # 收益较大: A has the larger return (+12% vs +5%) but B the larger profit once B holds 1300 shares (+1300 vs +600)
    data = _data("56.00美元", "21.00美元")
    question = _prompt(data, "收益较大的那支股票我赚了多少？").replace("300股乙样例", "1300股乙样例")
    got = answer(question, None, "zh-CN")
    assert (got.status, got.reason.split(":")[0]) == ("clarify", "ambiguous_choice")
    # the same rule is answered when both readings pick one leg (A: +600 and +12% against B's +300 and +5%)
    got = answer(_prompt(data, "收益较大的那支股票我赚了多少？"), None, "zh-CN")
    assert got.openai_json()["answer"] == "600"


def test_a_loss_asked_of_legs_that_gained_is_zero_and_said() -> None:
    # 亏了多少 asks the amount lost: B gained (+300, +5%), so nothing was lost; the gain is said with the 0
    got = answer(_prompt(UP, "乙样例那支股票我亏了多少？"), None, "zh-CN")
    assert (got.status, got.openai_json()["answer"]) == ("answered", "0"), got.reason
    assert "盈利 300.00" in got.explanation and "盈利 300.00" in got.card["remark"]
    # 跌幅较大 picks no leg when neither fell, but neither lost: the loss is 0 whichever leg is meant
    got = answer(_prompt(UP, "跌幅较大的那支股票我亏了多少？"), None, "zh-CN")
    assert (got.status, got.openai_json()["answer"]) == ("answered", "0"), got.reason
    assert got.card["details"]["chosen"] is None and "+12.00%" in got.explanation
    # ... and is still asked when the number depends on the leg (a profit), or one leg lost
    got = answer(_prompt(UP, "跌幅较大的那支股票我赚了多少？"), None, "zh-CN")
    assert (got.status, got.reason.split(":")[0]) == ("clarify", "premise")
    mixed = _data("56.00美元", "19.00美元")  # A +600 (+12%), B -300 (-5%): only B fell
    got = answer(_prompt(mixed, "跌幅较小的那支股票我亏了多少？"), None, "zh-CN")
    assert (got.status, got.reason.split(":")[0]) == ("clarify", "premise")


def test_a_profit_asked_of_a_leg_that_lost_keeps_its_sign() -> None:
    # 赚了多少 is the signed profit, as for one stock: B 300 × (19.00 - 20.00) = -300, the loss said with it
    got = answer(_prompt(DOWN, "乙样例那支股票我赚了多少？"), None, "zh-CN")
    assert (got.status, got.openai_json()["answer"]) == ("answered", "-300"), got.reason
    assert "亏损" in got.explanation


def test_dates_are_checked_per_leg() -> None:
    got = answer(_prompt(_data("56.00美元", "21.00美元", "20240405"), "涨幅较大的那支股票我赚了多少？",
                         sell_b="2024年4月6日"), None, "zh-CN")  # 04-06 is no row of B's table (04-05 is)
    assert got.status == "clarify" and got.reason.split(":")[0] in ("not_trading_day", "out_of_range")
    got = answer(_prompt(UP, "涨幅较大的那支股票我赚了多少？", sell_b="2023年4月10日"), None, "zh-CN")
    assert got.status == "clarify" and got.reason.split(":")[0] in ("sell_before_buy", "out_of_range")


def test_two_prices_then_their_difference_is_one_number() -> None:
    # |50.00 - 20.00| = 30: the two prices are the operands, shown with it; "分别是多少" alone stays asked
    data = "\n".join([_cell("2024年3月4日甲测试的股价", "AAA.O", "甲测试", "收盘价", "20240304", "50.00美元"),
                      _cell("2024年3月4日乙样例的股价", "BBB.N", "乙样例", "收盘价", "20240304", "20.00美元")])
    ask = "2024年3月4日，甲测试（AAA）和乙样例（BBB）的股价分别是多少，差值是多少？"
    got = answer(f"### 数据\n{data}\n\n### 用户问题\nquestion: {ask}\n\n### 输出格式\n{FMT}", None, "zh-CN")
    assert got.openai_json()["answer"] == "30" and [o["value"] for o in got.card["operands"]] == [50.0, 20.0]
    ask = "2024年3月4日，甲测试（AAA）和乙样例（BBB）的股价分别是多少？"
    got = answer(f"### 数据\n{data}\n\n### 用户问题\nquestion: {ask}\n\n### 输出格式\n{FMT}", None, "zh-CN")
    assert (got.status, got.reason.split(":")[0]) == ("clarify", "two_questions")


def _en(ask: str) -> str:
    return ("If I bought 100 shares of 甲测试 (AAA) and 300 shares of 乙样例 on March 4, 2024 at the close and "
            f"sold them on April 8, 2024 and April 10, 2024 at the high respectively, {ask}")


@pytest.mark.parametrize(("data", "ask", "expected"), [
    (UP, "how much did I make on the stock that rose more?", 600.0),   # A: +12% > +5%
    (UP, "how much did I make on the one with the lower return?", 300.0),
    (DOWN, "how much did I lose on the stock that fell more?", 500.0),
])
def test_english_rules(data: str, ask: str, expected: float) -> None:
    got = answer(_en(ask), data, "en")
    assert got.status == "answered" and got.operation == "pair_trade", got.reason
    assert float(got.value) == pytest.approx(expected)
    assert got.card["inputs"]["legs"][1]["sell"] == "2024-04-10"


def test_a_pick_is_the_name_right_before_na_zhi() -> None:
    # both names appear in the sell clause; only 乙样例 stands right before 那支 (B: 300 × (19.00 - 20.00) = -300)
    got = answer(_prompt(DOWN, "乙样例（BBB）的那只股票我亏了多少？"), None, "zh-CN")
    assert got.openai_json()["answer"] == "300"
    got = answer(_prompt(DOWN, "那支股票我亏了多少？"), None, "zh-CN")  # no rule, no name: not this operation
    assert got.status == "clarify"


def test_tables_pasted_into_the_question_do_not_lend_their_dates() -> None:
    # the captions above the question carry dates (2024年4月8日甲测试的最高价); only the question's own line counts
    got = answer(UP + "\n" + _en("how much did I make on the stock that rose more?"), None, "en")
    assert got.status == "answered" and float(got.value) == 600.0, got.reason
