"""The trading and personal-finance tools between protobuf messages and the plain core."""

from __future__ import annotations

import numpy as np
from advisor.v1 import portfolio_pb2 as pb

from services.portfolio import cashflows, loans, projections, rebalance
from services.portfolio.marketdata import MarketData
from services.portfolio.resolve import Ref, aligned, data_window
from services.portfolio.validate import PRICE_MAX, PRICE_MIN, fail, finite_array, in_range, max_items, whole

MONEY_MAX = 1e12  # larger amounts are a mistake, not a plan
MONEY_MIN = 1e-6  # a non-zero cash flow smaller than this is a unit or rounding error
RATE_RANGE = (-0.5, 1.0)  # assumed annual returns
INFLATION_RANGE = (-0.1, 1.0)
MAX_POSITIONS = 200
MAX_FLOWS = 10_000
DEFAULT_LOT = 100
MAX_GOAL_MONTHS = 720  # A-shares trade in lots of 100 shares


def _money(field: str, value: float, *, positive: bool = False) -> float:
    return in_range(field, value, 0.0, MONEY_MAX, lo_open=positive)


def _position(i: int, p: pb.Position) -> rebalance.Position:
    field = f"positions[{i}]"
    if not p.instrument.strip():
        raise fail(f"{field}.instrument", "is empty")
    return rebalance.Position(
        p.instrument.strip(),
        in_range(f"{field}.quantity", p.quantity, 0.0, MONEY_MAX),
        in_range(f"{field}.price", p.price, PRICE_MIN, PRICE_MAX),
        whole(f"{field}.lot_size", p.lot_size, 0, 1_000_000) or DEFAULT_LOT,
        in_range(f"{field}.target_weight", p.target_weight, 0.0, 1.0),
    )


def rebalance_trades(req: pb.RebalanceRequest, md: MarketData) -> pb.RebalanceResponse:
    if not req.positions:
        raise fail("positions", "at least one position is needed")
    max_items("positions", len(req.positions), MAX_POSITIONS)
    positions = [_position(i, p) for i, p in enumerate(req.positions)]
    total_w = sum(p.target_weight for p in positions)
    if total_w > 1.0 + 1e-9:
        raise fail("positions.target_weight", f"targets sum to {total_w:.9g}, more than 1")
    fees = rebalance.Fees(
        in_range("fees.commission_rate", req.fees.commission_rate, 0.0, 0.05),
        _money("fees.min_commission", req.fees.min_commission),
        in_range("fees.stamp_duty_rate", req.fees.stamp_duty_rate, 0.0, 0.05),
    )
    cash = _money("cash", req.cash)
    if cash + sum(p.quantity * p.price for p in positions) <= 0:
        raise fail("positions", "the account holds nothing: no cash and no shares")
    r = rebalance.rebalance(positions, cash, fees)
    return pb.RebalanceResponse(
        trades=[pb.Trade(instrument=t.instrument, side=t.side, quantity=t.quantity, price=t.price, amount=t.amount,
                         commission=t.commission, stamp_duty=t.stamp_duty, cash_flow=t.cash_flow) for t in r.trades],
        positions=[pb.PositionAfter(instrument=a.instrument, quantity=a.quantity, value=a.value, weight=a.weight,
                                    target_weight=a.target_weight) for a in r.positions],
        cash_before=r.cash_before, cash_after=r.cash_after, total_value_before=r.total_value_before,
        total_value_after=r.total_value_after, total_fees=r.total_fees, max_weight_deviation=r.max_weight_deviation,
        currency=req.currency or "CNY",
        method=rebalance.RULES,
    )


def _plan(req: pb.ProjectSavingsRequest) -> projections.Plan:
    return projections.Plan(
        initial=_money("initial", req.initial),
        monthly=_money("monthly", req.monthly),
        years=whole("years", req.years, 1, 60),
        contribute_at_start=req.contribute_at_start,
        inflation=in_range("inflation", req.inflation, *INFLATION_RANGE),
    )


