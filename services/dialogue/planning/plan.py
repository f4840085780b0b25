"""From a classified message and its extracted arguments to a plan: tool calls, a clarifying question, or a refusal.

The planner never invents a number: a tool whose required argument is missing is not called; the user is asked
instead, in their language. Defaults that are conventions rather than numbers (the currency of a Chinese message,
the repayment method when none is named) are applied and stated as assumptions so the answer can say them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from services.common.text.extract import Extraction
from services.dialogue.planning import followup, goals
from services.dialogue.planning.assets import (
    NO_DATA_STOCK,
    SHIPPED_SUMMARY,
    mentions,
    unknown_names,
    weights,
    window_start,
)
from services.dialogue.planning.calls import (  # noqa: F401  # re-exported: the tools and tests name them here
    ANALYZE,
    CONFIRM,
    GOAL,
    LOAN,
    QUESTIONNAIRE,
    SAVINGS,
    SUITABILITY,
    TABLE,
    TOOL_INTENT,
    ToolCall,
)
from services.dialogue.planning.intent import Classification, IntentClassifier, off_topic
from services.dialogue.planning.numbers import bare_amount, read
from services.dialogue.planning.vocab import DECLINE_TEXT, decline_reason, in_scope, readable, stated_levels

# "I understand the risk and still want to buy": the investor insists after a suitability warning.
_INSIST = re.compile(
    r"仍然|仍要|坚持|还是要买|还是想买|确认购买|确认要买|我了解(?:风险)?|我知道风险|我愿意承担|"
    r"still want|i insist|insist on|i understand the risks?|i accept the risks?|confirm (?:the )?purchase|go ahead",
    re.IGNORECASE,
)
# A message this short that follows earlier ones may complete them: a fragment ("I'm C4", "通胀按3%算") is
# planned together with the last two; one of at most _ANSWER_CHARS may take up an offer ("use history").
_FRAGMENT_CHARS = 80
_ANSWER_CHARS = 40
# The user asks for a projection from an index's real history instead of a return they assume ("use history",
# "按历史数据算"): offered when a savings question gives no rate, never taken unasked.
_HISTORY = re.compile(r"历史(?:数据|收益|回报|表现|走势|行情)|按(?:过去|以往)|(?:past|historical|actual) (?:returns?|"
                      r"performance|data)|\b(?:use|based on|from|on) (?:the |its |their )?(?:index(?:'s)? )?"
                      r"(?:history|historical)\b|back-?test", re.IGNORECASE)
_INLINE_JSON = re.compile(r"(?<=[^\s\[])[ \t]*(?=\[\s*\{)")
_FOLLOWUP = re.compile(
    r"^(?:那|那么|如果|要是|假如|换成|改成|改为|what about|how about|what if|and if|and with)|呢\s*[？?]?$",
    re.IGNORECASE,
)
@dataclass(frozen=True)
class Plan:
    classification: Classification
    extraction: Extraction
    calls: tuple[ToolCall, ...] = ()
    clarify: str = ""  # asked instead of calling a tool whose arguments are missing
    refuse: str = ""  # out-of-scope: answered without the model
    reply: str = ""  # the platform's own complete answer (a tenant's greeting): not a refusal, no model
    assumptions: tuple[str, ...] = field(default_factory=tuple)

    @property
    def intent(self) -> str:
        return self.classification.intent


@dataclass(frozen=True)
class Profile:
    """What the planner may use from the investor's stored profile."""

    risk_level: str = ""  # "C1".."C5", empty when never assessed
    holdings: tuple[tuple[str, float], ...] = ()  # (instrument, weight)


