"""The market tools (analysis, allocation) between protobuf messages and the plain core."""

from __future__ import annotations

import numpy as np
from advisor.v1 import portfolio_pb2 as pb

from services.portfolio import analysis, optimize
from services.portfolio.marketdata import MarketData
from services.portfolio.models import Metric
from services.portfolio.resolve import Aligned, Ref, aligned, conventions, data_window
from services.portfolio.risk import RiskContribution, risk_contributions
from services.portfolio.validate import FloatArray, fail, in_range, whole

RF_RANGE = (-0.05, 0.5)
QUANTITY_MAX = 1e12


def metric_pb(m: Metric) -> pb.Metric:
    return pb.Metric(name=m.name, value=m.value, unit=m.unit, method=m.method, currency=m.currency)


def contribution_pb(label: str, c: RiskContribution) -> pb.RiskContribution:
    return pb.RiskContribution(instrument=label, weight=c.weight, marginal=c.marginal, contribution=c.contribution,
                               share=c.share)


def _holding_mode(req: pb.AnalyzeRequest) -> tuple[FloatArray | None, FloatArray | None]:
    has_w = [h.HasField("weight") for h in req.holdings]
    has_q = [h.HasField("quantity") for h in req.holdings]
    for i, h in enumerate(req.holdings):
        in_range(f"holdings[{i}].weight", h.weight, 0.0, 1.0)
        in_range(f"holdings[{i}].quantity", h.quantity, 0.0, QUANTITY_MAX)
    if any(has_w) and any(has_q):
        raise fail("holdings", "give weights or quantities, not both")
    if any(has_q):
        if not all(has_q):
            raise fail(f"holdings[{has_q.index(False)}].quantity", "missing: give every holding a quantity")
        qty = np.array([h.quantity for h in req.holdings])
        if not qty.any():
            raise fail("holdings.quantity", "all quantities are zero")
        return None, qty
    if any(has_w):
        if not all(has_w):
            raise fail(f"holdings[{has_w.index(False)}].weight", "missing: give every holding a weight")
        return analysis.check_weights("holdings.weight", [h.weight for h in req.holdings]), None
    if len(req.holdings) == 1:
        return np.ones(1), None
    raise fail("holdings", "give each holding a weight or a quantity")


def analyze(req: pb.AnalyzeRequest, md: MarketData) -> pb.AnalyzeResponse:
    rf = in_range("risk_free_rate", req.risk_free_rate, *RF_RANGE)
    refs = [Ref(f"holdings[{i}]", h.instrument, h.series) for i, h in enumerate(req.holdings)]
    bench_ref = Ref("benchmark", req.benchmark, req.benchmark_series)
    bench = bench_ref.given()
    weights, quantities = _holding_mode(req) if refs else (None, None)
    a = aligned([*refs, bench_ref] if bench else refs, md, req.start_date, req.end_date, "holdings")
    n = len(refs)
    portfolio = analysis.Portfolio(a.labels[:n], a.dates, a.prices[:, :n], weights, quantities)
    report = analysis.analyze(portfolio, a.prices[:, n] if bench else None, rf)
    return _analysis_pb(report, a, md)


def _analysis_pb(report: analysis.AnalysisReport, a: Aligned, md: MarketData) -> pb.AnalyzeResponse:
    dd = report.drawdown
    out = pb.AnalyzeResponse(
        metrics=[metric_pb(m) for m in report.metrics],
        drawdown=pb.Drawdown(max_drawdown=dd.max_drawdown, peak_date=dd.peak_date, trough_date=dd.trough_date,
                             recovery_date=dd.recovery_date, duration_days=dd.duration_days),
        value_at_risk=[pb.ValueAtRisk(method=v.method, confidence=v.confidence, var=v.var, cvar=v.cvar)
                       for v in report.var],
        risk_contributions=[contribution_pb(label, c) for label, c in report.contributions],
        weights=[pb.Weight(instrument=label, weight=w) for label, w in report.weights],
        portfolio_method=report.portfolio_method,
        conventions=conventions(),
        window=data_window(a, md),
        notes=report.notes.items,
    )
    out.correlation.SetInParent()  # always present (empty for one holding), so every answer has one shape
    if report.correlation is not None:
        n = report.correlation.shape[0]
        out.correlation.CopyFrom(pb.CorrelationMatrix(instruments=a.labels[:n], values=report.correlation.ravel()))
    return out


def _bounds(req: pb.OptimizeRequest, labels: list[str]) -> tuple[FloatArray, FloatArray]:
    lo = in_range("min_weight", req.min_weight, 0.0, 1.0)
    hi = in_range("max_weight", req.max_weight if req.HasField("max_weight") else 1.0, 0.0, 1.0)
    lb, ub = np.full(len(labels), lo), np.full(len(labels), hi)
    for i, b in enumerate(req.bounds):
        if b.instrument not in labels:
            raise fail(f"bounds[{i}].instrument", f"{b.instrument!r} is not one of the holdings")
        j = labels.index(b.instrument)
        lb[j] = in_range(f"bounds[{i}].min_weight", b.min_weight, 0.0, 1.0)
        ub[j] = in_range(f"bounds[{i}].max_weight", b.max_weight, 0.0, 1.0)
    bad = np.flatnonzero(lb > ub)
    if bad.size:
        raise fail("bounds", f"{labels[int(bad[0])]}: min_weight is above max_weight")
    return lb, ub


