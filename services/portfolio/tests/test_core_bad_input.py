"""Every kind of bad input the issue names becomes INVALID_ARGUMENT naming the field and the reason, at the
layer the worker processes run (request bytes in, outcome out); and no result ever carries NaN or infinity."""

from __future__ import annotations

import math
from typing import Any

import pytest
from advisor.v1 import portfolio_pb2 as pb
from google.protobuf.message import Message

from services.portfolio import dispatch

NAN, INF = float("nan"), float("inf")
DATES = [f"2020-01-{d:02d}" for d in range(1, 32)] + [f"2020-02-{d:02d}" for d in range(1, 29)]


def prices(n: int = len(DATES), start: float = 10.0) -> list[float]:
    return [start * (1 + 0.01 * math.sin(i)) for i in range(n)]


def own(p: list[float], dates: list[str] | None = None, name: str = "mine") -> pb.PriceSeries:
    return pb.PriceSeries(name=name, dates=dates if dates is not None else DATES[: len(p)], prices=p)


def run(method: str, request: Message) -> tuple[bool, Any]:
    ok, result = dispatch.run(method, request.SerializeToString())
    return ok, (dispatch.RESULTS[method].FromString(result) if ok else result)


def refused(method: str, request: Message) -> str:
    ok, detail = run(method, request)
    assert not ok, "expected INVALID_ARGUMENT"
    name, code, message = detail
    assert name == "InvalidArgument" and code == "invalid_argument"
    return str(message)


BAD: list[tuple[str, str, Message, str]] = [
    ("nan price", "Analyze", pb.AnalyzeRequest(holdings=[pb.Holding(series=own([*prices(40), NAN]))]),
     "holdings[0].series.prices[40]: must be a finite number"),
    ("infinite price", "Analyze", pb.AnalyzeRequest(holdings=[pb.Holding(series=own([INF, *prices(40)]))]),
     "holdings[0].series.prices[0]: must be a finite number"),
    ("non-positive price", "Analyze", pb.AnalyzeRequest(holdings=[pb.Holding(series=own([*prices(40), 0.0]))]),
     "holdings[0].series.prices[40]: prices must be positive"),
    ("too short", "Analyze", pb.AnalyzeRequest(holdings=[pb.Holding(series=own(prices(10)))]),
     "holdings: too short: 10 common dates"),
    ("lengths differ", "Analyze",
     pb.AnalyzeRequest(holdings=[pb.Holding(series=own(prices(40), DATES[:39]))]),
     "holdings[0].series.dates: 39 dates for 40 prices"),
    ("duplicate date", "Analyze",
     pb.AnalyzeRequest(holdings=[pb.Holding(series=own(prices(40), [DATES[0], *DATES[:39]]))]),
     "duplicate date"),
    ("unknown instrument", "Analyze", pb.AnalyzeRequest(holdings=[pb.Holding(instrument="NOPE")]),
     "holdings[0].instrument: unknown instrument 'NOPE'"),
    ("weights do not sum to 1", "Analyze",
     pb.AnalyzeRequest(holdings=[pb.Holding(instrument="AAPL", weight=0.5), pb.Holding(instrument="KO", weight=0.4)]),
     "holdings.weight: weights must sum to 1"),
    ("nan risk-free rate", "Analyze", pb.AnalyzeRequest(holdings=[pb.Holding(instrument="AAPL")], risk_free_rate=NAN),
     "risk_free_rate: must be a finite number"),
    ("absurd risk-free rate", "Analyze", pb.AnalyzeRequest(holdings=[pb.Holding(instrument="AAPL")], risk_free_rate=3),
     "risk_free_rate: must be in"),
    ("mixed currencies", "Analyze",
     pb.AnalyzeRequest(holdings=[pb.Holding(instrument="AAPL", weight=0.5), pb.Holding(instrument="600036.SH",
                                                                                       weight=0.5)]),
     "holdings: mixes currencies"),
    ("own series dates not shared", "Analyze",
     pb.AnalyzeRequest(holdings=[pb.Holding(series=own(prices(40)), weight=0.5),
                                 pb.Holding(series=own(prices(40), DATES[5:45], "b"), weight=0.5)]),
     "holdings[0].series.dates: 40 dates, of which only 35 are shared"),
    ("singular covariance", "Optimize",
     pb.OptimizeRequest(series=[own(prices(50), name="a"), own([2 * p for p in prices(50)], name="b")],
                        objective="min_volatility"),
     "holdings: singular covariance"),
    ("infeasible bounds", "Optimize",
     pb.OptimizeRequest(instruments=["AAPL", "KO", "PG"], objective="min_volatility", max_weight=0.3),
     "bounds: infeasible"),
    ("unreachable target", "Optimize",
     pb.OptimizeRequest(instruments=["AAPL", "KO"], objective="target_return", target_return=5.0),
     "target_return:"),
    ("unknown objective", "Optimize", pb.OptimizeRequest(instruments=["AAPL", "KO"], objective="yolo"),
     "objective: must be one of"),
    ("absurd principal", "LoanSchedule", pb.LoanScheduleRequest(principal=1e15, annual_rate=0.04, months=360),
     "principal: must be in"),
    ("absurd horizon", "LoanSchedule", pb.LoanScheduleRequest(principal=1e6, annual_rate=0.04, months=6000),
     "months: must be a whole number in [1, 600]"),
    ("unknown loan method", "LoanSchedule",
     pb.LoanScheduleRequest(principal=1e6, annual_rate=0.04, months=360, method="balloon"), "method: must be"),
    ("absurd years", "ProjectSavings", pb.ProjectSavingsRequest(monthly=1000, years=500, annual_return=0.05),
     "years: must be a whole number in [1, 60]"),
    ("negative contribution", "ProjectSavings", pb.ProjectSavingsRequest(monthly=-5, years=10),
     "monthly: must be in"),
    ("nan growth rate", "CompoundGrowth", pb.CompoundGrowthRequest(present_value=1, annual_rate=NAN, years=3),
     "annual_rate: must be a finite number"),
    ("irr without a sign change", "CashflowIRR", pb.CashflowIRRRequest(amounts=[100, 200, 300]),
     "needs at least one negative and one positive"),
    ("xirr dates mismatch", "CashflowIRR", pb.CashflowIRRRequest(amounts=[-100, 110], dates=["2020-01-01"]),
     "dates: 1 dates for 2 amounts"),
    ("rebalance overweight", "Rebalance",
     pb.RebalanceRequest(positions=[pb.Position(instrument="A", price=10, target_weight=0.7),
                                    pb.Position(instrument="B", price=10, target_weight=0.6)], cash=1000),
     "positions.target_weight: targets sum to 1.3"),
    ("rebalance negative cash", "Rebalance",
     pb.RebalanceRequest(positions=[pb.Position(instrument="A", price=10, target_weight=0.5)], cash=-1),
     "cash: must be in"),
]


