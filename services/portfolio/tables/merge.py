"""Several tables of one instrument in one message (a 问财 answer: closes in one table, 涨跌幅 or outflows in another,
or one table per month) become one table over the union of their dates, so a question can use any of their
columns and every row it names. Tables that disagree on a cell are left apart (never averaged or overwritten)."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np

from services.portfolio.tables.model import Column, Table


def _merge(group: list[Table]) -> Table | None:
    dates = sorted({d for t in group for d in t.dates})
    where = {d: i for i, d in enumerate(dates)}
    columns: dict[tuple[str, str], Column] = {}
    for t in group:
        for c in t.columns:
            name = (c.key, c.unit)
            if name not in columns:
                columns[name] = Column(c.key, c.label, c.unit, np.full(len(dates), np.nan), c.places,
                                       [math.nan] * len(dates))
            out = columns[name]
            out.places = max(out.places, c.places)
            for i, d in enumerate(t.dates):
                v, j = float(c.values[i]), where[d]
                if math.isnan(v):
                    continue
                if not math.isnan(out.values[j]) and abs(out.values[j] - v) > 1e-9 * max(1.0, abs(v)):
                    return None  # two tables disagree on one cell: keep them apart
                out.values[j] = v
                assert out.scales is not None
                out.scales[j] = c.scales[i] if c.scales is not None else 1.0
    first = group[0]
    keys = [c.key for c in columns.values()]
    if len(keys) != len(set(keys)):
        return None  # one field in two units (元 and 万元): keep the tables apart
    captions = list(dict.fromkeys(t.caption for t in group if t.caption))
    as_of: dict[dt.date, dt.date] = {}
    for t in group:
        for asked, row in t.as_of.items():
            as_of[asked] = row if as_of.get(asked, row) == row else dt.date.min  # two answers: neither holds
    merged = Table(first.instrument, dates, list(columns.values()), first.fmt, " / ".join(captions),
                   [n for t in group for n in t.notes], first.date_label, [p for t in group for p in t.periods],
                   any(t.sampled for t in group))
    merged.as_of = {a: r for a, r in as_of.items() if r != dt.date.min and a not in where}
    return merged


def merge_same_instrument(tables: list[Table]) -> list[Table]:
    """One table per named instrument (tables with no instrument name are kept as they are)."""
    groups: dict[str, list[Table]] = {}
    order: list[str | int] = []
    for i, t in enumerate(tables):
        if not t.instrument or not t.dates:
            order.append(i)
            continue
        if t.instrument not in groups:
            order.append(t.instrument)
        groups.setdefault(t.instrument, []).append(t)
    out: list[Table] = []
    for key in order:
        if isinstance(key, int):
            out.append(tables[key])
            continue
        group = groups[key]
        merged = _merge(group) if len(group) > 1 else group[0]
        out += [merged] if merged is not None else group
    return out
