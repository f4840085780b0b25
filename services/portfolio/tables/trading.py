"""Positions: profit and return of N shares or of an amount of money (fees, lot sizes), and margin (融资) trades
with a financing rate and a day count. Definitions in docs/tables.md."""

from __future__ import annotations

import math
from dataclasses import dataclass

from services.portfolio.tables.ops import Operand, OpError, Result


@dataclass(frozen=True)
class Trade:
    shares: float | None = None  # a share count as the user gave it (手 already × lot)
    amount: float | None = None  # money to invest (own capital for a margin trade)
    lot: int | None = None  # round the share count down to whole lots when the user sized by lots
    lot_min: int = 0  # the exchange's smallest buy (STAR market: 200 shares, then any count)
    fee_rate: float = 0.0  # commission per side, as a fraction of traded value
    fee_min: float = 0.0  # minimum commission per side (e.g. 5 元)
    fee_flat: float = 0.0  # a fixed commission per trade ($5 per trade), charged on each side
    stamp_rate: float = 0.0  # stamp duty on the sell side only
    leverage: float | None = None  # position value / own capital
    borrowed: float | None = None  # money borrowed (融资额)
    rate: float | None = None  # annual financing rate as a fraction
    basis: int = 365  # ACT/365 unless the user says 360


def _fee(value: float, trade: Trade) -> float:
    if trade.fee_flat:
        return trade.fee_flat
    return max(trade.fee_rate * value, trade.fee_min) if (trade.fee_rate or trade.fee_min) else 0.0


def _shares(price: float, money: float, trade: Trade) -> float:
    if trade.lot:
        return math.floor(money / price / trade.lot + 1e-9) * trade.lot
    return money / price  # fractional: the whole amount is invested


def _pnl(buy: Operand, sell: Operand, n: float, trade: Trade) -> tuple[float, float, float, list[str]]:
    cost, proceeds = n * buy.value, n * sell.value
    fees = _fee(cost, trade) + _fee(proceeds, trade) + trade.stamp_rate * proceeds
    conv = []
    if fees:
        conv.append(f"fees {fees:.2f} = commission on both sides" + (" (flat per trade)" if trade.fee_flat else "")
                    + (f" (min {trade.fee_min:g} per side)" if trade.fee_min else "")
                    + (" + stamp duty on the sale" if trade.stamp_rate else ""))
    return cost, proceeds, fees, conv


def position(buy: Operand, sell: Operand, trade: Trade, want: str) -> Result:
    if buy.value <= 0:
        raise OpError("zero_base", "the buy price must be positive")
    if trade.shares is not None:
        n = trade.shares
        sizing = f"{n:g} shares"
    elif trade.amount is not None:
        n = _shares(buy.value, trade.amount, trade)
        sizing = (f"{n:g} shares = floor({trade.amount:g} / {buy.value:g} / {trade.lot}) × {trade.lot}" if trade.lot
                  else f"{trade.amount:g} invested at {buy.value:g} (fractional shares)")
        if n <= 0 or n < trade.lot_min:
            least = max(trade.lot or 1, trade.lot_min)
            raise OpError("too_small", f"{trade.amount:g} does not buy the smallest order ({least} shares) at "
                          f"{buy.value:g}")
        if trade.lot:
            sizing += f"; {trade.amount - n * buy.value:.2f} left as cash"
    else:
        raise OpError("no_size", "how many shares, or how much money?")
    cost, proceeds, fees, conv = _pnl(buy, sell, n, trade)
    profit = proceeds - cost - fees
    base = cost + _fee(cost, trade)
    conv = [sizing, *conv, "return = profit / (buy value + buy commission)"]
    if want == "final":  # the money after selling: the amount put in (or paid) plus the profit
        start = trade.amount if trade.shares is None and trade.amount is not None else base
        return Result(start + profit, "money", buy.unit, "value after selling = money in + profit", [buy, sell],
                      conv, {"shares": n, "profit": profit})
    if want in ("loss", "loss_rate"):
        return as_asked(profit, profit / base, want, buy.unit, "n × sell - n × buy - fees", [buy, sell], conv,
                        {"shares": n, "profit": profit, "return": profit / base}, "(n × buy + buy fee)")
    if want == "return":
        return Result(profit / base, "fraction", "", "return = (n × sell - n × buy - fees) / (n × buy + buy fee)",
                      [buy, sell], conv, {"shares": n, "profit": profit})
    return as_asked(profit, profit / base, "profit", buy.unit, "n × sell - n × buy - fees", [buy, sell], conv,
                    {"shares": n, "return": profit / base})


