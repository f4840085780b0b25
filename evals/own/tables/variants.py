"""Natural variants of the common questions (relative windows, since/as-of, month edges, moving averages, shares of
days, interest, two-column and composite questions, and the ones that must be asked back), on the same raw cells."""

from __future__ import annotations

from evals.own.tables import reference as ref
from evals.own.tables.cases import (
    A_CLOSE,
    M_PCT,
    P_AMT,
    P_CLOSE,
    P_PCT,
    P_VOL,
    T1,
    T2,
    T3,
    T9,
    T11,
    T12,
    Case,
    D,
    col,
    f2,
)
from evals.own.tables.data import FLOWS, PINGAN
from evals.own.tables.messy import LIMIT


def _between(c: ref.Col, lo: D, hi: D) -> ref.Col:
    return ref.in_window(c, lo, hi)


def _rows_windows_and_counts() -> list[tuple[str, str, str, str]]:
    c, o = P_CLOSE, col(PINGAN, "open")
    hi = col(PINGAN, "high")
    d = {n: D(2024, 9, n) for n in (2, 3, 4, 6, 9, 10, 12, 13, 18, 20, 30)}
    end13 = [v for day, v in c if day <= d[13]][-5:]
    end20 = [v for day, v in c if day <= d[20]][-10:]
    [(f.date, f.net) for f in FLOWS]
    return [
        ("w1", "自9月9日以来的涨幅是多少？", ref.pct(ref.simple_return(c, d[9], d[30])), "return"),
        ("w2", "截至9月13日，本月累计涨幅", ref.pct(ref.simple_return(c, d[2], d[13])), "return"),
        ("w3", "Since Sep 18, how much has the stock returned?", ref.pct(ref.simple_return(c, d[18], d[30])), "return"),
        ("w4", "9月上旬的最高价是多少", f2(ref.col_max(_between(hi, d[2], D(2024, 9, 10)))), "aggregate"),
        ("w5", "9月2日至6日收盘价最高是多少", f2(ref.col_max(_between(c, d[2], d[6]))), "aggregate"),
        ("w6", "从9月2日收盘买入持有到9月30日，年化收益率是多少",
         ref.pct((ref.at(c, d[30]) / ref.at(c, d[2])) ** (365 / 28) - 1), "return"),
        ("k1", "假如我在9月2日买了一千股，9月6日卖掉，能挣多少？",
         f2(1000 * (ref.at(c, d[6]) - ref.at(c, d[2]))), "position"),
        ("k2", "9月份收盘价低于10元的天数占比",
         ref.pct(ref.count_if(c, lambda v: v < 10) / len(ref.values(c))), "count"),
        ("k3", "表中一共有多少个交易日", str(len(ref.values(c))), "count"),
        ("k4", "Between 2024-09-02 and 2024-09-13, how many trading days were there?",
         str(len(ref.values(_between(c, d[2], d[13])))), "count"),
        ("k5", "成交额超过10亿元的有几天", str(ref.count_if(P_AMT, lambda v: v * 1e4 > 1e9)), "count"),
        ("k6", "How many days was the close above the open?",
         str(sum(1 for (_, a), (_, b) in zip(c, o, strict=True) if a is not None and b is not None and a > b)),
         "count"),
        ("m1", "What's the 5-day moving average of the close on Sep 13?", f2(sum(end13) / 5), "aggregate"),  # type: ignore[arg-type]
        ("m2", "9月20日的10日均线是多少", f2(sum(end20) / 10), "aggregate"),  # type: ignore[arg-type]
        ("i1", "9月10日收盘价相对于开盘价涨了多少", ref.pct(ref.at(c, d[10]) / ref.at(o, d[10]) - 1), "return"),
        ("i2", "融资买入2000股，融资利率6%，9月3日买入9月6日卖出，要付多少利息？",
         f2(2000 * ref.at(c, d[3]) * 0.06 * 3 / 365), "margin"),
        ("i3", "成交量最大的那天收盘价是多少", f2(ref.at(c, ref.argmax_date(P_VOL))), "value_at_ext"),
        ("i4", "9月份平均每天涨跌幅是多少", f2(ref.col_mean(P_PCT)) + "%", "aggregate"),
        ("i5", "If I put 5,000 yuan into it at the Sep 4 close and sold at the Sep 12 close, what's my P&L?",
         f2(ref.a_share_lots(5000, ref.at(c, d[4])) * (ref.at(c, d[12]) - ref.at(c, d[4]))), "position"),
        ("i6", "Which was the best day?", ref.argmax_date(P_PCT).isoformat(), "argext"),
        ("i7", "What was the biggest daily gain?", f2(ref.col_max(P_PCT)) + "%", "aggregate"),
        ("i8", "2024.09.10的收盘价是多少", f2(ref.at(c, d[10])), "value"),
    ]


