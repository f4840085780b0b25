"""Two-instrument trades with a choice rule: "买入1800股A和1900股B，…分别卖出A和B，涨幅较大的那支股票我赚了多少？".
Each leg is priced on its own rows; the rule picks one leg; a rule whose readings pick different legs (收益较大: the
larger profit in money or the higher return?), or whose premise the numbers contradict (跌幅较大 when not both fell),
is asked back, unless the number asked is the same for every leg (亏了多少 when neither lost: 0). What is asked is
read as for one stock (trading.as_asked): 赚了多少 the signed profit, 亏了多少 the amount lost (0 on a gain, said)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from services.common.text.extract import extract
from services.portfolio.tables import ops, trading
from services.portfolio.tables import question as q
from services.portfolio.tables.model import Table
from services.portfolio.tables.names import tokens
from services.portfolio.tables.ops import Operand, Result
from services.portfolio.tables.resolve import Ask, DateRef, not_trading

_CHOICE = re.compile(r"(涨跌幅|涨幅|跌幅|收益率|回报率|收益|盈利|利润|回报|亏损)(?:较|更|最|比较)?(大|小|高|低|多|少)"
                     r"的?(?:那|这)?一?[支只个]")
_CHOICE_EN = re.compile(r"(?:the (?:stock|one|share|position)s? (?:that|which) )"
                        r"(rose|gained|went up|fell|dropped|declined|lost)\s+(more|less|the most|the least)|"
                        r"with the (higher|lower|larger|smaller|bigger) "
                        r"(return|gain|profit|loss|fall|drop)", re.I)
_BUY = re.compile(r"买入|买进|购入|买了|\bbought\b|\bbuy\b", re.I)
_SELL = re.compile(r"卖出|抛售|卖掉|卖了|清仓|\bsold\b|\bsell\b", re.I)
_PRICE = (("开盘价", "open"), ("最高价", "high"), ("最低价", "low"), ("收盘价", "close"))
_PRICE_EN = re.compile(r"at (?:the|its|that day's|the day's) (open|close|high|low)\b|(opening|closing) price", re.I)
_LOSS = re.compile(r"亏(?:了|损)?(?:多少|几)|损失(?:了)?多少|how much (?:did|would) i lose|\bloss\b", re.I)
_GAIN = re.compile(r"赚(?:了)?(?:多少|几)|盈利(?:了)?多少|收益(?:是|为)?多少|利润(?:是|为)?多少|获利(?:了)?多少|"
                   r"how much (?:did|would) i (?:make|earn|gain)|\bprofit\b", re.I)
_RATE = re.compile(r"收益率|回报率|涨幅(?:是|为)?多少|跌幅(?:是|为)?多少|\breturn\b", re.I)
_A_SHARE = re.compile(r"(?<![\d.])(?P<code>\d{6})\.(?P<ex>SH|SZ|BJ)\b")
_US = re.compile(r"\.(?:O|N|A|US)\b|^[A-Z]{1,5}\b")


@dataclass
class Leg:
    """One instrument of the trade: its table, buy and sell rows, and the shares (or the money) put in."""

    table: Table
    buy_row: int
    sell_row: int
    shares: float | None = None
    amount: float | None = None


@dataclass
class PairSpec:
    legs: list[Leg]
    buy_key: str
    sell_key: str
    rule: str  # "return-max", "profit-or-return-min", "pick-0"…
    want: str  # return | profit | loss


def _first(text: str, t: Table, start: int = 0) -> int:
    low = text.lower()
    found = [i for tok in tokens(t) if (i := low.find(tok, start)) >= 0]
    return min(found, default=-1)


def _key(segment: str) -> str:
    m = _PRICE_EN.search(segment)
    if m:
        word = (m.group(1) or m.group(2)).lower()
        return {"opening": "open", "closing": "close"}.get(word, word)
    return next((k for word, k in _PRICE if word in segment), "close")


def _rule_en(m: re.Match[str]) -> str:
    verb, how, comp, what = (g.lower() if g else "" for g in m.groups())
    if verb:
        more = how in ("more", "the most")
        if verb in ("rose", "gained", "went up"):
            return "return-" + ("max" if more else "min")
        if verb == "lost":
            return "profit-or-return-" + ("min" if more else "max")
        return "fall-" + ("max" if more else "min")
    big = comp in ("higher", "larger", "bigger")
    if what == "return":
        return "return-" + ("max" if big else "min")
    if what in ("fall", "drop"):
        return "fall-" + ("max" if big else "min")
    if what == "loss":
        return "profit-or-return-" + ("min" if big else "max")
    return "profit-or-return-" + ("max" if big else "min")


def _rule(text: str, tables: tuple[Table, Table]) -> str | None:
    en = _CHOICE_EN.search(text)
    if en:
        return _rule_en(en)
    m = _CHOICE.search(text)
    if m:
        what, how = m.group(1), m.group(2)
        big = how in "大高多"
        if what == "涨跌幅":  # the larger rise, or the larger move either way: answered when both agree
            return "move-" + ("max" if big else "min")
        if what in ("涨幅", "收益率", "回报率"):
            return "return-" + ("max" if big else "min")
        if what == "跌幅":
            return "fall-" + ("max" if big else "min")
        if what == "亏损":
            return "profit-or-return-" + ("min" if big else "max")
        return "profit-or-return-" + ("max" if big else "min")
    low = text.lower()
    for i, t in enumerate(tables):  # B那支 / B（BBB）的那只: the name right before 那支
        if any(re.search(re.escape(tok) + r"(?:\s*[（(][a-z.]{1,8}[)）])?(?:的)?(?:股票)?那一?[支只]", low)
               for tok in tokens(t)):
            return f"pick-{i}"
    return None


def spec(text: str, refs: list[DateRef], t: Table, t2: Table, lang: str) -> PairSpec | None:
    """The trade when the question is one (two instruments bought, a rule or a name picking one); else None."""
    rule = _rule(text, (t, t2))
    buy_m = _BUY.search(text)
    sell_m = _SELL.search(text, buy_m.end()) if buy_m else None
    if rule is None or buy_m is None or sell_m is None:
        return None
    ex = extract(text)
    sizes: list[tuple[int, float | None, float | None]] = [(s.end, s.count, None) for s in ex.shares]
    if len(sizes) < 2:
        sizes = [(m.end, None, m.value) for m in ex.money]
    if len(sizes) != 2:
        return None
    if any(not (shares or amount) for _, shares, amount in sizes):
        raise _ask("no_size", "两支股票各买入多少股（或多少金额）？", "How many shares (or how much money) of each?",
                   lang)
    choice = _CHOICE.search(text) or _CHOICE_EN.search(text)
    masked = text[:choice.start()] + " " * (choice.end() - choice.start()) + text[choice.end():] if choice else text
    rest = masked[sell_m.end():]  # what is asked, without the rule's own words (the one with the lower return)
    want = "loss_rate" if q.LOSS_RATE.search(rest) else "return" if _RATE.search(rest) else \
        "loss" if _LOSS.search(rest) or q.LOSS.search(rest) else "profit" if _GAIN.search(rest) else ""
    if not want:
        return None
    clauses = _clauses(text, refs, buy_m, sell_m)
    if clauses is None:
        return None
    buy_ref, sells, buy_key, sell_key = clauses
    # the i-th size belongs to the instrument named right after it; sell dates follow the sell clause's order
    legs_tables = []
    for end, _, _ in sizes:
        after = [(pos, tab) for tab in (t, t2) if (pos := _first(text, tab, end)) >= 0]
        if not after:
            return None
        legs_tables.append(min(after, key=lambda x: x[0])[1])
    if legs_tables[0] is legs_tables[1]:
        return None
    order = sorted(legs_tables, key=lambda tab: (_first(text, tab, sell_m.end()) < 0, _first(text, tab, sell_m.end())))
    sell_dates = {id(tab): (sells[i] if len(sells) == 2 else sells[0]).date for i, tab in enumerate(order)}
    legs = []
    for (_, shares, amount), tab in zip(sizes, legs_tables, strict=True):
        buy_date, sell_date = buy_ref.date, sell_dates[id(tab)]
        assert buy_date is not None and sell_date is not None
        if sell_date < buy_date:
            raise Ask("clarify", "sell_before_buy", f"{tab.instrument}的卖出日 {sell_date.isoformat()} 早于买入日 "
                      f"{buy_date.isoformat()}，请确认日期。" if lang == "zh" else
                      f"{tab.instrument}: the sell date {sell_date.isoformat()} is before the buy date "
                      f"{buy_date.isoformat()}; please check the dates.")
        rows = [tab.index(d) for d in (buy_date, sell_date)]
        for d, i in zip((buy_date, sell_date), rows, strict=True):
            if i is None:  # a day with no row; one its own query answered with an earlier row reads that row
                raise not_trading(tab, d, lang)
        legs.append(Leg(tab, rows[0], rows[1], shares, amount))  # type: ignore[arg-type]
    if want != "return" and any(leg.shares is None and not _US.search(leg.table.instrument)
                                and not _A_SHARE.search(leg.table.instrument) for leg in legs):
        raise _ask("lot_size", "按金额买入时成交股数取决于每手股数：请告诉我各买入多少股。",
                   "With money amounts the share count depends on the lot size: how many shares of each?", lang)
    return PairSpec(legs, buy_key, sell_key, rule, want)


def _clauses(text: str, refs: list[DateRef], buy_m: re.Match[str], sell_m: re.Match[str]
             ) -> tuple[DateRef, list[DateRef], str, str] | None:
    """(buy date, sell dates, buy price column, sell price column). Chinese names the day before the verb
    (在D1以收盘价买入…并在D2和D3以最高价分别卖出); English after it (bought … on D1 at the close and sold … on D2
    and D3)."""
    line = text.rfind("\n", 0, buy_m.start()) + 1  # the question's own line: captions above it carry dates too
    dates = sorted((r for r in refs if r.date is not None and r.pos >= line), key=lambda r: r.pos)
    before = [r for r in dates if r.end <= buy_m.start()]
    between = [r for r in dates if buy_m.end() <= r.pos < sell_m.start()]
    if before:
        buy, buy_seg = before[-1], text[before[-1].end:buy_m.start()]
    elif between:
        buy, between = between[0], between[1:]
        buy_seg = text[buy.end:sell_m.start()]
    else:
        return None
    if between:
        sells, sell_seg = between, text[between[0].pos:sell_m.start()]
    else:
        sells = [r for r in dates if r.pos > sell_m.end()]
        sell_seg = text[sell_m.end():]
    if not 1 <= len(sells) <= 2:
        return None
    return buy, sells, _key(buy_seg), _key(sell_seg)


def _leg_result(leg: Leg, buy_key: str, sell_key: str) -> tuple[Operand, Operand, float, float, float]:
    buy = ops.cell(leg.table, buy_key, leg.buy_row, "buy")
    sell = ops.cell(leg.table, sell_key, leg.sell_row, "sell")
    if buy.value <= 0:
        raise ops.OpError("zero_base", f"the buy price of {leg.table.instrument} is not positive")
    shares = leg.shares if leg.shares is not None else _shares_bought(leg, buy.value)
    return buy, sell, shares, shares * (sell.value - buy.value), sell.value / buy.value - 1


def _shares_bought(leg: Leg, price: float) -> float:
    """Money spent: fractional shares for a US listing; an A-share follows its exchange's buy rule, as for one
    stock (main boards and ChiNext whole lots of 100, the STAR market at least 200 then any count, Beijing at
    least 100 then any count); an amount below the smallest order is asked back."""
    money = float(leg.amount or 0.0)
    m = _A_SHARE.search(leg.table.instrument)
    if m is None:
        return money / price
    star, bj = m.group("code").startswith(("688", "689")), m.group("ex") == "BJ"
    shares = math.floor(money / price) if star or bj else math.floor(money / price / 100) * 100
    if shares < (200 if star else 100):
        raise ops.OpError("too_small", f"{money:g} does not buy the smallest order of {leg.table.instrument}")
    return float(shares)


def run(s: PairSpec, lang: str) -> Result:
    legs = [_leg_result(leg, s.buy_key, s.sell_key) for leg in s.legs]
    names = [leg.table.instrument for leg in s.legs]
    profits, returns = [x[3] for x in legs], [x[4] for x in legs]
    operands = [o for leg in legs for o in leg[:2]]
    extra: dict[str, object] = {"rule": s.rule}
    for name, (_, _, sh, pr, rt) in zip(names, legs, strict=True):
        extra[name] = {"shares": round(sh, 6), "profit": round(pr, 6), "return": round(rt, 10)}
    conv = [f"rule {s.rule}: returns {', '.join(f'{x:.4%}' for x in returns)}; profits "
            f"{', '.join(f'{x:,.2f}' for x in profits)}", "no fees or dividends"]
    try:
        chosen = _pick(s, names, returns, profits, lang)
    except Ask:
        if s.want not in ("loss", "loss_rate") or any(x < 0 for x in profits):
            raise
        # the rule picks no leg (跌幅较大 when neither fell), but neither leg lost: the loss asked is 0 either way
        both = _both(names, returns, profits, lang)
        remark = {"zh": "两支股票都没有亏损：" + both + "所以亏损为 0。",
                  "en": "Neither stock lost money: " + both + " So the loss is 0."}
        conv.append("亏了多少 / how much did I lose: the amount lost as a positive number, 0 when the trade gained")
        return Result(0.0, "money" if s.want == "loss" else "fraction", legs[0][1].unit if s.want == "loss" else "",
                      "loss = max(0, -(n × (sell - buy))) = 0 for both legs", operands, conv,
                      extra | {"chosen": None}, remark=remark)
    buy, sell, shares, profit, ret = legs[chosen]
    extra["chosen"] = names[chosen]
    conv[0] += f" -> {names[chosen]}"
    if s.want == "return":
        return Result(ret, "fraction", "", f"{names[chosen]}: return = sell / buy - 1 = {sell.value:g} / {buy.value:g}"
                      " - 1", operands, conv, extra)
    leg = s.legs[chosen]
    n = f"{shares:g}" if leg.shares is not None or _A_SHARE.search(leg.table.instrument) else f"{leg.amount:g} / buy"
    res = trading.as_asked(profit, ret, "profit" if s.want == "profit" else s.want, sell.unit,
                           "n × (sell - buy)", operands, conv, extra, "n × buy")
    res.formula = f"{names[chosen]}: {res.formula}, n = {n}"
    return res


def _pick(s: PairSpec, names: list[str], returns: list[float], profits: list[float], lang: str) -> int:
    """The leg the rule picks; asked back when the rule's premise fails or its readings disagree."""
    if s.rule.startswith("pick-"):
        return int(s.rule[5:])
    if s.rule.startswith("fall-"):
        if any(r >= 0 for r in returns):
            both = _both(names, returns, profits, lang)
            raise _ask("premise", "两支股票并非都下跌，“跌幅较大/较小”无从比较：" + both,
                       "Not both fell, so the larger/smaller fall is undefined: " + both, lang)
        return returns.index(min(returns) if s.rule.endswith("max") else max(returns))
    pick = max if s.rule.endswith("max") else min
    by_return = returns.index(pick(returns))
    if s.rule.startswith("move-") and [abs(r) for r in returns].index(pick(abs(r) for r in returns)) != by_return:
        both = _both(names, returns, profits, lang)
        raise _ask("ambiguous_move", "“涨跌幅较大/较小”是按涨幅（带符号）还是按涨跌波动的绝对值比较？"
                   "两种读法选出的不是同一支：" + both, "The larger/smaller % change: signed, or either way? The two "
                   "readings pick different stocks: " + both, lang)
    if s.rule.startswith("profit-or-return-") and profits.index(pick(profits)) != by_return:
        both = _both(names, returns, profits, lang)
        raise _ask("ambiguous_choice", "按盈亏金额和按收益率选出的不是同一支：" + both + "请说明按哪一个比较。",
                   "By profit in money and by return the choice differs: " + both + " Which one?", lang)
    return by_return