def _monte_carlo(spec: pb.MonteCarloSpec, plan: projections.Plan, md: MarketData) -> pb.MonteCarloResult:
    paths = whole("monte_carlo.paths", spec.paths, 0, 20_000) or 2000
    if paths < 100:
        raise fail("monte_carlo.paths", f"must be in [100, 20000], got {paths}")
    goal = _money("monte_carlo.goal", spec.goal)
    a = aligned([Ref("monte_carlo", spec.instrument, spec.series)], md, "", "", "monte_carlo")
    history = projections.monthly_returns(a.dates, a.prices[:, 0])
    mc = projections.monte_carlo(plan, history, paths, spec.seed, goal)
    out = pb.MonteCarloResult(
        percentile_levels=projections.PERCENTILES,
        bands=[pb.PercentileBand(year=b.year, percentiles=b.percentiles, real_percentiles=b.real_percentiles)
               for b in mc.bands],
        paths=mc.paths, seed=spec.seed, months_of_history=mc.months_of_history,
        mean_monthly_return=mc.mean_monthly_return, window=data_window(a, md),
        method=f"each month draws one of the {mc.months_of_history} historical monthly returns of {a.labels[0]} "
        f"uniformly with replacement (numpy PCG64, seed {spec.seed}); {paths} paths; percentiles by linear "
        "interpolation",
    )
    if mc.probability_of_goal is not None:
        out.probability_of_goal = mc.probability_of_goal
    return out


def project_savings(req: pb.ProjectSavingsRequest, md: MarketData) -> pb.ProjectSavingsResponse:
    plan = _plan(req)
    rows = projections.deterministic(plan, in_range("annual_return", req.annual_return, *RATE_RANGE))
    timing = "start" if plan.contribute_at_start else "end"
    out = pb.ProjectSavingsResponse(
        deterministic=[pb.YearValue(year=r.year, contributed=r.contributed, value=r.value, real_value=r.real_value)
                       for r in rows],
        currency=req.currency or "CNY",
        method=f"monthly rate = annual_return / 12; contributions at the {timing} of each month; "
        "real_value = value / (1 + inflation)^year",
    )
    spec = req.monte_carlo
    if spec.instrument or spec.series.prices:
        out.monte_carlo.CopyFrom(_monte_carlo(spec, plan, md))
    return out


def compound_growth(req: pb.CompoundGrowthRequest, md: MarketData) -> pb.CompoundGrowthResponse:
    per_year = whole("compounding_per_year", req.compounding_per_year, 0, 365)
    if per_year not in (0, 1, 2, 4, 12, 52, 365):
        raise fail("compounding_per_year", f"must be 1, 2, 4, 12, 52, 365 or 0 (continuous), got {per_year}")
    g = projections.compound(
        _money("present_value", req.present_value),
        in_range("annual_rate", req.annual_rate, *RATE_RANGE),
        in_range("years", req.years, 0.0, 100.0, lo_open=True),
        per_year,
        in_range("inflation", req.inflation, *INFLATION_RANGE),
    )
    return pb.CompoundGrowthResponse(
        future_value=g.future_value, real_future_value=g.real_future_value,
        effective_annual_rate=g.effective_annual_rate, real_annual_rate=g.real_annual_rate,
        currency=req.currency or "CNY",
        method=f"{g.method}; real = FV / (1 + inflation)^t; real rate (1 + effective) / (1 + inflation) - 1",
    )


def solve_goal(req: pb.SolveGoalRequest, md: MarketData) -> pb.SolveGoalResponse:
    unknown = req.solve_for.strip().lower() or "final_value"
    if unknown not in projections.GOAL_UNKNOWNS:
        raise fail("solve_for", f"must be one of {', '.join(projections.GOAL_UNKNOWNS)}, got {req.solve_for!r}")
    plan = projections.Plan(
        initial=0.0 if unknown == "initial" else _money("initial", req.initial),
        monthly=0.0 if unknown == "monthly" else _money("monthly", req.monthly),
        years=0, contribute_at_start=req.contribute_at_start,
        inflation=in_range("inflation", req.inflation, *INFLATION_RANGE),
    )
    months = 0 if unknown == "months" else whole("months", req.months, 1, MAX_GOAL_MONTHS)
    target = _money("target", req.target, positive=unknown != "final_value")
    rate = in_range("annual_return", req.annual_return, *RATE_RANGE)
    if unknown == "months" and plan.initial == 0 and plan.monthly == 0:
        raise fail("monthly", "an initial amount or a monthly contribution is needed to reach a target")
    g = projections.solve_goal(unknown, plan, months, rate, target)
    if g.reached and g.months > MAX_GOAL_MONTHS:
        raise fail("target", f"takes {g.months_exact:.1f} months, more than {MAX_GOAL_MONTHS}")
    timing = "start" if plan.contribute_at_start else "end"
    return pb.SolveGoalResponse(
        solved_for=unknown, initial=g.initial, monthly_amount=g.monthly, months=g.months,
        months_exact=g.months_exact, years=g.months / 12.0, final_value=g.final_value, real_value=g.real_value,
        total_contributed=g.total_contributed, gain=g.final_value - g.total_contributed, target=target,
        reached=g.reached, annual_return=rate, inflation=plan.inflation, currency=req.currency or "CNY",
        method=f"monthly rate = annual_return / 12, contributions at the {timing} of each month; "
        "final value = numpy_financial.fv(r/12, months, -monthly, -initial); monthly needed = pmt, months = nper "
        "(rounded up); real_value = final_value / (1 + inflation)^(months / 12)",
    )


