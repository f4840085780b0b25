"""Internal rate of return of periodic cash flows (IRR) and of dated cash flows (XIRR, actual/365 like Excel).

A cash-flow sequence that changes sign more than once may have several rates of return; the one closest to
zero is returned (numpy-financial's choice) and the others are listed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.optimize import brentq

from services.portfolio.marketdata import DateArray
from services.portfolio.validate import FloatArray, fail

ROOTS_MAX = 200  # np.roots is O(n^3): beyond this many flows the rates are bracketed on a grid instead
_GRID = np.exp(np.linspace(math.log(1e-6), math.log(1e6), 4001))  # 1 + r from 1e-6 to 1e6, log-spaced


@dataclass(frozen=True)
class Irr:
    rate: float  # per period (IRR) or per year (XIRR)
    other_rates: list[float]


def _check_signs(field: str, flows: FloatArray) -> None:
    if not (flows > 0).any() or not (flows < 0).any():
        raise fail(field, "needs at least one negative and one positive cash flow for a rate of return to exist")


def _pick(field: str, roots: list[float]) -> Irr:
    if not roots:
        raise fail(field, "these cash flows have no rate of return above -100 %")
    roots = sorted(set(roots), key=abs)
    return Irr(roots[0], roots[1:])


def irr(flows: FloatArray) -> Irr:
    """Roots of sum_t CF_t / (1 + r)^t = 0 with r > -1: for up to ROOTS_MAX flows from the polynomial in
    1 / (1 + r) (every root, as numpy-financial), polished with Newton steps on the NPV; for more flows
    bracketed on a log grid of 1 + r and solved with Brent's method, like XIRR."""
    _check_signs("amounts", flows)
    times = np.arange(flows.size, dtype=np.float64)
    if flows.size > ROOTS_MAX:
        return _pick("amounts", _bracketed(flows, times))
    try:
        roots = np.roots(flows[::-1] / np.abs(flows).max())
    except np.linalg.LinAlgError:  # an ill-conditioned companion matrix: bracket instead
        return _pick("amounts", _bracketed(flows, times))
    real = roots[(np.abs(roots.imag) <= 1e-9 * np.maximum(1.0, np.abs(roots.real))) & (roots.real > 0)].real
    rates = [_polish(flows, times, float(1.0 / x - 1.0)) for x in real]
    return _pick("amounts", [r for r in rates if math.isfinite(r)])


def _npv(flows: FloatArray, times: FloatArray, r: float) -> float:
    return float(np.sum(flows * np.exp(-times * math.log1p(r))))


def _polish(flows: FloatArray, times: FloatArray, r: float) -> float:
    for _ in range(5):
        disc = np.exp(-times * math.log1p(r))
        f, df = float(np.sum(flows * disc)), float(np.sum(-times * flows * disc / (1.0 + r)))
        if df == 0 or not math.isfinite(df):
            break
        step = f / df
        if not math.isfinite(step) or r - step <= -1.0:
            break
        r -= step
        if abs(step) <= 1e-16 * max(1.0, abs(r)):
            break
    return r


def xirr(dates: DateArray, flows: FloatArray) -> Irr:
    """Roots of sum_i CF_i / (1 + r)^((d_i - d_0) / 365) = 0, bracketed on a log grid of 1 + r and solved
    with Brent's method to full precision."""
    _check_signs("amounts", flows)
    times = (dates - dates.min()).astype(np.int64) / 365.0
    return _pick("amounts", _bracketed(flows, times))


def _bracketed(flows: FloatArray, times: FloatArray) -> list[float]:
    """Every sign change of the NPV on the grid of 1 + r, each solved with Brent's method."""
    with np.errstate(over="ignore", invalid="ignore"):
        values = np.sum(flows[None, :] * np.exp(-np.log(_GRID)[:, None] * times[None, :]), axis=1)
    roots = []
    for k in np.flatnonzero(np.sign(values[:-1]) * np.sign(values[1:]) < 0):
        g = brentq(lambda x: _npv(flows, times, x - 1.0), _GRID[k], _GRID[k + 1], xtol=1e-16, rtol=8.9e-16)
        roots.append(float(g) - 1.0)
    roots += [float(g) - 1.0 for g, v in zip(_GRID, values, strict=True) if v == 0.0]
    return roots