def _rows_phrasings() -> list[tuple[str, str, str, str]]:
    c, _o = P_CLOSE, col(PINGAN, "open")
    col(PINGAN, "high")
    d = {n: D(2024, 9, n) for n in (2, 3, 4, 6, 9, 10, 12, 13, 18, 20, 30)}
    [v for day, v in c if day <= d[13]][-5:]
    [v for day, v in c if day <= d[20]][-10:]
    [(f.date, f.net) for f in FLOWS]
    return [
        ("j1", "以9月2日收盘价买入1000股，9月6日收盘价卖出，扣除万分之三佣金后的收益是多少元？",
         f2(ref.position(ref.at(c, d[2]), ref.at(c, d[6]), 1000, 0.0003)[0]), "position"),
        ("j2", "9月18日收盘价较前一交易日涨跌幅", ref.pct(ref.simple_return(c, d[13], d[18])), "return"),
        ("j3", "what was the closing price on the 3rd of September 2024", f2(ref.at(c, d[3])), "value"),
        ("j4", "How did the stock perform from 9/2/2024 to 9/30/2024?", ref.pct(ref.simple_return(c, d[2], d[30])),
         "return"),
        ("j5", "What's the difference between the highest and lowest close?", f2(ref.col_max(c) - ref.col_min(c)),
         "aggregate"),
        ("j6", "What is the mean daily volume, rounded to the nearest whole number?", ref.fmt(ref.col_mean(P_VOL), 0),
         "aggregate"),
        ("j7", "On how many days did the stock close higher than the day before?",
         str(ref.count_up(c, c[0][0], c[-1][0])), "count"),
        ("j8", "9月11日成交量是9月10日的几倍？保留两位小数",
         ref.fmt(ref.at(P_VOL, D(2024, 9, 11)) / ref.at(P_VOL, d[10]), 2), "compare"),
        ("j9", "What percent of the days were down days?", ref.pct(ref.count_if(P_PCT, lambda v: v < 0) / 19), "count"),
        ("j10", "平安银行在2024年9月的日均成交额是多少万元？", f2(ref.col_mean(P_AMT)), "aggregate"),
    ]


