"""End to end through the gRPC service (real server, the platform's client): the figures a caller receives
against reference libraries on the shipped real data, and against textbook formulas where the libraries have
no definition. This checks the whole path (resolution of instruments, date alignment, window, conversion),
not only the core functions.
"""

from __future__ import annotations

import math
from collections.abc import AsyncIterator
from typing import Any

import empyrical as ep
import numpy as np
import numpy_financial as npf
import pandas as pd
import pytest
import pytest_asyncio
from pypfopt import EfficientFrontier
from scipy.stats import norm

from services.portfolio.marketdata import load_market_data
from services.portfolio.tests.running import Running, running_service

pytestmark = pytest.mark.asyncio(loop_scope="module")

REL = 1e-9
TEN = ["AAPL", "MSFT", "JNJ", "JPM", "KO", "PG", "XOM", "WMT", "PFE", "HD"]
W = np.array([0.15, 0.15, 0.1, 0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.1])
START, RF = "2012-12-28", 0.02
RF_D = (1 + RF) ** (1 / 252) - 1


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def svc() -> AsyncIterator[Running]:
    async with running_service(workers=0) as running:
        yield running


def frame(ids: list[str], start: str) -> pd.DataFrame:
    md = load_market_data()
    cols = {i: pd.Series(md.instruments[i].series.prices, index=md.instruments[i].series.dates) for i in ids}
    df = pd.DataFrame(cols).dropna()
    return df[df.index >= pd.Timestamp(start)]


def metric(result: dict[str, Any], name: str) -> float:
    return float(next(m["value"] for m in result["metrics"] if m["name"] == name))


async def test_ten_asset_analysis_matches_empyrical(svc: Running) -> None:
    body = {
        "holdings": [{"instrument": i, "weight": float(w)} for i, w in zip(TEN, W, strict=True)],
        "benchmark": "SP500",
        "risk_free_rate": RF,
        "start_date": START,
    }
    res = await svc.client.analyze(body)
    prices = frame([*TEN, "SP500"], START)
    rets = prices.pct_change().dropna()
    r = rets[TEN].to_numpy() @ W  # fixed weights, rebalanced daily
    b = rets["SP500"].to_numpy()
    assert res["window"]["start"] == str(prices.index[0].date())
    assert res["window"]["observations"] == len(prices)
    expect = {
        "cumulative_return": ep.cum_returns_final(r),
        "cagr": ep.annual_return(r),
        "annual_volatility": ep.annual_volatility(r),
        "sharpe_ratio": ep.sharpe_ratio(r, risk_free=RF_D),
        "sortino_ratio": ep.sortino_ratio(r, required_return=RF_D),
        "max_drawdown": -ep.max_drawdown(r),
        "calmar_ratio": ep.calmar_ratio(r),
        "beta": ep.beta(r, b, risk_free=RF_D),
        "alpha": ep.alpha(r, b, risk_free=RF_D),
        # Grinold and Kahn, Active Portfolio Management (2nd ed.), ch. 5: IR = annualised active return over
        # annualised tracking error; empyrical's excess_sharpe is its per-period form.
        "information_ratio": ep.excess_sharpe(r, b) * math.sqrt(252),
        "tracking_error": float(np.std(r - b, ddof=1)) * math.sqrt(252),
    }
    for name, ref in expect.items():
        assert metric(res, name) == pytest.approx(float(ref), rel=REL), name
    hist = {v["confidence"]: v for v in res["value_at_risk"] if v["method"] == "historical"}
    for c in (0.95, 0.99):
        assert hist[c]["var"] == pytest.approx(-ep.value_at_risk(r, cutoff=1 - c), rel=REL)
        assert hist[c]["cvar"] == pytest.approx(-ep.conditional_value_at_risk(r, cutoff=1 - c), rel=REL)
    corr = np.array(res["correlation"]["values"]).reshape(10, 10)
    np.testing.assert_allclose(corr, rets[TEN].corr().to_numpy(), rtol=0, atol=1e-12)


