"""The planner proper: pick the table(s), then the operation and its arguments, in a fixed order of cues."""

from __future__ import annotations

import datetime as dt
import math
import re

from services.portfolio.tables import counting, extremes, phrases, steps, summary
from services.portfolio.tables import question as q
from services.portfolio.tables.buysell import RULE_DAY, buy_sell
from services.portfolio.tables.model import Table
from services.portfolio.tables.names import substituted, ticker_conflict, tokens
from services.portfolio.tables.pairs import plan_pair
from services.portfolio.tables.plan_util import PRICE_KEYS, date_indices, price_key, whole_window
from services.portfolio.tables.resolve import (
    Ask,
    DateRef,
    column_mentions,
    consecutive_days_needed,
    mask,
    require_column,
    resolve_dates,
)
from services.portfolio.tables.tradeargs import trade_args

DECLINE_ZH = "我只能根据表中已有的数据计算，不能预测走势或给出买卖建议。"
DECLINE_EN = "I can only compute from the data in the table; I cannot forecast prices or advise trades."
NO_CONDITION_ZH = "数哪些天？请给出条件（例如收盘价高于 35 元、上涨的天数）。"
DRAWDOWN_WHEN_ZH = "我给出回撤的数值；峰值和谷值的日期在计算卡片里。要回撤是多少吗？"
AMBIGUOUS_MOVE_ZH = "从最高到最低：是最大回撤，还是最高与最低之差？请说明。"
FINAL_VALUE = re.compile(r"how much (?:would|will|do|did) i have(?! (?:lost|made|earned|gained|paid|spent))|"
                         r"worth|值多少|变成(?:了)?多少|剩(?:下)?多少|总共有多少|"
                         r"市值(?:是)?多少", re.I)
UNKNOWN_ZH = "请说明要算什么：某日的数值、区间涨跌幅、最高/最低/平均、天数、回撤、波动率……"
NO_CONDITION_EN = "Which days should I count? Give a condition (e.g. close above 35, up days)."


def choose_tables(text: str, tables: list[Table], keys: list[str], lang: str) -> tuple[Table, Table | None]:
    low = text.lower()
    named: list[tuple[int, Table]] = []
    for t in tables:
        pos = [low.find(tok) for tok in tokens(t) if tok in low]
        if pos and t.instrument not in [n.instrument for _, n in named]:
            named.append((min(pos), t))
    named.sort(key=lambda p: p[0])
    for _, t in named:
        other = ticker_conflict(text, t)
        if other:
            raise Ask("clarify", "which_instrument", f"问题里的代码是{other}，表中是{t.instrument}；请确认是哪只股票。"
                      if lang == "zh" else f"The question says {other}; the table holds {t.instrument}. Which one?")
    swapped = substituted(text, tables)
    if swapped:
        asked, held = swapped
        raise Ask("clarify", "which_instrument", f"表中的数据是{held}，不是{asked}；请确认要用哪只股票的数据。"
                  if lang == "zh" else f"The table holds {held}, not {asked}; which one do you mean?")
    if len(named) >= 2:
        return named[0][1], named[1][1]
    if named:
        return _with_columns([t for t in tables if t.instrument == named[0][1].instrument], keys), None
    instruments = {t.instrument for t in tables}
    if len(instruments) > 1:
        names = "、".join(sorted(i for i in instruments if i)) if lang == "zh" else ", ".join(sorted(instruments))
        raise Ask("clarify", "which_instrument", f"表中有多个标的（{names}），请问是哪一个？" if lang == "zh" else
                  f"The tables cover several instruments ({names}); which one do you mean?")
    return _with_columns(tables, keys), None


def _with_columns(tables: list[Table], keys: list[str]) -> Table:
    """Of several tables of one instrument (a price table and a flow table), the one that has the columns asked."""
    for t in tables:
        if all(t.col(k) is not None for k in keys):
            return t
    return max(tables, key=lambda t: sum(t.col(k) is not None for k in keys))


