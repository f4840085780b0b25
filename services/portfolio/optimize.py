"""Long-only mean-variance allocation with per-holding bounds, risk parity, and the efficient frontier.

Inputs are annualised: expected returns mu = 252 * mean of daily simple returns (arithmetic), covariance
Sigma = 252 * sample covariance (ddof=1). Volatility is sqrt(w' Sigma w); Sharpe is (mu'w - rf) / volatility.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize_scalar

from services.common.errors import InvalidArgument
from services.portfolio import qp
from services.portfolio.models import PERIODS_PER_YEAR
from services.portfolio.returns import simple_returns
from services.portfolio.risk import covariance
from services.portfolio.validate import FloatArray, all_finite, fail

CONDITION_LIMIT = 1e10  # a covariance whose condition number exceeds this is treated as singular


@dataclass(frozen=True)
class Problem:
    names: list[str]
    mu: FloatArray
    cov: FloatArray
    lb: FloatArray
    ub: FloatArray
    risk_free_rate: float


@dataclass(frozen=True)
class Allocation:
    weights: FloatArray
    expected_return: float
    volatility: float
    sharpe: float


def estimate(prices: FloatArray) -> tuple[FloatArray, FloatArray]:
    r = simple_returns(prices)
    return r.mean(axis=0) * PERIODS_PER_YEAR, covariance(r)


def check_covariance(names: list[str], cov: FloatArray) -> None:
    all_finite("instruments", cov)
    eig, vec = np.linalg.eigh(cov / max(float(np.abs(np.diag(cov)).max()), 1e-300))
    if eig[0] <= eig[-1] / CONDITION_LIMIT:
        involved = [names[i] for i in np.argsort(-np.abs(vec[:, 0]))[:2]]
        raise fail(
            "holdings",
            f"singular covariance: the returns of {' and '.join(involved)} are (nearly) linearly dependent "
            "or there are too few dates; remove one holding or use a longer window",
        )


def make_problem(names: list[str], prices: FloatArray, lb: FloatArray, ub: FloatArray, rf: float) -> Problem:
    mu, cov = estimate(prices)
    all_finite("instruments", mu)
    check_covariance(names, cov)
    if float(lb.sum()) > 1.0 + 1e-12 or float(ub.sum()) < 1.0 - 1e-12:
        raise fail(
            "bounds",
            f"infeasible: lower bounds sum to {lb.sum():.6g}, upper bounds to {ub.sum():.6g}; "
            "fully invested weights must sum to 1",
        )
    return Problem(names, mu, cov, lb, ub, rf)


def allocation(p: Problem, w: FloatArray) -> Allocation:
    w = np.where(np.abs(w) < 1e-15, 0.0, w)
    ret = float(p.mu @ w)
    vol = math.sqrt(max(float(w @ p.cov @ w), 0.0))
    return Allocation(w, ret, vol, (ret - p.risk_free_rate) / vol)


def _vertex(p: Problem, order: np.ndarray) -> FloatArray:
    """Fully invested weights within the bounds, filling holdings in ``order`` up to their upper bounds."""
    w, left = p.lb.copy(), 1.0 - float(p.lb.sum())
    for i in order:
        add = min(p.ub[i] - w[i], left)
        w[i] += add
        left -= add
    return w


def _center(p: Problem) -> FloatArray:
    """An interior, fully invested point: every weight the same share of the way from its lower to its upper
    bound (few bounds active, so the active-set method starts close to the answer)."""
    room = p.ub - p.lb
    return p.lb + room * ((1.0 - float(p.lb.sum())) / float(room.sum())) if room.sum() > 0 else p.lb.copy()


def _start(p: Problem, target: float | None) -> FloatArray:
    """A feasible start without a linear program: the interior point, or its mix with the lowest- or highest-
    return vertex whose expected return is exactly ``target``."""
    center = _center(p)
    if target is None:
        return center
    r_c = float(p.mu @ center)
    end = _vertex(p, np.argsort(-p.mu) if target >= r_c else np.argsort(p.mu))
    r_end = float(p.mu @ end)
    alpha = 0.0 if r_end == r_c else min(max((target - r_c) / (r_end - r_c), 0.0), 1.0)
    return (1.0 - alpha) * center + alpha * end


def _min_variance(p: Problem, target: float | None) -> FloatArray:
    n = p.mu.size
    A, b = np.ones((1, n)), np.ones(1)
    if target is not None:
        A, b = np.vstack([A, p.mu]), np.array([1.0, target])
    try:
        return qp.solve(p.cov / _scale(p), np.zeros(n), A, b, p.lb, p.ub, _start(p, target))
    except qp.Infeasible:
        raise fail("target_return", f"{target:.6g} cannot be reached within the bounds") from None
    except qp.NotConverged:
        raise fail("instruments", "the allocation problem is numerically degenerate for these series") from None


def _scale(p: Problem) -> float:
    """Dividing Sigma by its largest variance leaves the optimum unchanged and the solver's tolerances
    meaningful whatever the units of the prices."""
    return max(float(np.diag(p.cov).max()), 1e-300)


def max_return(p: Problem) -> float:
    """Highest expected return within the bounds: fill the best holdings first (a fractional knapsack)."""
    return float(p.mu @ _vertex(p, np.argsort(-p.mu)))


def min_volatility(p: Problem) -> Allocation:
    return allocation(p, _min_variance(p, None))


def target_return(p: Problem, target: float) -> Allocation:
    """Least volatile portfolio whose expected return is at least ``target`` (the minimum-volatility one when
    that already earns more)."""
    top = max_return(p)
    if target > top + 1e-12:
        raise fail("target_return", f"{target:.6g} is above the highest reachable expected return {top:.6g}")
    mv = min_volatility(p)
    if mv.expected_return >= target:
        return mv
    return allocation(p, _min_variance(p, min(target, top)))


def max_sharpe(p: Problem) -> Allocation:
    """Tangency portfolio. Without binding bounds (lb = 0, ub >= 1) it is exact: minimise y'Sigma y subject to
    (mu - rf)'y = 1, y >= 0, then w = y / sum(y). With bounds, Sharpe is maximised along the frontier."""
    excess = p.mu - p.risk_free_rate
    if (excess <= 0).all():
        raise fail("risk_free_rate", "no holding's expected return exceeds the risk-free rate: Sharpe has no maximum")
    n = p.mu.size
    if (p.lb == 0).all() and (p.ub >= 1).all():
        best = int(np.argmax(excess))
        y0 = np.zeros(n)
        y0[best] = 1.0 / excess[best]
        try:
            y = qp.solve(p.cov / _scale(p), np.zeros(n), excess[None, :], np.ones(1), np.zeros(n), np.full(n, np.inf),
                         y0)
        except qp.NotConverged:
            raise fail("instruments", "the allocation problem is numerically degenerate for these series") from None
        return allocation(p, y / y.sum())
    low = min_volatility(p)
    lo, hi = low.expected_return, max_return(p)
    if hi - lo <= 1e-12:
        return low

    def negative_sharpe(t: float) -> float:
        return -allocation(p, _min_variance(p, t)).sharpe

    best = minimize_scalar(negative_sharpe, bounds=(lo, hi), method="bounded", options={"xatol": 1e-10})
    # Bounded Brent never evaluates the end points, where the best Sharpe often lies when bounds bind.
    candidates = [allocation(p, _min_variance(p, float(best.x))), low, _highest_return(p, hi)]
    return max(candidates, key=lambda a: a.sharpe)