def _ask(code: str, zh: str, en: str, lang: str) -> Ask:
    return Ask("clarify", code, zh if lang == "zh" else en)


def _both(names: list[str], returns: list[float], profits: list[float], lang: str) -> str:
    sep = "；" if lang == "zh" else "; "
    return sep.join(f"{n} {r:+.2%}（{p:+,.2f}）" if lang == "zh" else f"{n} {r:+.2%} ({p:+,.2f})"
                    for n, r, p in zip(names, returns, profits, strict=True)) + ("。" if lang == "zh" else ".")


def plan_pair(p: q.Plan, text: str, refs: list[DateRef]) -> bool:
    if p.table2 is None:
        return False
    found = spec(text, refs, p.table, p.table2, p.lang)
    if found is None:
        return False
    p.op, p.pair = "pair_trade", found
    p.buy_key, p.sell_key = found.buy_key, found.sell_key
    return True


def card_inputs(s: PairSpec) -> dict[str, object]:
    legs = [{"instrument": leg.table.instrument, "buy": leg.table.dates[leg.buy_row].isoformat(),
             "sell": leg.table.dates[leg.sell_row].isoformat(), "shares": leg.shares, "amount": leg.amount}
            for leg in s.legs]
    return {"legs": legs, "rule": s.rule, "want": s.want}
