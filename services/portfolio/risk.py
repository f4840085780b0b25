"""Value at risk and expected shortfall (historical, Gaussian, Cornish-Fisher), correlation, and each
holding's contribution to portfolio volatility. Losses are reported as positive fractions of value, for a
one-day horizon."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.special import ndtri  # inverse of the standard normal CDF

from services.portfolio.models import DDOF, PERIODS_PER_YEAR
from services.portfolio.validate import FloatArray

CONFIDENCES = (0.95, 0.99)


@dataclass(frozen=True)
class VarEstimate:
    method: str  # "historical", "gaussian", "cornish_fisher"
    confidence: float
    var: float  # loss not exceeded with probability `confidence` (positive = loss)
    cvar: float  # expected loss beyond the VaR (expected shortfall)


def historical(returns: FloatArray, confidence: float) -> VarEstimate:
    """VaR = -percentile(r, 100 a) with linear interpolation (numpy default), a = 1 - c; CVaR = -mean of the
    k + 1 smallest returns, k = floor((n - 1) a): empyrical's ``value_at_risk`` / ``conditional_value_at_risk``
    exactly, also when returns tie at the cutoff (prices quoted to few decimals make ties common)."""
    a = round(1.0 - confidence, 12)  # 0.05, not 0.050000000000000044, so k matches the reference
    cutoff = float(np.percentile(returns, 100.0 * a))
    k = int((returns.size - 1) * a)
    tail = np.partition(returns, k)[: k + 1]
    return VarEstimate("historical", confidence, -cutoff, -float(tail.mean()))


def moments(returns: FloatArray) -> tuple[float, float, float, float]:
    """Mean, sample std (ddof=1), skewness and excess kurtosis (population moments, as scipy's defaults)."""
    mu = float(returns.mean())
    sd = float(returns.std(ddof=DDOF))
    dev = returns - mu
    dev2 = dev * dev
    m2 = float(dev2.mean())
    if m2 == 0.0:
        return mu, sd, 0.0, 0.0
    skew = float((dev2 * dev).mean() / m2**1.5)
    kurt = float((dev2 * dev2).mean() / m2**2 - 3.0)
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


def _cf_coefficients(skew: float, kurt: float) -> tuple[float, float, float, float]:
    """q_CF(z) = c0 + c1 z + c2 z^2 + c3 z^3."""
    return -skew / 6.0, 1.0 - kurt / 8.0 + 5.0 * skew**2 / 36.0, skew / 6.0, kurt / 24.0 - skew**2 / 18.0


def cornish_fisher(mu: float, sd: float, skew: float, kurt: float, confidence: float) -> VarEstimate:
    """VaR from the Cornish-Fisher quantile; CVaR as the average of that quantile function over the tail,
    (1/a) * integral_0^a q_CF(p) dp with a = 1 - c. Since q_CF is a cubic in z, the average is exact from the
    partial moments of the standard normal: integral_(-inf)^z t^k phi(t) dt = a, -phi, a - z phi, -(z^2 + 2) phi
    for k = 0..3."""
    a = 1.0 - confidence
    z = float(ndtri(a))
    var = -(mu + float(cf_quantile(z, skew, kurt)) * sd)
    pdf = math.exp(-0.5 * z * z) / math.sqrt(2.0 * math.pi)
    c0, c1, c2, c3 = _cf_coefficients(skew, kurt)
    tail = (c0 * a - c1 * pdf + c2 * (a - z * pdf) - c3 * (z * z + 2.0) * pdf) / a
    return VarEstimate("cornish_fisher", confidence, var, -(mu + tail * sd))


def cf_monotone(skew: float, kurt: float) -> bool:
    """Whether the Cornish-Fisher quantile increases with z over the tail it is used on (z from -6 to 0, i.e.
    tail probabilities down to 1e-9); outside that domain the expansion is not a quantile function (Maillard
    2012, "A user's guide to the Cornish Fisher expansion")."""
    _, c1, c2, c3 = _cf_coefficients(skew, kurt)
    zs = np.linspace(-6.0, 0.0, 241)
    return bool((c1 + 2.0 * c2 * zs + 3.0 * c3 * zs**2 > 0).all())


def value_at_risk(returns: FloatArray) -> tuple[list[VarEstimate], str]:
    """Historical, Gaussian and Cornish-Fisher estimates at each confidence; the second item explains a left-out
    Cornish-Fisher estimate (empty when all are given)."""
    mu, sd, skew, kurt = moments(returns)
    cf_ok = cf_monotone(skew, kurt)
    out: list[VarEstimate] = []
    for c in CONFIDENCES:
        out += [historical(returns, c), gaussian(mu, sd, c)]
        if cf_ok:
            out.append(cornish_fisher(mu, sd, skew, kurt, c))
    note = "" if cf_ok else (
        f"cornish_fisher VaR/CVaR: left out, skewness {skew:.3g} and excess kurtosis {kurt:.3g} lie outside the "
        "range where the expansion is monotone"
    )
    return out, note


def correlation(returns: FloatArray) -> FloatArray | None:
    """Pearson correlation of the columns; None when a column does not vary."""
    if (returns.std(axis=0) == 0).any():
        return None
    corr = np.atleast_2d(np.clip(np.corrcoef(returns, rowvar=False), -1.0, 1.0))
    np.fill_diagonal(corr, 1.0)  # exactly, not 0.9999999999999999
    return corr


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
