"""The project's question set: tables in every supported format (some deliberately messy) and questions in
Chinese and English, with expected answers computed by reference.py from the raw cells in data.py."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from evals.own.tables import reference as ref
from evals.own.tables import render
from evals.own.tables.data import ACME, CMB, FLOWS, MOUTAI, PINGAN, Dataset

D = dt.date


@dataclass(frozen=True)
class Case:
    id: str
    question: str
    tables: str | None
    expected: str | None  # the formatted answer; None when the right outcome is to ask or decline
    op: str  # the operation (or "clarify"/"decline")
    status: str = "answered"

    @property
    def lang(self) -> str:
        return "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in self.question) else "en"


def col(ds: Dataset, field: str) -> ref.Col:
    return [(b.date, getattr(b, field)) for b in ds.bars]


def f2(x: float) -> str:
    return ref.fmt(x, 2)


def f0(x: float) -> str:
    return ref.fmt(x, 0)


ALL_FIELDS = ["open", "high", "low", "close", "volume", "amount", "pct"]
T1 = render.markdown(PINGAN, ALL_FIELDS, caption="平安银行（000001.SZ）日行情")
T2 = render.markdown(MOUTAI, ["close", "volume", "amount", "pct"], descending=True,
                     caption="取数问句: 贵州茅台 9月 行情")
T3 = "ACME daily prices\n\n" + render.aligned(ACME, ["close", "volume"])
T4 = render.csv_text(CMB, ["open", "high", "low", "close", "volume"])
T5 = render.json_records(PINGAN, ["close", "volume", "amount"])
T6 = render.json_columns(CMB, ["close", "volume"])
T7 = render.transposed(PINGAN, ["close", "volume", "pct"], 8)
T8 = render.wide([PINGAN, CMB], 6)
T9 = (render.markdown(PINGAN, ["close", "volume"], caption="平安银行（000001.SZ）日行情", dates="zh") + "\n\n" +
      render.markdown(CMB, ["close", "volume"], caption="招商银行（600036.SH）日行情", dates="zh"))
T10 = render.markdown_scaled(PINGAN)
T11 = render.flows_markdown(FLOWS, split=False)
T12 = render.flows_markdown(FLOWS, split=True)
T13 = (render.csv_text(PINGAN, ["close", "volume"], dates="us", code_column=True) + "\n" +
       "\n".join(render.csv_text(CMB, ["close", "volume"], dates="us", code_column=True).splitlines()[1:]))

P_CLOSE, P_VOL, P_AMT, P_PCT = col(PINGAN, "close"), col(PINGAN, "volume"), col(PINGAN, "amount"), col(PINGAN, "pct")
M_CLOSE, M_PCT, M_AMT = col(MOUTAI, "close"), col(MOUTAI, "pct"), col(MOUTAI, "amount")
A_CLOSE, A_VOL = col(ACME, "close"), col(ACME, "volume")
C_CLOSE = col(CMB, "close")
MARCH = (D(2024, 3, 1), D(2024, 3, 31))


def _threshold(c: ref.Col) -> float:
    vals = sorted(ref.values(c))
    return round(vals[len(vals) // 2], 1)


def _best_trade(c: ref.Col) -> float:
    """Buy at the lowest close, sell at the highest close on or after that day."""
    buy_d = ref.argmax_date(c, -1.0)
    after = [(d, v) for d, v in c if d >= buy_d]
    return ref.col_max(after) / ref.at(c, buy_d) - 1


def scaled_amounts() -> list[tuple[dt.date, float | None]]:
    """The 成交额 cells of T10 as printed (亿 to 4 decimals or 万 to 2), read back in 元 like a spreadsheet would."""
    out: list[tuple[dt.date, float | None]] = []
    for b in PINGAN.bars:
        text = render.scaled_amount(None if b.amount is None else b.amount * 1e4)
        value = float(text[:-1]) * (1e8 if text.endswith("亿") else 1e4)
        out.append((b.date, value))
    return out


def _pingan_locals() -> dict[str, Any]:
    """The cells the PINGAN questions use, looked up once."""
    c, t = P_CLOSE, _threshold(P_CLOSE)
    d2, d3, d6, d13, d30 = D(2024, 9, 2), D(2024, 9, 3), D(2024, 9, 6), D(2024, 9, 13), D(2024, 9, 30)
    hi = [(b.date, b.high) for b in PINGAN.bars]
    lo = [(b.date, b.low) for b in PINGAN.bars]
    rets = ref.daily_returns(c)
    std = ref.sample_std(rets)
    b19 = next(b for b in PINGAN.bars if b.date == D(2024, 9, 19))
    b10 = next(b for b in PINGAN.bars if b.date == D(2024, 9, 10))
    lots50k = math.floor(50_000 / ref.at(c, d2) / 100) * 100
    fee_case = ref.position(ref.at(c, d3), ref.at(c, D(2024, 9, 20)), 500, 0.0003, 5.0, 0.001)
    return dict(c=c, t=t, d2=d2, d3=d3, d6=d6, d13=d13, d30=d30, hi=hi, lo=lo, rets=rets, std=std, b19=b19,
                b10=b10, lots50k=lots50k, fee_case=fee_case)


def pingan_values_returns() -> list[Case]:
    v = _pingan_locals()
    c, d2, d3, d6, d13, d30, hi = (v[k] for k in ("c", "d2", "d3", "d6", "d13", "d30", "hi"))
    rows = [
        ("v1", "2024年9月3日的收盘价是多少？", f2(ref.at(c, d3)), "value"),
        ("v2", "What was the closing price on Sep 10, 2024?", f2(ref.at(c, D(2024, 9, 10))), "value"),
        ("v3", "9月5日开盘价是多少元？", f2(ref.at(col(PINGAN, "open"), D(2024, 9, 5))), "value"),
        ("v4", "What was the volume on 2024-09-19?", f0(ref.at(P_VOL, D(2024, 9, 19))), "value"),
        ("v5", "9月20日的涨跌幅是多少？", f2(ref.at(P_PCT, D(2024, 9, 20))) + "%", "value"),
        ("v6", "What was the high on 9/24/2024?", f2(ref.at(hi, D(2024, 9, 24))), "value"),
        ("v7", "最后一个交易日的收盘价是多少？", f2(c[-1][1] or 0), "value"),
        ("v8", "What was the close on the first trading day in the table?", f2(c[0][1] or 0), "value"),
        ("v9", "9月10日的前一个交易日收盘价是多少？", f2(ref.at(c, D(2024, 9, 9))), "value"),
        ("v10", "What was the close on the day after Sep 13?", f2(ref.at(c, D(2024, 9, 18))), "value"),
        ("v11", "第3个交易日的收盘价是多少？", f2(c[2][1] or 0), "value"),
        ("v12", "9月19日的成交额是多少万元？", f2(ref.at(P_AMT, D(2024, 9, 19))), "value"),
        ("r1", "如果我在2024年9月2日以收盘价买入1000股并在9月6日卖出，收益率是多少？",
         ref.pct(ref.simple_return(c, d2, d6)),
         "position"),
        ("r2", "If I bought at the close on Sep 2, 2024 and sold at the close on Sep 13, 2024, what is my return?",
         ref.pct(ref.simple_return(c, d2, d13)), "return"),
        ("r3", "9月2日到9月30日的收益率是多少？用小数表示，保留4位小数",
         ref.fmt(ref.simple_return(c, d2, d30), 4), "return"),
        ("r4", "What is the return from 2024-09-05 to 2024-09-24 as a decimal rounded to 4 decimal places?",
         ref.fmt(ref.simple_return(c, D(2024, 9, 5), D(2024, 9, 24)), 4), "return"),
        ("r5", "这段时间的涨幅是多少？", ref.pct(ref.simple_return(c, c[0][0], c[-1][0])), "return"),
        ("r6", "What was the stock's performance over the whole period?",
         ref.pct(ref.simple_return(c, c[0][0], c[-1][0])), "return"),
        ("r7", "从9月2日到9月30日，收盘价涨了多少元？", f2(ref.at(c, d30) - ref.at(c, d2)), "change"),
        ("r8", "By how much did the close change between Sep 3 and Sep 12?",
         f2(ref.at(c, D(2024, 9, 12)) - ref.at(c, d3)), "change"),
        ("r9", "如果在这段时间收盘价最低的那天买入、之后最高的那天卖出，收益率是多少？",
         ref.pct(_best_trade(c)), "return"),
        ("r10", "What return would I get buying at the lowest close and selling at the highest close afterwards?",
         ref.pct(_best_trade(c)), "return"),
        ("r11", "9月2日到9月13日成交量的增长率是多少？", ref.pct(ref.simple_return(P_VOL, d2, d13)), "growth"),
        ("r12", "What is the growth rate of the amount from Sep 2 to Sep 30?",
         ref.pct(ref.simple_return(P_AMT, d2, d30)), "growth"),
        ("r13", "9月3日到9月20日涨幅是多少，以百分比表示保留3位小数",
         ref.fmt(ref.simple_return(c, d3, D(2024, 9, 20)) * 100, 3) + "%", "return"),
        ("r14", "第一天到最后一天涨了多少？", ref.pct(ref.simple_return(c, c[0][0], c[-1][0])), "return"),
    ]
    return [Case("pingan-" + i, q, T1, e, op) for i, q, e, op in rows]


def _pingan_statistics() -> list[tuple[str, str, str, str]]:
    v = _pingan_locals()
    c, t, d2, _d3, d6, d13, _d30 = (v[k] for k in ("c", "t", "d2", "d3", "d6", "d13", "d30"))
    hi, lo, rets, std, _b19, _b10, _lots50k, _fee_case = (v[k] for k in ("hi", "lo", "rets", "std", "b19", "b10",
                                                                     "lots50k", "fee_case"))
    return [
        ("a1", "这段时间收盘价最高是多少？", f2(ref.col_max(c)), "aggregate"),
        ("a2", "What was the highest close in September?", f2(ref.col_max(c)), "aggregate"),
        ("a3", "期间最低价是多少？", f2(ref.col_min(lo)), "aggregate"),
        ("a4", "What was the average closing price?", f2(ref.col_mean(c)), "aggregate"),
        ("a5", "9月份日均成交量是多少手？", f2(ref.col_mean(P_VOL)), "aggregate"),
        ("a6", "What was the total volume from Sep 2 to Sep 6?", f0(ref.col_sum(ref.in_window(P_VOL, d2, d6))),
         "aggregate"),
        ("a7", "9月2日至9月13日的成交额合计是多少？", f2(ref.col_sum(ref.in_window(P_AMT, d2, d13))), "aggregate"),
        ("a8", "这段时间收盘价的极差是多少？", f2(ref.col_max(c) - ref.col_min(c)), "aggregate"),
        ("a9", "What is the range of closing prices over the period?",
         f2(ref.col_max(c) - ref.col_min(c)), "aggregate"),
        ("a10", "最近5个交易日的平均收盘价是多少？", f2(ref.col_mean(c[-5:])), "aggregate"),
        ("a11", "What was the total volume over the last 3 trading days?", f0(ref.col_sum(P_VOL[-3:])), "aggregate"),
        ("a12", "前3个交易日的成交额合计是多少？", f2(ref.col_sum(P_AMT[:3])), "aggregate"),
        ("a13", "What was the lowest low between Sep 9 and Sep 20?",
         f2(ref.col_min(ref.in_window(lo, D(2024, 9, 9), D(2024, 9, 20)))), "aggregate"),
        ("a14", "9月份最高价的最大值是多少？", f2(ref.col_max(hi)), "aggregate"),
        ("x1", "哪一天成交额最大？", ref.argmax_date(P_AMT).isoformat(), "argext"),
        ("x2", "On which day was the close the lowest?", ref.argmax_date(c, -1.0).isoformat(), "argext"),
        ("x3", "哪天涨幅最大？", ref.argmax_date(P_PCT).isoformat(), "argext"),
        ("x4", "Which day had the highest high?", ref.argmax_date(hi).isoformat(), "argext"),
        ("x5", "成交量最小的是哪一天？", ref.argmax_date(P_VOL, -1.0).isoformat(), "argext"),
        ("x6", "收盘价最高的是哪一天？以YYYYMMDD格式回答", ref.argmax_date(c).strftime("%Y%m%d"), "argext"),
        ("x7", "When did the stock have its biggest one-day drop?", ref.argmax_date(P_PCT, -1.0).isoformat(), "argext"),
        ("n1", f"这段时间收盘价高于{t}元的有几天？", str(ref.count_if(c, lambda v: v > t)), "count"),
        ("n2", f"How many days did it close above {t}?", str(ref.count_if(c, lambda v: v > t)), "count"),
        ("n3", f"收盘价低于{t}的交易日有多少个？", str(ref.count_if(c, lambda v: v < t)), "count"),
        ("n4", f"How many days did the close stay between {t - 0.2:.1f} and {t + 0.2:.1f}?",
         str(ref.count_if(c, lambda v: t - 0.2 - 1e-9 <= v <= t + 0.2 + 1e-9)), "count"),
        ("n5", "9月份上涨的天数有几天？", str(ref.count_if(P_PCT, lambda v: v > 0)), "count"),
        ("n6", "How many down days were there?", str(ref.count_if(P_PCT, lambda v: v < 0)), "count"),
        ("n7", "涨幅超过1%的有几天？", str(ref.count_if(P_PCT, lambda v: v > 1)), "count"),
        ("n8", "How many days had volume over 1,000,000?", str(ref.count_if(P_VOL, lambda v: v > 1_000_000)), "count"),
        ("s1", "日收益率的标准差是多少？保留4位小数", ref.fmt(std, 4), "stats"),
        ("s2", "What is the annualized volatility?", ref.pct(std * math.sqrt(252)), "stats"),
        ("s3", "年化波动率是多少？", ref.pct(std * math.sqrt(252)), "stats"),
        ("s4", "What was the average daily return?", ref.pct(sum(rets) / len(rets)), "stats"),
        ("s5", "这段时间的最大回撤是多少？", ref.pct(ref.max_drawdown(c)), "drawdown"),
        ("s6", "What was the maximum drawdown from Sep 2 to Sep 20?",
         ref.pct(ref.max_drawdown(ref.in_window(c, d2, D(2024, 9, 20)))), "drawdown"),
    ]


def _pingan_trades() -> list[tuple[str, str, str, str]]:
    v = _pingan_locals()
    c, _t, d2, d3, _d6, d13, d30 = (v[k] for k in ("c", "t", "d2", "d3", "d6", "d13", "d30"))
    _hi, _lo, _rets, _std, b19, b10, lots50k, fee_case = (v[k] for k in ("hi", "lo", "rets", "std", "b19", "b10",
                                                                     "lots50k", "fee_case"))
    return [
        ("p1", "9月2日以收盘价买入2000股，9月13日卖出，盈利多少元？",
         f2(ref.position(ref.at(c, d2), ref.at(c, d13), 2000)[0]), "position"),
        ("p2", "9月3日买入5手，9月20日卖出，佣金万三、最低5元，印花税千分之一（卖出收取），净利润是多少？",
         f2(fee_case[0]),
         "position"),
        ("p3", "用10万元在9月2日买入，9月30日卖出，赚了多少钱？",  # an A-share: whole lots of 100, the rest is cash
         f2(math.floor(100_000 / ref.at(c, d2) / 100) * 100 * (ref.at(c, d30) - ref.at(c, d2))), "position"),
        ("p4", "用5万元在9月2日按整手买入，9月13日卖出，盈利多少？",
         f2(lots50k * (ref.at(c, d13) - ref.at(c, d2))), "position"),
        ("p5", "Buy 1,000 shares on Sep 5, 2024 and sell on Sep 19, 2024 with a commission of 0.03% per side. "
               "What's the return?",
         ref.pct(ref.position(ref.at(c, D(2024, 9, 5)), ref.at(c, D(2024, 9, 19)), 1000, 0.0003)[1]), "position"),
        ("m1", "融资买入：自有资金10万元，杠杆2倍，融资利率5%，9月2日买入9月30日卖出，杠杆收益率是多少？",
         ref.pct(ref.margin(ref.at(c, d2), ref.at(c, d30), d2, d30, 100_000, 2, 0.05)[1]), "margin"),
        ("m2", "Using 2x leverage with 50,000 yuan of my own money at a 6% financing rate (ACT/360), bought on "
               "Sep 3, 2024 and sold on Sep 27, 2024, what's my return on equity?",
         ref.pct(ref.margin(ref.at(c, d3), ref.at(c, D(2024, 9, 27)), d3, D(2024, 9, 27), 50_000, 2, 0.06, 360)[1]),
         "margin"),
        ("m3", "自有资金5万元，1:1配资（融资利率8%），9月5日买入、9月20日卖出，盈利多少元？",
         f2(ref.margin(ref.at(c, D(2024, 9, 5)), ref.at(c, D(2024, 9, 20)), D(2024, 9, 5), D(2024, 9, 20), 50_000,
                       2, 0.08)[0]), "margin"),
        ("c1", "9月30日收盘价比9月2日高多少？", f2(ref.at(c, d30) - ref.at(c, d2)), "compare"),
        ("c2", "What is the ratio of the close on Sep 30 to the close on Sep 2?",
         ref.fmt(ref.at(c, d30) / ref.at(c, d2), 4), "compare"),
        ("c3", "9月10日最高价与最低价之差是多少？", f2((b10.high or 0) - (b10.low or 0)), "compare"),
        ("c4", "On 2024-09-19, how much higher was the close than the open?", f2((b19.close or 0) - (b19.open or 0)),
         "compare"),
        ("c5", "9月19日成交额与成交量的比值是多少？", ref.fmt((b19.amount or 0) / (b19.volume or 1), 4), "compare"),
    ]


def pingan_statistics_trades() -> list[Case]:
    return [Case("pingan-" + i, q, T1, e, op) for i, q, e, op in _pingan_statistics() + _pingan_trades()]


def pingan_cases() -> list[Case]:
    asks = [
        ("q1", "2024年9月16日的收盘价是多少？",
         "clarify"), ("q2", "What was the close on September 7, 2024?", "clarify"),
        ("q3", "2024年10月8日收盘价是多少？", "clarify"), ("q4", "9月3日的市盈率是多少？", "clarify"),
        ("q5", "What was the dividend yield on Sep 3?", "clarify"), ("q6", "明天会涨吗？", "decline"),
        ("q7", "Should I buy this stock now?", "decline"), ("q8", "这只股票怎么样？", "clarify"),
        ("q9", "融资买入1000股，9月2日买入9月6日卖出，收益率是多少？", "clarify"),
        ("q10", "How many days?", "clarify"),
    ]
    asked = [Case("pingan-" + i, q, T1, None, s, s) for i, q, s in asks]
    return pingan_values_returns() + pingan_statistics_trades() + asked