def _rows_trades_and_units() -> list[tuple[str, str, str, str]]:
    c, o = P_CLOSE, col(PINGAN, "open")
    hi = col(PINGAN, "high")
    d = {n: D(2024, 9, n) for n in (2, 3, 4, 6, 9, 10, 12, 13, 18, 20, 30)}
    [v for day, v in c if day <= d[13]][-5:]
    [v for day, v in c if day <= d[20]][-10:]
    [(f.date, f.net) for f in FLOWS]
    return [
        ("t1", "I bought 2,000 shares on Sep 3, 2024 at the open and sold on Sep 10, 2024 at the close. How much did "
               "I make?", f2(2000 * (ref.at(c, d[10]) - ref.at(o, d[3]))), "position"),
        ("t2", "我在9月3日以开盘价买了500股，9月5日以收盘价卖出，佣金0.025%，最低5元，印花税0.05%，净赚多少？",
         f2(ref.position(ref.at(o, d[3]), ref.at(c, D(2024, 9, 5)), 500, 0.00025, 5.0, 0.0005)[0]), "position"),
        # 亏了多少: the amount lost, a positive number (the trade loses; its profit is negative)
        ("t3", "9月2日买入，2倍杠杆，融资利率年化6%，本金10万，9月13日卖出，亏了多少钱",
         f2(-ref.margin(ref.at(c, d[2]), ref.at(c, d[13]), d[2], d[13], 100_000, 2, 0.06)[0]), "margin"),
        ("t4", "With 20k yuan of my own money and 1.5x leverage at 5% annual interest, bought Sep 2 and sold Sep 30, "
               "what's the return on my capital?",
         ref.pct(ref.margin(ref.at(c, d[2]), ref.at(c, d[30]), d[2], d[30], 20_000, 1.5, 0.05)[1]), "margin"),
        ("t5", "如果在9月18日以最低价买入，9月30日以最高价卖出，收益率多少",
         ref.pct(ref.at(hi, d[30]) / ref.at(col(PINGAN, "low"), d[18]) - 1), "return"),
        ("t6", "What's the peak-to-trough decline in September?", ref.pct(ref.max_drawdown(c)), "drawdown"),
        ("t7", "How many days did the volume exceed 1.5 million?", str(ref.count_if(P_VOL, lambda v: v > 1.5e6)),
         "count"),
        ("t8", "如果9月2日买入一手，9月6日卖出，赚多少", f2(100 * (ref.at(c, d[6]) - ref.at(c, d[2]))), "position"),
        ("u1", "9.2-9.6的涨幅", ref.pct(ref.simple_return(c, d[2], d[6])), "return"),
        ("u2", "如果我9月2日买了1000股平安银行，现在卖出能赚多少", f2(1000 * (ref.at(c, d[30]) - ref.at(c, d[2]))),
         "position"),
        ("u3", "9月13日相比9月12日涨了多少", ref.pct(ref.simple_return(c, d[12], d[13])), "return"),
        ("u4", "What's the range between the highest high and the lowest low?",
         f2(ref.col_max(hi) - ref.col_min(col(PINGAN, "low"))), "range_hl"),
        ("u5", "9月的第一个交易日和最后一个交易日的收盘价差是多少", f2(ref.at(c, d[30]) - ref.at(c, d[2])), "compare"),
        ("u6", "9月2日开盘价买入，当天收盘卖出，收益率多少", ref.pct(ref.at(c, d[2]) / ref.at(o, d[2]) - 1), "return"),
        ("u7", "如果9月5日以最高价买入100股，9月6日以最低价卖出，亏多少钱",
         f2(100 * (ref.at(hi, D(2024, 9, 5)) - ref.at(col(PINGAN, "low"), d[6]))), "position"),  # amount lost
        ("u8", "If I invested 10,000 yuan on September 2 and sold on September 20, how much would I have?",
         f2(10_000 + ref.a_share_lots(10_000, ref.at(c, d[2])) * (ref.at(c, d[20]) - ref.at(c, d[2]))), "position"),
        ("u9", "9月中旬平安银行的平均收盘价", f2(ref.col_mean(_between(c, D(2024, 9, 11), d[20]))), "aggregate"),
        ("u10", "平安银行哪天的振幅最大？", _widest_day(), "argext"),
        ("w7", "平安银行9月4日开盘价与前一日收盘价相比，差多少？", f2(ref.at(o, d[4]) - ref.at(c, d[3])), "compare"),
        ("w8", "9月涨幅最大的一天涨了多少", f2(ref.col_max(P_PCT)) + "%", "aggregate"),
        ("w9", "9月19日至9月27日，平安银行累计上涨多少", ref.pct(ref.simple_return(c, D(2024, 9, 19), D(2024, 9, 27))),
         "return"),
        ("w10", "以9月2日收盘价计算，到9月30日收盘，持有平安银行1万股的盈亏",
         f2(10_000 * (ref.at(c, d[30]) - ref.at(c, d[2]))), "position"),
        ("w11", "9月平均每天的成交金额是多少亿元", f2(ref.col_mean(P_AMT) / 1e4), "aggregate"),
        ("w12", "Which day had the largest percentage decline?", ref.argmax_date(P_PCT, -1.0).isoformat(), "argext"),
        ("y1", "9月2日到9月20日之间平安银行收盘价的最高值和最低值之差",
         f2(ref.col_max(_between(c, d[2], d[20])) - ref.col_min(_between(c, d[2], d[20]))), "aggregate"),
        ("y2", "平安银行9月24日的收盘价相比9月23日的涨幅是多少",
         ref.pct(ref.simple_return(c, D(2024, 9, 23), D(2024, 9, 24))), "return"),
        ("y3", "9月份平安银行的最高价出现在哪一天", ref.argmax_date(hi).isoformat(), "argext"),
        ("y4", "截止到9月20日，平安银行本月最大回撤是多少", ref.pct(ref.max_drawdown(_between(c, d[2], d[20]))),
         "drawdown"),
        ("y5", "What was the previous close before September 18?", f2(ref.at(c, d[13])), "value"),
        ("y6", "2024年9月5日的最高价减去最低价等于多少",
         f2(ref.at(hi, D(2024, 9, 5)) - ref.at(col(PINGAN, "low"), D(2024, 9, 5))), "compare"),
        ("y7", "How much would 1,000 shares bought on Sep 2 be worth on Sep 30?", f2(1000 * ref.at(c, d[30])),
         "position"),
        ("y8", "What was the open-to-close change on September 10?", f2(ref.at(c, d[10]) - ref.at(o, d[10])), "change"),
        ("y9", "9月3日平安银行的开盘价比前一交易日收盘价高多少", f2(ref.at(o, d[3]) - ref.at(c, d[2])), "compare"),
        ("y10", "用30000元在9月3日买入，9月13日卖出，佣金万三，最低5元，亏了多少",
         f2(-ref.position(ref.at(c, d[3]), ref.at(c, d[13]), ref.a_share_lots(30_000, ref.at(c, d[3])), 0.0003,
                          5.0)[0]), "position"),  # 亏了多少: the amount lost, positive
        # 亏了多少 on a trade that gained: nothing was lost (0, the gain said with it); a P&L keeps its sign; a loss
        # rate is positive; "at the high/low on D" is that day's high/low (hand-checked against the rows of Sep 5-6)
        ("y11", "如果9月5日以最低价买入100股，9月6日以最高价卖出，亏了多少",
         f2(max(0.0, 100 * (ref.at(col(PINGAN, "low"), D(2024, 9, 5)) - ref.at(hi, d[6])))), "position"),
        ("y12", "If I bought 100 shares at the high on Sep 5 and sold at the low on Sep 6, how much did I lose?",
         f2(100 * (ref.at(hi, D(2024, 9, 5)) - ref.at(col(PINGAN, "low"), d[6]))), "position"),
        ("y13", "如果9月5日以最高价买入100股，9月6日以最低价卖出，亏损率是多少",
         ref.pct(1 - ref.at(col(PINGAN, "low"), d[6]) / ref.at(hi, D(2024, 9, 5))), "position"),
        ("y14", "If I bought 100 shares at the high on Sep 5 and sold at the low on Sep 6, what is my P&L?",
         f2(100 * (ref.at(col(PINGAN, "low"), d[6]) - ref.at(hi, D(2024, 9, 5)))), "position"),
        ("x1", "用融资的方式买入平安银行，保证金10万元，融资10万元，年利率6%，9月2日买9月30日卖，扣除利息后赚了多少",
         f2(ref.margin(ref.at(c, d[2]), ref.at(c, d[30]), d[2], d[30], 100_000, 2, 0.06)[0]), "margin"),
        ("x2", "9月份平安银行最大单日跌幅是多少", f2(ref.col_min(P_PCT)) + "%", "aggregate"),
        ("x3", "9月的第10个交易日是哪天", c[9][0].isoformat(), "date_of"),
        ("x4", "9月平安银行涨跌幅为正的交易日占比是多少", ref.pct(ref.count_if(P_PCT, lambda v: v > 0) / 19), "count"),
        ("w14", "9月2日买入1000股、9月30日卖出，扣除千分之一的印花税后收益是多少",
         f2(ref.position(ref.at(c, d[2]), ref.at(c, d[30]), 1000, stamp=0.001)[0]), "position"),
        ("w15", "9月2日买入1000股、9月30日卖出，手续费双边各万三，求收益",
         f2(ref.position(ref.at(c, d[2]), ref.at(c, d[30]), 1000, 0.0003)[0]), "position"),
        ("w16", "How many days did the stock close at or below 10?", str(ref.count_if(c, lambda v: v <= 10)), "count"),
        ("w17", "What was the high on the day with the lowest close?", f2(ref.at(hi, ref.argmax_date(c, -1.0))),
         "value_at_ext"),
        ("w13", "If I bought 500 shares at the lowest close in September, what would they be worth at the "
                "Sep 30 close?",
         f2(500 * ref.at(c, d[30])), "position"),
    ]


