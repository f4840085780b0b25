"""More of the question set: the other table formats (descending with a suspended day, console text, CSV, JSON,
transposed, wide, several tables, scale words, fund flows, a long multi-instrument CSV)."""

from __future__ import annotations

import math

from evals.own.tables import reference as ref
from evals.own.tables.cases import (
    A_CLOSE,
    A_VOL,
    C_CLOSE,
    M_AMT,
    M_CLOSE,
    M_PCT,
    MARCH,
    P_CLOSE,
    P_VOL,
    T2,
    T3,
    T4,
    T5,
    T6,
    T7,
    T8,
    T9,
    T10,
    T11,
    T12,
    T13,
    Case,
    D,
    col,
    f0,
    f2,
    scaled_amounts,
)
from evals.own.tables.data import CMB, FLOWS


def moutai_cases() -> list[Case]:
    c = M_CLOSE
    rets = ref.daily_returns(c)
    d2, d30 = D(2024, 9, 2), D(2024, 9, 30)
    rows = [
        ("v1", "9月13日贵州茅台收盘价是多少？", f2(ref.at(c, D(2024, 9, 13))), "value"),
        ("v2", "What was the latest close?", f2(c[-1][1] or 0), "value"),
        ("v3", "最早一天的成交量是多少？", f0(ref.at(col_of("volume"), d2)), "value"),
        ("a5", "贵州茅台9月最后5个交易日的平均涨跌幅", f2(ref.col_mean(M_PCT[-5:])) + "%", "aggregate"),
        ("a1", "9月9日到9月13日的平均收盘价是多少？",
         f2(ref.col_mean(ref.in_window(c, D(2024, 9, 9), D(2024, 9, 13)))), "aggregate"),
        ("a2", "What was the total amount traded in September?", f2(ref.col_sum(M_AMT)), "aggregate"),
        ("a3", "区间最高收盘价是多少？", f2(ref.col_max(c)), "aggregate"),
        ("a4", "What was the lowest close from Sep 18 to Sep 30?",
         f2(ref.col_min(ref.in_window(c, D(2024, 9, 18), d30))),
         "aggregate"),
        ("r1", "9月11日到9月13日的涨幅是多少？",
         ref.pct(ref.simple_return(c, D(2024, 9, 11), D(2024, 9, 13))), "return"),
        ("r2", "What was the return from the first day to the last day?", ref.pct(ref.simple_return(c, d2, d30)),
         "return"),
        ("r3", "9月2日买入100股，9月30日卖出，收益是多少元？", f2(100 * (ref.at(c, d30) - ref.at(c, d2))), "position"),
        ("s1", "这段时间的最大回撤是多少？", ref.pct(ref.max_drawdown(c)), "drawdown"),
        ("s2", "What is the maximum drawdown in September, as a decimal to 4 decimal places?",
         ref.fmt(ref.max_drawdown(c), 4), "drawdown"),
        ("s3", "9月份的日收益率标准差是多少？保留4位小数", ref.fmt(ref.sample_std(rets), 4), "stats"),
        ("s4", "What was the annualised volatility over the period?", ref.pct(ref.sample_std(rets) * math.sqrt(252)),
         "stats"),
        ("n1", "上涨的交易日有几天？", str(ref.count_if(M_PCT, lambda v: v > 0)), "count"),
        ("n2", "How many days did it fall more than 2%?", str(ref.count_if(M_PCT, lambda v: v < -2)), "count"),
        ("x1", "跌幅最大的是哪一天？", ref.argmax_date(M_PCT, -1.0).isoformat(), "argext"),
        ("x2", "Which day had the largest trading amount?", ref.argmax_date(M_AMT).isoformat(), "argext"),
    ]
    out = [Case("moutai-" + i, q, T2, e, op) for i, q, e, op in rows]
    out.append(Case("moutai-q1", "9月12日收盘价是多少？", T2, None, "clarify", "clarify"))
    return out


def col_of(field: str) -> ref.Col:
    from evals.own.tables.data import MOUTAI
    return col(MOUTAI, field)


