"""Follow-ups that change one thing of the last calculation ("那等额本金呢", "what about 25 years?", "And for
MSFT?", "I'm C1, what about an R2 fund?") and keep the rest; plus the loan and holdings arguments both a fresh
question and a follow-up build.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from services.common.text.extract import EN_NUMBER, Extraction, en_number
from services.common.text.numerals import parse_number
from services.dialogue.planning import goals
from services.dialogue.planning.assets import Mention, by_currency, mentions, weights, window_start
from services.dialogue.planning.calls import ANALYZE, GOAL, LOAN, QUESTIONNAIRE, SAVINGS, SUITABILITY, ToolCall
from services.dialogue.planning.intent import Classification
from services.dialogue.planning.numbers import read
from services.dialogue.planning.vocab import stated_levels

_I = re.IGNORECASE
_DOWN = re.compile(r"首付\s*(?:比例)?\s*(?:改成|换成|调到|变成|提高到|降到|为|是|付)?\s*"
                   r"(?:(?P<cn>[一两二三四五六七八九]|\d)\s*成|(?P<pct>\d+(?:\.\d+)?)\s*%)|"
                   r"(?P<en>\d+(?:\.\d+)?)\s*%\s*(?:down|deposit)|"
                   r"down payment (?:of|to|is)\s*(?P<en2>\d+(?:\.\d+)?)\s*%|"
                   rf"\b(?P<enw>{EN_NUMBER}) percent (?:down|deposit)\b", _I)
_MORE = re.compile(r"多投|多存|多借|多贷|再加|增加|多\S{0,2}年|more|extra|additional|another|on top|"
                   r"increase (?:it )?by|longer", _I)
_LESS = re.compile(r"少投|少存|少借|少贷|减少|少\d|首付多|多付首付|less|fewer|reduce (?:it )?by|cut (?:it )?by|"
                   r"put (?:down|in) (?:another|an extra|more)|(?:bigger|larger) down payment|smaller", _I)
_WAIT = re.compile(r"wait|delay|later|推迟|晚|过(\S{1,3})年再", _I)
_ADD = re.compile(r"加上|再加|加入|加\d|加一|和.{0,12}组|一起|组合|搭配|add|plus|together with|combine|along with|"
                  r"\bwith\b|mix|^(?:那|再|那么)?\s*(?:和|跟|与|配上|配)|各一半|各半|[一二三四五六七八九]{2}开|"
                  r"half and half|split (?:it )?(?:evenly|equally)|\b\d{1,2}\s*/\s*\d{1,2}\b", _I)
_REPLACE = re.compile(r"\b(?:swap|replace|switch|exchange|substitute)\b|instead of|rather than|"
                      r"换成|换为|替换|改成|换掉|改为|代替", _I)
_FLIP = re.compile(r"\b(?:flip|swap|reverse|switch|invert)\b.{0,12}\b(?:weights?|allocation|split|ratio)|"
                   r"反过来|对调|倒过来|比例(?:互换|调换|反)", _I)
_BOTH = re.compile(r"两个|两只|两者|这两|both|the two|all of them|together", _I)
# after the questionnaire was offered: to take it (again), now
_REPEAT = re.compile(r"重新|再做|再来|再测|redo|again|retake|one more time|"
                     r"(?:现在|马上)?(?:可以|能)?(?:开始|做)(?:吗|吧)|"
                     r"let'?s (?:do|start|begin)|start (?:it|now)|can i (?:do|take|start) it", _I)
_EN_COUNT = {"one": 1, "a": 1, "two": 2, "a couple of": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
             "eight": 8, "nine": 9, "ten": 10}
_N = r"\d+|[一两二三四五六七八九十]+|one|two|three|four|five|six|seven|eight|nine|ten|a couple of"
_DELTA = re.compile(r"(?P<n>" + _N + r")\s*(?P<dir>more|extra|additional|fewer|less)\s*"
                    r"(?P<u>years?|months?)|(?P<n2>" + _N + r")\s*(?P<u2>years?|months?)\s*(?P<dir2>shorter|longer|"
                    r"less|more|fewer)\b|(?P<zdir>多|少|延长|缩短|减少|增加)(?P<zn>\d+|[一两二三四五六七八九十]+)\s*"
                    r"(?:个)?(?P<zu>年|月)", _I)
_CURRENCY = [("HKD", r"港币|港元|港纸|\bhkd\b|hk ?\$|hk dollars?|hong kong dollars?"),
             ("USD", r"美元|美金|\busd\b|us dollars?|in dollars"),
             ("CNY", r"人民币|\brmb\b|\bcny\b|\byuan\b")]
_MARKED = re.compile(r"^(?:那|那么|如果|要是|假如|换成|改成|what about|how about|what if|and )|呢\s*[？?]?$|"
                     r"再算|重新算|重算|换成|改成|改为|调成|调到|\brecalc|\bre-?run\b|\binstead\b", _I)
_SAME = re.compile(r"利息|总额|首月|第一个?月|最后一|月供|总共|一共|interest|total|first|last|payment|instal", _I)


_BARE_YEARS = re.compile(r"\b(?:after|over|in|for|to|make it|stretch(?:ed)? (?:it )?to)\s+(\d{1,2})\s*"
                         r"(?:instead\b|then\b)?\s*[?？.!]?\s*$", _I)


def bare_years(text: str, ex: Extraction) -> float | None:
    """"And after 15?", "what about over 20?": in a follow-up, a number alone after a horizon word is years."""
    if ex.durations or ex.money or ex.percents:
        return None
    m = _BARE_YEARS.search(text.strip())
    return int(m.group(1)) * 12.0 if m and 0 < int(m.group(1)) <= 50 else None


def delta_months(text: str) -> int:
    """"5 more years" / "two fewer years" / "多两年" / "缩短5年": the signed change of a horizon, 0 if none."""
    m = _DELTA.search(text)
    if m is None:
        return 0
    word = (m["n"] or m["n2"] or m["zn"]).lower()
    n = _EN_COUNT[word] if word in _EN_COUNT else parse_number(word)
    unit = (m["u"] or m["u2"] or m["zu"]).lower()
    months = n * (12 if unit.startswith(("y", "年")) else 1)
    less = (m["dir"] or m["dir2"] or "").lower() in ("fewer", "less", "shorter") or m["zdir"] in ("少", "缩短", "减少")
    return -round(months) if less else round(months)


def currency_named(text: str) -> str:
    return next((code for code, p in _CURRENCY if re.search(p, text, _I)), "")


def asks_a_figure(text: str) -> bool:
    """A question about one figure of a calculation (the last payment, the total interest, the end value)."""
    return bool(re.search(r"(?:first|last|final|total|monthly|opening|end|首月|末月|最后|总|每月).{0,12}"
                          r"(?:payment|instal|interest|value|balance|月供|利息|还款|金额)", text, _I))


def both_methods(text: str) -> bool:
    """Both methods named together ("等额本金和等额本息哪个划算", "equal principal vs equal payment")."""
    return bool(re.search(r"等额本金", text) and re.search(r"等额本[息西系惜]", text)) or bool(
        re.search(r"equal[- ]principal", text, _I) and re.search(r"equal[- ](?:monthly )?(?:payment|instal)", text, _I))


def loan_method(text: str) -> str:
    if re.search(r"等额本金|equal[- ]principal|constant principal|principal in equal|decreasing payment|"
                 r"本金(?:都|每月|每个月)?(?:一样|相同|固定|不变)|same (?:amount of )?principal|"
                 r"principal (?:stays|is) (?:the same|fixed|constant)|declining (?:re)?payments?|"
                 # "an equal slice of principal every month", "fixed principal each month"; not "fixed P&I"
                 r"(?:equal|same|fixed|constant|even|level)\s+(?:(?:slice|portion|part|share|amount|chunk)s?\s+of\s+"
                 r"(?:the\s+)?)?principal(?!\s*(?:and|&|\+)\s*interest)", text, _I):
        return "equal_principal"
    if re.search(r"等额本[息西系惜]|equal (?:payment|installment|instalment)|annuity|fixed (?:monthly )?payment|level "
                 r"(?:monthly )?payment|amortising|amortizing|standard|每个?月还(?:款|的钱)?(?:金额)?(?:都)?一样|"
                 r"月供(?:固定|不变|一样)|same (?:payment|amount) every month|"
                 r"(?:fixed|level|equal|same|constant) (?:principal (?:and|&) interest|p&i)|\bp&i (?:payment|loan)",
                 text, _I):
        return "equal_payment"
    return ""


def is_down_payment(text: str, pos: int) -> bool:
    return any(m.start() <= pos < m.end() for m in _DOWN.finditer(text))


def down_share(text: str) -> float | None:
    """A down payment written as a share of the price ("首付三成", "20% down"), as a fraction; None if none."""
    down = _DOWN.search(text)
    if down is None:
        return None
    return _share(down)


def _share(down: re.Match[str]) -> float:
    if down["cn"]:
        return parse_number(down["cn"]) / 10
    if down["enw"]:
        return en_number(down["enw"]) / 100  # "twenty percent down"
    return float(down["pct"] or down["en"] or down["en2"]) / 100


def down_amounts(ex: Extraction) -> list[Any]:
    """Amounts said to be the down payment ("首付60万", "$100k down", "a $120k deposit", "put down 150k")."""
    return _down_amounts(ex.text, ex.money)


def _down_amounts(text: str, money: list[Any]) -> list[Any]:
    # the one reading of "this amount is the down payment", for the loan, its price and follow-ups alike
    return [m for m in money if _DOWN_AMOUNT.search(text[max(0, m.start - 40): m.start])
            or re.match(r"\s*(?:down|deposit)\b", text[m.end: m.end + 10], _I)]


def loan_price(ex: Extraction) -> float | None:
    """The price a down payment was taken from, kept with the loan so a follow-up can change the down payment."""
    money = ex.lump_sums() or ex.money
    if not money:
        return None
    if down_share(ex.text) is not None:
        return float(money[0].value)
    principal = _price_less_down(ex.text, money)
    return principal + down_amounts(ex)[0].value if principal is not None else None


def loan_principal(ex: Extraction) -> float | None:
    """The amount borrowed: the amount written, less a down payment written as a share ("首付三成", "20% down")."""
    money = ex.lump_sums() or ex.money
    if not money:
        return None
    down = _DOWN.search(ex.text)
    if down is None:
        return _price_less_down(ex.text, money) or money[0].value
    return money[0].value * (1 - _share(down))


# The new loan amount stated outright in a follow-up (not "borrow 100k more", a change by an amount)
_LOAN_IS = re.compile(r"(?:loan|mortgage|principal|amount borrowed|borrowing)(?: amount)? (?:is|becomes|would be|to|of)"
                      r"\s*\W{0,2}$|(?:贷款|借款|本金)(?:金额)?(?:变成|改成|改为|变为|调到|为|是)\s*$", _I)
_BORROWED = re.compile(r"(?:贷款|贷了?|借了?|loan(?: amount)?(?: of| is)?|borrow(?:ing|ed)?|mortgage of)\s*\W{0,2}$",
                       _I)
_DOWN_AMOUNT = re.compile(r"(?:首付|付了?首付|down payment(?: for the (?:loan|mortgage|house|home|flat))?"
                          r"(?: of| is| would be| becomes)?|put(?:ting)? down|deposit(?: of| is)?)"
                          r"\s*\W{0,2}$", _I)


def _price_less_down(text: str, money: list[Any]) -> float | None:
    """"房价200万，首付50万" / "a $600k home with $120k down": the price less the down payment, unless an amount
    is said to be the loan itself."""
    if len(money) < 2 or any(_BORROWED.search(text[max(0, m.start - 14): m.start]) for m in money):
        return None
    down = _down_amounts(text, money)
    price = max((m for m in money if m not in down), key=lambda m: m.value, default=None)
    if len(down) != 1 or price is None or down[0].value >= price.value:
        return None
    return float(price.value - down[0].value)


def analysis_call(instruments: list[str], ws: list[float] | None) -> ToolCall:
    if ws is None or len(ws) != len(instruments):  # weights that do not pair with the holdings: equal weights
        ws = [1.0 / len(instruments)] * len(instruments)
    return ToolCall(ANALYZE, {"holdings": [{"instrument": i, "weight": w} for i, w in zip(instruments, ws,
                                                                                          strict=True)]})


_COMPARE = re.compile(r"对比|比较|相比|哪个(?:更|风险|波动|收益)|哪只(?:更|风险|波动|收益)|\bvs\.?\b|versus|compare|"
                      r"which (?:one |of (?:them|the two) )?(?:is|was|has|had)|better or worse|against each other", _I)


def analysis_calls(instruments: list[str], ws: list[float] | None, text: str = "") -> tuple[ToolCall, ...]:
    """One analysis of the mix; or, when the holdings are priced in different currencies (the data has no FX
    rates to combine them) or the user compares them, one analysis per currency or per holding."""
    if ws is None or len(ws) != len(instruments):
        ws = [1.0 / len(instruments)] * len(instruments)
    weight = dict(zip(instruments, ws, strict=True))
    if len(instruments) > 1 and _COMPARE.search(text):
        return tuple(analysis_call([i], None) for i in instruments)
    groups = by_currency(instruments)
    if len(groups) == 1:
        return (analysis_call(instruments, ws),)
    # the mix as the user weighted it rides along (the tool reads only "holdings"): a follow-up that reweights or
    # flips it ("flip the weights") needs the weights before they were rescaled within each currency
    mix = [{"instrument": i, "weight": weight[i]} for i in instruments]
    calls = []
    for members in groups.values():
        total = sum(weight[i] for i in members)
        call = analysis_call(members, [weight[i] / total for i in members] if total > 0 else None)
        calls.append(ToolCall(ANALYZE, {**call.args, "mix": mix}))
    return tuple(calls)


def dated(calls: Sequence[ToolCall], start: str) -> tuple[ToolCall, ...]:
    """The analyses over the window from ``start`` (an ISO date; "" leaves the whole shipped window)."""
    if not start:
        return tuple(calls)
    return tuple(ToolCall(c.tool, {**c.args, "start_date": start}) if c.tool == ANALYZE else c for c in calls)


def mixed_note(calls: Sequence[ToolCall]) -> tuple[str, ...]:
    """The assumption a split analysis states (empty when it is one analysis)."""
    if sum(c.tool == ANALYZE for c in calls) < 2:
        return ()
    held = [h["instrument"] for c in calls for h in c.args["holdings"]]
    groups = by_currency(held)
    if len(groups) < 2:
        return ("each holding analysed on its own, for comparison",)
    return (f"holdings priced in different currencies ({', '.join(groups)}): the market data has no exchange "
            "rates to combine them, so each currency's holdings are analysed separately, weights rescaled within "
            "each",)


def change(text: str, ex: Extraction, previous: Sequence[ToolCall], earlier: Sequence[str],
           cls: Classification) -> tuple[ToolCall, ...] | None:
    """The previous calls with what this message changes, or None when it is not such a follow-up."""
    if not previous or len(text) > 80:
        return None
    prev = previous[0]
    marked = _MARKED.search(text.strip()) is not None  # "那…呢", "what about…": a follow-up by its form
    if cls.layer == "rule" and cls.score >= 1.0 and cls.intent not in (prev.tool_intent, "explain_term") and not (
        marked or (prev.tool == QUESTIONNAIRE and _REPEAT.search(text))
    ):
        return None
    if prev.tool == QUESTIONNAIRE:
        return (prev,) if _REPEAT.search(text) else None
    if prev.tool == ANALYZE:
        start = window_start(ex)
        calls = _analysis(text, ex, previous, earlier)
        if calls is None and start:  # "what about since 2016?": the same holdings over that window
            calls = tuple(c for c in previous if c.tool == ANALYZE)
        return dated(calls, start or prev.args.get("start_date", "")) if calls is not None else None
    if prev.tool == SUITABILITY:
        return _suitability(ex, prev)
    if prev.tool == LOAN:
        return _loan(text, ex, previous)
    if prev.tool in (GOAL, SAVINGS):
        return _savings(text, ex, prev, earlier)
    return None


def _analysis(text: str, ex: Extraction, previous: Sequence[ToolCall],
              earlier: Sequence[str]) -> tuple[ToolCall, ...] | None:
    held = list(dict.fromkeys(h["instrument"] for c in previous if c.tool == ANALYZE
                              for h in c.args.get("holdings", [])))
    new = [m for m in mentions(ex) if m.instrument not in held]
    out = [m.instrument for m in mentions(ex) if m.instrument in held]
    if len(new) == 1 and len(out) == 1 and len(held) > 1 and _REPLACE.search(text):
        # "swap MSFT for KO", "把招行换成汾酒": the one held gives its place and weight to the new one
        old = next((c.args.get("mix") or c.args["holdings"] for c in previous if c.tool == ANALYZE
                    and len(c.args.get("mix") or c.args["holdings"]) == len(held)), None)
        ws = [float(h["weight"]) for h in old] if old else None
        return analysis_calls([new[0].instrument if i == out[0] else i for i in held], ws, text)
    if new and _ADD.search(text):
        instruments = held + [m.instrument for m in new]
        stated = weights(ex, new) if len(ex.percents) == len(new) else None
        if len(ex.percents) == len(new) and sum(p.value for p in ex.percents) < 100:
            # "add KO at 20%": the holdings keep their proportions in the rest (70/30 -> 56/24/20)
            rest = (100 - sum(p.value for p in ex.percents)) / 100
            was = _weights_before(previous, held)
            return analysis_calls(instruments, [rest * w for w in was] + [p.value / 100 for p in ex.percents], text)
        return analysis_calls(instruments, weights(ex, [Mention(i, 0, 0) for i in instruments]) or stated, text)
    if mentions(ex):
        named = mentions(ex)
        return analysis_calls([m.instrument for m in named], weights(ex, named), text)
    if _BOTH.search(text):
        seen = [m.instrument for t in earlier for m in mentions(read(t))]
        instruments = list(dict.fromkeys(seen + held))
        if len(instruments) > 1:
            return analysis_calls(instruments, weights(ex, [Mention(i, 0, 0) for i in instruments]), text)
    ws = weights(ex, [Mention(i, 0, 0) for i in held])
    if ws is None and len(held) == 2 and _FLIP.search(text):  # "flip the weights", "反过来"
        old = next((c.args.get("mix") or c.args["holdings"] for c in previous
                    if c.tool == ANALYZE and len(c.args.get("mix") or c.args["holdings"]) == 2), None)
        if old:
            return analysis_calls(held, [float(old[1]["weight"]), float(old[0]["weight"])], text)
    if ws is not None and len(held) > 1:
        fav = re.search(r"(?:favou?r of|偏向|多配)\s*(\S+)", text, _I)
        if fav:
            top = next((i for i in held if fav.group(1).upper().startswith(i.split(".")[0])), "")
            if top:
                big, small = max(ws), min(ws)
                ws = [big if i == top else small for i in held]
        return analysis_calls(held, ws, text)
    return None


def _weights_before(previous: Sequence[ToolCall], held: list[str]) -> list[float]:
    """The weights the holdings had in the last analysis (as the user wrote the mix), summing to 1; equal when
    unknown."""
    rows = next((c.args.get("mix") or c.args["holdings"] for c in previous if c.tool == ANALYZE
                 and len(c.args.get("mix") or c.args["holdings"]) == len(held)), None)
    found = {str(h["instrument"]): float(h.get("weight", 0.0)) for h in rows} if rows else {}
    ws = [found.get(i, 0.0) for i in held]
    total = sum(ws)
    return [w / total for w in ws] if total > 0 else [1.0 / len(held)] * len(held)


def _suitability(ex: Extraction, prev: ToolCall) -> tuple[ToolCall, ...] | None:
    levels = stated_levels(ex.text)
    args = {k: v for k, v in prev.args.items() if k in ("product", "product_risk", "product_label", "investor_level")}
    named = mentions(ex)
    before = dict(args)
    if named:
        args = {"product": named[0].instrument, "investor_level": args.get("investor_level", "")}
    elif levels.product or levels.product_type:
        args.pop("product", None)
        args["product_risk"] = levels.product or levels.product_type
        args["product_label"] = levels.type_label if not levels.product else f"{levels.product} product"
    if levels.investor:
        args["investor_level"] = levels.investor
    if args == before or not args.get("investor_level"):
        return None
    return (ToolCall(SUITABILITY, args),)


def _loan(text: str, ex: Extraction, previous: Sequence[ToolCall]) -> tuple[ToolCall, ...] | None:
    prev = previous[0]
    keys = ("principal", "annual_rate", "months", "method", "currency", "price")
    args: dict[str, Any] = {k: prev.args[k] for k in keys if k in prev.args}
    before = dict(args)
    share, downs = down_share(text), down_amounts(ex)
    rates = [p for p in ex.percents if not is_down_payment(ex.text, p.start)]
    stated = [m for m in ex.money if _LOAN_IS.search(ex.text[max(0, m.start - 24): m.start])
              and m not in downs]  # "the down payment for the loan is $150k" is a down payment
    if stated:  # "so the loan is 300k", "贷款变成80万": the amount itself, whatever else the message says
        args["principal"] = stated[-1].value
    elif args.get("price") and (share is not None or downs) and not _LESS.search(text) and not _MORE.search(text):
        # "首付改成四成", "what if I put 30% down?", "and with $150k down?": the same price, another down payment
        args["principal"] = args["price"] * (1 - share) if share is not None else args["price"] - downs[-1].value
    elif downs and _MORE.search(text) and args.get("principal", 0) > downs[-1].value:
        args["principal"] = args["principal"] - downs[-1].value  # "put an extra 50k down": that much less borrowed
    elif ex.money:
        amount = newest(ex.text, ex.money).value
        if _LESS.search(text) and amount < args["principal"]:
            args["principal"] = args["principal"] - amount  # "少贷50万", "borrow 100k less"
        else:
            args["principal"] = amount + args["principal"] if _MORE.search(text) else amount
    if delta_months(text):
        args["months"] = max(1, args["months"] + delta_months(text))
    elif ex.durations or bare_years(text, ex):
        args["months"] = round(newest(ex.text, ex.durations).months if ex.durations else bare_years(text, ex) or 0)
    if rates:
        args["annual_rate"] = newest(ex.text, rates).value / 100
    if currency_named(text) and not ex.money:
        args["currency"] = currency_named(text)
    method = loan_method(text)
    if method:
        args["method"] = method
    both = [c for c in previous if c.tool == LOAN]
    if args == before:
        if _SAME.search(text):
            return tuple(previous) if len(both) == len(previous) else (prev,)
        return None
    if not method and len(both) == 2 and len({c.args.get("method") for c in both}) == 2:
        # both schedules were shown (no method named): the change applies to both
        return tuple(ToolCall(LOAN, {**args, "method": c.args["method"]}) for c in both)
    return (ToolCall(LOAN, args),)


_CHANGED_TO = re.compile(r"改成|换成|改为|变成|调到|调成|降到|升到|涨到|提高到|降低到|\bto\b|→|->", _I)
_INSTEAD_OF = re.compile(r"instead of|rather than|而不是|不是", _I)


def newest(text: str, spans: Sequence[Any]) -> Any:
    """Of two values in a follow-up ("25年改成20年", "from 4.9% to 4.2%", "20 years instead of 25"), the one it
    changes to; with no such word, the first written."""
    first, last = spans[0], spans[-1]
    between = text[first.end:last.start]
    if len(spans) > 1 and _CHANGED_TO.search(between) and not _INSTEAD_OF.search(between):
        return last
    return first


def _savings(text: str, ex: Extraction, prev: ToolCall, earlier: Sequence[str] = ()) -> tuple[ToolCall, ...] | None:
    args: dict[str, Any] = dict(prev.args)
    if prev.tool == SAVINGS and goals.rate(ex) is None and goals.inflation(ex) is None:
        return _bootstrapped(text, ex, prev)
    if prev.tool == SAVINGS:  # a bootstrapped projection becomes an exact one once a rate is given
        args = {"solve_for": "final_value", "monthly": args.get("monthly_contribution", 0.0),
                "initial": args.get("initial", 0.0), "months": args.get("months"), "currency": args["currency"]}
    before = dict(args)
    rate, infl = goals.rate(ex), goals.inflation(ex)
    if infl is None and rate is not None and len(ex.percents) == 1 and goals.REAL.search(text) and (
            "annual_return" in args):
        rate, infl = None, rate  # "in today's money at 3%?" after a projection: the rate is its inflation
    if rate is not None:
        others = [p for p in ex.percents if p is not infl]
        args["annual_return"] = newest(ex.text, others).value / 100  # "年化从5%调到6%": the new one
    if infl is not None:
        args["inflation"] = infl.value / 100
    wait = _WAIT.search(text)
    delta = delta_months(text)
    if delta and args.get("months"):
        args["months"] = max(1, args["months"] + delta)
    elif bare_years(text, ex):
        args["months"] = round(bare_years(text, ex) or 0)
    elif goals.end_ages(text) and (aged := goals.age_months(text, " ".join(earlier))):
        args["months"] = round(aged)  # "what if I retire at 65 instead?" after "I'm 35 ... at 60"
    elif ex.horizon_months:
        if wait and args.get("months"):
            args["months"] = max(1, args["months"] - round(ex.horizon_months))
        elif _MORE.search(text) and args.get("months") and not ex.money:
            args["months"] = args["months"] + round(ex.horizon_months)  # "再加一年", "two more years"
        else:
            args["months"] = round(newest(ex.text, ex.durations).months)
    if ex.money:
        _amount(args, ex, text)
    elif scale := _scale(text):  # "double the contribution", "每月投入减半"
        key = "monthly" if args.get("monthly") else "target" if args.get("target") else "initial"
        if args.get(key):
            args[key] = args[key] * scale
    if currency_named(text) and not ex.money:
        args["currency"] = currency_named(text)  # "换成港币呢": the same plan in another currency
    if args == before:
        return None
    if "annual_return" not in args:
        if prev.tool == SAVINGS and args.get("inflation") is None:
            return None
        args["annual_return"] = 0.0 if not args.get("monthly") else None
        if args["annual_return"] is None:
            return None
    return (ToolCall(GOAL, args),)


_SCALE = re.compile(r"\b(?P<en>double|triple|halve|half)\b.{0,16}\b(?:contribution|amount|monthly|deposit|saving|"
                    r"investment|it|that|payment)|(?:每月|月投|定投|投入|存).{0,6}(?P<zh>翻倍|加倍|翻一番|减半)", _I)


def _scale(text: str) -> float:
    m = _SCALE.search(text)
    if m is None:
        return 0.0
    word = (m["en"] or m["zh"]).lower()
    return 3.0 if word == "triple" else 0.5 if word in ("halve", "half", "减半") else 2.0


def _amount(args: dict[str, Any], ex: Extraction, text: str) -> None:
    """Which amount a lone number in a follow-up replaces: the one the words name, else the one the question was
    about (the target of a goal, the monthly amount of a plan, the lump sum of a one-off)."""
    money = newest(ex.text, ex.money)
    monthly = ex.periodic("month")
    if re.search(r"已经有|已有|手上有|手头有|现有|先存|起始|初始|already|have|saved|start(?:ing)? with|begin with|"
                 r"start(?:ing)? (?:balance|amount|sum|pot)|initial|head start|"
                 r"up ?front|lump", text, _I):
        args["initial"] = money.value
    elif monthly is not None or (args.get("monthly") and args.get("solve_for") != "monthly"):
        value = (monthly or money).value
        now = args.get("monthly", 0.0)
        if _LESS.search(text) and value < now:
            args["monthly"] = now - value  # "每月少投500", "$200 less a month"
        else:
            args["monthly"] = now + value if _MORE.search(text) else value
    elif args.get("solve_for") in ("monthly", "initial", "months"):
        args["target"] = money.value
    else:
        args["initial"] = money.value


def _bootstrapped(text: str, ex: Extraction, prev: ToolCall) -> tuple[ToolCall, ...] | None:
    """A projection from history (no rate given) with a new amount or horizon: still from history."""
    args = dict(prev.args)
    if ex.horizon_months or bare_years(text, ex):
        args["months"] = round(ex.horizon_months or bare_years(text, ex) or 0)
    if ex.money:
        value = (ex.periodic("month") or ex.money[0]).value
        more = _MORE.search(text) is not None
        args["monthly_contribution"] = args["monthly_contribution"] + value if more else value
    return (ToolCall(SAVINGS, args),) if args != prev.args else None
