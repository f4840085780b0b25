"""From request messages to aligned price data, and the window and conventions every result carries."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from advisor.v1 import portfolio_pb2 as pb

from services.portfolio.marketdata import DateArray, MarketData, Series, own_series, window_mask
from services.portfolio.models import Conventions
from services.portfolio.validate import FloatArray, fail, max_items

MAX_SERIES = 50
MAX_POINTS = 20_000  # prices per own series: about 80 years of trading days
MIN_OWN_PRICES = 2  # per series; each tool then asks for the length it needs


@dataclass(frozen=True)
class Ref:
    """Where one series comes from: a shipped instrument id, or the caller's own series."""

    field: str
    instrument: str
    series: pb.PriceSeries | None

    def given(self) -> bool:
        return bool(self.instrument or (self.series is not None and self.series.prices))


@dataclass(frozen=True)
class Aligned:
    labels: list[str]
    series: list[Series]
    dates: DateArray
    prices: FloatArray  # rows: dates, columns: series


def series_of(ref: Ref, md: MarketData) -> tuple[str, Series]:
    own = ref.series is not None and (len(ref.series.prices) > 0 or len(ref.series.dates) > 0)
    if ref.instrument and own:
        raise fail(ref.field, "give either an instrument id or a price series, not both")
    if ref.instrument:
        s = md.series(f"{ref.field}.instrument", ref.instrument)
        return s.id, s
    if own and ref.series is not None:
        field = f"{ref.field}.series"
        max_items(f"{field}.prices", len(ref.series.prices), MAX_POINTS)
        s = own_series(field, list(ref.series.dates), list(ref.series.prices), ref.series.currency, MIN_OWN_PRICES)
        return ref.series.name or field, s
    raise fail(ref.field, "give an instrument id or a price series")


def aligned(refs: Sequence[Ref], md: MarketData, start: str, end: str, what: str) -> Aligned:
    """Resolve, check there is one currency, inner-join on dates, apply the window."""
    if not refs:
        raise fail(what, "at least one is needed")
    max_items(what, len(refs), MAX_SERIES)
    pairs = [series_of(r, md) for r in refs]
    currencies = sorted({s.currency for _, s in pairs})
    if len(currencies) > 1:
        raise fail(what, f"mixes currencies {', '.join(currencies)}; convert the prices to one currency first")
    shipped = tuple(s.id for _, s in pairs if not s.own)
    if len(shipped) == len(pairs):
        dates, cols = _aligned_shipped(md, shipped)
    else:
        dates, columns = align_dates([r.field for r in refs], [s for _, s in pairs])
        cols = np.column_stack(columns)
    mask = window_mask(dates, start, end)
    if int(mask.sum()) < 2:
        raise fail("start_date", f"only {int(mask.sum())} common dates inside the window")
    labels = [label for label, _ in pairs]
    return Aligned(labels, [s for _, s in pairs], dates[mask], cols[mask])


_SHIPPED: dict[tuple[int, tuple[str, ...]], tuple[DateArray, FloatArray]] = {}  # the data never changes
_SHIPPED_MAX = 512


def _aligned_shipped(md: MarketData, ids: tuple[str, ...]) -> tuple[DateArray, FloatArray]:
    """Aligned shipped instruments, computed once per set of ids in this process."""
    key = (id(md), ids)
    found = _SHIPPED.get(key)
    if found is None:
        dates, cols = align_dates(list(ids), [md.instruments[i].series for i in ids])
        found = (dates, np.column_stack(cols))
        if len(_SHIPPED) >= _SHIPPED_MAX:
            _SHIPPED.pop(next(iter(_SHIPPED)))
        _SHIPPED[key] = found
    return found


def align_dates(fields: Sequence[str], series: Sequence[Series]) -> tuple[DateArray, list[FloatArray]]:
    """Inner join on dates in O(total points), by counting each calendar day. A caller's own series must keep
    every point: if the others lack some of its dates, the series do not match and the request is refused
    rather than silently trimmed."""
    days = [s.dates.astype(np.int64) for s in series]
    base = min(int(d[0]) for d in days)
    counts = np.zeros(max(int(d[-1]) for d in days) - base + 1, dtype=np.int32)
    for d in days:
        counts[d - base] += 1
    keep = [counts[d - base] == len(series) for d in days]
    for field, s, k in zip(fields, series, keep, strict=True):
        if s.own and not k.all():
            raise fail(
                f"{field}.series.dates",
                f"{s.dates.size} dates, of which only {int(k.sum())} are shared with the other series "
                "(the series do not match in length or dates)",
            )
    return series[0].dates[keep[0]], [s.prices[k] for s, k in zip(series, keep, strict=True)]


def data_window(a: Aligned, md: MarketData) -> pb.DataWindow:
    return pb.DataWindow(
        start=str(a.dates[0]),
        end=str(a.dates[-1]),
        observations=int(a.dates.size),
        as_of=max(s.as_of or str(s.dates[-1]) for s in a.series),
        source="; ".join(sorted({s.source for s in a.series})),
        currency=a.series[0].currency,
    )


def conventions() -> pb.Conventions:
    c = Conventions()
    return pb.Conventions(
        periods_per_year=c.periods_per_year, ddof=c.ddof, returns=c.returns, compounding=c.compounding,
        risk_free=c.risk_free, var_horizon="one trading day; losses as positive fractions of value",
    )
