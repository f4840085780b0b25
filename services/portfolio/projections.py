"""Personal finance: regular-investment (定投) projections, deterministic and Monte Carlo, compound growth and
inflation. Rates are nominal annual rates; a savings plan compounds monthly at annual / 12."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from services.portfolio.marketdata import DateArray
from services.portfolio.validate import FloatArray, fail

PERCENTILES = (5.0, 25.0, 50.0, 75.0, 95.0)
MIN_MONTHS_OF_HISTORY = 24


@dataclass(frozen=True)
class Plan:
    initial: float
    monthly: float
    years: int
    contribute_at_start: bool  # contribution at the start of each month (else at its end)
    inflation: float


@dataclass(frozen=True)
class YearRow:
    year: int
    contributed: float  # initial + contributions so far
    value: float
    real_value: float  # in today's money: value / (1 + inflation)^year


def _timing(plan: Plan) -> tuple[float, float]:
    """The contribution added before and after each month's growth."""
    return (plan.monthly, 0.0) if plan.contribute_at_start else (0.0, plan.monthly)


def _real(value: float, inflation: float, years: float) -> float:
    return value / (1.0 + inflation) ** years


def deterministic(plan: Plan, annual_rate: float) -> list[YearRow]:
    """Value at each year end: V <- (V + c_start) * (1 + i) + c_end with i = annual_rate / 12 each month.
    Equals numpy_financial.fv(i, 12 * years, -monthly, -initial, when)."""
    i = annual_rate / 12.0
    begin, end = _timing(plan)
    rows, value = [], plan.initial
    for year in range(1, plan.years + 1):
        for _ in range(12):
            value = (value + begin) * (1.0 + i) + end
        contributed = plan.initial + plan.monthly * 12 * year
        rows.append(YearRow(year, contributed, value, _real(value, plan.inflation, year)))
    return rows


def monthly_returns(dates: DateArray, prices: FloatArray) -> FloatArray:
    """Simple returns between the last prices of consecutive calendar months (the first month is the base)."""
    months = dates.astype("datetime64[M]")
    last = np.flatnonzero(np.append(months[1:] != months[:-1], True))
    month_end = prices[last]
    r = month_end[1:] / month_end[:-1] - 1.0
    if r.size < MIN_MONTHS_OF_HISTORY:
        raise fail("history", f"too short: {r.size} monthly returns, at least {MIN_MONTHS_OF_HISTORY} are needed")
    return r


@dataclass(frozen=True)
class Band:
    year: int
    percentiles: list[float]  # values at PERCENTILES
    real_percentiles: list[float]


@dataclass(frozen=True)
class MonteCarlo:
    bands: list[Band]
    paths: int
    months_of_history: int
    mean_monthly_return: float
    probability_of_goal: float | None  # share of paths whose final value reaches the goal


def monte_carlo(plan: Plan, history: FloatArray, paths: int, seed: int, goal: float) -> MonteCarlo:
    """Bootstrap: each simulated month draws one historical monthly return uniformly with replacement
    (numpy PCG64 seeded with ``seed``, so the same request gives the same answer)."""
    rng = np.random.Generator(np.random.PCG64(seed))
    value = np.full(paths, plan.initial)
    bands = []
    begin, end = _timing(plan)
    for m in range(plan.years * 12):
        # One month's draws at a time: memory stays O(paths), not O(months x paths) (230 MB at the limits).
        value = (value + begin) * (1.0 + history[rng.integers(0, history.size, size=paths)]) + end
        if (m + 1) % 12 == 0:
            year = (m + 1) // 12
            pct = [float(v) for v in np.percentile(value, PERCENTILES)]
            bands.append(Band(year, pct, [_real(v, plan.inflation, year) for v in pct]))
    prob = float(np.mean(value >= goal)) if goal > 0 else None
    return MonteCarlo(bands, paths, int(history.size), float(history.mean()), prob)