def _each_date(text: str, refs: list[DateRef], t: Table, t2: Table) -> tuple[dt.date, dt.date] | None:
    """Two different dates and two instruments named in the same order (date A, instrument A, date B, instrument B,
    or the instruments first): the i-th date belongs to the i-th instrument named. None otherwise."""
    dates = sorted({(r.pos, r.date) for r in refs if r.date is not None}, key=lambda x: x[0])
    if len(dates) != 2 or dates[0][1] == dates[1][1]:
        return None
    low = text.lower()
    first = [min((i for tok in tokens(tab) if (i := low.find(tok)) >= 0), default=-1) for tab in (t, t2)]
    if min(first) < 0 or first[0] == first[1]:
        return None
    (p1, d1), (p2, d2) = dates
    ordered_dates_first = p1 < min(first) and min(first) < p2 < max(first)
    ordered_names_first = min(first) < p1 < max(first) < p2
    if not (ordered_dates_first or ordered_names_first):
        return None
    return (d1, d2) if first[0] < first[1] else (d2, d1)


def plan(question: str, tables: list[Table]) -> q.Plan:
    lang = q.language(question)
    text, form = q.normalise(question)
    if q.DECLINE.search(text):
        raise Ask("decline", "forecast_or_advice", DECLINE_ZH if lang == "zh" else DECLINE_EN)
    if q.YES_NO.search(text) and not q.ASKS_NUMBER.search(text):
        raise Ask("clarify", "yes_no", "我给出的是具体数值：请问要算哪个数（例如涨跌幅是多少）？" if lang == "zh" else
                  "I answer with numbers: which number should I compute (e.g. what was the % change)?")
    unsupported = q.UNSUPPORTED.search(text)
    if unsupported and not any(unsupported.group(0).lower() in c.label.lower() for t in tables for c in t.columns):
        word = unsupported.group(0)
        zh = f"“{word}”需要表中没有的数据或暂不支持的计算，无法给出数值。"
        raise Ask("clarify", "unsupported", zh if lang == "zh" else
                  f"“{word}” needs data the table does not have or a calculation I do not support.")
    mentions = column_mentions(text, tables)
    keys = list(dict.fromkeys(m.key for m in mentions))
    t, t2 = choose_tables(text, tables, keys, lang)
    refs = resolve_dates(text, t, lang, strict=False)
    if t2 is not None:
        pair = q.Plan("", t, lang, form, table2=t2)
        if plan_pair(pair, text, refs):  # two instruments bought, one picked by a rule (涨幅较大的那支)
            return pair
        steps.one_instrument_at_a_time(text, lang)
    names = [(m.start(), m.end()) for tab in tables for tok in tokens(tab)
             for m in re.finditer(re.escape(tok), text.lower())]  # 比亚迪 is a name, not 比…高
    bare = mask(text, [(m.start, m.end) for m in mentions] + [(r.pos, r.end) for r in refs] + names)
    if re.search(r"分别|respectively", bare) and (len(keys) >= 2 or all(
            pat.search(bare) for name, pat in q.AGG if name in ("max", "min"))):
        raise Ask("clarify", "two_questions", "请一次问一个数值。" if lang == "zh" else "One value at a time, please.")
    p = q.Plan("", t, lang, form, table2=t2)
    if steps.period_value(p, text, bare, keys, refs):
        return p
    if not t.dates:
        raise Ask("clarify", "no_table", "表中没有逐日数据。" if lang == "zh" else "The table has no daily rows.")
    if re.search(r"最新价|最新涨跌幅", text) and not re.search(r"\d\s*[月日号]|\d{4}-\d", text):  # no date named
        raise Ask("clarify", "latest", "表中的“最新价/最新涨跌幅”是查询当时的行情，不是表中某个交易日的数值；"
                  "请给出日期，或直接读取表中该列。" if lang == "zh" else
                  "The table's latest price is a quote at query time, not a trading day's value: please give a date.")
    p.window = q.window_for(text, t, refs, lang)
    for step in (_margin_or_position, steps.moving_average, _stats, counting.count, extremes.at_extreme,
                 extremes.which_day, extremes.net_flow, _compare, _move, summary.aggregate, summary.value):
        if step(p, text, bare, keys, refs):
            return p
    for k in keys:  # a column the question names but the table lacks: say so rather than "what do you mean"
        require_column(t, k, lang)
    raise Ask("clarify", "unknown_operation", UNKNOWN_ZH
              if lang == "zh" else "What should I compute: a value on a date, a return, max/min/mean, a count of days, "
              "drawdown, volatility…?")


