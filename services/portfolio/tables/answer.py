"""The answer as the user asked for it (precision, percent or decimal, date format), one explanatory sentence in
the question's language, and the card that shows the computation cell by cell."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from services.portfolio.tables import pairs
from services.portfolio.tables.cells import split_unit
from services.portfolio.tables.ops import Result
from services.portfolio.tables.phrases import Form
from services.portfolio.tables.question import Plan

_DATE_FORMATS = {"YYYY-MM-DD": "%Y-%m-%d", "YYYYMMDD": "%Y%m%d", "YYYY/MM/DD": "%Y/%m/%d", "YYYY.MM.DD": "%Y.%m.%d",
                 "MM/DD/YYYY": "%m/%d/%Y", "YYYY年MM月DD日": "%Y年%m月%d日"}
OP_NAMES = {
    "zh": {"value": "取值", "change": "变化量", "return": "区间收益率", "growth": "增长率", "aggregate": "区间统计",
           "argext": "极值日期", "count": "计数", "stats": "日收益率统计", "drawdown": "最大回撤",
           "net_inflow": "区间净流入", "position": "持仓盈亏", "margin": "融资（杠杆）交易", "compare": "比较",
           "value_at_ext": "极值日的取值", "period_value": "区间取值", "date_of": "日期",
           "range_hl": "最高价与最低价之差", "pair_trade": "两支股票的交易（按规则选一支）"},
    "en": {"value": "value", "change": "change", "return": "return", "growth": "growth rate", "aggregate": "statistic",
           "argext": "date of the extreme", "count": "count of days", "stats": "daily-return statistic",
           "drawdown": "maximum drawdown", "net_inflow": "net inflow", "position": "position P&L",
           "margin": "margin trade", "compare": "comparison", "value_at_ext": "value on the day of the extreme",
           "period_value": "reported period value", "range_hl": "highest high minus lowest low", "date_of": "date",
           "pair_trade": "two-stock trade (one picked by the rule)"},
}


def rounded(value: float, places: int) -> str:
    """Half away from zero on the decimal the float prints as (0.125 -> 0.13), as people and spreadsheets round."""
    q = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{q:,.{places}f}"
    return "0" + text[2:] if text.startswith("-0") and set(text[1:]) <= set("0.,") else text  # no "-0.00"


def format_value(res: Result, form: Form, op: str) -> tuple[Any, str]:
    """(JSON value at full precision, the display string at the requested precision and form)."""
    v = res.value
    if isinstance(v, dt.date):
        return v.isoformat(), v.strftime(_DATE_FORMATS.get(form.date_fmt or "", "%Y-%m-%d"))
    if res.kind == "count":
        return int(v), str(int(v))
    x = float(v)
    if res.kind == "fraction":
        percent = form.percent if form.percent is not None else not (form.places is not None and form.places >= 3)
        if percent:
            return x, rounded(x * 100, 2 if form.places is None else form.places) + "%"
        return x, rounded(x, 4 if form.places is None else form.places)
    if res.unit == "%":
        if form.percent is False:
            return x / 100, rounded(x / 100, 4 if form.places is None else form.places)
        places = form.places if form.places is not None else (res.places if res.places is not None else 2)
        return x, rounded(x, places) + "%"
    if form.percent and op in ("compare",) and res.unit == "":
        return x, rounded(x * 100, 2 if form.places is None else form.places) + "%"
    converted = convert(x, res.unit, form.unit)
    if converted is not None:  # 多少亿元 asked of a 万元 column: 110458.73 万元 -> 11.05 亿元
        value, unit = converted
        whole = unit.endswith(("股", "手")) and abs(value - round(value)) < 1e-6  # a share count has no decimals
        text = rounded(value, form.places if form.places is not None else (0 if whole else 2))
        return value, f"{text} {unit}".strip()
    if form.places is not None:
        places = form.places
    elif res.places is not None and res.kind != "money":
        places = res.places
    else:
        places = 2
    text = rounded(x, places)
    return x, f"{text} {res.unit}".strip() if res.unit else text


_SCALE_WORDS = {"十亿": 1e9, **{w: f for w, f in (("万亿", 1e12), ("千万", 1e7), ("百万", 1e6), ("亿", 1e8),
                                                 ("万", 1e4), ("千", 1e3))}}


def convert(x: float, unit: str, asked: str | None) -> tuple[float, str] | None:
    """The value in the unit the question asked for, when both units are of one family (元, 港元, 股, 手, or none)."""
    if not asked:
        return None
    have_scale, have_base = split_unit(unit)
    word = next((w for w in sorted(_SCALE_WORDS, key=len, reverse=True) if asked.startswith(w)), "")
    want_scale, want_base = _SCALE_WORDS.get(word, 1.0), asked[len(word):]
    if have_base == "手" and want_base == "股":
        have_scale *= 100  # an A-share lot is 100 shares
    elif want_base and have_base and want_base != have_base:
        return None
    if want_scale == have_scale and (want_base == have_base or not want_base):
        return None
    return x * have_scale / want_scale, word + (want_base or have_base)


def card(p: Plan, res: Result, value: Any, formatted: str) -> dict[str, Any]:
    t = p.table
    inputs: dict[str, Any] = {"column": p.key, "rows": [t.dates[i].isoformat() for i in p.rows]}
    if p.window is not None:
        inputs["window"] = [t.dates[p.window.start].isoformat(), t.dates[p.window.end].isoformat()]
    if p.op == "count":
        inputs["condition"] = {"op": p.fn, "a": p.a, "b": p.b}
    if p.op in ("aggregate", "argext", "stats"):
        inputs["function"] = p.fn
    if p.trade is not None:
        inputs["trade"] = {k: v for k, v in vars(p.trade).items() if v not in (None, 0.0)}
    if p.trade is not None or p.buy_rule != "date" or p.sell_rule != "date":
        inputs["buy"] = {"rule": p.buy_rule, "column": p.buy_key}
        inputs["sell"] = {"rule": p.sell_rule, "column": p.sell_key}
    if p.op == "pair_trade":
        inputs.update(pairs.card_inputs(p.pair))
    if p.op == "compare":
        inputs.update(mode=p.mode, of=p.fn, column2=p.key2, instrument2=p.table2.instrument if p.table2 else None)
    return {
        "operation": p.op,
        "instrument": t.instrument,
        "table": {"format": t.fmt, "caption": t.caption, "rows": len(t.dates),
                  "first": t.dates[0].isoformat() if t.dates else None,
                  "last": t.dates[-1].isoformat() if t.dates else None},
        "inputs": inputs,
        "operands": [o.cell() for o in res.operands],
        "formula": res.formula,
        "conventions": res.conventions + p.notes + t.notes,
        "details": {k: (round(v, 10) if isinstance(v, float) else v) for k, v in res.extra.items()},
        "result": {"value": value, "formatted": formatted, "kind": res.kind, "unit": res.unit},
        **({"remark": res.remark[p.lang]} if p.lang in res.remark else {}),
    }


def _plain(x: float) -> str:
    """A cell value for prose: no exponent, no float noise (1500200, 3.09524)."""
    text = f"{x:,.6f}".rstrip("0").rstrip(".")
    return text if text not in ("", "-0") else "0"


def explanation(p: Plan, res: Result, formatted: str) -> str:
    name = OP_NAMES[p.lang].get(p.op, p.op)
    cells = [f"{o.date.isoformat() if o.date else ''} {o.column} {_plain(o.value)}".strip() for o in res.operands[:4]]
    who = f"{p.table.instrument} " if p.table.instrument and p.op != "pair_trade" else ""  # the formula names the pick
    remark = res.remark.get(p.lang, "")
    if p.lang == "zh":
        used = f"，取 {'、'.join(cells)}" if cells else ""
        return f"{who}{name}{used}，按 {res.formula} 计算，结果为 {formatted}。{remark}"
    used = f" using {', '.join(cells)}" if cells else ""
    return f"{who}{name}{used}: {res.formula} = {formatted}." + (f" {remark}" if remark else "")
