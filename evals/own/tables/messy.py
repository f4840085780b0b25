"""Hand-transcribed messy tables (descending rows, 港元/亿港元 units, "+3.04%" and "−0.61%" cells, "(1,000.0)"
negatives, TSV with a 取数问句 caption, a wide two-field terminal export, a NAV CSV) and questions in the phrasings
real users type. Each table's cells are also written below as plain Python lists (the spreadsheet), and every
expected answer is computed from those lists by reference.py."""

from __future__ import annotations

import datetime as dt
import math

from evals.own.tables import reference as ref
from evals.own.tables.cases import Case, f0, f2

D = dt.date
HK = """腾讯控股(00700.HK) 近期行情
| 交易日期 | 开盘价(港元) | 收盘价(港元) | 最高价(港元) | 最低价(港元) | 成交量(股) | 成交额(亿港元) | 涨跌幅 |
| --- | --- | --- | --- | --- | --- | --- | --- |
| 2024/10/08 | 438.0 | 441.6 | 445.0 | 430.2 | 45,123,000 | 197.51 | +3.04% |
| 2024/10/07 | 420.0 | 428.6 | 431.0 | 418.4 | 30,256,100 | 128.97 | 2.53% |
| 2024/10/04 | 414.0 | 418.0 | 421.8 | 412.0 | 25,001,020 | 104.35 | 1.41% |
| 2024/10/03 | 405.0 | 412.2 | 415.0 | 402.0 | 28,440,200 | 116.78 | -1.86% |
| 2024/10/02 | 420.0 | 420.0 | 430.0 | 411.4 | 40,100,000 | 168.75 | -- |
"""
HK_D = [D(2024, 10, 2), D(2024, 10, 3), D(2024, 10, 4), D(2024, 10, 7), D(2024, 10, 8)]
HK_OPEN = list(zip(HK_D, [420.0, 405.0, 414.0, 420.0, 438.0], strict=True))
HK_CLOSE = list(zip(HK_D, [420.0, 412.2, 418.0, 428.6, 441.6], strict=True))
HK_HIGH = list(zip(HK_D, [430.0, 415.0, 421.8, 431.0, 445.0], strict=True))
HK_LOW = list(zip(HK_D, [411.4, 402.0, 412.0, 418.4, 430.2], strict=True))
HK_VOL = list(zip(HK_D, [40_100_000.0, 28_440_200.0, 25_001_020.0, 30_256_100.0, 45_123_000.0], strict=True))
HK_AMT = list(zip(HK_D, [168.75, 116.78, 104.35, 128.97, 197.51], strict=True))
HK_PCT: ref.Col = list(zip(HK_D, [None, -1.86, 1.41, 2.53, 3.04], strict=True))

FUND = """date,nav,acc_nav
2024-01-02,1.2345,2.1345
2024-01-03,1.2301,2.1301
2024-01-04,1.2288,2.1288
2024-01-05,1.2402,2.1402
2024-01-08,1.2455,2.1455
"""
F_D = [D(2024, 1, 2), D(2024, 1, 3), D(2024, 1, 4), D(2024, 1, 5), D(2024, 1, 8)]
F_NAV = list(zip(F_D, [1.2345, 1.2301, 1.2288, 1.2402, 1.2455], strict=True))
F_ACC = list(zip(F_D, [2.1345, 2.1301, 2.1288, 2.1402, 2.1455], strict=True))

BYD = """取数问句：比亚迪 2024年9月 日收盘价
日期\t收盘价\t成交额(亿元)\t主力净流入(万元)
20240902\t245.10\t45.2\t-12,345.6
20240903\t250.00\t50.1\t23,456.0
20240904\t248.20\t38.7\t-3,210.5
20240905\t255.80\t61.3\t45,678.9
20240906\t252.00\t40.0\t(1,000.0)
"""
B_D = [D(2024, 9, 2), D(2024, 9, 3), D(2024, 9, 4), D(2024, 9, 5), D(2024, 9, 6)]
B_CLOSE = list(zip(B_D, [245.10, 250.00, 248.20, 255.80, 252.00], strict=True))
B_AMT = list(zip(B_D, [45.2, 50.1, 38.7, 61.3, 40.0], strict=True))
B_NET = list(zip(B_D, [-12345.6, 23456.0, -3210.5, 45678.9, -1000.0], strict=True))