@pytest.mark.parametrize(("case", "method", "request_msg", "expected"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_is_refused_with_field_and_reason(case: str, method: str, request_msg: Message,
                                                    expected: str) -> None:
    message = refused(method, request_msg)
    assert expected in message, message


def test_garbage_bytes_are_invalid_argument() -> None:
    ok, detail = dispatch.run("Analyze", b"\xff\xff\xff")
    assert not ok and detail[0] == "InvalidArgument"


def finite_everywhere(msg: Message, path: str = "") -> None:
    for field, value in msg.ListFields():
        values = value if getattr(field, "is_repeated", False) else [value]
        for v in values:
            if isinstance(v, Message):
                finite_everywhere(v, f"{path}.{field.name}")
            elif isinstance(v, float):
                assert math.isfinite(v), f"{path}.{field.name} = {v}"


GOOD: list[tuple[str, Message]] = [
    ("Analyze", pb.AnalyzeRequest(holdings=[pb.Holding(series=own([10.0] * 40))])),  # constant: undefined ratios
    ("Analyze", pb.AnalyzeRequest(holdings=[pb.Holding(instrument=i, quantity=q) for i, q in
                                            (("600036.SH", 1000), ("600809.SH", 300), ("002594.SZ", 200))],
                                  benchmark="000001.SH", risk_free_rate=0.02)),
    ("Analyze", pb.AnalyzeRequest(holdings=[pb.Holding(instrument="SP500")], benchmark="SP500")),
    ("Optimize", pb.OptimizeRequest(instruments=["HSI.HK", "00700.HK"], objective="frontier", frontier_points=5)),
    ("Optimize", pb.OptimizeRequest(instruments=["AAPL", "KO", "XOM"], objective="max_sharpe", risk_free_rate=0.5)),
    ("ProjectSavings", pb.ProjectSavingsRequest(initial=1e4, monthly=2e3, years=30, annual_return=0.05,
                                                monte_carlo=pb.MonteCarloSpec(instrument="000001.SH", seed=3))),
    ("LoanSchedule", pb.LoanScheduleRequest(principal=3e6, annual_rate=0.0, months=360, include_rows=True)),
    ("CashflowIRR", pb.CashflowIRRRequest(amounts=[-100, 230, -132])),
]


@pytest.mark.parametrize(("method", "request_msg"), GOOD)
def test_results_never_carry_nan_or_infinity(method: str, request_msg: Message) -> None:
    ok, result = run(method, request_msg)
    if not ok:  # a refusal is fine (e.g. no asset beats a 50 % risk-free rate); it must name a field
        assert ": " in result[2]
        return
    finite_everywhere(result)


def test_constant_series_names_what_is_undefined() -> None:
    ok, result = run("Analyze", pb.AnalyzeRequest(holdings=[pb.Holding(series=own([10.0] * 40))]))
    assert ok
    names = {m.name for m in result.metrics}
    assert "sharpe_ratio" not in names and "calmar_ratio" not in names
    assert any(n.startswith("sharpe_ratio: undefined") for n in result.notes)
    assert result.drawdown.max_drawdown == 0.0