def _problem(req: pb.OptimizeRequest, md: MarketData) -> tuple[optimize.Problem, Aligned]:
    refs = [Ref(f"instruments[{i}]", x, None) for i, x in enumerate(req.instruments)]
    refs += [Ref(f"series[{i}]", "", s) for i, s in enumerate(req.series)]
    a = aligned(refs, md, req.start_date, req.end_date, "instruments")
    if len(refs) < 2:
        raise fail("instruments", "at least two holdings are needed to allocate between")
    if a.dates.size < analysis.MIN_PRICES:
        raise fail("instruments", f"too short: {a.dates.size} common dates, at least {analysis.MIN_PRICES} are needed")
    lb, ub = _bounds(req, a.labels)
    rf = in_range("risk_free_rate", req.risk_free_rate, *RF_RANGE)
    return optimize.make_problem(a.labels, a.prices, lb, ub, rf), a


def _allocation_pb(labels: list[str], al: optimize.Allocation) -> pb.Allocation:
    return pb.Allocation(
        weights=[pb.Weight(instrument=label, weight=float(w)) for label, w in zip(labels, al.weights, strict=True)],
        expected_return=al.expected_return, volatility=al.volatility, sharpe_ratio=al.sharpe,
    )


def _risk_parity(p: optimize.Problem, budgets_in: list[float]) -> optimize.Allocation:
    n = p.mu.size
    if not budgets_in:
        return optimize.allocation(p, optimize.risk_parity(p.cov, np.full(n, 1.0 / n)))
    if len(budgets_in) != n:
        raise fail("risk_budgets", f"length {len(budgets_in)} does not match the number of holdings ({n})")
    budgets = np.array([in_range(f"risk_budgets[{i}]", b, 0.0, 1.0, lo_open=True) for i, b in enumerate(budgets_in)])
    if abs(float(budgets.sum()) - 1.0) > 1e-9:
        raise fail("risk_budgets", f"must sum to 1, got {float(budgets.sum()):.9g}")
    return optimize.allocation(p, optimize.risk_parity(p.cov, budgets))


METHODS = {
    "min_volatility": "minimise w' Sigma w subject to sum(w) = 1 and the bounds (exact active-set QP)",
    "max_sharpe": "maximise (mu'w - rf) / sqrt(w' Sigma w) subject to sum(w) = 1 and the bounds",
    "target_return": "minimise w' Sigma w subject to mu'w >= target, sum(w) = 1 and the bounds",
    "risk_parity": "shares of variance equal to the budgets (equal by default), long-only; Spinu (2013) "
    "Newton method; weight bounds are not applied",
    "frontier": "minimum volatility at evenly spaced expected returns from the minimum-volatility portfolio to "
    "the highest reachable return, with the bounds; allocation = the maximum-Sharpe portfolio",
}
ESTIMATES = "; mu = 252 x mean daily simple return, Sigma = 252 x sample covariance (ddof=1)"


def optimize_portfolio(req: pb.OptimizeRequest, md: MarketData) -> pb.OptimizeResponse:
    objective = req.objective.strip().lower()
    if objective not in METHODS:
        raise fail("objective", f"must be one of {', '.join(METHODS)}, got {req.objective!r}")
    p, a = _problem(req, md)
    out = pb.OptimizeResponse(objective=objective, method=METHODS[objective] + ESTIMATES,
                              conventions=conventions(), window=data_window(a, md))
    if objective == "frontier":
        points = whole("frontier_points", req.frontier_points, 0, 200) or 20
        if points < 2:
            raise fail("frontier_points", f"must be in [2, 200], got {points}")
        curve = optimize.frontier(p, points)
        out.frontier.extend(_allocation_pb(a.labels, x) for x in curve)
        al = optimize.max_sharpe(p) if (p.mu > p.risk_free_rate).any() else curve[0]
    elif objective == "min_volatility":
        al = optimize.min_volatility(p)
    elif objective == "max_sharpe":
        al = optimize.max_sharpe(p)
    elif objective == "target_return":
        al = optimize.target_return(p, in_range("target_return", req.target_return, -1.0, 10.0))
    else:
        al = _risk_parity(p, list(req.risk_budgets))
    out.allocation.CopyFrom(_allocation_pb(a.labels, al))
    contribs = risk_contributions(al.weights, p.cov) or []
    out.risk_contributions.extend(contribution_pb(label, c) for label, c in zip(a.labels, contribs, strict=False))
    return out