LIMIT = """| 日期 | 收盘 | 涨跌 | 涨跌幅 | 成交量(万手) | 换手率 |
| :-: | :-: | :-: | :-: | :-: | :-: |
| 2024年9月23日 | 3.12 | -0.03 | -0.95% | 12.5 | 1.2% |
| 2024年9月24日 | 3.30 | 0.18 | 5.77% | 30.1 | 2.9% |
| 2024年9月25日 | 3.28 | −0.02 | −0.61% | 25.0 | 2.4% |
| 2024年9月26日 | 3.45 | 0.17 | 5.18% | 40.2 | 3.8% |
| 2024年9月27日 | 3.60 | 0.15 | 4.35% | 45.7 | 4.3% |
| 2024年9月30日 | 3.96 | 0.36 | 10.00% | 60.0 | 5.6% |
"""
L_D = [D(2024, 9, 23), D(2024, 9, 24), D(2024, 9, 25), D(2024, 9, 26), D(2024, 9, 27), D(2024, 9, 30)]
L_CLOSE = list(zip(L_D, [3.12, 3.30, 3.28, 3.45, 3.60, 3.96], strict=True))
L_CHG = list(zip(L_D, [-0.03, 0.18, -0.02, 0.17, 0.15, 0.36], strict=True))
L_PCT = list(zip(L_D, [-0.95, 5.77, -0.61, 5.18, 4.35, 10.00], strict=True))
L_VOL = list(zip(L_D, [12.5, 30.1, 25.0, 40.2, 45.7, 60.0], strict=True))
L_TURN = list(zip(L_D, [1.2, 2.9, 2.4, 3.8, 4.3, 5.6], strict=True))

CATL = """| 证券代码 | 证券简称 | 收盘价[20240916] | 收盘价[20240917] | 收盘价[20240918] | 成交量[20240916] | 成交量[20240917] | 成交量[20240918] |
|---|---|---|---|---|---|---|---|
| 300750.SZ | 宁德时代 | 180.50 | 182.10 | 179.30 | 1,234,500 | 1,500,200 | 987,600 |
"""  # noqa: E501
C_D = [D(2024, 9, 16), D(2024, 9, 17), D(2024, 9, 18)]
C_CLOSE = list(zip(C_D, [180.50, 182.10, 179.30], strict=True))
C_VOL = list(zip(C_D, [1_234_500.0, 1_500_200.0, 987_600.0], strict=True))


PERIOD = """| 证券代码 | 证券简称 | 区间涨跌幅[20240902-20240906](%) | 区间成交额[20240902-20240906](亿元) | 收盘价[20240902] | 收盘价[20240906] |
|---|---|---|---|---|---|
| 000001.SZ | 平安银行 | 1.90 | 63.41 | 10.01 | 10.20 |
| 600036.SH | 招商银行 | -0.40 | 88.27 | 32.80 | 32.67 |
"""  # noqa: E501


def period_cases() -> list[Case]:
    rows = [
        ("p1", "平安银行的区间涨跌幅是多少", "1.90%", "period_value"),
        ("p2", "招商银行9月2日到9月6日的涨跌幅", "-0.40%", "period_value"),
        ("p3", "招商银行的区间成交额是多少亿元", "88.27", "period_value"),
        ("p4", "平安银行9月6日收盘价", "10.20", "value"),
        ("p5", "What was 600036's close on Sep 2, 2024?", "32.80", "value"),
        # 10.20 / 10.01 - 1 = 1.898%; 32.67 / 32.80 - 1 = -0.396%; the gap 2.294% -> 2.29%
        ("p6", "9月2日到9月6日，平安银行和招商银行收盘价涨幅相差多少？",
         ref.pct(abs((10.20 / 10.01 - 1) - (32.67 / 32.80 - 1))), "compare"),
    ]
    out = [Case("period-" + i, q, PERIOD, e, op) for i, q, e, op in rows]
    out += [Case("period-q1", "招商银行9月6日的涨跌幅是多少", PERIOD, None, "clarify", "clarify"),
            Case("period-q2", "招商银行的年化波动率", PERIOD, None, "clarify", "clarify")]
    return out