def _margin_or_position(p: q.Plan, text: str, bare: str, keys: list[str], refs: list[DateRef]) -> bool:
    trade, sized = trade_args(text, p.lang)
    is_margin = bool(q.MARGIN.search(bare))
    if not is_margin and not sized and q.BUY.search(bare) and q.SELL.search(bare) and \
            (q.LOSS.search(bare) or (q.PROFIT.search(bare) and not q.CHANGE.search(bare))) and \
            not (q.RETURN.search(bare) or q.LOSS_RATE.search(text)):
        # 买入…卖出，赚了/亏了多少 with no share count or money: the amount depends on the size, which is asked
        raise Ask("clarify", "no_size", "请告诉我买入的股数或金额。" if p.lang == "zh" else
                  "How many shares, or how much money, did you buy?")
    if not is_margin and not (sized and q.BUY.search(bare)):
        return False
    p.op = "margin" if is_margin else "position"
    if is_margin and trade.rate is None:
        raise Ask("clarify", "no_rate", "请告诉我融资年利率（例如 6%）。" if p.lang == "zh" else
                  "What is the annual financing rate (e.g. 6%)?")
    if not sized:
        raise Ask("clarify", "no_size", "请告诉我买入的股数或金额（以及自有资金/杠杆倍数）。" if p.lang == "zh" else
                  "How many shares, or how much money (and how much of it is your own / the leverage)?")
    p.trade = trade
    if not is_margin and _PARTIAL_SALE.search(text):
        raise Ask("clarify", "partial_sale", "只卖出一部分时，卖出的股数和剩余持仓怎么算？"
                  "请给出卖出的股数并说明要算哪部分的收益。" if p.lang == "zh" else
                  "Only part of the position was sold: how many shares, and the result of which part do you want?")
    lost = bool(q.LOSS.search(bare)) and not q.PROFIT_OR_LOSS.search(bare)
    rate_of_loss = bool(q.LOSS_RATE.search(text)) or (lost and p.form.percent is True)  # "my loss in percent"
    ret = bool(q.RETURN.search(bare)) or rate_of_loss or "收益率" in text or p.form.percent is True  # in percent
    if not is_margin and trade.amount is not None and trade.shares is None and trade.lot is None:
        p.trade = steps.board_lot(p, text, ret) or trade
    p.want = "return" if ret or not q.PROFIT.search(bare) else "profit"
    if re.search(r"多少钱|多少元|how much money", bare, re.I) and not ret:
        p.want = "profit"
    if lost and not ret:
        p.want = "loss"  # 亏了多少 / how much did I lose: the amount lost, a positive number
    elif rate_of_loss and not re.search(r"收益率|回报率|\breturn\b", bare, re.I):
        p.want = "loss_rate"  # 亏损率 / 亏了百分之几: the loss as a positive fraction
    if (FINAL_VALUE.search(bare) or re.search(r"市值(?:是|为)?多少", text)) and not is_margin:  # 市值 is a column name
        p.want = "final"  # what the position is worth after selling
    asks_interest = re.search(r"多少利息|利息(?:是|为|共|一共|总共)?多少|how much interest|"
                              r"interest (?:cost|paid|owed|charge)|融资成本(?:是|为)?多少|financing cost", bare, re.I)
    profit_words = re.search(r"赚|盈利|利润|profit|make|earn|扣除|after", bare, re.I)
    if is_margin and asks_interest and not ret and not profit_words:
        p.want = "interest"
    if q.ANNUAL.search(text) and p.want == "return" and not is_margin:
        p.fn = "annualised"  # the trade's return (after any fees) as a yearly rate
    buy_sell(p, text, keys, refs)
    return True


