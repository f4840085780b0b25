"""Value at risk and expected shortfall (historical, Gaussian, Cornish-Fisher), correlation, and each
holding's contribution to portfolio volatility. Losses are reported as positive fractions of value, for a
one-day horizon."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy.special import ndtri  # inverse of the standard normal CDF

from services.portfolio.models import DDOF, PERIODS_PER_YEAR
from services.portfolio.validate import FloatArray

CONFIDENCES = (0.95, 0.99)
_QUAD_NODES = 64  # Gauss-Legendre nodes for the Cornish-Fisher tail average (exact to ~1e-13 here)


@dataclass(frozen=True)
class VarEstimate:
    method: str  # "historical", "gaussian", "cornish_fisher"
    confidence: float
    var: float  # loss not exceeded with probability `confidence` (positive = loss)
    cvar: float  # expected loss beyond the VaR (expected shortfall)


def historical(returns: FloatArray, confidence: float) -> VarEstimate:
    """VaR = -percentile(r, 1 - c) with linear interpolation (numpy default); CVaR = -mean of the returns at
    or below that percentile (empyrical ``value_at_risk`` / ``conditional_value_at_risk``)."""
    cutoff = float(np.percentile(returns, 100.0 * (1.0 - confidence)))
    tail = returns[returns <= cutoff]
    return VarEstimate("historical", confidence, -cutoff, -float(tail.mean()))


def moments(returns: FloatArray) -> tuple[float, float, float, float]:
    """Mean, sample std (ddof=1), skewness and excess kurtosis (population moments, as scipy's defaults)."""
    mu = float(returns.mean())
    sd = float(returns.std(ddof=DDOF))
    dev = returns - mu
    m2 = float(np.mean(dev**2))
    if m2 == 0.0:
        return mu, sd, 0.0, 0.0
    skew = float(np.mean(dev**3) / m2**1.5)
    kurt = float(np.mean(dev**4) / m2**2 - 3.0)
    return mu, sd, skew, kurt


def gaussian(mu: float, sd: float, confidence: float) -> VarEstimate:
    """VaR = -(mu + z_(1-c) sd); CVaR = -(mu - sd * phi(z_c) / (1 - c))."""
    z = float(ndtri(1.0 - confidence))
    pdf = math.exp(-0.5 * z * z) / math.sqrt(2.0 * math.pi)
    return VarEstimate("gaussian", confidence, -(mu + z * sd), -(mu - sd * pdf / (1.0 - confidence)))


def cf_quantile(z: FloatArray | float, skew: float, kurt: float) -> FloatArray | float:
    """Cornish-Fisher adjusted standard quantile (Zangari 1996; Favre and Galeano 2002)."""
    return (
        z
        + (z**2 - 1.0) * skew / 6.0
        + (z**3 - 3.0 * z) * kurt / 24.0
        - (2.0 * z**3 - 5.0 * z) * skew**2 / 36.0
    )


@lru_cache(maxsize=8)
def _tail_nodes(confidence: float) -> tuple[FloatArray, FloatArray]:
    """Standard normal quantiles at Gauss-Legendre nodes on (0, 1 - c), and their weights (summing to 1)."""
    x, w = np.polynomial.legendre.leggauss(_QUAD_NODES)
    alpha = 1.0 - confidence
    p = (x + 1.0) * alpha / 2.0
    return ndtri(p), w / 2.0


def cornish_fisher(mu: float, sd: float, skew: float, kurt: float, confidence: float) -> VarEstimate:
    """VaR from the Cornish-Fisher quantile; CVaR as the average of that quantile function over the tail
    (1 / (1 - c)) * integral_0^(1-c) q_CF(p) dp, by Gauss-Legendre quadrature."""
    z = float(ndtri(1.0 - confidence))
    var = -(mu + float(cf_quantile(z, skew, kurt)) * sd)
    zs, weights = _tail_nodes(confidence)
    tail_mean = float(np.dot(weights, cf_quantile(zs, skew, kurt)))
    return VarEstimate("cornish_fisher", confidence, var, -(mu + tail_mean * sd))


def value_at_risk(returns: FloatArray) -> list[VarEstimate]:
    mu, sd, skew, kurt = moments(returns)
    out: list[VarEstimate] = []
    for c in CONFIDENCES:
        out += [historical(returns, c), gaussian(mu, sd, c), cornish_fisher(mu, sd, skew, kurt, c)]
    return out


def correlation(returns: FloatArray) -> FloatArray | None:
    """Pearson correlation of the columns; None when a column does not vary."""
    if (returns.std(axis=0) == 0).any():
        return None
    corr = np.corrcoef(returns, rowvar=False)
    return np.atleast_2d(np.clip(corr, -1.0, 1.0))


def covariance(returns: FloatArray, periods: int = PERIODS_PER_YEAR) -> FloatArray:
    """Annualised sample covariance (ddof=1) of the columns."""
    return np.atleast_2d(np.cov(returns, rowvar=False, ddof=DDOF)) * periods


@dataclass(frozen=True)
class RiskContribution:
    weight: float
    marginal: float  # d sigma_p / d w_i = (Sigma w)_i / sigma_p
    contribution: float  # w_i * marginal (annualised volatility units); they sum to sigma_p
    share: float  # contribution / sigma_p; they sum to 1


def risk_contributions(weights: FloatArray, cov: FloatArray) -> list[RiskContribution] | None:
    """Euler decomposition of portfolio volatility sqrt(w' Sigma w). None when the portfolio has no risk."""
    sw = cov @ weights
    var = float(weights @ sw)
    if var <= 0.0:
        return None
    vol = math.sqrt(var)
    return [
        RiskContribution(float(w), float(m / vol), float(w * m / vol), float(w * m / var))
        for w, m in zip(weights, sw, strict=True)
    ]