def hk_cases() -> list[Case]:
    d2, d3, d7, d8 = HK_D[0], HK_D[1], HK_D[3], HK_D[4]
    rows = [
        ("v1", "腾讯10月8日收盘多少？", f2(ref.at(HK_CLOSE, d8)).rstrip("0"), "value"),
        ("v2", "What was Tencent's closing price on October 4th?", "418.0", "value"),
        ("r1", "10月2日到10月8日腾讯涨了百分之几？", ref.pct(ref.simple_return(HK_CLOSE, d2, d8)), "return"),
        ("r2", "Give me the percent change between Oct 3 and Oct 7.", ref.pct(ref.simple_return(HK_CLOSE, d3, d7)),
         "return"),
        ("r3", "How much did the stock gain from the first day to the last day, in percent?",
         ref.pct(ref.simple_return(HK_CLOSE, d2, d8)), "return"),
        ("r4", "10月8日收盘价相对于开盘价涨了多少？",
         ref.pct(ref.at(HK_CLOSE, d8) / ref.at(HK_OPEN, d8) - 1), "return"),
        ("x1", "区间内成交额最高的是哪天？", ref.argmax_date(HK_AMT).isoformat(), "argext"),
        ("x2", "When was the highest close?", ref.argmax_date(HK_CLOSE).isoformat(), "argext"),
        ("a1", "这几天的平均成交额是多少亿港元？", f2(ref.col_mean(HK_AMT)), "aggregate"),
        ("a2", "期间一共成交了多少股？", f0(ref.col_sum(HK_VOL)), "aggregate"),
        ("a3", "最大单日涨幅是多少？", f2(ref.col_max(HK_PCT)) + "%", "aggregate"),
        ("a4", "what was the lowest price during the period?", ref.fmt(ref.col_min(HK_LOW), 1), "aggregate"),
        ("a5", "收盘价的平均值，保留1位小数", ref.fmt(ref.col_mean(HK_CLOSE), 1), "aggregate"),
        ("a6", "What is the average of the daily high-low range?",
         f2(sum(h - lo for (_, h), (_, lo) in zip(HK_HIGH, HK_LOW, strict=True)) / 5), "aggregate"),
        ("c1", "What's the intraday range (high minus low) on 2024-10-07?",
         ref.fmt(ref.at(HK_HIGH, d7) - ref.at(HK_LOW, d7), 1), "value"),
        ("c2", "10月8日开盘价和收盘价差多少？", ref.fmt(abs(ref.at(HK_OPEN, d8) - ref.at(HK_CLOSE, d8)), 1), "compare"),
        ("n1", "收盘价超过420港元的交易日有几个？", str(ref.count_if(HK_CLOSE, lambda v: v > 420)), "count"),
        ("n2", "涨跌幅为负的有几天", str(ref.count_if(HK_PCT, lambda v: v < 0)), "count"),
        ("n3", "How many days did it close above the open?",
         str(sum(c > o for (_, c), (_, o) in zip(HK_CLOSE, HK_OPEN, strict=True))), "count"),
        ("p1", "如果10月2日收盘买入1手（100股），10月8日收盘卖出，能赚多少港元？",
         f2(100 * (ref.at(HK_CLOSE, d8) - ref.at(HK_CLOSE, d2))), "position"),
        ("v3", "10月3日的振幅是多少？",  # (415.0 - 402.0) / 420.0 = 3.0952% (previous close 10/02)
         ref.fmt((415.0 - 402.0) / 420.0 * 100, 2) + "%", "value"),
        ("v4", "成交量最大的那天收盘价是多少？", ref.fmt(ref.at(HK_CLOSE, ref.argmax_date(HK_VOL)), 1), "value_at_ext"),
    ]
    out = [Case("hk-" + i, q, HK, e, op) for i, q, e, op in rows]
    out.append(Case("hk-q1", "10月5日收盘价", HK, None, "clarify", "clarify"))
    out.append(Case("hk-q2", "收盘价最高和最低的日期分别是哪天", HK, None, "clarify", "clarify"))
    return out


