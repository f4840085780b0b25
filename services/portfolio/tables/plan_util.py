"""Helpers shared by the planner steps: rows of named dates, the default window, the price column."""

from __future__ import annotations

from services.portfolio.tables import question as q
from services.portfolio.tables.cells import queried
from services.portfolio.tables.ops import Window
from services.portfolio.tables.resolve import DateRef, not_trading, require_column

PRICE_KEYS = ("close", "open", "high", "low", "adj_close")


def date_indices(p: q.Plan, refs: list[DateRef], edges: bool = False) -> list[int]:
    """Rows of the named dates. With ``edges`` (a period's ends, not a trade's days), a bound that is not a row is
    the window's first/last row when the table answers a query for a period that holds the bound (取数问句:
    X2024年5月1日至2024年5月20日每日的收盘价; 5月1日 was a holiday): the table then has every trading day of it."""
    out = []
    for r in refs:
        if r.index is None:
            assert r.date is not None
            w = p.window
            outside = w is not None and not p.table.dates[w.start] <= r.date <= p.table.dates[w.end]
            if edges and w is not None and outside and queried(p.table.caption, r.date):
                out.append(w.start if r.date < p.table.dates[w.start] else w.end)
                continue
            raise not_trading(p.table, r.date, p.lang)
        out.append(r.index)
    return out


def whole_window(p: q.Plan) -> Window:
    return p.window or Window(0, len(p.table.dates) - 1)


def price_key(p: q.Plan, keys: list[str]) -> str:
    key = next((k for k in keys if k in PRICE_KEYS), None) or next(
        (k for k in ("close", "adj_close") if p.table.col(k) is not None), "close")
    require_column(p.table, key, p.lang)
    return key
