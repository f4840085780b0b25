"""Helpers shared by the planner steps: rows of named dates, the default window, the price column."""

from __future__ import annotations

from services.portfolio.tables import question as q
from services.portfolio.tables.ops import Window
from services.portfolio.tables.resolve import DateRef, not_trading, require_column

PRICE_KEYS = ("close", "open", "high", "low", "adj_close")


def date_indices(p: q.Plan, refs: list[DateRef]) -> list[int]:
    out = []
    for r in refs:
        if r.index is None:
            assert r.date is not None
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
