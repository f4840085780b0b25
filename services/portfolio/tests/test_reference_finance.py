"""Loans, savings plans, growth, IRR and XIRR against numpy-financial and textbook examples (1e-9 relative)."""

from __future__ import annotations

import math

import numpy as np
import numpy_financial as npf
import pytest

from services.portfolio import cashflows, loans, projections

REL = 1e-9


@pytest.mark.filterwarnings("ignore:invalid value encountered:RuntimeWarning")  # numpy-financial at rate 0
@pytest.mark.parametrize(("principal", "rate", "months"), [(1_000_000, 0.039, 360), (250_000, 0.0485, 240),
                                                           (80_000, 0.12, 36), (50_000, 0.0, 24)])
def test_equal_payment_schedule_matches_numpy_financial(principal: float, rate: float, months: int) -> None:
    s = loans.schedule(principal, rate, months, loans.EQUAL_PAYMENT)
    i = rate / 12
    pay = -npf.pmt(i, months, principal)
    periods = np.arange(1, months + 1)
    interest = -npf.ipmt(i, periods, months, principal) if i else np.zeros(months)
    part = -npf.ppmt(i, periods, months, principal)
    for row, ip, pp in zip(s.rows[:-1], interest, part, strict=False):
        assert row.payment == pytest.approx(pay, rel=REL)
        assert row.interest == pytest.approx(ip, rel=REL, abs=1e-9)
        assert row.principal == pytest.approx(pp, rel=REL)
    assert s.rows[-1].payment == pytest.approx(pay, rel=REL)
    assert s.rows[-1].balance == 0.0
    assert s.total_payment == pytest.approx(pay * months, rel=REL)


def test_equal_principal_schedule_matches_textbook() -> None:
    """等额本金: principal P/n each month, interest on the remaining balance (e.g. the People's Bank of China
    mortgage calculators); total interest = P i (n + 1) / 2."""
    principal, rate, months = 1_200_000, 0.042, 300
    s = loans.schedule(principal, rate, months, loans.EQUAL_PRINCIPAL)
    i = rate / 12
    assert s.total_interest == pytest.approx(principal * i * (months + 1) / 2, rel=REL)
    for k, row in enumerate(s.rows):
        assert row.principal == pytest.approx(principal / months, rel=REL)
        assert row.interest == pytest.approx((principal - k * principal / months) * i, rel=REL)


@pytest.mark.parametrize("at_start", [False, True])
def test_savings_plan_matches_numpy_financial_fv(at_start: bool) -> None:
    plan = projections.Plan(initial=20_000, monthly=1_500, years=15, contribute_at_start=at_start, inflation=0.02)
    rows = projections.deterministic(plan, 0.06)
    for row in rows:
        fv = npf.fv(0.06 / 12, 12 * row.year, -1_500, -20_000, when="begin" if at_start else "end")
        assert row.value == pytest.approx(fv, rel=REL)
        assert row.real_value == pytest.approx(fv / 1.02**row.year, rel=REL)


@pytest.mark.parametrize("per_year", [1, 2, 4, 12, 365])
def test_compound_growth_matches_numpy_financial(per_year: int) -> None:
    g = projections.compound(10_000, 0.05, 7.5, per_year, 0.025)
    assert g.future_value == pytest.approx(npf.fv(0.05 / per_year, per_year * 7.5, 0, -10_000), rel=REL)
    assert g.real_future_value == pytest.approx(g.future_value / 1.025**7.5, rel=REL)
    assert g.effective_annual_rate == pytest.approx((1 + 0.05 / per_year) ** per_year - 1, rel=REL)


def test_continuous_compounding_is_the_limit() -> None:
    g = projections.compound(10_000, 0.05, 10, 0, 0.0)
    assert g.future_value == pytest.approx(10_000 * math.e**0.5, rel=REL)


@pytest.mark.parametrize("flows", [
    [-100, 39, 59, 55, 20],
    [-5000, 1000, 1500, 2000, 2500, -300],
    [-1_000_000, 80_000, 80_000, 80_000, 80_000, 1_080_000],
    [-100, 230, -132],  # two rates of return: 10 % and 20 %
])
def test_irr_matches_numpy_financial(flows: list[float]) -> None:
    ours = cashflows.irr(np.array(flows, dtype=float))
    assert ours.rate == pytest.approx(npf.irr(flows), rel=REL)
    assert npf.npv(ours.rate, flows) == pytest.approx(0.0, abs=1e-9 * max(abs(f) for f in flows))


def test_multiple_rates_are_all_reported() -> None:
    ours = cashflows.irr(np.array([-100, 230, -132.0]))
    assert ours.rate == pytest.approx(0.1, rel=REL)
    assert ours.other_rates == [pytest.approx(0.2, rel=REL)]


def test_xirr_matches_excel_documentation_example() -> None:
    """Microsoft's documentation of Excel's XIRR function: these flows give 0.373362535 (37.34 %). Excel
    iterates "until the result is accurate within 0.000001 percent", so its figure is compared at 1e-8; the
    exact root is checked by the net present value."""
    dates = np.array(["2008-01-01", "2008-03-01", "2008-10-30", "2009-02-15", "2009-04-01"], dtype="datetime64[D]")
    flows = np.array([-10_000, 2_750, 4_250, 3_250, 2_750.0])
    ours = cashflows.xirr(dates, flows)
    assert ours.rate == pytest.approx(0.373362535, rel=1e-8)
    years = (dates - dates[0]).astype(float) / 365
    assert float(np.sum(flows / (1 + ours.rate) ** years)) == pytest.approx(0.0, abs=1e-9)


def test_xirr_of_yearly_flows_equals_irr_when_years_have_365_days() -> None:
    dates = np.array(["2021-01-01", "2022-01-01", "2023-01-01", "2024-01-01"], dtype="datetime64[D]")
    flows = np.array([-1000, 300, 400, 500.0])
    assert cashflows.xirr(dates, flows).rate == pytest.approx(npf.irr(flows), rel=REL)


def test_many_flows_are_bracketed_not_solved_as_a_polynomial() -> None:
    """10,000 monthly flows (the largest request): np.roots would be O(n^3); the bracketed solver is not."""
    flows = np.full(10_000, 50.0)
    flows[0] = -100_000.0
    ours = cashflows.irr(flows)
    assert 0 < ours.rate < 0.001
    assert float(np.sum(flows / (1 + ours.rate) ** np.arange(flows.size))) == pytest.approx(0.0, abs=1e-6)
    few = cashflows.irr(flows[:150])  # below the threshold: the polynomial, the same root as numpy-financial
    assert few.rate == pytest.approx(npf.irr(flows[:150]), rel=REL)
