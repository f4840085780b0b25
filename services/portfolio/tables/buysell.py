"""Buy and sell prices of a trade question: on the named dates (first = buy), in the price column each clause
names (以开盘价买入), or by a rule over the window (在收盘价最低的一天买入)."""

from __future__ import annotations

import itertools
import re

from services.portfolio.tables import question as q
from services.portfolio.tables.model import skips_weekdays
from services.portfolio.tables.ops import Window
from services.portfolio.tables.phrases import small_int
from services.portfolio.tables.plan_util import PRICE_KEYS, date_indices, price_key, whole_window
from services.portfolio.tables.resolve import Ask, DateRef, require_column

# clauses of a trade question; 并(且) before the next action (…以开盘价买入并在…以收盘价卖出) starts a clause too,
# so each side reads its own price word
CLAUSE_SEP = re.compile(r"[;；。，、]|,(?!\s*\d{4})|\band\b|\bthen\b|然后|再|"
                        r"并且?(?=\s*(?:在|于|以|将|把|持有|持股|卖|买|到|等到|直到))")
BUY_VERB = r"买|申购|认购|buy|bought|purchas|invest|subscrib"
SELL_VERB = r"卖|赎回|sell|sold|redeem"
PRICE_WORD = (r"(开盘价?|收盘价?|最高价|最低价|open(?:ing)? price|at the open|clos(?:e|ing) price|at the close|"
              r"at (?:the|its|that day's|the day's|the daily|the intraday) (?:high|low)\b|"
              r"(?:day's|daily|intraday) (?:high|low)\b)")
_NEXT_DAY = re.compile(r"次日|第二天|翌日|隔日|后一个?交易日|下一个?交易日|the next (?:trading )?day|the day after")
_HELD = re.compile(r"持有\s*(\d+|[一二两三四五六七八九十]+)\s*个?(交易日|天|日)|"
                   r"(?:held?|holding) (?:it )?for (\d+|one|two|three|four|five) (trading )?days", re.I)
_EN_COUNT = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}


def held_for(low: str, lang: str) -> int | None:
    """Rows between the buy and a sale dated relative to it: 次日 / the next day = 1; 持有3个交易日 = 3. 持有3天
    (calendar days or trading days?) is asked back. None when the sale is not dated that way."""
    m = _HELD.search(low)
    if m:
        if (m.group(1) and m.group(2) != "交易日") or (m.group(3) and not m.group(4)):
            raise Ask("clarify", "which_days", "持有的天数是交易日还是自然日？请说明，或给出卖出日期。" if lang == "zh"
                      else "Trading days or calendar days? Or give the sell date.")
        token = m.group(1) or m.group(3)
        return int(token) if token.isdigit() else _EN_COUNT.get(token) or small_int(token)
    return 1 if _NEXT_DAY.search(low) else None


RULE_DAY = re.compile(r"(?:最低|最高)的?(?:一|那)?(?:天|日)|在(?:最低|最高)点")


