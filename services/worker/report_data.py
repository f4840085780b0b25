"""Everything a portfolio report shows, gathered from portfolio-tool (numbers come from the tool, never from
here): the analysis of the period (returns, risk, drawdown with dates, allocation, benchmark-relative
figures), the benchmark on its own, the growth of both at checkpoints through the period (one analysis per
checkpoint, so the chart is the tool's cumulative return, not a recomputation), and the instruments' names,
sources and as-of dates."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from services.common.errors import InvalidArgument
from services.worker.report_request import ReportBody, analyze_body

CHECKPOINTS = 12

Progress = Callable[[int, str], None]


class Analyzer(Protocol):
    """What the report needs of :class:`services.portfolio.client.PortfolioClient`."""

    async def analyze(self, body: dict[str, Any], *, timeout_s: float | None = None,
                      request_id: str = "") -> dict[str, Any]: ...

    async def list_instruments(self, *, timeout_s: float | None = None, request_id: str = "") -> dict[str, Any]: ...

    async def close(self) -> None: ...


@dataclass
class ReportData:
    body: ReportBody
    analysis: dict[str, Any]
    benchmark: dict[str, Any] | None
    instruments: dict[str, dict[str, Any]]  # id -> InstrumentInfo
    data_as_of: str
    growth: list[tuple[str, float, float | None]] = field(default_factory=list)  # (date, portfolio, benchmark)

    def metric(self, name: str, which: str = "portfolio") -> float | None:
        source = self.analysis if which == "portfolio" else (self.benchmark or {})
        for m in source.get("metrics", []):
            if m["name"] == name:
                return float(m["value"])
        return None


def checkpoints(start: str, end: str, n: int = CHECKPOINTS) -> list[str]:
    """``n`` dates spread evenly over (start, end], ending on ``end``."""
    a, b = date.fromisoformat(start), date.fromisoformat(end)
    span = (b - a).days
    days = sorted({round(span * (i + 1) / n) for i in range(n)})
    return [date.fromordinal(a.toordinal() + d).isoformat() for d in days if d > 0]


async def _cumulative(client: Analyzer, body: dict[str, Any], request_id: str) -> float | None:
    try:
        result = await client.analyze(body, request_id=request_id)
    except InvalidArgument:
        return None  # too few prices before this checkpoint (e.g. the first days): no point on the chart
    return next((float(m["value"]) for m in result["metrics"] if m["name"] == "cumulative_return"), None)


async def collect(client: Analyzer, body: ReportBody, progress: Progress, request_id: str = "") -> ReportData:
    """All analyses of one report; domain errors from the tool propagate (the task decides retry or fail)."""
    catalogue = await client.list_instruments(request_id=request_id)
    instruments = {i["id"]: i for i in catalogue["instruments"]}
    progress(10, "analysis")
    analysis = await client.analyze(analyze_body(body), request_id=request_id)
    window = analysis["window"]
    bench_body: dict[str, Any] | None = None
    benchmark = None
    if body.benchmark:
        bench_body = {"holdings": [{"instrument": body.benchmark}], "risk_free_rate": body.risk_free_rate,
                      "start_date": window["start"], "end_date": window["end"]}
        benchmark = await client.analyze(bench_body, request_id=request_id)
    progress(30, "growth")
    growth: list[tuple[str, float, float | None]] = [(window["start"], 0.0, 0.0 if body.benchmark else None)]
    for i, day in enumerate(checkpoints(window["start"], window["end"])):
        port = await _cumulative(client, analyze_body(body, start_date=window["start"], end_date=day), request_id)
        bench = None
        if bench_body is not None:
            bench = await _cumulative(client, {**bench_body, "end_date": day}, request_id)
        if port is not None:
            growth.append((day, port, bench))
        progress(30 + 40 * (i + 1) // CHECKPOINTS, "growth")
    # The as-of date of the data the figures came from (a CN/HK series ends earlier than the US files).
    as_of = window.get("as_of") or catalogue["as_of"]
    return ReportData(body, analysis, benchmark, instruments, as_of, growth)
