"""Allocation against PyPortfolioOpt and cvxpy on the shipped real data.

Both sides get the same inputs (mu = 252 x mean daily simple return, Sigma = 252 x sample covariance), so the
comparison is of the optimisers alone. Our solver is an exact active-set method; the references are interior-
point solvers with their own tolerances, so the optimal objective (volatility, Sharpe) must agree to 1e-9
relative and the weights to 1e-6 absolute (a flat objective makes weights less determined than its value).
"""

from __future__ import annotations

import cvxpy as cp
import numpy as np
import pytest
from pypfopt import EfficientFrontier

from services.portfolio import optimize
from services.portfolio.marketdata import load_market_data
from services.portfolio.risk import risk_contributions
from services.portfolio.tests.test_reference_returns import close

US = ["AAPL", "JNJ", "KO", "MSFT", "XOM", "JPM", "PG", "WMT", "PFE", "HD"]
CN = ["600036.SH", "600085.SH", "600809.SH", "002594.SZ"]
RF = 0.02
WEIGHTS_ABS = 1e-6
TIGHT = {"tol_gap_abs": 1e-12, "tol_gap_rel": 1e-12, "tol_feas": 1e-12, "max_iter": 500}  # Clarabel


@pytest.fixture(scope="module", params=["us", "cn"])
def problem(request):  # type: ignore[no-untyped-def]
    md = load_market_data()
    names, start = (US, "2013-01-01") if request.param == "us" else (CN, "2011-01-01")
    series = [md.instruments[n].series for n in names]
    common = series[0].dates
    for s in series[1:]:
        common = np.intersect1d(common, s.dates)
    common = common[common >= np.datetime64(start)]
    prices = np.column_stack([s.prices[np.isin(s.dates, common)] for s in series])
    n = len(names)
    return optimize.make_problem(names, prices, np.zeros(n), np.ones(n), RF)


def ef(p: optimize.Problem, bounds: tuple[float, float] = (0, 1)) -> EfficientFrontier:
    return EfficientFrontier(p.mu, p.cov, weight_bounds=bounds)


def vol(p: optimize.Problem, w: np.ndarray) -> float:
    return float(np.sqrt(w @ p.cov @ w))


def as_array(weights: dict) -> np.ndarray:  # type: ignore[type-arg]
    return np.array(list(weights.values()))


def test_min_volatility_matches_pypfopt(problem: optimize.Problem) -> None:
    ours = optimize.min_volatility(problem)
    ref = as_array(ef(problem).min_volatility())
    close(ours.volatility, vol(problem, ref))
    np.testing.assert_allclose(ours.weights, ref, atol=WEIGHTS_ABS)
    close(float(ours.weights.sum()), 1.0, rel=1e-12)


def test_max_sharpe_matches_pypfopt(problem: optimize.Problem) -> None:
    ours = optimize.max_sharpe(problem)
    ref = as_array(ef(problem).max_sharpe(risk_free_rate=RF))
    close(ours.sharpe, (problem.mu @ ref - RF) / vol(problem, ref))
    np.testing.assert_allclose(ours.weights, ref, atol=WEIGHTS_ABS)


def test_max_sharpe_with_bounds_matches_pypfopt(problem: optimize.Problem) -> None:
    n = problem.mu.size
    lo, hi = 0.05, 0.4
    bounded = optimize.Problem(problem.names, problem.mu, problem.cov, np.full(n, lo), np.full(n, hi), RF)
    ours = optimize.max_sharpe(bounded)
    ref = as_array(ef(problem, (lo, hi)).max_sharpe(risk_free_rate=RF))
    close(ours.sharpe, (problem.mu @ ref - RF) / vol(problem, ref))
    np.testing.assert_allclose(ours.weights, ref, atol=WEIGHTS_ABS)
    assert (ours.weights >= lo - 1e-12).all() and (ours.weights <= hi + 1e-12).all()


@pytest.mark.parametrize("where", [0.2, 0.5, 0.8])
def test_target_return_matches_pypfopt(problem: optimize.Problem, where: float) -> None:
    lo, hi = optimize.min_volatility(problem).expected_return, optimize.max_return(problem)
    target = lo + where * (hi - lo)
    ours = optimize.target_return(problem, target)
    ref = as_array(ef(problem).efficient_return(target))
    close(ours.volatility, vol(problem, ref))
    close(ours.expected_return, target, rel=1e-12)
    np.testing.assert_allclose(ours.weights, ref, atol=WEIGHTS_ABS)


def test_frontier_points_match_pypfopt(problem: optimize.Problem) -> None:
    curve = optimize.frontier(problem, 6)
    assert len(curve) == 6
    for point in curve[1:-1]:
        ref = as_array(ef(problem).efficient_return(point.expected_return))
        close(point.volatility, vol(problem, ref))
    vols = [p.volatility for p in curve]
    assert vols == sorted(vols)  # along the efficient frontier risk rises with return


def test_risk_parity_matches_cvxpy_and_textbook(problem: optimize.Problem) -> None:
    """Equal risk contributions (Maillard, Roncalli and Teiletche 2010); the reference solves Spinu's convex
    problem min 1/2 y'Sigma y - sum b_i log y_i with cvxpy/Clarabel and normalises y."""
    n = problem.mu.size
    budgets = np.full(n, 1.0 / n)
    ours = optimize.risk_parity(problem.cov, budgets)
    y = cp.Variable(n)
    cp.Problem(cp.Minimize(0.5 * cp.quad_form(y, problem.cov) - budgets @ cp.log(y))).solve(solver=cp.CLARABEL, **TIGHT)
    ref = y.value / y.value.sum()
    np.testing.assert_allclose(ours, ref, atol=WEIGHTS_ABS)
    shares = [c.share for c in risk_contributions(ours, problem.cov) or []]
    np.testing.assert_allclose(shares, budgets, rtol=1e-12)


def test_min_volatility_matches_cvxpy_with_bounds(problem: optimize.Problem) -> None:
    n = problem.mu.size
    lb, ub = np.full(n, 0.02), np.full(n, 0.3)
    p = optimize.Problem(problem.names, problem.mu, problem.cov, lb, ub, RF)
    ours = optimize.min_volatility(p)
    w = cp.Variable(n)
    constraints = [cp.sum(w) == 1, w >= lb, w <= ub]
    cp.Problem(cp.Minimize(cp.quad_form(w, p.cov)), constraints).solve(solver=cp.CLARABEL, **TIGHT)
    close(ours.volatility, vol(p, w.value))
    np.testing.assert_allclose(ours.weights, w.value, atol=WEIGHTS_ABS)
