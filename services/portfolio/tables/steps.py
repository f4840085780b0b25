"""Planner steps for questions that combine two columns: a value on the day another column peaks (成交量最大的那天的
收盘价), a move between two prices of one day (收盘价相对开盘价涨了多少), days when one column beats another."""

from __future__ import annotations

import re
from dataclasses import replace

from services.portfolio.tables import question as q
from services.portfolio.tables.cells import parse_header
from services.portfolio.tables.ops import Window
from services.portfolio.tables.plan_util import PRICE_KEYS, date_indices, whole_window
from services.portfolio.tables.resolve import Ask, DateRef, column_mentions, require_column
from services.portfolio.tables.trading import Trade

AT_EXTREME = q.cue(r"那天|那一天|当天|当日|这天|这一天|那个交易日|的一天的|一天的|that day|on the day|"
                   r"the day (?:when|with|of)|on the date")
BASE_SECOND = q.cue(r"相对于?|相比|比|较|than|relative to|\bvs\.?\b|versus|compared (?:with|to)")
ABOVE = q.cue(r"高于|大于|超过|above|higher than|greater than|\bover\b|exceed")
BELOW = q.cue(r"低于|小于|below|lower than|less than|under")


def period_value(p: q.Plan, text: str, bare: str, keys: list[str], refs: list[DateRef]) -> bool:
    """A value the table already reports for the period asked (区间涨跌幅[20240902-20240906]): read, not recomputed."""
    if p.table2 is not None:
        return False  # two instruments: compared from their daily columns
    low = text.lower()
    days = {r.date for r in refs if r.date is not None}
    for cell in p.table.periods:
        name = parse_header(cell.label).field.lower()
        if not (name in low or (cell.key in keys and not cell.key.startswith("x:"))):
            continue
        if days and days != {cell.start, cell.end}:
            continue  # other dates: compute from the daily columns instead
        p.op, p.period = "period_value", cell
        return True
    return False


def _agg_fn(bare: str) -> tuple[str, int] | None:
    for name, pat in q.AGG:
        m = pat.search(bare)
        if name in ("max", "min") and m:
            return name, m.start()
    return None


def at_extreme(p: q.Plan, text: str, bare: str, keys: list[str], refs: list[DateRef]) -> bool:
    """The value of one column on the day another column is at its max/min."""
    found = _agg_fn(bare)
    if len(keys) < 2 or not AT_EXTREME.search(bare) or found is None:
        return False
    fn, pos = found
    mentions = [m for m in column_mentions(text, [p.table]) if m.key in keys[:2]]
    criterion = min(mentions, key=lambda m: min(abs(m.start - pos), abs(m.end - pos))).key
    value_key = next(k for k in keys[:2] if k != criterion)
    for k in (criterion, value_key):
        require_column(p.table, k, p.lang)
    p.op, p.fn, p.key, p.key2, p.window = "value_at_ext", fn, criterion, value_key, whole_window(p)
    return True


def intraday(p: q.Plan, text: str, bare: str, keys: list[str], refs: list[DateRef]) -> bool:
    """Two prices of one day (open → close): a return or a change within the day."""
    prices = [k for k in keys if k in PRICE_KEYS]
    if len(prices) < 2 or p.window is not None:
        return False
    rows = date_indices(p, refs)
    if len(rows) != 1:
        return False
    first, second = prices[0], prices[1]
    base, end = (second, first) if BASE_SECOND.search(bare) else (first, second)
    for k in (base, end):
        require_column(p.table, k, p.lang)
    p.buy_key, p.sell_key, p.key, p.rows, p.fn = base, end, end, [rows[0], rows[0]], "columns"
    return True


def column_condition(p: q.Plan, bare: str, keys: list[str]) -> bool:
    """Count days when one column is above/below another (收盘价高于开盘价的天数)."""
    if len(keys) < 2 or not (ABOVE.search(bare) or BELOW.search(bare)):
        return False
    above = ABOVE.search(bare)
    below = BELOW.search(bare)
    gt = above is not None and (below is None or above.start() < below.start())
    for k in keys[:2]:
        require_column(p.table, k, p.lang)
    p.fn, p.key, p.key2 = ("gtc" if gt else "ltc"), keys[0], keys[1]
    return True


THEN_ONE = re.compile(r"分别是多少[，,、]?\s*(?:它们|两者|二者)?(?:的)?(?:差值|差额|相差|之差|比值|比率)")


