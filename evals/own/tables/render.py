"""Print the raw datasets the way users paste them: terminal Markdown, CSV, JSON (records and columns), transposed,
wide (收盘价[20240916]), console-aligned text; with units, separators, scale words, missing cells, odd dates."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

from evals.own.tables.data import Bar, Dataset, Flow

FIELDS_ZH = {"open": "开盘价(元)", "high": "最高价(元)", "low": "最低价(元)", "close": "收盘价(元)",
             "volume": "成交量(手)",
             "amount": "成交额(万元)", "pct": "涨跌幅(%)"}
FIELDS_EN = {"open": "Open", "high": "High", "low": "Low", "close": "Close Price", "volume": "Volume",
             "amount": "Amount (in millions)", "pct": "Change %"}
DATE_FORMATS: dict[str, Callable[[dt.date], str]] = {
    "iso": lambda d: d.isoformat(),
    "compact": lambda d: d.strftime("%Y%m%d"),
    "zh": lambda d: f"{d.year}年{d.month}月{d.day}日",
    "us": lambda d: f"{d.month}/{d.day}/{d.year}",
    "slash": lambda d: d.strftime("%Y/%m/%d"),
}


def num(v: float | None, places: int, sep: bool = True, missing: str = "--") -> str:
    if v is None:
        return missing
    return f"{v:,.{places}f}" if sep else f"{v:.{places}f}"


PLACES = {"open": 2, "high": 2, "low": 2, "close": 2, "volume": 0, "amount": 2, "pct": 2}


def markdown(ds: Dataset, fields: list[str], *, dates: str = "iso", names: dict[str, str] = FIELDS_ZH,
             descending: bool = False, missing: str = "--", caption: str = "", sep: bool = True,
             date_header: str = "日期") -> str:
    bars = list(reversed(ds.bars)) if descending else ds.bars
    lines = [caption] if caption else []
    lines.append("| " + " | ".join([date_header, *(names[f] for f in fields)]) + " |")
    lines.append("|" + "---|" * (len(fields) + 1))
    for b in bars:
        cells = [DATE_FORMATS[dates](b.date)] + [num(getattr(b, f), PLACES[f], sep, missing) for f in fields]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def scaled_amount(yuan: float | None) -> str:
    """An amount in 元 printed with a scale word, as some terminals do: 15.75亿 / 6434.79万."""
    if yuan is None:
        return "--"
    return f"{yuan / 1e8:.4f}亿" if yuan >= 1e8 else f"{yuan / 1e4:.2f}万"


def markdown_scaled(ds: Dataset) -> str:
    lines = ["| 交易日期 | 收盘价 | 成交额 |", "|:---|---:|---:|"]
    for b in ds.bars:
        yuan = None if b.amount is None else b.amount * 1e4
        lines.append(f"| {DATE_FORMATS['compact'](b.date)} | {num(b.close, 2)} | {scaled_amount(yuan)} |")
    return "\n".join(lines)


def csv_text(ds: Dataset, fields: list[str], *, dates: str = "compact", names: dict[str, str] | None = None,
             code_column: bool = False, missing: str = "") -> str:
    names = names or {f: f for f in fields}
    head = (["code"] if code_column else []) + ["date", *(names[f] for f in fields)]
    rows = [",".join(head)]
    for b in ds.bars:
        cells = ([ds.code] if code_column else []) + [DATE_FORMATS[dates](b.date)]
        cells += [num(getattr(b, f), PLACES[f], False, missing) for f in fields]
        rows.append(",".join(cells))
    return "\n".join(rows)


def json_records(ds: Dataset, fields: list[str], *, names: dict[str, str] | None = None, dates: str = "iso") -> str:
    names = names or {"close": "收盘价", "open": "开盘价", "high": "最高价", "low": "最低价", "volume": "成交量",
                      "amount": "成交额", "pct": "涨跌幅"}
    recs = [{"日期": DATE_FORMATS[dates](b.date), **{names[f]: getattr(b, f) for f in fields}} for b in ds.bars]
    return json.dumps(recs, ensure_ascii=False)


def json_columns(ds: Dataset, fields: list[str]) -> str:
    data: dict[str, list[object]] = {"date": [b.date.isoformat() for b in ds.bars]}
    for f in fields:
        data[f] = [getattr(b, f) for b in ds.bars]
    return json.dumps({"instrument": ds.code, "data": data})


def transposed(ds: Dataset, fields: list[str], n: int) -> str:
    bars = ds.bars[:n]
    lines = ["| 指标 | " + " | ".join(DATE_FORMATS["iso"](b.date) for b in bars) + " |",
             "|" + "---|" * (n + 1)]
    for f in fields:
        lines.append(f"| {FIELDS_ZH[f]} | " + " | ".join(num(getattr(b, f), PLACES[f]) for b in bars) + " |")
    return "\n".join(lines)


def wide(datasets: list[Dataset], n: int) -> str:
    """iFinD-style: one row per instrument, one column per field and date."""
    dates = [b.date for b in datasets[0].bars[:n]]
    head = ["股票代码", "股票简称"] + [f"收盘价[{d.strftime('%Y%m%d')}](元)" for d in dates]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for ds in datasets:
        lines.append("| " + " | ".join([ds.code, ds.name] + [num(b.close, 2) for b in ds.bars[:n]]) + " |")
    return "\n".join(lines)


def aligned(ds: Dataset, fields: list[str]) -> str:
    head = ["Date", *(FIELDS_EN[f].split(" (")[0] for f in fields)]
    rows = [[b.date.isoformat(), *(num(getattr(b, f), PLACES[f], False, "NaN") for f in fields)] for b in ds.bars]
    widths = [max(len(r[i]) for r in [head, *rows]) + 3 for i in range(len(head))]
    return "\n".join("".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in [head, *rows])


def flows_markdown(flows: list[Flow], split: bool) -> str:
    if split:
        lines = ["| 日期 | 资金流入(万元) | 资金流出(万元) |", "|---|---|---|"]
        lines += [f"| {f.date.isoformat()} | {num(f.inflow, 2)} | {num(f.outflow, 2)} |" for f in flows]
    else:
        lines = ["| 日期 | 主力净流入(万元) |", "|---|---|"]
        lines += [f"| {DATE_FORMATS['zh'](f.date)} | {num(f.net, 2)} |" for f in flows]
    return "\n".join(lines)


def bars_of(ds: Dataset) -> list[Bar]:
    return ds.bars