US = """| Date | Open | High | Low | Close | Volume |
|---|---|---|---|---|---|
| 03/01/2024 | 179.55 | 180.53 | 177.38 | 179.66 | 73,488,000 |
| 03/04/2024 | 176.15 | 176.90 | 173.79 | 175.10 | 81,510,100 |
| 03/05/2024 | 170.76 | 172.04 | 169.62 | 170.12 | 95,132,400 |
| 03/06/2024 | 171.06 | 171.24 | 168.68 | 169.12 | 68,587,700 |
| 03/07/2024 | 169.15 | 170.73 | 168.49 | 169.00 | 71,765,100 |
| 03/08/2024 | 169.00 | 173.70 | 168.94 | 170.73 | 76,114,600 |
"""
U_D = [D(2024, 3, 1), D(2024, 3, 4), D(2024, 3, 5), D(2024, 3, 6), D(2024, 3, 7), D(2024, 3, 8)]
U_OPEN = list(zip(U_D, [179.55, 176.15, 170.76, 171.06, 169.15, 169.00], strict=True))
U_HIGH = list(zip(U_D, [180.53, 176.90, 172.04, 171.24, 170.73, 173.70], strict=True))
U_LOW = list(zip(U_D, [177.38, 173.79, 169.62, 168.68, 168.49, 168.94], strict=True))
U_CLOSE = list(zip(U_D, [179.66, 175.10, 170.12, 169.12, 169.00, 170.73], strict=True))
U_VOL = list(zip(U_D, [73_488_000.0, 81_510_100.0, 95_132_400.0, 68_587_700.0, 71_765_100.0, 76_114_600.0],
                 strict=True))


def us_cases() -> list[Case]:
    rets = ref.daily_returns(U_CLOSE)
    rows = [
        ("v1", "What was the closing price two days after March 4?", f2(ref.at(U_CLOSE, U_D[3])), "value"),
        ("a1", "Give me the sum of volumes for March 5 through March 7.", f0(ref.col_sum(U_VOL[2:5])), "aggregate"),
        ("c1", "How much higher was the March 8 high than the March 8 low?",
         f2(ref.at(U_HIGH, U_D[5]) - ref.at(U_LOW, U_D[5])), "compare"),
        ("a2", "What's the highest price reached during this period?", f2(ref.col_max(U_HIGH)), "aggregate"),
        ("a3", "What was the biggest single-day percentage drop?", ref.pct(min(rets)), "aggregate"),
        ("p1", "If I bought 100 shares on March 4 at the open and sold on March 8 at the close, what's my profit?",
         f2(100 * (ref.at(U_CLOSE, U_D[5]) - ref.at(U_OPEN, U_D[1]))), "position"),
        ("n1", "How many days did the stock close lower than it opened?",
         str(sum(cl < op for (_, cl), (_, op) in zip(U_CLOSE, U_OPEN, strict=True))), "count"),
        ("s1", "What's the max drawdown over this period, as a decimal with 4 decimals?",
         ref.fmt(ref.max_drawdown(U_CLOSE), 4), "drawdown"),
        ("a4", "What's the 3-day moving average of the close as of March 8?",
         f2(ref.col_mean(U_CLOSE[3:])), "aggregate"),
        ("c2", "What is the close on the last day divided by the close on the first day?",
         ref.fmt(ref.at(U_CLOSE, U_D[5]) / ref.at(U_CLOSE, U_D[0]), 4), "compare"),
        ("r1", "What's the return from its first to its last day?", ref.pct(ref.simple_return(U_CLOSE, U_D[0], U_D[5])),
         "return"),
        ("n2", "Over the whole table, how many days closed up?", str(ref.count_up(U_CLOSE, U_D[0], U_D[5])), "count"),
        ("r2", "What was the stock's return in percentage points from open on March 1 to close on March 8?",
         ref.pct(ref.at(U_CLOSE, U_D[5]) / ref.at(U_OPEN, U_D[0]) - 1), "return"),
        ("s2", "What was the average daily return over the period?", ref.pct(sum(rets) / len(rets)), "stats"),
        ("v2", "What's the opening price on the day with the highest volume?",
         f2(ref.at(U_OPEN, ref.argmax_date(U_VOL))),
         "value_at_ext"),
        ("g1", "What was the percentage change in volume from March 1 to March 5?",
         ref.pct(ref.simple_return(U_VOL, U_D[0], U_D[2])), "growth"),
    ]
    asks = [Case("us-q1", "What's the geometric average daily return?", US, None, "clarify", "clarify"),
            Case("us-q2", "If I short sold 100 shares on March 1 and bought them back on March 8, what's my profit?",
                 US, None, "clarify", "clarify")]
    return [Case("us-" + i, q, US, e, op) for i, q, e, op in rows] + asks