def loan_schedule(req: pb.LoanScheduleRequest, md: MarketData) -> pb.LoanScheduleResponse:
    method = req.method.strip().lower() or loans.EQUAL_PAYMENT
    if method not in (loans.EQUAL_PAYMENT, loans.EQUAL_PRINCIPAL):
        raise fail("method", f"must be equal_payment (等额本息) or equal_principal (等额本金), got {req.method!r}")
    s = loans.schedule(
        _money("principal", req.principal, positive=True),
        in_range("annual_rate", req.annual_rate, 0.0, 1.0),
        whole("months", req.months, 1, 600),
        method,
    )
    rows = s.rows if req.include_rows else [s.rows[0], s.rows[-1]] if len(s.rows) > 1 else s.rows
    return pb.LoanScheduleResponse(
        method=method, monthly_rate=s.monthly_rate,
        rows=[pb.LoanRow(period=r.period, payment=r.payment, interest=r.interest, principal=r.principal,
                         balance=r.balance) for r in rows],
        first_payment=s.rows[0].payment, last_payment=s.rows[-1].payment,
        total_payment=s.total_payment, total_interest=s.total_interest,
        currency=req.currency or "CNY",
        conventions=loans.CONVENTIONS,
    )


def _dates(values: list[str]) -> np.ndarray:
    """ISO dates in any order (cash flows need not be sorted, and two may fall on one day)."""
    out = np.empty(len(values), dtype="datetime64[D]")
    for i, v in enumerate(values):
        try:
            if len(v.strip()) != 10:
                raise ValueError(v)
            out[i] = np.datetime64(v.strip(), "D")
        except ValueError:
            raise fail(f"dates[{i}]", f"not an ISO 8601 date (YYYY-MM-DD): {v!r}") from None
    return out


def cashflow_irr(req: pb.CashflowIRRRequest, md: MarketData) -> pb.CashflowIRRResponse:
    if len(req.amounts) < 2:
        raise fail("amounts", "at least two cash flows are needed")
    max_items("amounts", len(req.amounts), MAX_FLOWS)
    amounts = finite_array("amounts", list(req.amounts))
    if (np.abs(amounts) > MONEY_MAX).any():
        raise fail("amounts", f"amounts above {MONEY_MAX:g} are not plausible")
    tiny = np.flatnonzero((amounts != 0) & (np.abs(amounts) < MONEY_MIN))
    if tiny.size:
        raise fail(f"amounts[{int(tiny[0])}]", f"{amounts[tiny[0]]:g} is below the smallest amount {MONEY_MIN:g}")
    if req.dates:
        if len(req.dates) != len(req.amounts):
            raise fail("dates", f"{len(req.dates)} dates for {len(req.amounts)} amounts: the lengths must match")
        r = cashflows.xirr(_dates(list(req.dates)), amounts)
        unit, method = "fraction per year", "XIRR: sum CF_i / (1 + r)^((d_i - d_0) / 365) = 0 (actual/365, as Excel)"
    else:
        r = cashflows.irr(amounts)
        unit, method = "fraction per period", "IRR: sum CF_t / (1 + r)^t = 0, flows one period apart"
    if r.other_rates:
        method += "; several rates solve it: the one closest to zero is given, the others in other_rates"
    return pb.CashflowIRRResponse(rate=r.rate, other_rates=r.other_rates, unit=unit, method=method)


def list_instruments(req: pb.ListInstrumentsRequest, md: MarketData) -> pb.ListInstrumentsResponse:
    return pb.ListInstrumentsResponse(
        instruments=[
            pb.InstrumentInfo(
                id=i.series.id, name=i.name, name_zh=i.name_zh, kind=i.kind, market=i.market,
                currency=i.series.currency, start=str(i.series.dates[0]), end=str(i.series.dates[-1]),
                observations=int(i.series.dates.size), max_gap_days=i.max_gap_days, source=i.series.source,
            )
            for i in md.instruments.values()
        ],
        as_of=md.as_of,
    )