def _stats(p: q.Plan, text: str, bare: str, keys: list[str], refs: list[DateRef]) -> bool:
    if q.DRAWDOWN.search(bare):
        if re.search(r"哪段|什么时候|何时|哪天|哪一天|when|which (?:period|days?|dates?)|从哪", bare, re.I):
            raise Ask("clarify", "drawdown_when", DRAWDOWN_WHEN_ZH if p.lang == "zh" else
                      "I give the drawdown as a number (the card shows the peak and trough dates). Shall I?")
        p.op, p.key, p.window = "drawdown", price_key(p, keys), whole_window(p)
        return True
    value_col = next((k for k in keys if k != "pct_change"), None)
    if q.STD.search(bare) and not q.VOL.search(bare):
        p.ddof = _std_divisor(p, bare)
    if q.STD.search(bare) and value_col and not (q.RET_WORDS.search(bare) or q.VOL.search(bare)):
        p.op, p.fn, p.key, p.window = "aggregate", "std", value_col, whole_window(p)
        return True
    if q.VOL.search(bare) or q.STD.search(bare) or q.MEAN_RET.search(text):
        if p.table.sampled:
            raise consecutive_days_needed(p.lang)
        p.op, p.key, p.window = "stats", price_key(p, keys), whole_window(p)
        p.fn = "mean" if q.MEAN_RET.search(text) and not (q.VOL.search(bare) or q.STD.search(bare)) else (
            "vol" if q.VOL.search(bare) and not q.DAILY.search(bare) else "std")
        if p.fn == "mean" and p.table.col("pct_change") is not None and "pct_change" in keys:
            p.op, p.key, p.fn = "aggregate", "pct_change", "mean"
        return True
    return False


def _std_divisor(p: q.Plan, bare: str) -> int:
    """标准差 names no estimator: over a few days the sample (n-1) and population (n) figures differ in the
    second significant digit, so it is asked. 波动率 keeps the sample convention (Hull, historical volatility)."""
    if q.SAMPLE_STD.search(bare):
        return 1
    if q.POPULATION_STD.search(bare):
        return 0
    raise Ask("clarify", "which_std", "标准差按样本（除以 n−1）还是总体（除以 n）计算？" if p.lang == "zh" else
              "Standard deviation as a sample (divide by n−1) or of the whole population (divide by n)?")


