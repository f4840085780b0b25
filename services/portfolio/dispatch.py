"""What runs inside a compute worker process: request bytes in, result bytes (or a domain error) out.

The shipped market data is loaded once per worker by :func:`init_worker` (the pool's initializer), never at
import time. Errors cross the process boundary as plain tuples, so nothing depends on pickling exceptions.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from advisor.v1 import portfolio_pb2 as pb
from google.protobuf.message import DecodeError, Message

from services.common import errors
from services.portfolio import tools_finance, tools_markets, tools_tables
from services.portfolio.marketdata import DATA_DIR, MarketData, load_market_data

Tool = Callable[[Any, MarketData], Message]
TOOLS: dict[str, tuple[type[Message], Tool]] = {
    "Analyze": (pb.AnalyzeRequest, tools_markets.analyze),
    "Optimize": (pb.OptimizeRequest, tools_markets.optimize_portfolio),
    "Rebalance": (pb.RebalanceRequest, tools_finance.rebalance_trades),
    "ProjectSavings": (pb.ProjectSavingsRequest, tools_finance.project_savings),
    "CompoundGrowth": (pb.CompoundGrowthRequest, tools_finance.compound_growth),
    "SolveGoal": (pb.SolveGoalRequest, tools_finance.solve_goal),
    "LoanSchedule": (pb.LoanScheduleRequest, tools_finance.loan_schedule),
    "CashflowIRR": (pb.CashflowIRRRequest, tools_finance.cashflow_irr),
    "ListInstruments": (pb.ListInstrumentsRequest, tools_finance.list_instruments),
    "AnswerTable": (pb.TableQuestionRequest, tools_tables.answer_table),
}
RESULTS: dict[str, type[Message]] = {
    "Analyze": pb.AnalyzeResponse, "Optimize": pb.OptimizeResponse, "Rebalance": pb.RebalanceResponse,
    "ProjectSavings": pb.ProjectSavingsResponse, "CompoundGrowth": pb.CompoundGrowthResponse,
    "SolveGoal": pb.SolveGoalResponse,
    "LoanSchedule": pb.LoanScheduleResponse, "CashflowIRR": pb.CashflowIRRResponse,
    "ListInstruments": pb.ListInstrumentsResponse, "AnswerTable": pb.TableAnswerResponse,
}
ERROR_TYPES: dict[str, type[errors.DomainError]] = {
    cls.__name__: cls
    for cls in (errors.InvalidArgument, errors.NotFound, errors.FailedPrecondition, errors.ResourceExhausted,
                errors.Unavailable, errors.DeadlineExceeded, errors.DomainError)
}

# (ok, payload) on success; (False, (error class name, code, message)) on a domain error.
Outcome = tuple[bool, bytes | tuple[str, str, str]]

_market: list[MarketData] = []  # this worker's data, set by init_worker


def init_worker(data_dir: str = "", nice: int = 0) -> None:
    """Load the data; a worker process also lowers its priority, so on a shared core the event loop (health
    checks, other RPCs) runs first."""
    if nice:
        os.nice(nice)
    _market[:] = [load_market_data(Path(data_dir) if data_dir else DATA_DIR)]


def market() -> MarketData:
    if not _market:
        init_worker()
    return _market[0]


def run(method: str, payload: bytes) -> Outcome:
    """Decode, compute, encode. Domain errors become data; anything else propagates (a bug: INTERNAL)."""
    request_type, tool = TOOLS[method]
    try:
        request = request_type.FromString(payload)
        return True, tool(request, market()).SerializeToString()
    except errors.DomainError as err:
        return False, (type(err).__name__, err.code, err.message)
    except DecodeError:
        return False, ("InvalidArgument", "invalid_argument", "request: not a valid protobuf message")


def run_timed(method: str, payload: bytes) -> tuple[bool, bytes | tuple[str, str, str], float]:
    """:func:`run` plus the seconds it took in this worker (for the compute-time histogram)."""
    started = time.perf_counter()
    ok, result = run(method, payload)
    return ok, result, time.perf_counter() - started


def raise_outcome(detail: tuple[str, str, str]) -> None:
    name, code, message = detail
    raise ERROR_TYPES.get(name, errors.DomainError)(message, code=code)


def warm() -> int:
    """Called once per worker at start so the first request does not pay for loading the data."""
    return len(market().instruments)