async def test_chinese_buy_and_hold_portfolio_matches_empyrical(svc: Running) -> None:
    """Quantities held throughout: r_p from the value series sum_i q_i P_i,t (CN A-shares, CNY)."""
    ids, qty = ["600036.SH", "600085.SH", "600809.SH", "002594.SZ"], np.array([3000.0, 1000.0, 800.0, 500.0])
    res = await svc.client.analyze({
        "holdings": [{"instrument": i, "quantity": float(q)} for i, q in zip(ids, qty, strict=True)],
        "benchmark": "000001.SH", "risk_free_rate": 0.015,
    })
    prices = frame([*ids, "000001.SH"], "1900-01-01")
    value = prices[ids].to_numpy() @ qty
    r = value[1:] / value[:-1] - 1
    b = prices["000001.SH"].pct_change().dropna().to_numpy()
    rf_d = 1.015 ** (1 / 252) - 1
    assert res["window"] == {
        "start": str(prices.index[0].date()), "end": str(prices.index[-1].date()), "observations": len(prices),
        "as_of": "2017-07-26", "source": res["window"]["source"], "currency": "CNY",
    }
    expect = {
        "cumulative_return": value[-1] / value[0] - 1,
        "cagr": ep.annual_return(r),
        "annual_volatility": ep.annual_volatility(r),
        "sharpe_ratio": ep.sharpe_ratio(r, risk_free=rf_d),
        "max_drawdown": -ep.max_drawdown(r),
        "beta": ep.beta(r, b, risk_free=rf_d),
        "alpha": ep.alpha(r, b, risk_free=rf_d),
    }
    for name, ref in expect.items():
        assert metric(res, name) == pytest.approx(float(ref), rel=REL), name
    weights = {w["instrument"]: w["weight"] for w in res["weights"]}
    last = prices[ids].to_numpy()[-1] * qty
    for i, w in zip(ids, last / last.sum(), strict=True):
        assert weights[i] == pytest.approx(w, rel=1e-12)


async def test_parametric_var_against_the_textbook(svc: Running) -> None:
    """Gaussian VaR/ES (Jorion, Value at Risk, 3rd ed., ch. 5): VaR = -(mu + z sd), ES = -(mu - sd phi(z)/a).
    Cornish-Fisher (Zangari 1996) quantile; its ES in closed form by integrating the expansion over the normal
    tail with E[Z^k; Z < z] (Maillard 2012, "A User's Guide to the Cornish Fisher Expansion")."""
    res = await svc.client.analyze({"holdings": [{"instrument": "000001.SH"}]})
    p = frame(["000001.SH"], "1900-01-01")["000001.SH"].to_numpy()
    r = p[1:] / p[:-1] - 1
    mu, sd = r.mean(), r.std(ddof=1)
    d = r - mu
    s, k = np.mean(d**3) / np.mean(d**2) ** 1.5, np.mean(d**4) / np.mean(d**2) ** 2 - 3
    got = {(v["method"], v["confidence"]): v for v in res["value_at_risk"]}
    for c in (0.95, 0.99):
        a = 1 - c
        z = norm.ppf(a)
        g = got[("gaussian", c)]
        assert g["var"] == pytest.approx(-(mu + z * sd), rel=REL)
        assert g["cvar"] == pytest.approx(-(mu - sd * norm.pdf(z) / a), rel=REL)
        if ("cornish_fisher", c) not in got:
            assert any("cornish_fisher" in n for n in res["notes"])
            continue
        q = z + (z**2 - 1) * s / 6 + (z**3 - 3 * z) * k / 24 - (2 * z**3 - 5 * z) * s**2 / 36
        tail = norm.pdf(z) / a * (-1 - s * z / 6 + k * (1 - z**2) / 24 + s**2 * (2 * z**2 - 1) / 36)
        assert got[("cornish_fisher", c)]["var"] == pytest.approx(-(mu + q * sd), rel=REL)
        assert got[("cornish_fisher", c)]["cvar"] == pytest.approx(-(mu + tail * sd), rel=1e-8)


def reference_frontier(ids: list[str], start: str, bounds: tuple[float, float]) -> EfficientFrontier:
    rets = frame(ids, start).pct_change().dropna()
    return EfficientFrontier(rets.mean() * 252, rets.cov() * 252, weight_bounds=bounds, solver="CLARABEL")