def buy_sell(p: q.Plan, text: str, keys: list[str], refs: list[DateRef]) -> None:
    """Buy and sell prices: on the named dates (first = buy), or by a rule (lowest close in the window)."""
    low = text.lower()
    if re.search(BUY_VERB, low) and re.search(SELL_VERB, low):  # 9月9日买入…第二天卖出: the day after the buy,
        refs = [r for r in refs if not (_NEXT_DAY.fullmatch(text[r.pos:r.end].strip()) and  # not the table's 2nd day
                                        any(o.pos < r.pos for o in refs))]
    prices = [k for k in keys if k in PRICE_KEYS]
    p.buy_key = p.sell_key = price_key(p, prices[:1])
    if len(prices) >= 2 and not (re.search(BUY_VERB, low) or re.search(SELL_VERB, low)):
        p.buy_key, p.sell_key = prices[0], prices[1]  # from the open on Mar 1 to the close on Mar 8
        require_column(p.table, p.sell_key, p.lang)
    for m in RULE_DAY.finditer(low):  # 在(窗口内)收盘价最低的一天买入: a rule for the side whose verb follows
        b, s = re.search(BUY_VERB, low[m.end():]), re.search(SELL_VERB, low[m.end():])
        side = "buy" if b and (not s or b.start() < s.start()) else "sell" if s else ""
        if side:
            setattr(p, f"{side}_rule", "min" if "最低" in m.group(0) else "max")
    starts = [0] + [m.end() for m in CLAUSE_SEP.finditer(low)]
    clauses = [(a, low[a:b]) for a, b in zip(starts, [*starts[1:], len(low)], strict=True)]
    for side, verb in (("buy", BUY_VERB), ("sell", SELL_VERB)):
        for at, clause in clauses:
            if not re.search(verb, clause):
                continue
            word = re.search(PRICE_WORD + r"|(开盘|收盘|\bopen\b|\bclose\b)", clause)
            if word:  # 以开盘价买入 / sold at the close: the price column of this side
                said = word.group(0)
                key = "open" if "开" in said or "open" in said else \
                    "high" if "最高价" in said or re.search(r"\bhigh\b", said) else \
                    "low" if "最低价" in said or re.search(r"\blow\b", said) else "close"
                require_column(p.table, key, p.lang)
                setattr(p, f"{side}_key", key)
            if any(at <= r.pos < at + len(clause) for r in refs) or getattr(p, f"{side}_rule") != "date":
                continue  # a dated clause: 9月18日以最低价买入 is that day's low, not the window's lowest
            if re.search(r"最低|低点|lowest|bottom|the low\b|cheapest", clause):
                setattr(p, f"{side}_rule", "min")
            elif re.search(r"最高|高点|highest|peak|\btop\b", clause):
                setattr(p, f"{side}_rule", "max")
    dated = date_indices(p, refs, trade=True)
    if (p.buy_rule == "date") != (p.sell_rule == "date") and len(dated) == 1:
        w = whole_window(p)  # a rule on one side, a date on the other: the rule looks only before/after that date
        bounds = (w.start, dated[0]) if p.buy_rule != "date" else (dated[0], w.end)
        p.window, p.rows = Window(*bounds), list(bounds)
        return
    rows = dated if p.buy_rule == p.sell_rule == "date" or not p.window else []
    if p.buy_rule == "date" or p.sell_rule == "date":
        if len(rows) >= 2:
            p.rows = rows[:2]
        elif p.window is not None and (not rows or rows[0] in (p.window.start, p.window.end)):
            p.rows = [p.window.start, p.window.end]  # 自9月9日以来 / 截至9月13日: the window's ends
        elif len(rows) == 1 and re.search(r"至今|现在|目前|当前|到最后|持有到|until now|to date|till now|"
                                          r"through the end|now\b|today", low):
            p.rows = [rows[0], len(p.table.dates) - 1]
            p.notes.append("now / to date = the table's last row")
        elif not rows:
            w = whole_window(p)
            p.rows = [w.start, w.end]
        elif len(rows) == 1 and (later := held_for(low, p.lang)) is not None:
            if rows[0] + later >= len(p.table.dates):
                raise Ask("clarify", "out_of_range", "表中没有卖出那天的数据。" if p.lang == "zh" else
                          "The table has no row for the sell day.")
            span = p.table.dates[rows[0]:rows[0] + later + 1]
            if p.table.sampled and any(skips_weekdays(a, b) for a, b in itertools.pairwise(span)):
                # rows picked by the query, not every trading day: the next row need not be the next trading day
                raise Ask("clarify", "which_days", "表中的日期不是逐个交易日，无法确定卖出那天，请给出卖出日期。"
                          if p.lang == "zh" else "The table's rows are not every trading day, so the sell day is not "
                          "known from it: please give the sell date.")
            p.rows = [rows[0], rows[0] + later]  # 次日卖出 / 持有3个交易日后卖出: rows of the table after the buy
            p.notes.append(f"sold {later} trading day(s) after the buy: rows of the table, not calendar days")
        else:
            raise Ask("clarify", "need_two_dates", "请给出买入和卖出（起止）两个日期。" if p.lang == "zh" else
                      "Please give both the start (buy) and end (sell) dates.")
        if p.rows[0] > p.rows[1] and p.buy_rule == p.sell_rule == "date":
            if re.search(BUY_VERB, low) and re.search(SELL_VERB, low):
                raise Ask("clarify", "sell_before_buy", "卖出日期早于买入日期，请确认日期。" if p.lang == "zh" else
                          "The sell date is before the buy date; please check the dates.")
            p.rows = sorted(p.rows)  # a period's ends named the other way round
    if p.window is None and (p.buy_rule != "date" or p.sell_rule != "date"):
        p.window = Window(min(p.rows), max(p.rows)) if p.rows else whole_window(p)
