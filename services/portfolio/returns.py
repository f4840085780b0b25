"""Return and risk-adjusted performance measures of a daily return series.

Definitions follow empyrical (Quantopian) where it has one, so they can be checked against it to 1e-9; see
docs/portfolio.md for each formula and the reasons for the choices.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from services.portfolio.models import DDOF, PERIODS_PER_YEAR
from services.portfolio.validate import FloatArray


def simple_returns(prices: FloatArray) -> FloatArray:
    """r_t = P_t / P_(t-1) - 1, along the first axis."""
    return prices[1:] / prices[:-1] - 1.0


def daily_rate(annual_rate: float, periods: int = PERIODS_PER_YEAR) -> float:
    """An annual rate as the per-period rate that compounds to it: (1 + rf)^(1/periods) - 1."""
    return float((1.0 + annual_rate) ** (1.0 / periods) - 1.0)


def cumulative_return(returns: FloatArray) -> float:
    return float(np.prod(1.0 + returns) - 1.0)


def cagr(returns: FloatArray, periods: int = PERIODS_PER_YEAR) -> float:
    """Compound annual growth rate: (1 + cumulative)^(periods / n) - 1 (empyrical ``annual_return``)."""
    return float((1.0 + cumulative_return(returns)) ** (periods / returns.size) - 1.0)


def annual_volatility(returns: FloatArray, periods: int = PERIODS_PER_YEAR) -> float:
    return float(np.std(returns, ddof=DDOF) * math.sqrt(periods))


def sharpe(returns: FloatArray, rf_daily: float, periods: int = PERIODS_PER_YEAR) -> float | None:
    """mean(r - rf) / std(r - rf, ddof=1) * sqrt(periods); None when the excess return does not vary."""
    excess = returns - rf_daily
    sd = float(np.std(excess, ddof=DDOF))
    if sd <= 1e-15 * max(1.0, float(np.abs(excess).max())):
        return None
    return float(np.mean(excess) / sd * math.sqrt(periods))


def downside_deviation(returns: FloatArray, target_daily: float, periods: int = PERIODS_PER_YEAR) -> float:
    """sqrt(mean(min(r - target, 0)^2)) * sqrt(periods): the root mean square of shortfalls over all days."""
    short = np.minimum(returns - target_daily, 0.0)
    return float(math.sqrt(float(np.mean(short * short))) * math.sqrt(periods))


def sortino(returns: FloatArray, rf_daily: float, periods: int = PERIODS_PER_YEAR) -> float | None:
    """Annualised mean excess return over the annualised downside deviation below the risk-free rate."""
    dd = downside_deviation(returns, rf_daily, periods)
    if dd == 0.0:
        return None
    return float(np.mean(returns - rf_daily) * periods / dd)


@dataclass(frozen=True)
class Drawdown:
    max_drawdown: float  # a positive fraction of the peak value, in [0, 1]
    peak: int  # index into the price/wealth series
    trough: int
    recovery: int | None  # first index after the trough back at the peak value, None if not yet


def max_drawdown(wealth: FloatArray) -> Drawdown:
    """Largest peak-to-trough fall of a wealth (or price) series, including its first point."""
    running = np.maximum.accumulate(wealth)
    dd = 1.0 - wealth / running
    trough = int(np.argmax(dd))
    depth = float(dd[trough])
    if depth <= 0.0:
        return Drawdown(0.0, 0, 0, None)
    peak_value = running[trough]
    peak = int(np.flatnonzero(wealth[: trough + 1] == peak_value)[-1])
    after = np.flatnonzero(wealth[trough + 1 :] >= peak_value)
    recovery = int(after[0]) + trough + 1 if after.size else None
    return Drawdown(min(max(depth, 0.0), 1.0), peak, trough, recovery)


@dataclass(frozen=True)
class Relative:
    beta: float
    alpha: float  # annualised, compounded: (1 + mean daily alpha)^periods - 1
    tracking_error: float  # annualised std of active returns, ddof=1
    information_ratio: float | None  # annualised mean active return / tracking error
    correlation: float | None


def relative(
    returns: FloatArray, bench: FloatArray, rf_daily: float, periods: int = PERIODS_PER_YEAR
) -> Relative | None:
    """Beta, alpha (CAPM, on excess returns), tracking error and information ratio against a benchmark.
    None when the benchmark does not vary (beta undefined)."""
    ra, rb = returns - rf_daily, bench - rf_daily
    db = rb - rb.mean()
    var_b = float(np.mean(db * db))
    if var_b <= 0.0:
        return None
    beta = float(np.mean((ra - ra.mean()) * db) / var_b)
    alpha = float((1.0 + np.mean(ra - beta * rb)) ** periods - 1.0)
    active = returns - bench
    te_daily = float(np.std(active, ddof=DDOF))
    te = te_daily * math.sqrt(periods)
    ir = float(np.mean(active) * periods / te) if te_daily > 1e-15 else None
    sd_r = float(np.std(returns))
    corr = float(np.corrcoef(returns, bench)[0, 1]) if sd_r > 0 else None
    return Relative(beta, alpha, te, ir, corr)