def _compare(p: q.Plan, text: str, bare: str, keys: list[str], refs: list[DateRef]) -> bool:
    ratio = bool(q.RATIO.search(bare))
    both = all(pat.search(bare) for name, pat in q.AGG if name in ("max", "min"))
    if re.search(q.LARGEST_DIFF, bare, re.I) and q.DAY_TO_DAY.search(bare):
        raise Ask("clarify", "ambiguous_diff", "相邻两天差值的最大值：是最大的增加，还是变化绝对值最大？请说明。"
                  if p.lang == "zh" else "The largest day-to-day difference: the largest increase, or the largest "
                  "change either way?")
    if not (q.DIFF.search(bare) or ratio) or dict(q.AGG)["range"].search(bare) or (both and not ratio):
        return False  # 最高值和最低值之差 / the highest high minus the lowest low: a range over the window
    if {"inflow", "outflow"} <= set(keys) and not ratio:
        p.op, p.key, p.window = "net_inflow", "net_inflow", whole_window(p)  # 流入比流出多多少 = net inflow
        return True
    moved = re.search(r"[涨跌]了|涨幅|跌幅|涨跌幅|\brose\b|\bfell\b|gain|return", text, re.I)
    cells = "pct_change" in keys and re.search(r"差值|之差|相差|差多少|差距|差是多少|百分点|"
                                               r"比.{0,12}?(?:高|低|多(?!少)|(?<!多)少)", bare)  # 比…高了几个百分点
    if len(refs) >= 2 and moved and not ratio and p.table2 is None and not cells:
        return False  # 9月13日相比9月12日涨了多少: a move between two days (两天涨跌幅的差值: the two cells)
    p.op, p.mode = "compare", "ratio" if ratio and not q.DIFF.search(bare) else "diff"
    if p.mode == "diff" and _RELATIVE.search(bare) and re.search(r"比|than", bare, re.I) and \
            not set(keys) & _PERCENT_KEYS:  # A比B高了百分之几: relative to B, not the gap in money
        p.mode = "relative_down" if re.search(r"低|(?<!多)少|减|下降|降低|跌|lower|less|fewer|below", bare, re.I) \
            else "relative"
    refs = [r for i, r in enumerate(refs) if r.index not in [x.index for x in refs[:i]]]  # Mar 8 high vs Mar 8 low
    p.absolute = p.mode == "diff" and not re.search(
        r"比|than|之差|减去?|minus|高出|低出|多出|少了|higher|lower|more|less|exceed", bare, re.I)
    if p.table2 is not None and not q.RETURN.search(bare):
        each = _each_date(text, refs, p.table, p.table2)
        if each is not None:  # 11月18日A的最高价和12月16日B的最高价的差值: each instrument on its own date
            p.fn, p.each_date = "instruments-value", each
            p.key = keys[0] if keys else price_key(p, keys)
            for tab in (p.table, p.table2):
                require_column(tab, p.key, p.lang)
            return True
    rows = date_indices(p, refs)
    if p.table2 is not None:
        p.fn = "return" if q.RETURN.search(bare) or len(rows) >= 2 or (p.window and not rows) else "value"
        p.key = keys[0] if keys and p.fn == "value" else price_key(p, keys)
        require_column(p.table2, p.key, p.lang)
        if p.fn == "value":
            p.rows = rows[:1] or [len(p.table.dates) - 1]
        else:
            p.rows = rows[:2] if len(rows) >= 2 else [whole_window(p).start, whole_window(p).end]
        p.fn = "instruments-" + p.fn
        return True
    if len(keys) >= 2 and len(rows) <= 1:
        if not rows:
            raise Ask("clarify", "need_date", "请问是哪一天？" if p.lang == "zh" else "On which date?")
        for k in keys[:2]:
            require_column(p.table, k, p.lang)
        p.fn, p.key, p.key2, p.rows = "columns", keys[0], keys[1], rows
        if phrases.PREV.search(text) or re.search(r"前一日|昨日|昨收", text):
            if rows[0] == 0:
                raise Ask("clarify", "out_of_range", "表中没有前一交易日。" if p.lang == "zh" else "No previous row.")
            p.rows = [rows[0], rows[0] - 1]  # 开盘价与前一日收盘价相比: the second column on the day before
        return True
    if len(rows) >= 2 and _window_statistics(text, bare, refs):
        raise Ask("clarify", "compare_what", "这里比较的是区间统计量（平均、最大、最小…），不是两天的数值；请分别询问，"
                  "或说明比较哪两天。" if p.lang == "zh" else "That compares statistics of the period (mean, max, "
                  "min…), not two days' values: please ask for each, or name the two days.")
    if len(rows) >= 2 and {"high", "low"} <= set(keys) and _bounds_a_period(text, refs):
        p.op, p.fn, p.key, p.key2 = "range_hl", "range", "high", "low"  # A至B最高价与最低价之差: the period's range
        return True
    if len(rows) >= 2 and len(set(keys)) >= 2 and _bounds_a_period(text, refs):
        raise Ask("clarify", "compare_what", "两列之差要按哪一天比较？请给出日期（这段时间的两端不是要比较的两项）。"
                  if p.lang == "zh" else "Two columns over a period: on which day should they be compared?")
    if len(rows) >= 2:
        p.key = keys[0] if keys else price_key(p, [])
        require_column(p.table, p.key, p.lang)
        comparative = re.search(r"比|than|compared (?:with|to)|relative to|是.{0,12}的", text)
        p.rows = rows[:2] if comparative or ratio else sorted(rows[:2], reverse=True)
        decrease = re.search(r"减少|少了|低了|下降|降低|跌了|less|lower|fewer|decrease|drop", bare, re.I)
        if comparative and not ratio and decrease and p.mode == "diff":
            p.rows = p.rows[::-1]  # A比B减少了多少: the size of the decrease, B - A
        p.fn, p.absolute = "dates", bool(cells) and not comparative  # later minus earlier unless ordered; two
        return True  # days' 涨跌幅 差值 with no order: the size of the gap
    if len(rows) == 1 and phrases.PREV.search(text) and re.search(r"百分之|%|率|幅|percent|增长|growth", text, re.I):
        p.op = ""
        return False  # 比前一日增长了百分之多少: a one-day move, in percent
    if len(rows) == 1 and phrases.PREV.search(text) and rows[0] > 0 and len(keys) <= 1:
        p.key = keys[0] if keys else price_key(p, [])
        require_column(p.table, p.key, p.lang)
        p.fn, p.rows, p.absolute = "dates", [rows[0], rows[0] - 1], False  # 9月5日比前一天高了多少
        if p.mode == "diff" and re.search(r"减少|少了|低了|下降|降低|跌了|less|lower|fewer|decrease|drop", bare, re.I):
            p.rows = p.rows[::-1]  # 比前一交易日下跌了多少: the size of the fall, as for A比B低了多少
        return True
    p.op = ""
    if dict(q.AGG)["range"].search(bare):
        return False  # 最高与最低之差 is a range
    raise Ask("clarify", "compare_what", "请说明比较的两项（两个日期、两列或两个标的）。" if p.lang == "zh" else
              "What should be compared: two dates, two columns or two instruments?")


