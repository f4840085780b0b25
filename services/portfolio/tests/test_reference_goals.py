"""Savings goals (SolveGoal) against numpy-financial: fv, pmt, pv and nper (1e-9 relative), and the RPC's edges."""

from __future__ import annotations

import math

import numpy_financial as npf
import pytest
from advisor.v1 import portfolio_pb2 as pb

from services.common.errors import InvalidArgument
from services.portfolio import projections, tools_finance

REL = 1e-9
CASES = [(0.0, 800.0, 216, 0.04), (150_000.0, 0.0, 96, 0.055), (30_000.0, 2_500.0, 420, 0.07),
         (5_000.0, 100.0, 7, 0.12), (12_000.0, 600.0, 60, -0.02)]


def _plan(initial: float, monthly: float, at_start: bool = False, inflation: float = 0.0) -> projections.Plan:
    return projections.Plan(initial, monthly, 0, at_start, inflation)


@pytest.mark.parametrize(("initial", "monthly", "months", "rate"), CASES)
@pytest.mark.parametrize("at_start", [False, True])
def test_final_value_is_fv(initial: float, monthly: float, months: int, rate: float, at_start: bool) -> None:
    g = projections.solve_goal("final_value", _plan(initial, monthly, at_start, 0.03), months, rate, 0.0)
    fv = npf.fv(rate / 12, months, -monthly, -initial, when="begin" if at_start else "end")
    assert g.final_value == pytest.approx(fv, rel=REL)
    assert g.real_value == pytest.approx(fv / 1.03 ** (months / 12), rel=REL)
    assert g.total_contributed == pytest.approx(initial + monthly * months, rel=REL)


@pytest.mark.parametrize(("initial", "months", "rate", "target"), [(0.0, 120, 0.05, 100_000.0),
                                                                   (200_000.0, 120, 0.05, 1_000_000.0),
                                                                   (10_000.0, 30, 0.0, 40_000.0)])
@pytest.mark.parametrize("at_start", [False, True])
def test_monthly_needed_is_pmt(initial: float, months: int, rate: float, target: float, at_start: bool) -> None:
    g = projections.solve_goal("monthly", _plan(initial, 0.0, at_start), months, rate, target)
    when = "begin" if at_start else "end"
    expected = -npf.pmt(rate / 12, months, -initial, target, when=when) if rate else (target - initial) / months
    assert g.monthly == pytest.approx(expected, rel=REL)
    assert g.final_value == pytest.approx(target, rel=REL)


def test_lump_sum_needed_is_pv() -> None:
    g = projections.solve_goal("initial", _plan(0.0, 500.0), 180, 0.06, 300_000.0)
    assert g.initial == pytest.approx(-npf.pv(0.005, 180, -500, 300_000), rel=REL)
    assert g.final_value == pytest.approx(300_000, rel=REL)


@pytest.mark.filterwarnings("ignore:divide by zero:RuntimeWarning")  # numpy-financial nper without payments
@pytest.mark.parametrize(("initial", "monthly", "rate", "target"), [(0.0, 1_000.0, 0.06, 500_000.0),
                                                                    (50_000.0, 0.0, 0.04, 80_000.0),
                                                                    (10_000.0, 300.0, 0.0, 40_000.0)])
def test_months_to_target_is_nper_rounded_up(initial: float, monthly: float, rate: float, target: float) -> None:
    g = projections.solve_goal("months", _plan(initial, monthly), 0, rate, target)
    n = float(npf.nper(rate / 12, -monthly, -initial, target)) if rate else (target - initial) / monthly
    assert g.months_exact == pytest.approx(n, rel=1e-9)
    assert g.months == math.ceil(n) and g.reached
    assert g.final_value >= target


def test_a_covered_target_needs_nothing_more_and_an_unreachable_one_says_so() -> None:
    assert projections.solve_goal("monthly", _plan(1e6, 0.0), 120, 0.05, 1e5).monthly == 0.0
    never = projections.solve_goal("months", _plan(1_000.0, 0.0), 0, 0.0, 5_000.0)
    assert not never.reached and never.months == 0


def test_rpc_solves_and_reports_real_value() -> None:
    req = pb.SolveGoalRequest(solve_for="monthly", initial=100_000, months=144, annual_return=0.06,
                              target=800_000, inflation=0.02, currency="CNY")
    r = tools_finance.solve_goal(req, None)  # type: ignore[arg-type]  # no market data needed
    assert r.monthly_amount == pytest.approx(-npf.pmt(0.005, 144, -100_000, 800_000), rel=REL)
    assert r.real_value == pytest.approx(800_000 / 1.02**12, rel=REL)
    assert r.years == 12 and r.solved_for == "monthly" and r.currency == "CNY"


@pytest.mark.parametrize("req", [pb.SolveGoalRequest(solve_for="rate", months=12),
                                 pb.SolveGoalRequest(solve_for="monthly", months=12, annual_return=0.05),
                                 pb.SolveGoalRequest(solve_for="months", target=1e5, annual_return=0.05),
                                 pb.SolveGoalRequest(months=0, monthly=100, annual_return=0.05),
                                 pb.SolveGoalRequest(months=12, monthly=100, annual_return=float("nan"))])
def test_rpc_refuses_bad_input(req: pb.SolveGoalRequest) -> None:
    with pytest.raises(InvalidArgument):
        tools_finance.solve_goal(req, None)  # type: ignore[arg-type]