def acme_cases() -> list[Case]:
    c, march = A_CLOSE, ref.in_window(A_CLOSE, *MARCH)
    full = c
    rows = [
        ("n1", "How many days in March did it close above 35?", str(ref.count_if(march, lambda v: v > 35)), "count"),
        ("n2", "How many trading days in March closed below 36?", str(ref.count_if(march, lambda v: v < 36)), "count"),
        ("n3", "3月份收盘价超过37的有几天？", str(ref.count_if(march, lambda v: v > 37)), "count"),
        ("n4", "How many up days were there in March?", str(ref.count_up(full, *MARCH)), "count"),
        ("n5", "3月份下跌的天数是多少？", str(ref.count_up(full, *MARCH, down=True)), "count"),
        ("n6", "How many days did it close at 35 or more?", str(ref.count_if(c, lambda v: v >= 35)), "count"),
        ("a1", "What was the highest close in March?", f2(ref.col_max(march)), "aggregate"),
        ("a2", "3月份的最低收盘价是多少？", f2(ref.col_min(march)), "aggregate"),
        ("a3", "What was the average volume over the first 5 trading days?", f2(ref.col_mean(A_VOL[:5])), "aggregate"),
        ("a4", "What was the total volume in March?", f0(ref.col_sum(ref.in_window(A_VOL, *MARCH))), "aggregate"),
        ("x1", "Which day in March had the lowest close?", ref.argmax_date(march, -1.0).isoformat(), "argext"),
        ("x2", "收盘价最高的是哪一天？请用YYYY/MM/DD格式", ref.argmax_date(c).strftime("%Y/%m/%d"), "argext"),
        ("r1", "What was the return from March 1 to March 28, 2024?",
         ref.pct(ref.simple_return(c, D(2024, 3, 1), D(2024, 3, 28))), "return"),
        ("r2", "3月1日到4月5日的收益率是多少？", ref.pct(ref.simple_return(c, D(2024, 3, 1), D(2024, 4, 5))), "return"),
        ("s1", "What was the max drawdown in March?", ref.pct(ref.max_drawdown(march)), "drawdown"),
        ("s2", "3月的最大回撤是多少？", ref.pct(ref.max_drawdown(march)), "drawdown"),
        ("s3", "What was the annualized volatility in March?",
         ref.pct(ref.sample_std(ref.daily_returns(march)) * math.sqrt(252)), "stats"),
        ("v1", "What was the close on April 5, 2024?", f2(ref.at(c, D(2024, 4, 5))), "value"),
        ("v2", "4月1日收盘价是多少？", f2(ref.at(c, D(2024, 4, 1))), "value"),
        ("v3", "What was the volume on March 12?", f0(ref.at(A_VOL, D(2024, 3, 12))), "value"),
        ("p1", "If I bought 300 shares on Mar 1, 2024 and sold them on Mar 12, 2024, what would my profit be?",
         f2(300 * (ref.at(c, D(2024, 3, 12)) - ref.at(c, D(2024, 3, 1)))), "position"),
        ("c1", "How much higher was the close on March 12 than on March 1?",
         f2(ref.at(c, D(2024, 3, 12)) - ref.at(c, D(2024, 3, 1))), "compare"),
    ]
    out = [Case("acme-" + i, q, T3, e, op) for i, q, e, op in rows]
    out.append(Case("acme-q1", "What was the close on March 29, 2024?", T3, None, "clarify", "clarify"))
    out.append(Case("acme-q2", "What will the close be next week?", T3, None, "decline", "decline"))
    return out