_RELATIVE = re.compile(r"百分之|百分比|(?<!个)%|percent", re.I)  # not 百分点: that is a gap between percentages
_PERCENT_KEYS = {"pct_change", "turnover_rate", "amplitude"}
_SPAN_JOIN = re.compile(r"^\s*(?:到|至|~|～|-|－|—|–|to|until|through)\s*$", re.I)
_STATISTIC = re.compile(r"平均|均值|均价|中位数|最大值|最小值|最高值|最低值|average|mean|median|maximum|minimum", re.I)


def _bounds_a_period(text: str, refs: list[DateRef]) -> bool:
    """Two dates joined by 至/到/~ (A至B): the ends of a period, not two days to compare."""
    dated = sorted((r for r in refs if r.date is not None), key=lambda r: r.pos)
    return len(dated) == 2 and bool(_SPAN_JOIN.match(text[dated[0].end:dated[1].pos]))


def _window_statistics(text: str, bare: str, refs: list[DateRef]) -> bool:
    """A difference whose dates only bound a period (A至B期间，收盘价的平均值比最大值低多少): its two sides are
    statistics of the period, not the values on those two days."""
    return _bounds_a_period(text, refs) and bool(_STATISTIC.search(bare))


def _move(p: q.Plan, text: str, bare: str, keys: list[str], refs: list[DateRef]) -> bool:
    """Return / growth / change between two rows (two dates, a window's ends, or a day and the day before)."""
    growth, ret = q.GROWTH.search(bare), q.RETURN.search(bare) or q.RETURN.search(text) or q.LOSS_RATE.search(text)
    if q.LOSS_RATE.search(text) and not re.search(r"收益率|回报率|\breturn\b", bare, re.I):
        p.want = "loss_rate"  # 买入…卖出，亏了百分之几: the loss as a positive fraction (a trade's return only)
    change = q.CHANGE.search(bare)
    if not (growth or ret or change):
        return False
    if q.BUY.search(bare) and q.SELL.search(bare) and RULE_DAY.search(text.lower()) and ret:
        p.op = "return"  # 在收盘价最低的一天买入、持有至X日卖出: the rule picks the buy day
        buy_sell(p, text, keys, refs)
        return True
    if "pct_change" in keys and (q.SUM_ONLY.search(bare) or any(
            pat.search(bare) for name, pat in q.AGG if name in ("mean", "max", "min", "median"))):
        return False  # 涨跌幅合计 / 平均涨跌幅 / 最大涨幅: a statistic of the daily column, not a period return
    if q.PER_DAY.search(text) and any(pat.search(bare) for name, pat in q.AGG if name in ("max", "min", "mean")):
        return False  # 最大单日涨幅 / average daily change: a statistic of the daily moves, not a period return
    pct_asked = bool(re.search(r"%|百分之|幅|率|percent|百分点", bare)) or p.form.percent is True
    money = re.search(r"多少[元钱块]|价格", text)
    if re.search(r"[涨跌]了?多少(?![元钱块点]|港元|美元)|[涨跌]了几", bare) and not money:
        pct_asked = True  # 涨了多少 is asked as a percentage unless money is named (涨了多少元/钱)
    if all(pat.search(bare) for name, pat in q.AGG if name in ("max", "min")) and not (q.BUY.search(bare) and
                                                                                       q.SELL.search(bare)):
        raise Ask("clarify", "ambiguous_move", AMBIGUOUS_MOVE_ZH if p.lang == "zh" else
                  "From the high to the low: the maximum drawdown, or the range between them?")
    if steps.intraday(p, text, bare, keys, refs):
        p.op = "return" if (ret or pct_asked) else "change"
        return True
    if pct_asked and not (ret or growth or p.form.percent or re.search(r"%|百分之|幅|率|percent|百分点", bare)) and \
            any(k in PRICE_KEYS for k in keys) and not (q.BUY.search(bare) or q.SELL.search(bare)):
        raise Ask("clarify", "ambiguous_change", "收盘价涨了多少：是价格变化了多少元，还是涨幅（百分之多少）？"
                  if p.lang == "zh" else "How much did the price rise: in money or in percent?")
    traded = bool(q.BUY.search(bare) or q.SELL.search(bare))
    rows = date_indices(p, refs, edges=not traded, trade=traded)
    if len(rows) == 1 and p.window is None and phrases.PREV.search(text) and rows[0] > 0:
        rows = [rows[0] - 1, rows[0]]  # 9月18日收盘价较前一交易日: the day before and the day
        p.key = keys[0] if keys and keys[0] not in PRICE_KEYS and keys[0] != "pct_change" else price_key(p, keys)
        require_column(p.table, p.key, p.lang)
        moved = ("return" if p.key in PRICE_KEYS else "growth") if (ret or pct_asked or growth) else "change"
        p.op, p.rows, p.buy_key, p.sell_key = moved, rows, p.key, p.key
        return True
    a_trade = bool(q.BUY.search(bare) and q.SELL.search(bare))  # bought on one day and sold later: not one day's move
    if len(rows) == 1 and p.window is None and re.search(r"\bbetween\b|\bfrom\b|从|\bto\b|[到至]", bare) and \
            not a_trade:
        raise Ask("clarify", "need_two_dates", "请给出起止两个日期。" if p.lang == "zh" else
                  "Please give both the start and the end date.")
    if len(rows) == 1 and p.window is None and not a_trade:  # one day's move: its column, else vs the day before
        p.key = "pct_change" if (ret or pct_asked) else "change"
        if p.table.col(p.key) is not None or p.key == "pct_change":
            require_column(p.table, p.key, p.lang)
            p.op, p.rows = "value", rows
            return True
        if rows[0] == 0:
            raise Ask("clarify", "out_of_range", "表中没有前一交易日的数据。" if p.lang == "zh" else
                      "The table has no row before that day.")
        p.op, p.key, p.rows = "change", price_key(p, keys), [rows[0] - 1, rows[0]]
        return True
    other = keys[0] if keys and keys[0] not in PRICE_KEYS and keys[0] != "pct_change" else None
    if growth or (other and (ret or pct_asked)):  # % change in volume: the growth of that column
        p.op, p.key = "growth", other or price_key(p, [])
        require_column(p.table, p.key, p.lang)
        p.buy_key = p.sell_key = p.key
        _buy_sell_rows(p, rows)
        return True
    p.op = "return" if ret or pct_asked else "change"
    if p.op == "change" and keys and keys[0] not in PRICE_KEYS:
        p.key = keys[0]
        require_column(p.table, p.key, p.lang)
        _buy_sell_rows(p, rows)
        return True
    buy_sell(p, text, [k for k in keys if k in PRICE_KEYS], refs)
    p.key = p.buy_key
    if q.ANNUAL.search(text):
        p.op, p.fn = "return", "annualised"
    _first_day_included(p, text)
    return True