PINGAN_INS = """取数问句：中国平安 2024年9月9日至9月13日 行情
| 交易日期 | 证券简称 | 开盘价(元) | 收盘价(元) | 涨跌幅(%) | 成交量(万股) | 成交金额(亿元) | 换手率(%) |
|:---:|:---:|:---:|:---:|:---:|:---:|:---:|:---:|
| 2024-09-13 | 中国平安 | 41.88 | 41.60 | -0.67 | 3,215.50 | 13.41 | 0.30 |
| 2024-09-12 | 中国平安 | 41.20 | 41.88 | 1.65 | 4,120.00 | 17.20 | 0.38 |
| 2024-09-11 | 中国平安 | 41.80 | 41.20 | -1.43 | 3,980.20 | 16.45 | 0.37 |
| 2024-09-10 | 中国平安 | 41.50 | 41.80 | 0.72 | 3,500.00 | 14.60 | 0.32 |
| 2024-09-09 | 中国平安 | 41.30 | 41.50 | 0.00 | -- | -- | -- |
"""
I_D = [D(2024, 9, 9), D(2024, 9, 10), D(2024, 9, 11), D(2024, 9, 12), D(2024, 9, 13)]
I_CLOSE = list(zip(I_D, [41.50, 41.80, 41.20, 41.88, 41.60], strict=True))
I_VOL: ref.Col = list(zip(I_D, [None, 3500.00, 3980.20, 4120.00, 3215.50], strict=True))
I_AMT: ref.Col = list(zip(I_D, [None, 14.60, 16.45, 17.20, 13.41], strict=True))
I_TURN: ref.Col = list(zip(I_D, [None, 0.32, 0.37, 0.38, 0.30], strict=True))


def insurer_cases() -> list[Case]:
    rows = [
        ("r1", "中国平安这几天的累计涨跌幅（保留两位小数）",
         ref.pct(ref.simple_return(I_CLOSE, I_D[0], I_D[4])), "return"),
        ("a1", "这期间中国平安的日均成交金额为多少亿元？", f2(ref.col_mean(I_AMT)), "aggregate"),
        ("a2", "9月10日至9月13日的总成交量是多少万股？", f2(ref.col_sum(I_VOL)), "aggregate"),
        ("x1", "中国平安9月份换手率最高是哪天？", ref.argmax_date(I_TURN).isoformat(), "argext"),
        ("p1", "如果9月9日收盘买入10手中国平安，9月13日收盘卖出，盈利多少元？",
         f2(1000 * (ref.at(I_CLOSE, I_D[4]) - ref.at(I_CLOSE, I_D[0]))), "position"),
        ("v1", "收盘价最高的一天的成交金额是多少", f2(ref.at(I_AMT, ref.argmax_date(I_CLOSE))), "value_at_ext"),
        ("v2", "9月12日成交量是多少股", f0(ref.at(I_VOL, I_D[3]) * 1e4), "value"),
        ("a3", "What is the total traded amount in 亿元 from Sep 10 to Sep 13?", f2(ref.col_sum(I_AMT)), "aggregate"),
        ("s1", "9月9日至9月13日的最大回撤", ref.pct(ref.max_drawdown(I_CLOSE)), "drawdown"),
    ]
    out = [Case("insurer-" + i, q, PINGAN_INS, e, op) for i, q, e, op in rows]
    return [*out, Case("insurer-q1", "9月9日的成交量是多少", PINGAN_INS, None, "clarify", "clarify")]


