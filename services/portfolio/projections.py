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
