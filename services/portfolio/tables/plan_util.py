"""Helpers shared by the planner steps: rows of named dates, the default window, the price column."""

from __future__ import annotations

import datetime as dt

from services.portfolio.tables import question as q
from services.portfolio.tables.cells import queried, query_spans
from services.portfolio.tables.model import Table
from services.portfolio.tables.ops import Window
from services.portfolio.tables.resolve import DateRef, not_trading, require_column

PRICE_KEYS = ("close", "open", "high", "low", "adj_close")


def date_indices(p: q.Plan, refs: list[DateRef], edges: bool = False, trade: bool = False) -> list[int]:
    """Rows of the named dates. With ``edges`` (a period's ends, not a trade's days), a bound that is not a row is
    the window's first/last row when the table answers a query for a period that holds the bound (取数问句:
    X2024年5月1日至2024年5月20日每日的收盘价; 5月1日 was a holiday): the table then has every trading day of it.
    With ``trade``, only a day that is exactly where the query's period starts (or ends) moves, to the first (last)
    row within ``PERIOD_EDGE_DAYS``: a trade dated on the period's first day, a holiday, is made at the period's
    first close (`period_edge`); any other day without a row is asked back."""
    out = []
    for r in refs:
        if r.index is None:
            assert r.date is not None
            w = p.window
            outside = w is not None and not p.table.dates[w.start] <= r.date <= p.table.dates[w.end]
            if edges and w is not None and outside and queried(p.table.caption, r.date):
                out.append(w.start if r.date < p.table.dates[w.start] else w.end)
                continue
            if trade and (row := period_edge(p.table, r.date)) is not None:
                note = (f"{r.date.isoformat()} has no trading; the table's query starts or ends its period there, "
                        f"so the trade is made at {p.table.dates[row].isoformat()}, the period's "
                        f"{'first' if row == 0 else 'last'} trading day")
                p.notes += [note] if note not in p.notes else []
                out.append(row)
                continue
            raise not_trading(p.table, r.date, p.lang)
        out.append(r.index)
    return out


PERIOD_EDGE_DAYS = 10  # the longest exchange holiday (Spring Festival, National Day) with its weekends


def period_edge(t: Table, day: dt.date) -> int | None:
    """The first row when ``day`` is where the caption's query period starts and lies just before the first row;
    the last row when it is where the period ends, just after the last row. None otherwise."""
    if not t.dates:
        return None
    for lo, hi in query_spans(t.caption):
        if day == lo and 0 < (t.dates[0] - day).days <= PERIOD_EDGE_DAYS:
            return 0
        if day == hi and 0 < (day - t.dates[-1]).days <= PERIOD_EDGE_DAYS:
            return len(t.dates) - 1
    return None


def whole_window(p: q.Plan) -> Window:
    return p.window or Window(0, len(p.table.dates) - 1)


def price_key(p: q.Plan, keys: list[str]) -> str:
    key = next((k for k in keys if k in PRICE_KEYS), None) or next(
        (k for k in ("close", "adj_close") if p.table.col(k) is not None), "close")
    require_column(p.table, key, p.lang)
    return key
