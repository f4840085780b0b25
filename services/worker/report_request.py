"""The body of ``POST /v1/reports`` and how it maps onto portfolio-tool's AnalyzeRequest.

Shape is checked here (types, limits, no unknown fields); meaning (known instruments, a period with data) is
checked by portfolio-tool itself at submission, with the same request the worker will send, so a job that
was accepted can be computed and a refused one names the field the service named.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator


class ReportHolding(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    instrument: str = Field(min_length=1, max_length=32, description="a shipped instrument id (ListInstruments)")
    weight: float | None = Field(None, gt=0, le=1, description="fixed weight; weights sum to 1 (one holding: omit)")


class ReportBody(BaseModel):
    """Holdings, a period (ISO dates, both optional: the whole common history), a benchmark and a language."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    holdings: list[ReportHolding] = Field(min_length=1, max_length=20)
    start_date: str = Field("", description="first day of the period (YYYY-MM-DD); empty: from the first data")
    end_date: str = Field("", description="last day of the period (YYYY-MM-DD); empty: to the data's as-of date")
    benchmark: str = Field("", max_length=32, description="a shipped instrument to compare against")
    risk_free_rate: float = Field(0.0, ge=-0.05, le=0.5)
    language: Literal["zh", "en"] = "zh"
    monthly: bool = Field(False, description="also send this report every month (the last 12 months)")

    @field_validator("start_date", "end_date")
    @classmethod
    def _iso_date(cls, value: str) -> str:
        if value:
            try:
                date.fromisoformat(value)
            except ValueError:
                raise ValueError("must be an ISO date, YYYY-MM-DD") from None
            if len(value) != 10:
                raise ValueError("must be an ISO date, YYYY-MM-DD")
        return value


def analyze_body(body: ReportBody, *, start_date: str | None = None, end_date: str | None = None) -> dict[str, Any]:
    """The AnalyzeRequest (as a dict) for the whole period, or for a sub-window when dates are given."""
    return {
        "holdings": [h.model_dump(exclude_none=True) for h in body.holdings],
        "benchmark": body.benchmark,
        "risk_free_rate": body.risk_free_rate,
        "start_date": body.start_date if start_date is None else start_date,
        "end_date": body.end_date if end_date is None else end_date,
    }


def monthly_period(today: date, as_of: str) -> tuple[str, str]:
    """A monthly report covers the 12 months to the end of the previous month, or to the data's as-of date
    when the data ends earlier (the shipped data is historical)."""
    first = today.replace(day=1)
    end = min(first - timedelta(days=1), date.fromisoformat(as_of))
    year = end.year - 1
    day = min(end.day, calendar.monthrange(year, end.month)[1])
    return (date(year, end.month, day) + timedelta(days=1)).isoformat(), end.isoformat()
