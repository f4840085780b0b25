"""Mortgage and loan schedules with monthly payments at the monthly rate annual / 12 (the banks' 月利率):

- equal payment (等额本息, annuity): A = P i (1+i)^n / ((1+i)^n - 1); each month interest = balance * i and
  principal = A - interest;
- equal principal (等额本金): principal = P / n each month, interest = balance * i, payment = principal + interest.

Amounts are not rounded to cents; the last period repays the remaining balance exactly, so every schedule
ends at zero (the adjustment is at most a rounding error of the float arithmetic).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

CONVENTIONS = (
    "monthly rate = annual_rate / 12; equal_payment (等额本息): A = P i (1+i)^n / ((1+i)^n - 1); "
    "equal_principal (等额本金): principal P / n each month; interest = balance x i; amounts unrounded; "
    "the last period repays the remaining balance exactly"
)
EQUAL_PAYMENT = "equal_payment"
EQUAL_PRINCIPAL = "equal_principal"


@dataclass(frozen=True)
class Row:
    period: int
    payment: float
    interest: float
    principal: float
    balance: float


@dataclass(frozen=True)
class Schedule:
    method: str
    monthly_rate: float
    rows: list[Row]
    total_payment: float
    total_interest: float


def annuity_payment(principal: float, monthly_rate: float, months: int) -> float:
    """P i (1+i)^n / ((1+i)^n - 1), with (1+i)^n - 1 as expm1(n log1p(i)) so tiny rates lose no digits."""
    gain = math.expm1(months * math.log1p(monthly_rate))
    if gain == 0.0:
        return principal / months
    return principal * monthly_rate * (gain + 1.0) / gain


def schedule(principal: float, annual_rate: float, months: int, method: str) -> Schedule:
    i = annual_rate / 12.0
    pay = annuity_payment(principal, i, months)
    rows, balance = [], principal
    for k in range(1, months + 1):
        interest = balance * i
        part = pay - interest if method == EQUAL_PAYMENT else principal / months
        if k == months:
            part = balance  # clears the float residue of the last period
        balance -= part
        rows.append(Row(k, part + interest, interest, part, 0.0 if k == months else balance))
    total = sum(r.payment for r in rows)
    return Schedule(method, i, rows, total, total - principal)