def acme_fee_case() -> Case:
    # 100 × (37.55 - 35.30) = 225.00; minus $5 on each side = 215.00; over 3530.00 + 5.00 paid = 6.08%
    from evals.own.tables.cases import T3
    return Case("acme-fee", "ACME: what's the return if I bought on March 5 and sold on March 19, with a $5 commission "
                "per trade and 100 shares?", T3, ref.pct(215.0 / 3535.0), "position")


def fund_cases() -> list[Case]:
    rets = ref.daily_returns(F_NAV)
    rows = [
        ("v1", "What was the NAV on 2024-01-05?", "1.2402", "value"),
        ("v2", "1月4日的累计净值是多少", "2.1288", "value"),
        ("r1", "基金从1月2日到1月8日的收益率是多少？保留4位小数",
         ref.fmt(ref.simple_return(F_NAV, F_D[0], F_D[4]), 4), "return"),
        ("s1", "期间净值最大回撤", ref.pct(ref.max_drawdown(F_NAV)), "drawdown"),
        ("x1", "单位净值最高是哪天", ref.argmax_date(F_NAV).isoformat(), "argext"),
        ("s2", "Compute the annualized volatility of the NAV.",
         ref.pct(ref.sample_std(rets) * math.sqrt(252)), "stats"),
        ("p1", "用1万元在1月3日申购，1月8日赎回，收益多少元？",
         f2(10_000 * ref.simple_return(F_NAV, F_D[1], F_D[4])), "position"),
        ("n1", "How many days did the NAV rise?", str(ref.count_up(F_NAV, F_D[0], F_D[4])), "count"),
    ]
    return [Case("fund-" + i, q, FUND, e, op) for i, q, e, op in rows]


def byd_cases() -> list[Case]:
    d2, d3, d5, d6 = B_D[0], B_D[1], B_D[3], B_D[4]
    buy, sell = ref.at(B_CLOSE, d2), ref.at(B_CLOSE, d6)
    rows = [
        ("v1", "比亚迪9月5日的收盘价", f2(ref.at(B_CLOSE, d5)), "value"),
        ("a1", "这段时间主力资金净流入一共多少？", ref.fmt(ref.col_sum(B_NET), 1), "net_inflow"),
        ("n1", "主力净流入为负的天数", str(ref.count_if(B_NET, lambda v: v < 0)), "count"),
        ("x1", "成交额最大的一天是哪天？按YYYY年MM月DD日格式",
         ref.argmax_date(B_AMT).strftime("%Y年%m月%d日"), "argext"),
        ("a2", "区间内累计成交额多少亿元", ref.fmt(ref.col_sum(B_AMT), 1), "aggregate"),
        ("p1", "9月2日买入200股，9月6日卖出，佣金万2.5（最低5元），收益率多少？保留四位小数",
         ref.fmt(ref.position(buy, sell, 200, 0.00025, 5.0)[1], 4), "position"),
        ("m1", "自有资金10万，融资10万元，融资年利率6%（按360天计息），9月2日买入，9月6日卖出，收益率？",
         ref.pct(ref.margin(buy, sell, d2, d6, 100_000, 2, 0.06, 360)[1]), "margin"),
        ("m2", "保证金比例50%，本金5万元，融资利率8.35%，9月3日买入9月5日卖出，杠杆收益率多少",
         ref.pct(ref.margin(ref.at(B_CLOSE, d3), ref.at(B_CLOSE, d5), d3, d5, 50_000, 2, 0.0835)[1]), "margin"),
        ("c1", "9月6日收盘价是9月2日的多少倍？", ref.fmt(sell / buy, 4), "compare"),
        ("a6", "9月2日到9月5日比亚迪的最高收盘价是多少", f2(ref.col_max(B_CLOSE[:4])), "aggregate"),
        ("c2", "比亚迪9月5日的收盘价比前一天高了多少", f2(ref.at(B_CLOSE, d5) - ref.at(B_CLOSE, B_D[2])), "compare"),
        ("a3", "what's the average closing price over the last three days?",
         f2(ref.col_mean(B_CLOSE[-3:])), "aggregate"),
        ("a4", "收盘价的标准差是多少", f2(ref.sample_std(ref.values(B_CLOSE))), "aggregate"),
        ("n2", "期间收盘价在248到252之间的有几天", str(ref.count_if(B_CLOSE, lambda v: 248 <= v <= 252)), "count"),
        ("r1", "If I had bought at the lowest close and sold at the highest close after that, what would my return be?",
         ref.pct(ref.col_max(B_CLOSE) / ref.col_min(B_CLOSE) - 1), "return"),
        ("r2", "这段时间的收益率是多少？用小数表示", ref.fmt(sell / buy - 1, 4), "return"),
        ("r3", "What was the daily return on Sep 5?",
         ref.pct(ref.at(B_CLOSE, d5) / ref.at(B_CLOSE, B_D[2]) - 1), "value"),
        ("a5", "主力净流入的平均值是多少万元", f2(ref.col_mean(B_NET)), "aggregate"),
        ("n3", "比亚迪主力净流入超过2亿元的有几天", str(ref.count_if(B_NET, lambda v: v * 1e4 > 2e8)), "count"),
        ("r4", "从9月2日收盘买入持有到9月6日，年化收益率是多少",
         ref.pct((sell / buy) ** (365 / 4) - 1), "return"),
    ]
    return [Case("byd-" + i, q, BYD, e, op) for i, q, e, op in rows]


