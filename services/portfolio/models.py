"""Plain result types of the portfolio core (no gRPC here). Every number carries its unit and method."""

from __future__ import annotations

from dataclasses import dataclass, field

# Units. Rates and returns are decimals: 0.12 means 12 %.
FRACTION = "fraction"  # a decimal share or rate: 0.12 = 12 %
RATIO = "ratio"  # dimensionless ratio (Sharpe, beta, ...)
DAYS = "days"
COUNT = "count"
YEARS = "years"

PERIODS_PER_YEAR = 252  # trading days: the annualisation factor of daily data
DDOF = 1  # sample standard deviation and covariance


@dataclass(frozen=True)
class Metric:
    name: str
    value: float
    unit: str
    method: str
    currency: str = ""  # set when ``unit`` is a money amount (then unit is the currency code too)


@dataclass(frozen=True)
class Conventions:
    periods_per_year: int = PERIODS_PER_YEAR
    ddof: int = DDOF
    returns: str = "simple daily returns r_t = P_t / P_(t-1) - 1"
    compounding: str = "geometric: CAGR = (1 + cumulative)^(252 / n_returns) - 1"
    risk_free: str = "annual rate converted to daily as (1 + rf)^(1/252) - 1"


@dataclass(frozen=True)
class Window:
    """The data an answer rests on: first and last date used, number of prices, and the data's as-of date."""

    start: str
    end: str
    observations: int
    as_of: str
    source: str
    currency: str


@dataclass
class Notes:
    """Metrics that could not be defined for this input (e.g. Sharpe of a series with zero volatility).
    They are left out of the result and named here, never returned as NaN or infinity."""

    items: list[str] = field(default_factory=list)

    def add(self, text: str) -> None:
        self.items.append(text)