_MESSAGES = {
    "savings_missing": {
        "zh": "为了帮您测算，请告诉我：{missing}。",
        "en": "To project this I need {missing}.",
    },
    "history_offer": {
        "zh": "如果您没有预期收益率，也可以回复“按历史数据”，我用{index}的真实历史收益重抽样测算"
              "（给出的是区间，不是预测）。",
        "en": " If you have no rate in mind, reply \"use history\" and I will project from the actual past returns of "
              "{index} (a range of outcomes, not a forecast).",
    },
    "loan_missing": {
        "zh": "为了计算还款计划，请告诉我：{missing}。",
        "en": "To build the repayment schedule I need {missing}.",
    },
    "holdings_missing": {
        "zh": "请告诉我您持有哪些基金或证券（代码）以及各自的比例或金额，我来分析组合的收益和风险。",
        "en": "Which funds or securities do you hold (codes or tickers), and in what weights or amounts?",
    },
    "product_missing": {
        "zh": "请告诉我您想了解的产品（代码、名称或风险等级R1–R5），我来检查它与您的风险等级是否匹配。",
        "en": "Which product are you considering (a code, a name, or its risk level R1-R5)? I will check it "
        "against your risk level.",
    },
    "no_data": {
        "zh": "平台没有{names}的行情数据，无法计算。目前可分析的有：{shipped}。请换成其中的品种"
              "（如果是做适当性检查，也可以告诉我它的风险等级R1–R5）。",
        "en": "The platform has no market data for {names}, so I can't compute that. What I can analyse: "
        "{shipped}. Could you pick from these (or, for a suitability check, tell me its risk level R1-R5)?",
    },
    "which": {
        "zh": "想确认一下：您是想{a}，还是{b}？",
        "en": "Just to check: do you want {a}, or {b}?",
    },
    "refuse": {
        "zh": "抱歉，这个问题超出了我作为投资顾问助手的范围。我可以帮您分析组合、测算定投或贷款、评估风险承受能力。",
        "en": "Sorry, that is outside what I can help with as an investment assistant. I can analyse a portfolio, "
        "project savings or a loan, or assess your risk tolerance.",
    },
}
_NAMES = {
    "amount": {"zh": "每月（或一次性）投入的金额", "en": "how much you invest each month (or up front)"},
    "horizon": {"zh": "投资期限（例如十年）", "en": "the horizon (for example 10 years)"},
    "principal": {"zh": "贷款金额", "en": "the loan amount"},
    "rate": {"zh": "年利率", "en": "the annual interest rate"},
    "return": {"zh": "预期年化收益率", "en": "the annual return you assume"},
    "inflation": {"zh": "每年的通胀率", "en": "the yearly inflation rate"},
    "term": {"zh": "贷款期限", "en": "the loan term"},
}


_READING = {
    "savings_projection": {"zh": "测算储蓄或定投", "en": "a savings projection"},
    "loan_schedule": {"zh": "计算贷款还款", "en": "a loan repayment schedule"},
    "portfolio_analysis": {"zh": "分析持仓的风险收益", "en": "a risk and return analysis of holdings"},
    "product_suitability": {"zh": "检查产品是否适合您", "en": "a suitability check of a product"},
}


# names without digits: a number in the platform's own question that is no tool figure reads as one ("500")
_INDEX_NAMES = {
    "000001.SH": {"zh": "上证综合指数", "en": "the SSE Composite index"},
    "SP500": {"zh": "标普指数", "en": "the S&P index"},
    "HSI.HK": {"zh": "恒生指数", "en": "the Hang Seng index"},
}


def _lang(locale: str) -> str:
    return "zh" if locale.startswith("zh") else "en"


def _missing(keys: list[str], lang: str) -> str:
    sep = "、" if lang == "zh" else ", "
    return sep.join(_NAMES[k][lang] for k in keys)


# A message pointing back at what was said ("is this allowed?", "他是真的持牌吗", "how do I handle it?")
_POINTS_BACK = re.compile(r"\b(?:this|that|it|these|those|he|she|they|him|her|them|his|their)\b|这个|那个|这样|那样|"
                          r"这种|那种|这家|那家|这笔|那笔|这是|那是|这些|那些|他|她|它|对方|此事", re.IGNORECASE)


# Asked to produce something (a script, a letter, a date night): a new task, whatever "it" or "her" points at
_MAKE = re.compile(r"\b(?:write|code|script|program|draft|compose|design|plan (?:a|an|my)|book|cook|draw|make me)\b|"
                   r"cover letter|essay|poem|story|song|写(?!明)|编|画|做(?:一|个|份)|订|"
                   r"帮我(?:规划|安排)(?!.*(?:钱|投资|理财))",
                   re.IGNORECASE)


def _continues(cls: Classification, text: str, earlier: Sequence[str]) -> bool:
    """A message guessed off-topic only for having no money word (not a recognised off-topic ask, not a decline),
    which points back into a conversation about money: a follow-up on its matter, not a new topic (nor a request
    to produce something else: "write me a script that scrapes their website")."""
    guessed = cls.intent == "out_of_scope" and cls.score < 1.0 and not cls.reason and cls.layer != "learned"
    return (guessed and bool(_POINTS_BACK.search(text)) and not off_topic(text) and not _MAKE.search(text)
            and any(in_scope(e) for e in earlier[-2:]))


