"""Pydantic models of the JSON body and result of ``POST /v1/portfolio/analyze``, for the gateway's route and
its OpenAPI spec. They mirror AnalyzeRequest / AnalyzeResponse field by field (a test keeps them in step with
the proto), so a validated body goes to :meth:`PortfolioClient.analyze` as ``body.model_dump(exclude_none=True)``.
Validation here is only the shape (types, finite numbers, no unknown fields); the service checks the meaning
and answers ``<field>: <reason>`` errors of its own.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class _Result(BaseModel):
    model_config = ConfigDict(extra="ignore")


class PriceSeries(_Body):
    name: str = ""
    dates: list[str] = Field(default_factory=list, description="ISO 8601 dates, strictly increasing")
    prices: list[float] = Field(default_factory=list, description="positive prices, one per date")
    currency: str = Field("", description='default "CNY"')


class Holding(_Body):
    instrument: str = Field("", description="a shipped instrument id (ListInstruments), or give `series`")
    series: PriceSeries | None = None
    weight: float | None = Field(None, description="fixed weight, rebalanced daily; weights sum to 1")
    quantity: float | None = Field(None, description="units held (buy and hold)")


class AnalyzeBody(_Body):
    """Holdings by weights or quantities (a single holding needs neither), an optional benchmark, the annual
    risk-free rate as a decimal, and an optional date window."""

    holdings: list[Holding] = Field(min_length=1, max_length=50)
    benchmark: str = ""
    benchmark_series: PriceSeries | None = None
    risk_free_rate: float = 0.0
    start_date: str = ""
    end_date: str = ""


class Metric(_Result):
    name: str
    value: float
    unit: str = Field(description='"fraction" (0.12 = 12 %), "ratio", "days", or a currency code')
    currency: str = ""
    method: str


class Drawdown(_Result):
    max_drawdown: float
    peak_date: str
    trough_date: str
    recovery_date: str = Field(description="empty when not recovered by the window's end")
    duration_days: int


class ValueAtRisk(_Result):
    method: str = Field(description='"historical", "gaussian" or "cornish_fisher"')
    confidence: float
    var: float = Field(description="one-day loss, positive fraction of value")
    cvar: float = Field(description="expected loss beyond the VaR, same unit")


class CorrelationMatrix(_Result):
    instruments: list[str] = Field(default_factory=list)
    values: list[float] = Field(default_factory=list, description="row-major")


class RiskContribution(_Result):
    instrument: str
    weight: float
    marginal: float
    contribution: float
    share: float


class Weight(_Result):
    instrument: str
    weight: float


class Conventions(_Result):
    periods_per_year: int
    ddof: int
    returns: str
    compounding: str
    risk_free: str
    var_horizon: str


class DataWindow(_Result):
    start: str
    end: str
    observations: int
    as_of: str
    source: str
    currency: str


class AnalyzeResult(_Result):
    metrics: list[Metric]
    drawdown: Drawdown
    value_at_risk: list[ValueAtRisk]
    correlation: CorrelationMatrix
    risk_contributions: list[RiskContribution]
    weights: list[Weight]
    portfolio_method: str
    conventions: Conventions
    window: DataWindow
    notes: list[str]
