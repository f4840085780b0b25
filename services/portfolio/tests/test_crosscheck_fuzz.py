"""Fuzzing the request path (decode, validate, compute, encode, as a worker runs it) with hypothesis: whatever a
caller sends, the answer is either a result whose every number is finite or an INVALID_ARGUMENT naming a field.
Never a NaN, an infinity, or an unexpected exception."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from advisor.v1 import portfolio_pb2 as pb
from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.message import Message
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.portfolio import dispatch

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module", autouse=True)
def worker() -> None:
    dispatch.init_worker()


def numbers(message: Message) -> list[float]:
    """Every float and double anywhere in a message."""
    out: list[float] = []
    for field, value in message.ListFields():
        values = value if field.is_repeated else [value]
        for v in values:
            if field.type == FieldDescriptor.TYPE_MESSAGE:
                out += numbers(v)
            elif field.type in (FieldDescriptor.TYPE_DOUBLE, FieldDescriptor.TYPE_FLOAT):
                out.append(float(v))
    return out


def answer(method: str, request: Message) -> tuple[bool, Any]:
    ok, out = dispatch.run(method, request.SerializeToString())
    if ok:
        assert isinstance(out, bytes)
        result = dispatch.RESULTS[method].FromString(out)
        bad = [x for x in numbers(result) if not math.isfinite(x)]
        assert not bad, (method, bad)
        return True, result
    name, code, message = out
    assert name == "InvalidArgument" and code == "invalid_argument", out
    field, sep, reason = message.partition(": ")
    assert sep and field and reason, message
    return False, message


finite = st.floats(-1e6, 1e6, allow_nan=False)
anything = st.one_of(finite, st.sampled_from([math.nan, math.inf, -math.inf, 0.0, -1.0, 1e300, 5e-324]))


@st.composite
def price_series(draw: st.DrawFn, min_len: int = 2, max_len: int = 120) -> dict[str, Any]:
    n = draw(st.integers(min_len, max_len))
    steps = np.array(draw(st.lists(st.floats(-0.2, 0.2), min_size=n, max_size=n)))
    level = draw(st.sampled_from([1e-6, 1.0, 3000.0, 1e9]))
    prices = level * np.exp(np.cumsum(steps))
    if draw(st.booleans()):
        prices[draw(st.integers(0, n - 1))] = draw(anything)
    dates = np.datetime64("2020-01-01") + np.sort(draw(st.lists(st.integers(0, 3 * n), min_size=n, max_size=n,
                                                                unique=True)))
    return {"dates": [str(d) for d in dates], "prices": [float(p) for p in prices]}


@FUZZ
@given(st.lists(price_series(), min_size=1, max_size=3), anything, st.booleans())
def test_analyze_of_any_series(series: list[dict[str, Any]], rf: float, by_weight: bool) -> None:
    k = len(series)
    request = pb.AnalyzeRequest(risk_free_rate=rf)
    for s in series:
        holding = request.holdings.add(series=pb.PriceSeries(**s))
        if by_weight and k > 1:
            holding.weight = 1.0 / k
    answer("Analyze", request)


@FUZZ
@given(st.lists(price_series(min_len=40, max_len=160), min_size=2, max_size=4),
       st.sampled_from(["min_volatility", "max_sharpe", "target_return", "risk_parity", "frontier", "x"]),
       anything, st.floats(0.0, 1.0))
def test_optimize_of_any_series(series: list[dict[str, Any]], objective: str, target: float, cap: float) -> None:
    dates = series[0]["dates"]
    request = pb.OptimizeRequest(objective=objective, max_weight=cap, target_return=target)
    for i, s in enumerate(series):
        if len(s["prices"]) >= len(dates):
            request.series.add(name=f"s{i}", dates=dates, prices=s["prices"][: len(dates)])
    answer("Optimize", request)


@FUZZ
@given(anything, anything, st.integers(-5, 700), st.sampled_from(["equal_payment", "equal_principal", ""]))
def test_loans_of_any_numbers(principal: float, rate: float, months: int, method: str) -> None:
    answer("LoanSchedule", pb.LoanScheduleRequest(principal=principal, annual_rate=rate, months=months,
                                                  method=method, include_rows=True))


@FUZZ
@given(st.lists(anything, min_size=0, max_size=40), st.booleans())
def test_rates_of_return_of_any_flows(amounts: list[float], dated: bool) -> None:
    dates = [str(np.datetime64("2020-01-01") + 30 * i) for i in range(len(amounts))] if dated else []
    answer("CashflowIRR", pb.CashflowIRRRequest(amounts=amounts, dates=dates))


@FUZZ
@given(anything, anything, st.integers(-1, 80), anything, anything, st.booleans())
def test_savings_and_growth_of_any_numbers(
    initial: float, monthly: float, years: int, rate: float, inflation: float, at_start: bool
) -> None:
    answer("ProjectSavings", pb.ProjectSavingsRequest(
        initial=initial, monthly=monthly, years=years, annual_return=rate, inflation=inflation,
        contribute_at_start=at_start,
        monte_carlo=pb.MonteCarloSpec(instrument="000001.SH", paths=200, seed=7) if at_start else None,
    ))
    answer("CompoundGrowth", pb.CompoundGrowthRequest(
        present_value=initial, annual_rate=rate, years=float(years), compounding_per_year=12, inflation=inflation,
    ))


@FUZZ
@given(st.lists(st.tuples(anything, anything, st.integers(-1, 1000), anything), min_size=1, max_size=6), anything,
       anything, anything)
def test_rebalance_of_any_numbers(
    rows: list[tuple[float, float, int, float]], cash: float, commission: float, stamp: float
) -> None:
    positions = [pb.Position(instrument=f"P{i}", quantity=q, price=p, lot_size=lot, target_weight=w)
                 for i, (q, p, lot, w) in enumerate(rows)]
    ok, result = answer("Rebalance", pb.RebalanceRequest(
        positions=positions, cash=cash,
        fees=pb.Fees(commission_rate=commission, min_commission=5.0, stamp_duty_rate=stamp),
    ))
    if ok:
        assert result.cash_after >= -1e-9 * max(1.0, abs(result.total_value_before))