class Planner:
    def __init__(self, classifier: IntentClassifier, default_instruments: dict[str, str]) -> None:
        """``default_instruments``: by language ("zh", "en"), the index whose history a projection bootstraps
        from when the user gives no rate (a broad market index of the user's market)."""
        self._classifier = classifier
        self._default_instruments = default_instruments

    @property
    def classifier(self) -> IntentClassifier:
        return self._classifier

    @staticmethod
    def may_reclassify(text: str, earlier: Sequence[str]) -> bool:
        """Whether ``plan`` may classify the message again joined with the earlier ones (a fragment, or the
        answer to a question asked back): that classification can run the embedding model, so the caller on an
        event loop plans such a message in a worker thread."""
        return bool(earlier) and len(text) <= max(_ANSWER_CHARS, _FRAGMENT_CHARS)

    def plan(
        self,
        text: str,
        locale: str,
        profile: Profile,
        classification: Classification | None = None,
        previous: Sequence[ToolCall] = (),
        earlier: Sequence[str] = (),
    ) -> Plan:
        """``previous``: the last answered turn's calls; ``earlier``: the user's earlier messages, newest last
        (a message that only completes a question asked back is planned together with them)."""
        cls = classification or self._classifier.classify(text)
        planned = self._plan(text, locale, profile, cls, previous, earlier)
        declined = any(a.startswith("declined:") for a in planned.assumptions)
        if not (planned.refuse and not declined and _continues(cls, text, earlier)):
            return planned
        # "what's the safe way to handle it?" after a broker's gift: no money word, but the conversation's
        # matter -- answered in words, unless the conversation read together asks what an adviser declines
        reason = decline_reason(readable("，".join([*earlier[-2:], text])))
        if reason:
            return _with(planned, refuse=DECLINE_TEXT[reason][_lang(locale)], assumptions=(f"declined: {reason}",))
        return Plan(replace(cls, intent="explain_term", layer="followup"), planned.extraction)

    def _plan(self, text: str, locale: str, profile: Profile, cls: Classification, previous: Sequence[ToolCall],
              earlier: Sequence[str]) -> Plan:
        ex = read(text)
        lang = _lang(locale)
        base = Plan(cls, ex)
        insisted = _insisting(base, text, previous)
        if insisted is not None:
            return insisted
        if earlier and len(text) <= _ANSWER_CHARS and _HISTORY.search(text):  # "use history": our offer taken
            joined = "，".join([*earlier[-2:], text])
            again = self._fresh(Plan(self._classifier.classify(joined), read(joined)), joined, lang, profile)
            if again.calls:
                return again
        if cls.intent in ("out_of_scope", "small_talk") and (cls.score >= 1.0 or not previous):
            return self._fresh(base, text, lang, profile)  # a decline, thanks: never a follow-up
        # "what is VaR?" after a VaR figure is a definition; "what's the last payment?" after a loan is not
        defined = cls.intent == "explain_term" and cls.layer == "rule" and not followup.asks_a_figure(text)
        if (previous and not defined) or _FOLLOWUP.search(text.strip()):
            changed = followup.change(text, ex, previous, earlier, cls)
            if changed is not None:
                return Plan(Classification(changed[0].tool_intent, "followup", 1.0),  # type: ignore[arg-type]
                            ex, calls=changed, assumptions=("other inputs as in the previous question",
                                                            *followup.mixed_note(changed)))
        fresh = self._fresh(base, text, lang, profile, earlier)
        placed = cls.layer == "rule" and not fresh.clarify  # a definition, thanks: complete by itself
        if fresh.calls or fresh.refuse or placed or not earlier or len(text) > _FRAGMENT_CHARS:
            return fresh
        # a fragment ("I'm C4", "通胀按3%算", "Rate is 6.25%"): read it together with what came before
        joined = "，".join([*earlier[-2:], text])
        again = self._fresh(Plan(self._classifier.classify(joined), read(joined)), joined, lang, profile)
        # still a question back: the topic the conversation set wins over a guess from the fragment's numbers
        # ("I need help with a mortgage" then "it's $850,000 over fifteen years")
        guessed = fresh.clarify and again.clarify and cls.score < 1.0 and again.intent in _READING
        return again if again.calls or guessed else fresh

    def _fresh(self, base: Plan, text: str, lang: str, profile: Profile, earlier: Sequence[str] = ()) -> Plan:
        """``earlier``: the user's earlier messages, where a level they stated still counts ("I'm C4" ...)."""
        cls = base.classification
        if cls.runner_up and cls.intent in _READING and cls.runner_up in _READING:
            question = _MESSAGES["which"][lang].format(a=_READING[cls.intent][lang], b=_READING[cls.runner_up][lang])
            return _with(base, clarify=question)
        if cls.intent == "table_question":  # the whole message: the table tool reads the question and the table
            # a JSON array pasted on the question's own line goes on a line of its own, where the tool reads tables
            question = _INLINE_JSON.sub("\n", text, count=1)
            return _with(base, calls=(ToolCall(TABLE, {"question": question, "locale": lang}),))
        if cls.intent == "savings_projection":
            return self._savings(base, text, lang)
        if cls.intent == "loan_schedule":
            return self._loan(base, text, lang)
        if cls.intent == "portfolio_analysis":
            return self._analysis(base, profile, lang)
        if cls.intent == "product_suitability":
            return self._suitability(base, text, profile, lang, earlier)
        if cls.intent == "risk_assessment":
            return _with(base, calls=(ToolCall(QUESTIONNAIRE, {"locale": lang}),))
        if cls.intent == "out_of_scope":
            reason = decline_reason(readable(text)) or cls.reason
            return _with(base, refuse=DECLINE_TEXT[reason][lang] if reason else _MESSAGES["refuse"][lang],
                         assumptions=(f"declined: {reason}",) if reason else ())
        return base  # explain_term, small_talk: the model answers without tools

    def _currency(self, ex: Extraction, lang: str) -> tuple[str, tuple[str, ...]]:
        named = next((m.currency for m in ex.money if m.currency), "")
        if named:
            return named, ()
        assumed = "CNY" if lang == "zh" else "USD"
        return assumed, (f"currency {assumed} assumed (none named)",)

    def _savings(self, base: Plan, text: str, lang: str) -> Plan:
        ex = base.extraction
        currency, assumptions = self._currency(ex, lang)
        frame = goals.frame(ex.text, ex, currency)
        args = frame.args
        assumptions = (*assumptions, *frame.notes)
        no_rate = "annual_return" not in args
        # asked for in words: a projection from an index's history (it has no real value, so not with inflation)
        history = no_rate and args["solve_for"] == "final_value" and "inflation" not in args and bool(
            _HISTORY.search(text))
        missing = ["return" if k == "rate" else k for k in frame.missing]
        if no_rate and "return" not in missing:
            missing.append("return")
        if history:
            missing.remove("return")
        if missing:
            question = _MESSAGES["savings_missing"][lang].format(missing=_missing(missing, lang))
            if missing == ["return"] and args["solve_for"] == "final_value" and "inflation" not in args:
                index = _INDEX_NAMES[self._history_index(ex, lang)][lang]
                question += _MESSAGES["history_offer"][lang].format(index=index)  # the one alternative, labelled
            return _with(base, clarify=question)
        if "annual_return" in args:
            return _with(base, calls=(ToolCall(GOAL, args),), assumptions=assumptions)
        # asked for: a projection from an index's real history (a range), never a return assumed for the user
        instrument = self._history_index(ex, lang)
        call = ToolCall(SAVINGS, {"monthly_contribution": args["monthly"], "initial": args["initial"],
                                  "months": args["months"], "currency": currency, "bootstrap_instrument": instrument})
        return _with(base, calls=(call,), assumptions=(*assumptions, f"returns bootstrapped from {instrument} history"))

    def _history_index(self, ex: Extraction, lang: str) -> str:
        """The index a history projection draws from: the one the user names, else their market's broad index."""
        named = [m.instrument for m in mentions(ex) if m.instrument in _INDEX_NAMES]
        return named[0] if named else self._default_instruments[lang]

    def _loan(self, base: Plan, text: str, lang: str) -> Plan:
        ex = base.extraction
        principal = followup.loan_principal(ex) or bare_amount(ex)  # "a loan of 30,000": no money word after it
        checks = (("principal", principal), ("rate", ex.percents), ("term", ex.horizon_months))
        missing = [k for k, ok in checks if not ok]
        if missing:
            return _with(base, clarify=_MESSAGES["loan_missing"][lang].format(missing=_missing(missing, lang)))
        currency, assumptions = self._currency(ex, lang)
        method = "" if followup.both_methods(text) else followup.loan_method(text)  # "等额本金和等额本息哪个划算"
        methods = [method] if method else ["equal_payment", "equal_principal"]  # none named: both, as banks offer
        rate = next(p for p in ex.percents if not followup.is_down_payment(ex.text, p.start))
        price = followup.loan_price(ex)  # kept (the tool reads only its own keys) for "首付改成四成呢"
        calls = tuple(
            ToolCall(LOAN, {"principal": principal, "annual_rate": rate.value / 100,
                            "months": round(ex.horizon_months or 0), "method": m, "currency": currency,
                            **({"price": price} if price else {})})
            for m in methods
        )
        return _with(base, calls=calls, assumptions=assumptions)

    def _analysis(self, base: Plan, profile: Profile, lang: str) -> Plan:
        ex = base.extraction
        named = mentions(ex)
        unknown = unknown_names(ex.text, ex)
        if unknown:  # never a silent substitute: say what is shipped
            message = _MESSAGES["no_data"][lang].format(names="、".join(unknown), shipped=SHIPPED_SUMMARY[lang])
            return _with(base, clarify=message)
        if named:
            calls = followup.dated(followup.analysis_calls([m.instrument for m in named], weights(ex, named), ex.text),
                                   window_start(ex))
            equal = len(named) > 1 and weights(ex, named) is None and len(calls) < len(named)
            notes = (("equal weights assumed (none given)",) if equal else ()) + followup.mixed_note(calls)
            return _with(base, calls=calls, assumptions=notes)
        if profile.holdings:
            args = {"holdings": [{"instrument": i, "weight": w} for i, w in profile.holdings]}
            return _with(base, calls=(ToolCall(ANALYZE, args),), assumptions=("holdings from your saved profile",))
        return _with(base, clarify=_MESSAGES["holdings_missing"][lang])

    def _suitability(self, base: Plan, text: str, profile: Profile, lang: str, earlier: Sequence[str] = ()) -> Plan:
        ex = base.extraction
        levels = stated_levels(ex.text)
        named = mentions(ex)
        args: dict[str, Any] = {}
        if named:
            args["product"] = named[0].instrument
        elif levels.product or levels.product_type:
            args["product_risk"] = levels.product or levels.product_type
            args["product_label"] = levels.type_label if not levels.product else f"{levels.product} product"
        elif stock := _unshipped_stock(ex):  # a stock the platform has no data for is still a single stock
            args["product_risk"] = "R4"
            args["product_label"] = f"{stock} (a single stock, rated R4)"
        else:
            unknown = unknown_names(ex.text, ex)
            if unknown:
                message = _MESSAGES["no_data"][lang].format(names="、".join(unknown), shipped=SHIPPED_SUMMARY[lang])
                return _with(base, clarify=message)
            return _with(base, clarify=_MESSAGES["product_missing"][lang])
        if levels.product and named:
            args["product_risk"] = levels.product  # the level the user read on the product wins
        # a level stated earlier in the conversation ("我之前测评是C2" ... "那我能买比亚迪吗？"), newest first
        said = next((lv for lv in (stated_levels(t).investor for t in reversed(earlier)) if lv), "")
        level = levels.investor or said or profile.risk_level
        if not level:
            # suitability needs the investor's level: stated, or assessed; the questionnaire comes first
            note = "risk assessment needed before a suitability check"
            return _with(base, calls=(ToolCall(QUESTIONNAIRE, {"locale": lang}),), assumptions=(note,))
        args["investor_level"] = level
        stated = ("investor level as stated",) if levels.investor or said else ()
        return _with(base, calls=(ToolCall(SUITABILITY, args),), assumptions=stated)


def _unshipped_stock(ex: Extraction) -> str:
    """The first company named that is not in the catalogue ("特斯拉", "Nvidia"): a single stock, whatever its data.
    A bare unshipped ticker could be a stock or a fund, so it is answered with what is shipped instead."""
    found = NO_DATA_STOCK.search(ex.text)
    return found.group(0) if found else ""


def _insisting(base: Plan, text: str, previous: Sequence[ToolCall]) -> Plan | None:
    """After a suitability warning that needs the investor's confirmation, "我了解风险，仍然要买" records it."""
    warned = next((c for c in previous if c.tool == SUITABILITY and c.args.get("requires_confirmation")), None)
    if warned is None or not _INSIST.search(text):
        return None
    cls = Classification("product_suitability", "followup", 1.0)
    keys = ("product", "investor_level", "product_risk", "warning")
    args: dict[str, Any] = {k: warned.args[k] for k in keys if k in warned.args}
    return Plan(cls, base.extraction, calls=(ToolCall(CONFIRM, args),))


def _with(plan: Plan, **changes: Any) -> Plan:
    values = {**plan.__dict__, **changes}
    return Plan(**values)