@dataclass(frozen=True)
class Growth:
    future_value: float
    real_future_value: float
    effective_annual_rate: float
    real_annual_rate: float  # Fisher: (1 + effective) / (1 + inflation) - 1
    method: str


def compound(present: float, rate: float, years: float, per_year: int, inflation: float) -> Growth:
    """FV = PV (1 + r/m)^(m t) for m compounding periods a year; m = 0 means continuous, FV = PV e^(r t)."""
    if per_year == 0:
        growth, eff, method = math.exp(rate * years), math.expm1(rate), "continuous: PV * exp(r t)"
    else:
        growth = (1.0 + rate / per_year) ** (per_year * years)
        eff = (1.0 + rate / per_year) ** per_year - 1.0
        method = f"PV * (1 + r/{per_year})^({per_year} t)"
    fv = present * growth
    return Growth(fv, _real(fv, inflation, years), eff, (1.0 + eff) / (1.0 + inflation) - 1.0, method)


# ---------- goals: the one unknown of a savings plan, solved exactly ----------

GOAL_UNKNOWNS = ("final_value", "monthly", "initial", "months")


@dataclass(frozen=True)
class Goal:
    solved_for: str  # one of GOAL_UNKNOWNS
    initial: float
    monthly: float
    months: int
    months_exact: float  # for "months": the fractional solution before rounding up to a whole month
    final_value: float  # nominal, at the end of ``months``
    real_value: float  # final_value in today's money
    total_contributed: float
    reached: bool  # False when the target is out of reach (a non-positive return with too little saving)


def _growth(i: float, n: float) -> float:
    return (1.0 + i) ** n


def _annuity(i: float, n: float, at_start: bool) -> float:
    """Value after n months of 1 a month: ((1 + i)^n - 1) / i, times (1 + i) when paid at the start."""
    if i == 0.0:
        return n
    return (_growth(i, n) - 1.0) / i * ((1.0 + i) if at_start else 1.0)


def future_value(initial: float, monthly: float, months: float, annual_rate: float, at_start: bool = False) -> float:
    """numpy_financial.fv(r/12, months, -monthly, -initial, when) in closed form."""
    i = annual_rate / 12.0
    return initial * _growth(i, months) + monthly * _annuity(i, months, at_start)


def _months_to(target: float, initial: float, monthly: float, i: float, at_start: bool) -> float | None:
    """The n solving future_value(n) = target (numpy_financial.nper), or None when it is never reached."""
    if initial >= target:
        return 0.0
    if i == 0.0:
        return (target - initial) / monthly if monthly > 0 else None
    a = monthly * (1.0 + i if at_start else 1.0) / i
    ratio = (target + a) / (initial + a)
    if ratio <= 0 or initial + a <= 0 or (i < 0 and ratio >= 1):
        return None
    n = math.log(ratio) / math.log1p(i)
    return n if n >= 0 else None


def solve_goal(unknown: str, plan: Plan, months: int, annual_rate: float, target: float) -> Goal:
    """One of final value, monthly amount, initial lump sum or months, from the others (contributions at the
    end of each month unless the plan says start; monthly compounding at annual_rate / 12). A negative amount
    needed means the target is already covered: it is reported as 0 with ``reached`` True."""
    i = annual_rate / 12.0
    initial, monthly, exact, reached = plan.initial, plan.monthly, float(months), True
    if unknown == "monthly":
        monthly = max(0.0, (target - initial * _growth(i, months)) / _annuity(i, months, plan.contribute_at_start))
    elif unknown == "initial":
        initial = max(0.0, (target - monthly * _annuity(i, months, plan.contribute_at_start)) / _growth(i, months))
    elif unknown == "months":
        solved = _months_to(target, initial, monthly, i, plan.contribute_at_start)
        reached = solved is not None
        exact = solved if solved is not None else 0.0
        months = math.ceil(exact - 1e-9)
    value = future_value(initial, monthly, months, annual_rate, plan.contribute_at_start)
    return Goal(unknown, initial, monthly, months, exact, value, _real(value, plan.inflation, months / 12.0),
                initial + monthly * months, reached)
