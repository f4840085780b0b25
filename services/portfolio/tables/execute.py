"""Run a Plan: call the one operation it names and return its Result."""

from __future__ import annotations

import datetime as dt

from services.portfolio.tables import ops, pairs, trading
from services.portfolio.tables.ops import Result, Window
from services.portfolio.tables.question import Plan


def _rows(p: Plan) -> tuple[int, int]:
    return p.rows[0], p.rows[1]


def _trade_prices(p: Plan) -> tuple[ops.Operand, ops.Operand]:
    t = p.table
    w = p.window or Window(0, len(t.dates) - 1)
    if p.buy_rule == "date":
        buy = ops.cell(t, p.buy_key, p.rows[0], "buy")
    else:
        buy = ops.pick(t, p.buy_key, p.buy_rule, w, "buy")
    if p.sell_rule == "date":
        sell = ops.cell(t, p.sell_key, p.rows[1], "sell")
    else:
        after = t.index(buy.date) if buy.date else None
        sell = ops.pick(t, p.sell_key, p.sell_rule, w, "sell", after=after)
    if buy.date and sell.date and sell.date < buy.date:
        raise ops.OpError("sell_before_buy", "the sell date is before the buy date")
    return buy, sell


def run(p: Plan) -> Result:
    t = p.table
    w = p.window or Window(0, len(t.dates) - 1)
    if p.op == "value":
        res = ops.value_at(t, p.key, p.rows[0])
        if p.want == "loss_rate" and p.key == "pct_change" and isinstance(res.value, float):  # 9月3日亏了百分之几
            lost = max(0.0, -res.value)
            res.remark = {} if res.value <= 0 else {
                "zh": f"当天没有下跌，而是上涨 {res.value:g}%，跌幅（亏损）为 0。",
                "en": f"It did not fall that day: it rose {res.value:g}%, so the loss is 0."}
            res.value, res.formula = lost, f"loss = max(0, -({res.formula}))"
        return res
    if p.op == "pair_trade":
        return pairs.run(p.pair, p.lang)
    if p.op == "date_of":
        return Result(t.dates[p.rows[0]], "date", "", "the date of that row", [], [f"row {p.rows[0] + 1} of the table"])
    if p.op == "change":
        a, b = _rows(p)
        k1, k2 = (p.buy_key, p.sell_key) if p.fn == "columns" else (p.key, p.key)
        res = ops.change(ops.cell(t, k1, a, "start"), ops.cell(t, k2, b, "end"))
        return ops.with_places(res, ops.column(t, k2).places)
    if p.op in ("return", "growth"):
        buy, sell = _trade_prices(p)
        res = ops.ret(buy, sell, "growth" if p.op == "growth" else "return")
        if p.op == "return" and p.want == "loss_rate" and p.fn != "annualised":
            assert isinstance(res.value, float)
            res = trading.as_asked(None, res.value, "loss_rate", "", "sell / buy - 1", res.operands,
                                   res.conventions, res.extra)
        if p.buy_rule != "date" or p.sell_rule != "date":
            res.conventions.append(f"buy rule: {p.buy_rule}, sell rule: {p.sell_rule} (sell on or after the buy)")
        return ops.annualise(res) if p.fn == "annualised" else res
    if p.op == "aggregate":
        return _column_std(p, w) if p.fn == "std" else ops.aggregate(t, p.key, w, p.fn)
    if p.op == "argext":
        return ops.arg_extreme(t, p.key, w, p.fn)
    if p.op == "count":
        res = ops.count_days(t, p.key, w, p.fn, p.a, p.b, p.key2)
        return ops.share(res) if p.mode == "share" else res
    if p.op == "stats":
        return ops.return_stats(t, p.key, w, p.fn, p.ddof)
    if p.op == "drawdown":
        return ops.max_drawdown(t, p.key, w)
    if p.op in ("position", "margin"):
        assert p.trade is not None
        buy, sell = _trade_prices(p)
        fn = trading.margin if p.op == "margin" else trading.position
        res = fn(buy, sell, p.trade, p.want)
        return ops.annualise(res) if p.fn == "annualised" else res  # 年化收益率 of a sized trade
    if p.op in _MORE:
        return _MORE[p.op](p, w)
    raise ops.OpError("unknown_operation", f"unknown operation {p.op}")