_PARTIAL_SALE = re.compile(r"卖(?:出|掉)?(?:其中)?(?:一半|半仓|部分|一部分|"
                           r"[二三四五六七八九十]分之[一二三四五六七八九])|"
                           r"\bsold (?:half|part|some)\b|\bsell (?:half|part|some)\b", re.I)
_PERIOD_MOVE = re.compile(r"区间涨跌幅|区间涨幅|区间跌幅|累计涨跌幅|累计涨幅|累计跌幅|累计收益率?")


def _first_day_included(p: q.Plan, text: str) -> None:
    """区间涨跌幅 / 累计涨跌幅 from A to B: close_B / close_A − 1 leaves A's own move out, while the market-data
    definition (Wind, iFinD: close_B / the close before A − 1, the 涨跌幅 cells of A..B compounded) takes it in.
    With A's 涨跌幅 in the table both can be computed: answered when they agree, else asked back."""
    col, close = p.table.col("pct_change"), p.table.col(p.key)
    if p.op != "return" or not _PERIOD_MOVE.search(text) or q.BUY.search(text) or q.SELL.search(text) or \
            col is None or close is None or len(p.rows) != 2 or p.buy_rule != "date" or p.sell_rule != "date":
        return
    a, b = p.rows
    cells = [float(v) for v in col.values[a:b + 1]]
    if any(v != v for v in cells) or close.values[a] != close.values[a] or close.values[b] != close.values[b]:
        return
    compounded = math.prod(1 + v / 100 for v in cells) - 1
    close_to_close = float(close.values[b] / close.values[a] - 1)
    if round(compounded, 4) != round(close_to_close, 4):
        raise Ask("clarify", "first_day", f"区间涨跌幅是否包含起始日当天的涨跌？包含为 {compounded:.2%}"
                  f"（按每日涨跌幅连乘），不包含为 {close_to_close:.2%}（起止两日收盘价之比）。请说明。"
                  if p.lang == "zh" else
                  f"Does the period's change include its first day's own move? With it {compounded:.2%} (the daily "
                  f"changes compounded), without it {close_to_close:.2%} (close to close).")


def _buy_sell_rows(p: q.Plan, rows: list[int]) -> None:
    if len(rows) >= 2:
        p.rows = sorted(rows[:2])
    else:
        w = whole_window(p)
        p.rows = [w.start, w.end]