def one_instrument_at_a_time(text: str, lang: str) -> None:
    """"平安银行与招商银行的最大回撤分别是多少": two answers; ask for one instrument. "…的股价分别是多少，差值是多少"
    asks for one number built from the two (both are its operands, shown with it): answered."""
    if THEN_ONE.search(text):
        return
    if re.search(r"分别|respectively|each of", text, re.I):
        raise Ask("clarify", "two_questions", "请一次问一个标的。" if lang == "zh" else "One instrument at a time, "
                                                                                        "please.")


def both_extremes(bare: str, lang: str) -> None:
    """"最高和最低的日期分别是哪天": two answers asked at once; ask for one."""
    if all(pat.search(bare) for name, pat in q.AGG if name in ("max", "min")) and re.search(
            r"分别|和|与|and|respectively", bare):
        raise Ask("clarify", "two_questions", "请一次问一个：最高的日期，还是最低的日期？" if lang == "zh" else
                  "One at a time, please: the date of the maximum, or of the minimum?")


MOVING_AVERAGE = q.cue(r"(\d+)\s*(?:日|天|个交易日)?\s*(?:均线|移动平均|均价线)|\bma\s?(\d+)\b|"
                       r"(\d+)[- ]day (?:simple )?moving "
                       r"average|(\d+)[- ]day ma\b")


def moving_average(p: q.Plan, text: str, bare: str, keys: list[str], refs: list[DateRef]) -> bool:
    """N日均线 on a date: the mean of the N closes ending that day (the last row if no date is named)."""
    m = MOVING_AVERAGE.search(text)
    if not m:
        return False
    n = int(next(g for g in m.groups() if g))
    rows = date_indices(p, refs)
    end = rows[-1] if rows else len(p.table.dates) - 1
    if n < 1 or end - n + 1 < 0:
        raise Ask("clarify", "out_of_range", f"表中在该日之前不足 {n} 个交易日。" if p.lang == "zh" else
                  f"The table has fewer than {n} trading days up to that date.")
    p.op, p.fn, p.key = "aggregate", "mean", next((k for k in keys if k in PRICE_KEYS), None) or "close"
    require_column(p.table, p.key, p.lang)
    p.window = Window(end - n + 1, end)
    return True


_A_SHARE = re.compile(r"(?<![\d.])(?P<code>\d{6})\.(?P<ex>SH|SZ|BJ)\b")


def board_lot(p: q.Plan, text: str, ret: bool) -> Trade | None:
    """Money spent on an exchange that trades whole lots: a share count depends on the lot.

    A-shares (a .SH/.SZ/.BJ code on the table or in the question): the exchange's buy rule decides, so the amount
    buys whole lots and the rest stays cash (main boards and ChiNext: multiples of 100; STAR market 688/689: at
    least 200, then any count; Beijing exchange: at least 100, then any count). Hong Kong: the lot differs by
    stock and the table does not say it: a profit in money is asked back. A return without fees does not depend on
    the share count: it is computed on the whole amount."""
    trade = p.trade
    assert trade is not None
    if ret and not (trade.fee_rate or trade.fee_min or trade.fee_flat):
        return None  # a return without fees is the same for any share count
    where = f"{p.table.instrument} {text}"
    m = _A_SHARE.search(where)
    if m is not None and not re.search(r"港元|港币|HKD|美元|USD", " ".join(c.unit for c in p.table.columns)):
        code, ex = m.group("code"), m.group("ex")
        if ex == "BJ":
            return replace(trade, lot=1, lot_min=100)
        if code.startswith(("688", "689")):
            return replace(trade, lot=1, lot_min=200)
        return replace(trade, lot=100)
    where += " " + " ".join(c.unit for c in p.table.columns)
    if ret or not re.search(r"\.(?:SH|SZ|BJ|HK)\b|(?<![\d.])[036]\d{5}(?![\d.])|港元", where):
        return None
    zh = ("港股每手股数因股票而异：请告诉我每手股数（或买入的股数），或说明把金额全部投入（按零碎股数计算）。"
          if "港元" in where or ".HK" in where else
          "按整手买入（A股1手=100股），还是把金额全部投入（按零碎股数计算）？请说明，或直接给出股数。")
    raise Ask("clarify", "lot_size", zh if p.lang == "zh" else "Whole board lots (a Hong Kong lot differs by stock: "
              "how many shares per lot?) or the whole amount invested (fractional shares)? Or give the share count.")
