"""Trades from current holdings to target weights, in whole lots, with fees, never spending cash one has not.

Rules (docs/portfolio.md):
- total value V = cash + sum(quantity * price); the target value of a holding is weight * V; the target weights
  may sum to less than 1 (the rest stays in cash);
- a target weight of 0 sells the whole position (odd lots included, as A-share rules allow);
- otherwise the trade is the difference to the target rounded to the nearest whole lot (100 shares for
  A-shares), sells capped at the quantity held;
- fees: commission = max(rate * amount, minimum) per trade; stamp duty = rate * amount on sells only; a sale
  whose fees would eat all its proceeds is not made;
- if buys plus fees would need more cash than the sells and the cash provide, buys are cut, always from the
  holding that would overshoot its target the most and by as many lots as the shortfall needs, until the cash
  balance is not negative.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

RULES = (
    "V = cash + sum(quantity x price); target value = weight x V (the rest of V stays cash); a target of 0 "
    "sells the whole position, odd lots included; otherwise trade the difference rounded to whole lots, sells "
    "capped at the quantity held; commission = max(rate x amount, minimum) per trade; stamp duty on sells; "
    "if cash would go negative, buys are cut (by the lots the shortfall needs) from the holding furthest above "
    "its target; a sale whose fees would eat all its proceeds is not made; sells are listed first"
)


@dataclass(frozen=True)
class Position:
    instrument: str
    quantity: float
    price: float
    lot_size: int
    target_weight: float


@dataclass(frozen=True)
class Fees:
    commission_rate: float
    min_commission: float
    stamp_duty_rate: float  # sells only


@dataclass(frozen=True)
class Trade:
    instrument: str
    side: str  # "buy" or "sell"
    quantity: float
    price: float
    amount: float
    commission: float
    stamp_duty: float
    cash_flow: float  # signed: sells bring cash in net of fees, buys take it out including fees


@dataclass(frozen=True)
class After:
    instrument: str
    quantity: float
    value: float
    weight: float
    target_weight: float


@dataclass(frozen=True)
class Rebalance:
    trades: list[Trade]
    positions: list[After]
    cash_before: float
    cash_after: float
    total_value_before: float
    total_value_after: float  # net of fees
    total_fees: float
    max_weight_deviation: float


def _trade(pos: Position, qty: float, fees: Fees) -> Trade | None:
    if qty == 0:
        return None
    amount = abs(qty) * pos.price
    commission = max(amount * fees.commission_rate, fees.min_commission)
    if qty > 0:
        return Trade(pos.instrument, "buy", qty, pos.price, amount, commission, 0.0, -(amount + commission))
    duty = amount * fees.stamp_duty_rate
    return Trade(pos.instrument, "sell", -qty, pos.price, amount, commission, duty, amount - commission - duty)


def _desired(pos: Position, total: float) -> float:
    if pos.target_weight == 0:
        return -pos.quantity
    delta = pos.target_weight * total / pos.price - pos.quantity
    lots = round(abs(delta) / pos.lot_size) * pos.lot_size
    if delta < 0:
        return -min(lots, pos.quantity)
    return float(lots)


def _cash_after(cash: float, positions: list[Position], qty: list[float], fees: Fees) -> float:
    flows = [t.cash_flow for p, q in zip(positions, qty, strict=True) if (t := _trade(p, q, fees))]
    return cash + sum(flows)


def _cut_lots(positions: list[Position], qty: list[float], total: float, shortfall: float, fees: Fees) -> bool:
    """Cut buys of the holding that would overshoot its target the most, by as many lots as the cash shortfall
    needs (at least one); False when there is no buy left to cut."""
    overshoot = [
        ((p.quantity + q) * p.price - p.target_weight * total, i)
        for i, (p, q) in enumerate(zip(positions, qty, strict=True))
        if q > 0
    ]
    if not overshoot:
        return False
    _, i = max(overshoot)
    p = positions[i]
    lots = max(1, math.ceil(shortfall / (p.lot_size * p.price * (1.0 + fees.commission_rate))))
    qty[i] = max(0.0, qty[i] - lots * p.lot_size)
    return True


def rebalance(positions: list[Position], cash: float, fees: Fees) -> Rebalance:
    total = cash + sum(p.quantity * p.price for p in positions)
    qty = [_desired(p, total) for p in positions]
    for i, (p, q) in enumerate(zip(positions, qty, strict=True)):
        t = _trade(p, q, fees)
        if t is not None and t.side == "sell" and t.cash_flow <= 0:
            qty[i] = 0.0  # the fees would eat the whole sale: never worth making
    while (left := _cash_after(cash, positions, qty, fees)) < 0 and _cut_lots(positions, qty, total, -left, fees):
        pass
    trades = [t for p, q in zip(positions, qty, strict=True) if (t := _trade(p, q, fees))]
    trades.sort(key=lambda t: t.side != "sell")  # sells first: they fund the buys
    cash_after = cash + sum(t.cash_flow for t in trades)
    held = [(p, p.quantity + q) for p, q in zip(positions, qty, strict=True)]
    value_after = cash_after + sum(q * p.price for p, q in held)
    after = [
        After(p.instrument, q, q * p.price, q * p.price / value_after if value_after > 0 else 0.0, p.target_weight)
        for p, q in held
    ]
    fees_total = sum(t.commission + t.stamp_duty for t in trades)
    deviation = max((abs(a.weight - a.target_weight) for a in after), default=0.0)
    return Rebalance(trades, after, cash, cash_after, total, value_after, fees_total, deviation)