def weights_of(result: dict[str, Any], ids: list[str]) -> np.ndarray:
    got = {w["instrument"]: w["weight"] for w in result["allocation"]["weights"]}
    return np.array([got[i] for i in ids])


@pytest.mark.parametrize("objective", ["min_volatility", "max_sharpe", "target_return"])
async def test_optimisation_matches_pypfopt(svc: Running, objective: str) -> None:
    ids, start, upper = TEN[:8], "2014-01-01", 0.3
    body: dict[str, Any] = {
        "instruments": ids, "objective": objective, "risk_free_rate": RF, "max_weight": upper, "start_date": start,
    }
    ef = reference_frontier(ids, start, (0.0, upper))
    if objective == "min_volatility":
        ef.min_volatility()
    elif objective == "max_sharpe":
        ef.max_sharpe(risk_free_rate=RF)
    else:
        body["target_return"] = 0.15
        ef.efficient_return(0.15)
    res = await svc.client.optimize(body)
    ours = weights_of(res, ids)
    ref = np.array([ef.weights[i] for i in range(len(ids))])
    assert ours.sum() == pytest.approx(1.0, abs=1e-12)
    assert (ours >= -1e-12).all() and (ours <= upper + 1e-12).all()
    # The reference is an interior-point solution (tolerance ~1e-8); ours is an exact active-set solution.
    np.testing.assert_allclose(ours, ref, atol=2e-5)
    _, ref_vol, ref_sharpe = ef.portfolio_performance(risk_free_rate=RF)
    if objective == "max_sharpe":
        assert res["allocation"]["sharpe_ratio"] >= ref_sharpe - 1e-9
    else:
        assert res["allocation"]["volatility"] <= ref_vol * (1 + 1e-9)


async def test_loans_and_rates_match_numpy_financial(svc: Running) -> None:
    p, rate, n = 1_000_000.0, 0.049, 360
    loan = await svc.client.loan_schedule(
        {"principal": p, "annual_rate": rate, "months": n, "method": "equal_payment", "include_rows": True}
    )
    i = rate / 12
    per = np.arange(1, n + 1)
    np.testing.assert_allclose([r["payment"] for r in loan["rows"]], -npf.pmt(i, n, p) * np.ones(n), rtol=REL)
    np.testing.assert_allclose([r["interest"] for r in loan["rows"]], -npf.ipmt(i, per, n, p), rtol=REL)
    np.testing.assert_allclose([r["principal"] for r in loan["rows"]], -npf.ppmt(i, per, n, p), rtol=1e-8)
    flows = [-1000.0, 250.0, 300.0, 350.0, 400.0, 120.0]
    irr = await svc.client.cashflow_irr({"amounts": flows})
    assert irr["rate"] == pytest.approx(npf.irr(flows), rel=REL)
    plan = await svc.client.project_savings({"initial": 10_000, "monthly": 2_000, "years": 20, "annual_return": 0.06})
    assert plan["deterministic"][-1]["value"] == pytest.approx(npf.fv(0.005, 240, -2000, -10_000), rel=REL)


async def test_xirr_matches_the_documented_excel_example(svc: Running) -> None:
    """Microsoft's XIRR documentation example: these flows give 0.373362535 (37.34 %). Excel iterates only to
    "within 0.000001 percent", so the documented figure is checked to that accuracy, and the exact root by its
    definition: sum CF_i / (1 + r)^((d_i - d_0) / 365) = 0."""
    amounts = [-10000, 2750, 4250, 3250, 2750]
    dates = ["2008-01-01", "2008-03-01", "2008-10-30", "2009-02-15", "2009-04-01"]
    res = await svc.client.cashflow_irr({"amounts": amounts, "dates": dates})
    assert res["rate"] == pytest.approx(0.373362535, rel=1e-8)
    days = (np.array(dates, dtype="datetime64[D]") - np.datetime64(dates[0])).astype(float)
    npv = float(np.sum(np.array(amounts) / (1 + res["rate"]) ** (days / 365)))
    assert abs(npv) < 1e-9 * 10000
    assert res["unit"].endswith("per year")