def as_asked(profit: float | None, ret: float | None, want: str, unit: str, formula: str, operands: list[Operand],
             conv: list[str], extra: dict[str, object], base: str = "") -> Result:
    """A trade's outcome in the words of the question. 赚了多少 / profit / P&L / 收益 / 盈亏: the signed profit (a
    loss is negative). 亏了多少 / how much did I lose: the amount lost, a positive number, 0 when the trade gained
    (said with the answer, with the gain); 亏损率 / what percentage did I lose: the loss as a positive fraction.
    ``profit`` is None for a return without a position (买入…卖出，亏了百分之几): then ``ret`` carries the outcome."""
    outcome = profit if profit is not None else (ret or 0.0)
    zh_ret, en_ret = (f"（收益率 {ret:.2%}）", f" (return {ret:.2%})") if ret is not None else ("", "")
    zh_amt, en_amt = (f"{abs(profit):,.2f}{zh_ret}", f"{abs(profit):,.2f}{en_ret}") if profit is not None else (
        f"{abs(outcome):.2%}", f"{abs(outcome):.2%}")
    if want == "profit":
        remark = {} if outcome >= 0 else {
            "zh": f"这笔交易是亏损：亏了 {zh_amt}，所以盈利为负数。",
            "en": f"The trade lost money: {en_amt}, so the profit is negative."}
        return Result(outcome, "money", unit, f"profit = {formula}", operands, conv, extra, remark=remark)
    remark = {} if outcome <= 0 else {
        "zh": f"这笔交易没有亏损，而是盈利 {zh_amt}，亏损为 0。",
        "en": f"The trade did not lose money: it gained {en_amt}, so the loss is 0."}
    conv = [*conv, "亏了多少 / how much did I lose: the amount lost as a positive number, 0 when the trade gained "
                   "(a profit, P&L, 盈亏 or 收益 keeps its sign)"]
    if want == "loss_rate":
        rate = f"-({formula}) / {base}" if base else f"-({formula})"
        return Result(max(0.0, -(ret or 0.0)), "fraction", "", f"loss rate = max(0, {rate})", operands, conv, extra,
                      remark=remark)
    return Result(max(0.0, -outcome), "money", unit, f"loss = max(0, -({formula}))", operands, conv, extra,
                  remark=remark)


def margin(buy: Operand, sell: Operand, trade: Trade, want: str) -> Result:
    """Leveraged trade: own capital E, borrowed B, position P = E + B bought at the buy price; interest
    B × rate × days / basis with days = calendar days from buy date to sell date; return on own capital."""
    if buy.date is None or sell.date is None or trade.rate is None:
        raise OpError("no_rate", "the financing rate is needed")
    days = (sell.date - buy.date).days
    if trade.shares is not None:
        position_value = trade.shares * buy.value
        own = position_value / trade.leverage if trade.leverage else (
            position_value - trade.borrowed if trade.borrowed is not None else (trade.amount or 0.0))
    elif trade.amount is not None:
        own = trade.amount
        position_value = own * trade.leverage if trade.leverage else own + (trade.borrowed or 0.0)
    else:
        raise OpError("no_size", "how much of your own money, or how many shares?")
    borrowed = position_value - own
    if borrowed <= 0:
        raise OpError("no_leverage", "how much is financed (leverage or amount borrowed)?")
    n = trade.shares if trade.shares is not None else _shares(buy.value, position_value, trade)
    interest = borrowed * trade.rate * days / trade.basis
    cost, proceeds, fees, conv = _pnl(buy, sell, n, trade)
    profit = proceeds - cost - fees - interest
    conv = [f"own capital {own:.2f}, borrowed {borrowed:.2f}, position {n:g} shares",
            f"interest {interest:.2f} = {borrowed:.2f} × {trade.rate:g} × {days} / {trade.basis} "
            f"(ACT/{trade.basis}: calendar days between buy and sell)", *conv]
    extra: dict[str, object] = {"interest": interest, "days": days, "borrowed": borrowed, "own": own}
    if want == "interest":
        return Result(interest, "money", buy.unit, f"interest = borrowed × rate × days / {trade.basis}", [buy, sell],
                      conv + (["no own capital given: the whole position is financed"] if own == 0 else []), extra)
    if want in ("return", "loss_rate"):
        if own <= 0:
            raise OpError("no_own", "how much of your own money is in the trade?")
        if want == "loss_rate":
            return as_asked(profit, profit / own, want, buy.unit, "n × (sell - buy) - interest - fees", [buy, sell],
                            conv, extra | {"profit": profit}, "own capital")
        return Result(profit / own, "fraction", "", "return = (n × (sell - buy) - interest - fees) / own capital",
                      [buy, sell], conv, extra | {"profit": profit})
    return as_asked(profit, profit / own if own > 0 else None, "loss" if want == "loss" else "profit", buy.unit,
                    "n × (sell - buy) - interest - fees", [buy, sell], conv, extra)