def variant_cases() -> list[Case]:
    c, _o = P_CLOSE, col(PINGAN, "open")
    col(PINGAN, "high")
    d = {n: D(2024, 9, n) for n in (2, 3, 4, 6, 9, 10, 12, 13, 18, 20, 30)}
    [v for day, v in c if day <= d[13]][-5:]
    [v for day, v in c if day <= d[20]][-10:]
    net = [(f.date, f.net) for f in FLOWS]
    rows = _rows_windows_and_counts() + _rows_phrasings() + _rows_trades_and_units()
    out = [Case("variant-" + i, q, T1, e, op) for i, q, e, op in rows]
    out += [
        Case("variant-t2-1", "贵州茅台近5个交易日涨跌幅合计", T2, f2(sum(ref.values(M_PCT[-5:]))) + "%", "aggregate"),
        Case("variant-t2-2", "贵州茅台9月11日和9月13日的收盘价差", T2,
             f2(ref.at(col_moutai(), d[13]) - ref.at(col_moutai(), D(2024, 9, 11))), "compare"),
        Case("variant-t11-1", "9月2日到9月6日主力资金净流出了多少", T11, f2(-ref.col_sum(_between(net, d[2], d[6]))),
             "net_inflow"),
        Case("variant-t12-1", "这段时间资金流入比流出多多少", T12,
             f2(sum(f.inflow for f in FLOWS) - sum(f.outflow for f in FLOWS)), "net_inflow"),
        Case("variant-t3-1", "What was the close at the end of March?", T3, f2(ref.at(A_CLOSE, D(2024, 3, 28))),
             "value"),
        Case("variant-t3-2", "What was the close at the start of April?", T3, f2(ref.at(A_CLOSE, D(2024, 4, 1))),
             "value"),
    ]
    asks = [("a1", "9月30日是否涨停", LIMIT), ("a2", "连续上涨了几天", LIMIT),
            ("a3", "Tell me the Sep 4 closing price and volume", T1),
            ("a4", "What was the average close in the first week of September?", T1),
            ("a5", "If I shorted 1000 shares on Sep 10 and covered on Sep 24, what's my profit?", T1),
            ("a6", "从最高点到最低点跌了多少", T1), ("a7", "9月30日收盘价与9月平均收盘价的差", T1),
            ("a8", "9月份茅台的最大回撤发生在哪段时间", T2), ("a9", "9月份成交量最大的三天是哪几天", T1),
            ("a10", "What was the volume-weighted average price on Sep 19?", T1),
            ("a11", "What is the variance of daily returns?", T1),
            ("a12", "What's the return between the 1st and the 15th of March 2024?", T3),
            ("a15", "What's the percent decline from the March peak close to the March 28 close?", T3),
            ("a13", "What's the YTD return?", T3),
            ("a17", "平安银行在9月份的涨跌幅绝对值最大的一天是哪天", T1),
            ("a16", "9月2日至9月30日平安银行的区间最高价和区间最低价分别是多少",
             T1), ("a14", "平安银行与招商银行9月份的最大回撤分别是多少", T9)]
    return out + [Case("variant-" + i, q, t, None, "clarify", "clarify") for i, q, t in asks]


def _widest_day() -> str:
    """振幅 = (high - low) / previous close, from the second row on; the day it is largest."""
    best = (-1.0, "")
    for a, b in zip(PINGAN.bars, PINGAN.bars[1:], strict=False):
        assert a.close is not None and b.high is not None and b.low is not None
        best = max(best, ((b.high - b.low) / a.close, b.date.isoformat()))
    return best[1]


def col_moutai() -> ref.Col:
    from evals.own.tables.data import MOUTAI
    return col(MOUTAI, "close")