def _period_value(p: Plan, w: Window) -> Result:
    cell = p.period
    assert cell is not None
    op = ops.Operand("reported", cell.value, cell.end, cell.label, cell.unit, p.table.instrument)
    return Result(cell.value, "number", cell.unit, "the value the table reports for the period", [op],
                  [f"reported for {cell.start.isoformat()}..{cell.end.isoformat()}; not recomputed"], places=2)


def _value_at_extreme(p: Plan, w: Window) -> Result:
    at = ops.arg_extreme(p.table, p.key, w, p.fn)
    assert isinstance(at.value, dt.date) and p.key2 is not None
    i = p.table.index(at.value)
    assert i is not None
    res = ops.value_at(p.table, p.key2, i)
    res.operands = at.operands + res.operands
    res.formula = f"{p.key2} on the day of the {p.fn}imum {p.key}"
    res.conventions = at.conventions
    return res


def _range_high_low(p: Plan, w: Window) -> Result:
    top, bottom = ops.aggregate(p.table, "high", w, "max"), ops.aggregate(p.table, "low", w, "min")
    res = ops.combine(top, bottom, "diff", ("highest high", "lowest low"))
    res.places = top.places
    return res


def _net_inflow(p: Plan, w: Window) -> Result:
    res = ops.net_flow(p.table, w)
    if p.mode == "outflow":  # 净流出了多少: the same flows with the sign turned
        res.value = -float(res.value)  # type: ignore[arg-type]
        res.formula = f"net outflow = -({res.formula.split(' = ', 1)[1]})"
    return res


def _comparison(p: Plan, w: Window) -> Result:
    res = _compare(p)
    if p.absolute and isinstance(res.value, float) and res.value < 0:
        res.value = -res.value
        res.formula = f"|{res.formula.replace('difference = ', '')}|"
        res.conventions.append("the size of the difference (the question did not say which is subtracted)")
    return res


_MORE = {"period_value": _period_value, "value_at_ext": _value_at_extreme, "range_hl": _range_high_low,
         "net_inflow": _net_inflow, "compare": _comparison}


def _column_std(p: Plan, w: Window) -> Result:
    res = ops.aggregate(p.table, p.key, w, "mean")
    c = ops.column(p.table, p.key)
    vals = [float(v) for v in c.values[w.start:w.end + 1] if v == v]
    if len(vals) < 1 + p.ddof:
        raise ops.OpError("too_few", "a sample standard deviation needs at least two values")
    mean = sum(vals) / len(vals)
    std = (sum((v - mean) ** 2 for v in vals) / (len(vals) - p.ddof)) ** 0.5
    kind = "sample" if p.ddof else "population"
    return Result(std, "number", c.unit, f"{kind} standard deviation (ddof={p.ddof}) of the column: "
                  f"sqrt(sum((x - mean)^2) / (n - {p.ddof}))", [], res.conventions)


def _compare(p: Plan) -> Result:
    t = p.table
    if p.fn.startswith("instruments-"):
        assert p.table2 is not None
        results = []
        for n, tab in enumerate((t, p.table2)):
            if p.fn.endswith("value"):
                d = p.each_date[n] if p.each_date else t.dates[p.rows[0]]
                i = tab.index(d)
                if i is None:
                    raise ops.OpError("not_trading_day", f"{tab.instrument} has no row on {d.isoformat()}")
                results.append(ops.value_at(tab, p.key, i))
            else:
                a, b = t.dates[p.rows[0]], t.dates[p.rows[1]]
                ia, ib = tab.index(a), tab.index(b)
                if ia is None or ib is None:
                    raise ops.OpError("not_trading_day", f"{tab.instrument} has no row on {a} or {b}")
                results.append(ops.ret(ops.cell(tab, p.key, ia, "start"), ops.cell(tab, p.key, ib, "end")))
        names = (t.instrument or "A", p.table2.instrument or "B")
        return ops.combine(results[0], results[1], p.mode, names)
    if p.fn == "columns":
        assert p.key2 is not None
        r1, r2 = ops.value_at(t, p.key, p.rows[0]), ops.value_at(t, p.key2, p.rows[-1])
        return ops.combine(r1, r2, p.mode, (r1.operands[0].column, r2.operands[0].column))
    r1, r2 = ops.value_at(t, p.key, p.rows[0]), ops.value_at(t, p.key, p.rows[1])
    return ops.combine(r1, r2, p.mode, (t.dates[p.rows[0]].isoformat(), t.dates[p.rows[1]].isoformat()))
