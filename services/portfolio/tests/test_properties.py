"""Invariants that must hold for any valid input (hypothesis)."""

from __future__ import annotations

import itertools
import math

import numpy as np
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from services.portfolio import analysis, cashflows, loans, optimize, rebalance, risk
from services.portfolio import returns as R

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def price_paths(draw, assets: int = 1, min_len: int = 40, max_len: int = 300):  # type: ignore[no-untyped-def]
    """Positive price paths from random daily returns between -30 % and +30 %."""
    n = draw(st.integers(min_len, max_len))
    seed = draw(st.integers(0, 2**32 - 1))
    vol = draw(st.floats(0.002, 0.05))
    rng = np.random.default_rng(seed)
    r = np.clip(rng.standard_t(4, size=(n, assets)) * vol, -0.3, 0.3)
    start = draw(st.floats(0.5, 500.0))
    return start * np.cumprod(1 + r, axis=0)


def _dates(n: int) -> np.ndarray:
    return np.datetime64("2015-01-01") + np.arange(n).astype("timedelta64[D]")


def _report(prices: np.ndarray) -> analysis.AnalysisReport:
    p = analysis.Portfolio(["X"], _dates(prices.shape[0]), prices, np.ones(1), None)
    return analysis.analyze(p, None, 0.02)


@SETTINGS
@given(price_paths(), st.floats(0.001, 1000.0))
def test_returns_and_risk_are_scale_invariant(prices: np.ndarray, scale: float) -> None:
    a, b = _report(prices), _report(prices * scale)
    for m, n in zip(a.metrics, b.metrics, strict=True):
        assert m.name == n.name
        assert math.isclose(m.value, n.value, rel_tol=1e-9, abs_tol=1e-12), m.name
    for v, w in zip(a.var, b.var, strict=True):
        assert math.isclose(v.var, w.var, rel_tol=1e-9, abs_tol=1e-12)


@SETTINGS
@given(price_paths())
def test_drawdown_is_a_fraction_and_dates_are_ordered(prices: np.ndarray) -> None:
    rep = _report(prices)
    assert 0.0 <= rep.drawdown.max_drawdown <= 1.0
    assert rep.drawdown.peak_date <= rep.drawdown.trough_date
    if rep.drawdown.recovery_date:
        assert rep.drawdown.recovery_date > rep.drawdown.trough_date
    assert all(math.isfinite(m.value) for m in rep.metrics)


@SETTINGS
@given(price_paths(min_len=60))
def test_var_and_cvar_grow_with_confidence(prices: np.ndarray) -> None:
    r = R.simple_returns(prices[:, 0])
    estimates, _ = risk.value_at_risk(r)
    by_method: dict[str, dict[float, risk.VarEstimate]] = {}
    for e in estimates:
        by_method.setdefault(e.method, {})[e.confidence] = e
        assert e.cvar >= e.var - 1e-12  # the expected loss beyond the VaR is at least the VaR
    for levels in by_method.values():
        assert levels[0.99].var >= levels[0.95].var - 1e-12
        assert levels[0.99].cvar >= levels[0.95].cvar - 1e-12


@SETTINGS
@given(price_paths(assets=4, min_len=80), st.floats(-0.02, 0.05))
def test_optimal_weights_are_long_only_and_sum_to_one(prices: np.ndarray, rf: float) -> None:
    mu, cov = optimize.estimate(prices)
    assume(np.linalg.cond(cov) < 1e8)
    p = optimize.Problem(list("ABCD"), mu, cov, np.zeros(4), np.ones(4), rf)
    found = [optimize.min_volatility(p), optimize.allocation(p, optimize.risk_parity(cov, np.full(4, 0.25)))]
    if (mu > rf).any():
        found.append(optimize.max_sharpe(p))
    for al in found:
        assert abs(float(al.weights.sum()) - 1.0) <= 1e-9
        assert (al.weights >= -1e-12).all()
    assert found[0].volatility <= min(a.volatility for a in found) + 1e-12  # nothing is less risky


@SETTINGS
@given(st.floats(1_000, 1e8), st.floats(0.0, 0.3), st.integers(1, 600),
       st.sampled_from([loans.EQUAL_PAYMENT, loans.EQUAL_PRINCIPAL]))
def test_loan_schedules_amortise_to_zero(principal: float, rate: float, months: int, method: str) -> None:
    s = loans.schedule(principal, rate, months, method)
    assert len(s.rows) == months
    assert s.rows[-1].balance == 0.0
    assert math.isclose(sum(r.principal for r in s.rows), principal, rel_tol=1e-9)
    balances = [principal] + [r.balance for r in s.rows]
    assert all(b1 <= b0 + 1e-6 for b0, b1 in itertools.pairwise(balances))
    assert all(r.interest >= 0 for r in s.rows)
    if method == loans.EQUAL_PAYMENT:
        assert max(r.payment for r in s.rows) - min(r.payment for r in s.rows) <= 1e-6 * s.rows[0].payment


@SETTINGS
@given(st.lists(st.tuples(st.floats(0, 5000), st.floats(1, 500), st.sampled_from([1, 100]), st.floats(0, 1)),
                min_size=1, max_size=6),
       st.floats(0, 1e6), st.floats(0, 0.003), st.floats(0, 10), st.floats(0, 0.002))
def test_rebalancing_never_overspends_and_trades_whole_lots(
    rows: list[tuple[float, float, int, float]], cash: float, commission: float, minimum: float, duty: float
) -> None:
    total_w = sum(w for *_, w in rows)
    assume(total_w > 0)
    positions = [rebalance.Position(f"S{i}", float(int(q)), p, lot, w / max(total_w, 1.0))
                 for i, (q, p, lot, w) in enumerate(rows)]
    assume(cash + sum(p.quantity * p.price for p in positions) > 0)
    r = rebalance.rebalance(positions, cash, rebalance.Fees(commission, minimum, duty))
    assert r.cash_after >= -1e-9
    for t in r.trades:
        lot = next(p.lot_size for p in positions if p.instrument == t.instrument)
        held = next(p.quantity for p in positions if p.instrument == t.instrument)
        assert t.quantity > 0
        assert t.quantity % lot == 0 or (t.side == "sell" and t.quantity == held)
        assert t.side == "buy" or t.quantity <= held
    assert math.isclose(r.total_value_after + r.total_fees, r.total_value_before, rel_tol=1e-9, abs_tol=1e-6)


@SETTINGS
@given(st.lists(st.floats(1, 1e5), min_size=1, max_size=12), st.floats(1, 1e5), st.floats(-0.5, 2.0))
def test_irr_zeroes_the_net_present_value(inflows: list[float], outflow: float, _: float) -> None:
    flows = np.array([-outflow, *inflows])
    r = cashflows.irr(flows)
    npv = float(np.sum(flows / (1 + r.rate) ** np.arange(flows.size)))
    assert abs(npv) <= 1e-7 * float(np.abs(flows).sum())
