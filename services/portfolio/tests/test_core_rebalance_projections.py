"""Worked examples of rebalancing (A-share lots and fees) and of the Monte Carlo projection, checked by hand."""

from __future__ import annotations

import numpy as np
import pytest

from services.portfolio import projections, rebalance

A_SHARE_FEES = rebalance.Fees(commission_rate=0.00025, min_commission=5.0, stamp_duty_rate=0.0005)


def test_a_share_rebalance_worked_example() -> None:
    """Cash 20,000; 1,050 shares of 600036 at 25.30 (26,565); target 50 % 600036, 40 % 600809 at 41.20.
    V = 46,565. 600036: target 23,282.5 / 25.30 = 920.2 shares, sell 129.8 -> 1 lot (100 shares).
    600809: target 18,626 / 41.20 = 452.1 shares -> 5 lots (500). Sell 2,530: commission max(0.6325, 5) = 5,
    stamp duty 1.265. Buy 20,600: commission 5.15. Cash 20,000 + 2,523.735 - 20,605.15 = 1,918.585."""
    positions = [rebalance.Position("600036.SH", 1050, 25.30, 100, 0.5),
                 rebalance.Position("600809.SH", 0, 41.20, 100, 0.4)]
    r = rebalance.rebalance(positions, 20_000, A_SHARE_FEES)
    sell, buy = r.trades
    assert (sell.side, sell.quantity, sell.commission, sell.stamp_duty) == ("sell", 100, 5.0, pytest.approx(1.265))
    assert (buy.side, buy.quantity, buy.commission, buy.stamp_duty) == ("buy", 500, pytest.approx(5.15), 0.0)
    assert r.cash_after == pytest.approx(1_918.585)
    assert [p.quantity for p in r.positions] == [950, 500]  # the odd 50 shares stay: only whole lots are sold
    assert r.total_fees == pytest.approx(11.415)


def test_zero_target_sells_odd_lots_too() -> None:
    r = rebalance.rebalance([rebalance.Position("600085.SH", 1_234, 30.0, 100, 0.0)], 0.0, A_SHARE_FEES)
    assert r.trades[0].quantity == 1_234 and r.positions[0].quantity == 0


def test_buys_are_cut_when_cash_would_go_negative() -> None:
    """All cash into one stock: rounding to the nearest lot would buy 400 shares (40,000 + 10 fee > 39,000 cash),
    so one lot is cut."""
    r = rebalance.rebalance([rebalance.Position("X", 0, 100.0, 100, 1.0)], 39_000, A_SHARE_FEES)
    assert r.trades[0].quantity == 300
    assert r.cash_after == pytest.approx(39_000 - 30_000 - 7.5)


def _plan(**kw: float) -> projections.Plan:
    base = {"initial": 10_000.0, "monthly": 1_000.0, "years": 10, "contribute_at_start": False, "inflation": 0.02}
    return projections.Plan(**{**base, **kw})  # type: ignore[arg-type]


def test_monte_carlo_is_deterministic_by_seed_and_ordered() -> None:
    history = np.random.default_rng(1).normal(0.006, 0.045, 120)
    a = projections.monte_carlo(_plan(), history, 2000, seed=42, goal=200_000)
    b = projections.monte_carlo(_plan(), history, 2000, seed=42, goal=200_000)
    c = projections.monte_carlo(_plan(), history, 2000, seed=43, goal=200_000)
    assert a == b and a != c
    for band in a.bands:
        assert band.percentiles == sorted(band.percentiles)
        assert band.real_percentiles[2] == pytest.approx(band.percentiles[2] / 1.02**band.year)
    assert a.probability_of_goal is not None and 0 < a.probability_of_goal < 1


def test_monte_carlo_with_a_constant_history_is_the_deterministic_plan() -> None:
    """If every historical month returned exactly 0.5 %, every path is the deterministic plan at 6 % / 12."""
    history = np.full(36, 0.005)
    mc = projections.monte_carlo(_plan(), history, 200, seed=0, goal=0)
    exact = projections.deterministic(_plan(), 0.06)
    for band, row in zip(mc.bands, exact, strict=True):
        assert band.percentiles == pytest.approx([row.value] * 5, rel=1e-12)


def test_monthly_returns_use_month_end_prices() -> None:
    dates = np.arange(np.datetime64("2020-01-01"), np.datetime64("2022-03-01")).astype("datetime64[D]")
    prices = 100 * 1.0001 ** np.arange(dates.size)
    r = projections.monthly_returns(dates, prices)
    assert r.size == 25  # Jan 2020 .. Feb 2022: 26 month ends, 25 returns
    assert r[0] == pytest.approx(1.0001**29 - 1)  # 31 Jan -> 29 Feb 2020


def test_huge_shortfall_is_cut_in_one_step() -> None:
    """1e12 of cash, a 0.01 price and 5 % commission: the shortfall is cut by ~4.8e10 lots at once, not one
    lot per iteration."""
    fees = rebalance.Fees(commission_rate=0.05, min_commission=0.0, stamp_duty_rate=0.0)
    r = rebalance.rebalance([rebalance.Position("X", 0, 0.01, 100, 1.0)], 1e12, fees)
    assert r.cash_after >= 0
    assert r.trades[0].quantity % 100 == 0
    assert r.trades[0].amount * 1.05 <= 1e12
