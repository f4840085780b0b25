"""Performance and risk of one price series or a portfolio of holdings: the report an answer cites."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from services.portfolio import returns as R
from services.portfolio import risk
from services.portfolio.marketdata import DateArray
from services.portfolio.models import DAYS, FRACTION, PERIODS_PER_YEAR, RATIO, Metric, Notes
from services.portfolio.validate import FloatArray, all_finite, fail

MIN_PRICES = 30  # fewer daily prices than this make VaR at 99 % and annualised figures meaningless
ANN = f"annualised x{PERIODS_PER_YEAR}"


@dataclass(frozen=True)
class Portfolio:
    """Aligned prices (rows: dates, columns: holdings) and how they are held."""

    names: list[str]
    dates: DateArray
    prices: FloatArray
    weights: FloatArray | None  # fixed weights, rebalanced daily; None means buy-and-hold quantities
    quantities: FloatArray | None


@dataclass(frozen=True)
class DrawdownReport:
    max_drawdown: float
    peak_date: str
    trough_date: str
    recovery_date: str  # empty when the peak has not been regained by the last date
    duration_days: int  # calendar days from peak to recovery (or to the last date when not recovered)


@dataclass
class AnalysisReport:
    metrics: list[Metric]
    drawdown: DrawdownReport
    var: list[risk.VarEstimate]
    correlation: FloatArray | None
    contributions: list[tuple[str, risk.RiskContribution]]
    weights: list[tuple[str, float]]
    portfolio_method: str
    notes: Notes = field(default_factory=Notes)


def portfolio_returns(p: Portfolio) -> tuple[FloatArray, FloatArray, str]:
    """Daily portfolio returns, the weights used for risk decomposition, and how they were formed."""
    asset = R.simple_returns(p.prices)
    if p.weights is not None:
        return asset @ p.weights, p.weights, "fixed weights rebalanced daily: r_p = sum_i w_i r_i"
    assert p.quantities is not None
    value = p.prices @ p.quantities
    current = p.prices[-1] * p.quantities / value[-1]
    return R.simple_returns(value), current, "buy-and-hold quantities: r_p from the portfolio value sum_i q_i P_i"


def _perf_metrics(r: FloatArray, rf: float, rf_d: float, notes: Notes) -> list[Metric]:
    out = [
        Metric("cumulative_return", R.cumulative_return(r), FRACTION, "P_end / P_start - 1"),
        Metric("cagr", R.cagr(r), FRACTION, f"(1 + cumulative)^({PERIODS_PER_YEAR}/n_returns) - 1"),
        Metric("annual_volatility", R.annual_volatility(r), FRACTION, f"std(r, ddof=1) * sqrt({PERIODS_PER_YEAR})"),
        Metric("risk_free_rate", rf, FRACTION, "annual, as given; daily (1 + rf)^(1/252) - 1"),
    ]
    sharpe = R.sharpe(r, rf_d)
    if sharpe is None:
        notes.add("sharpe_ratio: undefined, the excess return does not vary")
    else:
        how = f"mean(r - rf) / std(r - rf, ddof=1) * sqrt({PERIODS_PER_YEAR})"
        out.append(Metric("sharpe_ratio", sharpe, RATIO, how))
    sortino = R.sortino(r, rf_d)
    if sortino is None:
        notes.add("sortino_ratio: undefined, no return fell below the risk-free rate")
    else:
        out.append(Metric("sortino_ratio", sortino, RATIO, f"{ANN} mean(r - rf) / {ANN} downside deviation below rf"))
    return out


def _drawdown(r: FloatArray, dates: DateArray, cagr: float, out: list[Metric], notes: Notes) -> DrawdownReport:
    wealth = np.concatenate(([1.0], np.cumprod(1.0 + r)))
    dd = R.max_drawdown(wealth)
    end = dd.recovery if dd.recovery is not None else dates.size - 1
    report = DrawdownReport(
        dd.max_drawdown,
        str(dates[dd.peak]),
        str(dates[dd.trough]),
        str(dates[dd.recovery]) if dd.recovery is not None else "",
        int((dates[end] - dates[dd.peak]).astype(np.int64)) if dd.max_drawdown > 0 else 0,
    )
    out.append(Metric("max_drawdown", dd.max_drawdown, FRACTION, "max over t of 1 - W_t / max_(s<=t) W_s"))
    out.append(Metric("drawdown_duration", float(report.duration_days), DAYS, "calendar days, peak to recovery"))
    if dd.max_drawdown > 0:
        out.append(Metric("calmar_ratio", cagr / dd.max_drawdown, RATIO, "CAGR / max drawdown"))
    else:
        notes.add("calmar_ratio: undefined, the series never fell below a previous high")
    return report


def _relative(r: FloatArray, bench: FloatArray, rf_d: float, out: list[Metric], notes: Notes) -> None:
    rel = R.relative(r, bench, rf_d)
    if rel is None:
        notes.add("beta, alpha, tracking error: undefined, the benchmark does not vary")
        return
    out += [
        Metric("beta", rel.beta, RATIO, "cov(r - rf, b - rf) / var(b - rf)"),
        Metric("alpha", rel.alpha, FRACTION, f"(1 + mean((r - rf) - beta (b - rf)))^{PERIODS_PER_YEAR} - 1"),
        Metric("tracking_error", rel.tracking_error, FRACTION, f"std(r - b, ddof=1) * sqrt({PERIODS_PER_YEAR})"),
    ]
    if rel.information_ratio is None:
        notes.add("information_ratio: undefined, zero tracking error")
    else:
        out.append(Metric("information_ratio", rel.information_ratio, RATIO, f"{ANN} mean(r - b) / tracking error"))
    if rel.correlation is not None:
        out.append(Metric("benchmark_correlation", rel.correlation, RATIO, "Pearson, daily simple returns"))


def analyze(p: Portfolio, benchmark: FloatArray | None, risk_free_rate: float) -> AnalysisReport:
    """Every performance and risk figure of the portfolio over its dates. ``benchmark``: aligned prices."""
    if p.dates.size < MIN_PRICES:
        raise fail("holdings", f"too short: {p.dates.size} common dates, at least {MIN_PRICES} are needed")
    r, weights, method = portfolio_returns(p)
    all_finite("holdings", r, np.prod(1.0 + r), np.sum(r**4))
    rf_d = R.daily_rate(risk_free_rate)
    notes = Notes()
    metrics = _perf_metrics(r, risk_free_rate, rf_d, notes)
    cagr = next(m.value for m in metrics if m.name == "cagr")
    dd = _drawdown(r, p.dates, cagr, metrics, notes)
    if benchmark is not None:
        _relative(r, R.simple_returns(benchmark), rf_d, metrics, notes)
    asset_r = R.simple_returns(p.prices)
    corr = risk.correlation(asset_r) if len(p.names) > 1 else None
    if len(p.names) > 1 and corr is None:
        notes.add("correlation: undefined, a holding's price does not vary")
    var, var_note = risk.value_at_risk(r)
    if var_note:
        notes.add(var_note)
    contribs = risk.risk_contributions(weights, risk.covariance(asset_r))
    if contribs is None:
        notes.add("risk contributions: undefined, the portfolio has zero volatility")
    named = list(zip(p.names, contribs, strict=True)) if contribs else []
    all_finite("holdings", [m.value for m in metrics], [(v.var, v.cvar) for v in var],
               [(c.marginal, c.contribution, c.share) for c in contribs or []])
    if corr is not None:
        all_finite("holdings", corr)
    return AnalysisReport(
        metrics, dd, var, corr, named, list(zip(p.names, map(float, weights), strict=True)),
        method, notes,
    )


def check_weights(field: str, weights: Sequence[float]) -> FloatArray:
    w = np.asarray(weights, dtype=np.float64)
    if abs(float(w.sum()) - 1.0) > 1e-6:
        raise fail(field, f"weights must sum to 1 (got {float(w.sum()):.9g}); they are not rescaled")
    return w