def limit_and_wide_cases() -> list[Case]:
    rows = [
        ("x1", "9月份换手率最高的是哪天", ref.argmax_date(L_TURN).isoformat(), "argext"),
        ("r1", "这几天累计涨了多少？", ref.pct(ref.simple_return(L_CLOSE, L_D[0], L_D[-1])), "return"),
        ("v1", "9月24日涨了多少钱", "0.18", "value"),
        ("a1", "平均换手率是多少", f2(ref.col_mean(L_TURN)) + "%", "aggregate"),
        ("a2", "成交量合计多少万手", ref.fmt(ref.col_sum(L_VOL), 1), "aggregate"),
        ("n1", "涨幅超过5%的交易日一共几天？", str(ref.count_if(L_PCT, lambda v: v > 5)), "count"),
        ("v2", "9月27日的前一个交易日收盘价", f2(ref.at(L_CLOSE, L_D[3])), "value"),
        ("a3", "9月份平均每天涨跌幅是多少", f2(ref.col_mean(L_PCT)) + "%", "aggregate"),
        ("a4", "涨跌额合计是多少", f2(ref.col_sum(L_CHG)), "aggregate"),
        ("g1", "9月27日的成交量比前一日增长了百分之多少", ref.pct(ref.simple_return(L_VOL, L_D[3], L_D[4])), "growth"),
        ("a5", "9月23日到9月30日累计涨幅", ref.pct(ref.simple_return(L_CLOSE, L_D[0], L_D[-1])), "return"),
    ]
    out = [Case("limit-" + i, q, LIMIT, e, op) for i, q, e, op in rows]
    wide = [
        ("c1", "宁德时代9月18日的成交量比9月16日减少了多少",
         f0(ref.at(C_VOL, C_D[0]) - ref.at(C_VOL, C_D[2])), "compare"),
        ("v1", "宁德时代9月17日收盘价是多少？", f2(ref.at(C_CLOSE, C_D[1])), "value"),
        ("r1", "9月16日到9月18日宁德时代的涨跌幅？", ref.pct(ref.simple_return(C_CLOSE, C_D[0], C_D[2])), "return"),
        ("a1", "What was the total volume over these three days?", f0(ref.col_sum(C_VOL)), "aggregate"),
        ("x1", "哪天成交量最大", ref.argmax_date(C_VOL).isoformat(), "argext"),
    ]
    return out + [Case("catl-" + i, q, CATL, e, op) for i, q, e, op in wide]


def all_messy() -> list[Case]:
    return (hk_cases() + fund_cases() + byd_cases() + limit_and_wide_cases() + period_cases() + [acme_fee_case()]
            + us_cases() + insurer_cases())