def cmb_cases() -> list[Case]:
    c = C_CLOSE
    hi = col(CMB, "high")
    lo = col(CMB, "low")
    vol = col(CMB, "volume")
    b = next(x for x in CMB.bars if x.date == D(2024, 9, 11))
    rets = ref.daily_returns(c)
    csv_rows = [
        ("v1", "What was the open on 2024-09-11?", f2(b.open or 0), "value"),
        ("v2", "20240911的最高价是多少？", f2(b.high or 0), "value"),
        ("r1", "What's the percentage change in the close from Sep 2 to Sep 27?",
         ref.pct(ref.simple_return(c, D(2024, 9, 2), D(2024, 9, 27))), "return"),
        ("r2", "9月2日开盘买入、9月6日收盘卖出，收益率是多少？",
         ref.pct(ref.at(c, D(2024, 9, 6)) / ref.at(col(CMB, "open"), D(2024, 9, 2)) - 1), "return"),
        ("a1", "What was the mean of the daily highs?", f2(ref.col_mean(hi)), "aggregate"),
        ("a2", "期间的最低价是多少？", f2(ref.col_min(lo)), "aggregate"),
        ("x1", "Which day had the highest volume?", ref.argmax_date(vol).isoformat(), "argext"),
        ("n1", "How many days did the high exceed 34?", str(ref.count_if(hi, lambda v: v > 34)), "count"),
        ("c1", "9月11日最高价和最低价相差多少？", f2((b.high or 0) - (b.low or 0)), "compare"),
        ("c2", "What was the difference between CMB's highest high and lowest low?",
         f2(ref.col_max(hi) - ref.col_min(lo)),
         "range_hl"),
        ("s1", "What's the daily volatility of returns, to 4 decimal places?",
         ref.fmt(ref.sample_std(rets), 4), "stats"),
    ]
    out = [Case("cmb-csv-" + i, q, T4, e, op) for i, q, e, op in csv_rows]
    json_rows = [
        ("v1", "What was the close on 2024-09-25?", f2(ref.at(c, D(2024, 9, 25))), "value"),
        ("r1", "9月2日到9月30日的涨跌幅是多少？",
         ref.pct(ref.simple_return(c, D(2024, 9, 2), D(2024, 9, 30))), "return"),
        ("s1", "年化波动率是多少？", ref.pct(ref.sample_std(rets) * math.sqrt(252)), "stats"),
        ("a1", "What was the median close?", f2(sorted(ref.values(c))[len(c) // 2]), "aggregate"),
        ("n1", "收盘价在33到34元之间的有几天？", str(ref.count_if(c, lambda v: 33 <= v <= 34)), "count"),
    ]
    out += [Case("cmb-json-" + i, q, T6, e, op) for i, q, e, op in json_rows]
    return out


def pingan_formats() -> list[Case]:
    c, vol = P_CLOSE, P_VOL
    amt = col_pingan("amount")
    pct = col_pingan("pct")
    rows5 = [
        ("v1", "2024年9月18日收盘价是多少？", f2(ref.at(c, D(2024, 9, 18))), "value"),
        ("a1", "整个期间的总成交量是多少？", f0(ref.col_sum(vol)), "aggregate"),
        ("x1", "Which date had the largest turnover?", ref.argmax_date(amt).isoformat(), "argext"),
        ("r1", "What's the return from 9/2/2024 to 9/13/2024?",
         ref.pct(ref.simple_return(c, D(2024, 9, 2), D(2024, 9, 13))), "return"),
        ("n1", "成交量超过100万手的有几天？", str(ref.count_if(vol, lambda v: v > 1_000_000)), "count"),
    ]
    out = [Case("pingan-json-" + i, q, T5, e, op) for i, q, e, op in rows5]
    c8, pct8, vol8 = c[:8], pct[:8], vol[:8]
    rows7 = [
        ("v1", "9月4日的成交量是多少？", f0(ref.at(vol8, D(2024, 9, 4))), "value"),
        ("r1", "What was the return from Sep 2 to Sep 11?",
         ref.pct(ref.simple_return(c8, D(2024, 9, 2), D(2024, 9, 11))),
         "return"),
        ("a1", "表中收盘价的最大值是多少？", f2(ref.col_max(c8)), "aggregate"),
        ("x1", "哪天涨幅最大？", ref.argmax_date(pct8).isoformat(), "argext"),
        ("n1", "How many up days are in the table?", str(ref.count_if(pct8, lambda v: v > 0)), "count"),
        ("s1", "这几天的最大回撤是多少？", ref.pct(ref.max_drawdown(c8)), "drawdown"),
    ]
    out += [Case("pingan-transposed-" + i, q, T7, e, op) for i, q, e, op in rows7]
    scaled = scaled_amounts()
    rows10 = [
        ("a1", "9月2日到9月6日的成交额合计是多少元？",
         f2(ref.col_sum(ref.in_window(scaled, D(2024, 9, 2), D(2024, 9, 6)))),
         "aggregate"),
        ("x1", "哪一天成交额最小？", ref.argmax_date(scaled, -1.0).isoformat(), "argext"),
        ("v1", "What was the amount on 2024-09-03?", f2(ref.at(scaled, D(2024, 9, 3))), "value"),
        ("v2", "9月3日成交额是多少亿元", f2(ref.at(scaled, D(2024, 9, 3)) / 1e8), "value"),
        ("a2", "What was the average daily amount?", f2(ref.col_mean(scaled)), "aggregate"),
    ]
    out += [Case("pingan-scaled-" + i, q, T10, e, op) for i, q, e, op in rows10]
    return out


def col_pingan(field: str) -> ref.Col:
    from evals.own.tables.data import PINGAN
    return col(PINGAN, field)


def multi_cases() -> list[Case]:
    p6, c6 = P_CLOSE[:6], C_CLOSE[:6]
    d2, d9 = D(2024, 9, 2), D(2024, 9, 9)
    rp, rc = ref.simple_return(P_CLOSE, d2, D(2024, 9, 30)), ref.simple_return(C_CLOSE, d2, D(2024, 9, 30))
    rows8 = [
        ("v1", "招商银行2024年9月4日的收盘价是多少？", f2(ref.at(c6, D(2024, 9, 4))), "value"),
        ("v2", "What was 000001's close on Sep 9, 2024?", f2(ref.at(p6, d9)), "value"),
        ("c1", "9月2日到9月9日，平安银行和招商银行的涨幅相差多少？",
         ref.pct(abs(ref.simple_return(p6, d2, d9) - ref.simple_return(c6, d2, d9))), "compare"),
        ("c2", "On Sep 5, 2024, what is the ratio of 招商银行's close to 平安银行's close?",
         ref.fmt(ref.at(c6, D(2024, 9, 5)) / ref.at(p6, D(2024, 9, 5)), 4), "compare"),
        ("r1", "平安银行9月2日到9月9日的收益率是多少？", ref.pct(ref.simple_return(p6, d2, d9)), "return"),
    ]
    out = [Case("wide-" + i, q, T8, e, op) for i, q, e, op in rows8]
    out.append(Case("wide-q1", "9月2日的收盘价是多少？", T8, None, "clarify", "clarify"))
    rows9 = [
        ("c1", "9月份平安银行和招商银行的涨幅相差多少？", ref.pct(abs(rp - rc)), "compare"),
        ("r1", "What was 招商银行's return over the period?", ref.pct(rc), "return"),
        ("a1", "平安银行9月份的最高收盘价是多少？", f2(ref.col_max(P_CLOSE)), "aggregate"),
        ("v1", "招商银行2024年9月20日的成交量是多少？", f0(ref.at(col(CMB, "volume"), D(2024, 9, 20))), "value"),
        ("c2", "9月30日，招商银行收盘价比平安银行高多少？",
         f2(ref.at(C_CLOSE, D(2024, 9, 30)) - ref.at(P_CLOSE, D(2024, 9, 30))), "compare"),
    ]
    out += [Case("two-tables-" + i, q, T9, e, op) for i, q, e, op in rows9]
    out.append(Case("two-tables-q1", "这段时间的最大回撤是多少？", T9, None, "clarify", "clarify"))
    rows13 = [
        ("v1", "What was the close of 600036 on 9/18/2024?", f2(ref.at(C_CLOSE, D(2024, 9, 18))), "value"),
        ("a1", "000001.SZ的平均成交量是多少？", f2(ref.col_mean(P_VOL)), "aggregate"),
        ("s1", "What was 600036's max drawdown?", ref.pct(ref.max_drawdown(C_CLOSE)), "drawdown"),
    ]
    out += [Case("long-csv-" + i, q, T13, e, op) for i, q, e, op in rows13]
    return out


def flow_cases() -> list[Case]:
    net: ref.Col = [(f.date, f.net) for f in FLOWS]
    inflow: ref.Col = [(f.date, f.inflow) for f in FLOWS]
    outflow: ref.Col = [(f.date, f.outflow) for f in FLOWS]
    d2, d13 = D(2024, 9, 2), D(2024, 9, 13)
    split_net = ref.col_sum(inflow) - ref.col_sum(outflow)
    rows11 = [
        ("a1", "9月2日到9月13日主力净流入合计多少万元？", f2(ref.col_sum(ref.in_window(net, d2, d13))), "net_inflow"),
        ("a2", "What was the total net inflow over the period?", f2(ref.col_sum(net)), "net_inflow"),
        ("x1", "哪天净流入最多？", ref.argmax_date(net).isoformat(), "argext"),
        ("x2", "哪天主力净流出最多", ref.argmax_date(net, -1.0).isoformat(), "argext"),
        ("v1", "9月5日的主力净流入是多少？", f2(ref.at(net, D(2024, 9, 5))), "value"),
        ("n1", "净流入为正的有几天？", str(ref.count_if(net, lambda v: v > 0)), "count"),
        ("a3", "最近5个交易日的净流入是多少？", f2(ref.col_sum(net[-5:])), "net_inflow"),
    ]
    out = [Case("flows-" + i, q, T11, e, op) for i, q, e, op in rows11]
    rows12 = [
        ("a1", "这段时间资金净流入是多少？", f2(split_net), "net_inflow"),
        ("a2", "What was the net inflow from Sep 2 to Sep 6?",
         f2(ref.col_sum(ref.in_window(inflow, d2, D(2024, 9, 6)))
            - ref.col_sum(ref.in_window(outflow, d2, D(2024, 9, 6)))),
         "net_inflow"),
        ("a3", "资金流入的总额是多少？", f2(ref.col_sum(inflow)), "aggregate"),
        ("v1", "9月5日资金净流入多少", f2(ref.at(inflow, D(2024, 9, 5)) - ref.at(outflow, D(2024, 9, 5))), "value"),
    ]
    out += [Case("flows-split-" + i, q, T12, e, op) for i, q, e, op in rows12]
    return out