def _highest_return(p: Problem, top: float) -> Allocation:
    """The least volatile portfolio earning the highest reachable return (the bounded frontier's upper end)."""
    try:
        return allocation(p, _min_variance(p, top))
    except InvalidArgument:  # the target sits on the feasible set's edge: take the knapsack vertex itself
        return allocation(p, _vertex(p, np.argsort(-p.mu)))


def frontier(p: Problem, points: int) -> list[Allocation]:
    """``points`` portfolios from the minimum-volatility one to the highest-return one, evenly spaced in
    expected return."""
    mv = min_volatility(p)
    top = max_return(p)
    if top - mv.expected_return <= 1e-12:
        return [mv]
    targets = np.linspace(mv.expected_return, top, points)
    return [mv] + [allocation(p, _min_variance(p, float(t))) for t in targets[1:]]


def risk_parity(cov: FloatArray, budgets: FloatArray, tol: float = 1e-15) -> FloatArray:
    """Weights whose shares of portfolio variance equal ``budgets`` (Spinu 2013): Newton's method on the
    strictly convex f(y) = 1/2 y'Sigma y - sum b_i log y_i, then w = y / sum(y)."""
    y = budgets / math.sqrt(float(budgets @ cov @ budgets))
    for _ in range(200):
        grad = cov @ y - budgets / y
        if np.abs(grad).max() <= tol * max(1.0, float(np.abs(budgets / y).max())):
            break
        hess = cov + np.diag(budgets / (y * y))
        step = np.linalg.solve(hess, grad)
        t = 1.0
        while (y - t * step <= 0).any():
            t *= 0.5
        y = y - t * step
    return y / y.sum()
