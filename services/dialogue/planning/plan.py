"""From a classified message and its extracted arguments to a plan: tool calls, a clarifying question, or a refusal.

The planner never invents a number: a tool whose required argument is missing is not called; the user is asked
instead, in their language. Defaults that are conventions rather than numbers (the currency of a Chinese message,
the repayment method when none is named) are applied and stated as assumptions so the answer can say them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from services.common.text.extract import Extraction, extract
from services.dialogue.planning.intent import Classification, IntentClassifier

# Tool names the orchestrator knows how to run (each maps to one portfolio-tool or compliance RPC).
SAVINGS = "project_savings"
LOAN = "loan_schedule"
ANALYZE = "analyze_portfolio"
SUITABILITY = "check_suitability"
QUESTIONNAIRE = "risk_questionnaire"
CONFIRM = "record_confirmation"
TABLE = "answer_table"
# "I understand the risk and still want to buy": the investor insists after a suitability warning.
_INSIST = re.compile(
    r"仍然|仍要|坚持|还是要买|还是想买|确认购买|确认要买|我了解(?:风险)?|我知道风险|我愿意承担|"
    r"still want|i insist|insist on|i understand the risks?|i accept the risks?|confirm (?:the )?purchase|go ahead",
    re.IGNORECASE,
)
_FOLLOWUP = re.compile(
    r"^(?:那|那么|如果|要是|假如|换成|改成|改为|what about|how about|what if|and if|and with)|呢\s*[？?]?$",
    re.IGNORECASE,
)
TOOL_INTENT = {SAVINGS: "savings_projection", LOAN: "loan_schedule", ANALYZE: "portfolio_analysis",
               SUITABILITY: "product_suitability", CONFIRM: "product_suitability"}


@dataclass(frozen=True)
class ToolCall:
    tool: str
    args: dict[str, Any]

    @property
    def tool_intent(self) -> str:
        return TOOL_INTENT.get(self.tool, "")


@dataclass(frozen=True)
class Plan:
    classification: Classification
    extraction: Extraction
    calls: tuple[ToolCall, ...] = ()
    clarify: str = ""  # asked instead of calling a tool whose arguments are missing
    refuse: str = ""  # out-of-scope: answered without the model
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
    "loan_missing": {
        "zh": "为了计算还款计划，请告诉我：{missing}。",
        "en": "To build the repayment schedule I need {missing}.",
    },
    "holdings_missing": {
        "zh": "请告诉我您持有哪些基金或证券（代码）以及各自的比例或金额，我来分析组合的收益和风险。",
        "en": "Which funds or securities do you hold (codes or tickers), and in what weights or amounts?",
    },
    "product_missing": {
        "zh": "请告诉我您想了解的产品代码，我来检查它与您的风险等级是否匹配。",
        "en": "Which product (its code or ticker) are you considering? I will check it against your risk level.",
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
    "term": {"zh": "贷款期限", "en": "the loan term"},
}


def _lang(locale: str) -> str:
    return "zh" if locale.startswith("zh") else "en"


def _missing(keys: list[str], lang: str) -> str:
    sep = "、" if lang == "zh" else ", "
    return sep.join(_NAMES[k][lang] for k in keys)


class Planner:
    def __init__(self, classifier: IntentClassifier, default_instruments: dict[str, str]) -> None:
        """``default_instruments``: by language ("zh", "en"), the index whose history a projection bootstraps
        from when the user gives no rate (a broad market index of the user's market)."""
        self._classifier = classifier
        self._default_instruments = default_instruments

    @property
    def classifier(self) -> IntentClassifier:
        return self._classifier

    def plan(
        self,
        text: str,
        locale: str,
        profile: Profile,
        classification: Classification | None = None,
        previous: Sequence[ToolCall] = (),
    ) -> Plan:
        cls = classification or self._classifier.classify(text)
        ex = extract(text)
        lang = _lang(locale)
        base = Plan(cls, ex)
        insisted = _insisting(base, text, previous)
        if insisted is not None:
            return insisted
        if _FOLLOWUP.search(text.strip()):  # "那如果年化6%呢？": the last calculation with one input changed
            followup = self._followup(base, text, previous, marked=True)
            if followup is not None:
                return followup
        fresh = self._fresh(base, text, lang, profile)
        if fresh.calls or fresh.refuse:
            return fresh
        return self._followup(base, text, previous) or fresh  # a partial message may complete the last question

    def _fresh(self, base: Plan, text: str, lang: str, profile: Profile) -> Plan:
        cls = base.classification
        if cls.intent == "table_question":  # the whole message: the table tool reads the question and the table
            return _with(base, calls=(ToolCall(TABLE, {"question": text, "locale": lang}),))
        if cls.intent == "savings_projection":
            return self._savings(base, lang)
        if cls.intent == "loan_schedule":
            return self._loan(base, text, lang)
        if cls.intent == "portfolio_analysis":
            return self._analysis(base, profile, lang)
        if cls.intent == "product_suitability":
            return self._suitability(base, profile, lang)
        if cls.intent == "risk_assessment":
            return _with(base, calls=(ToolCall(QUESTIONNAIRE, {"locale": lang}),))
        if cls.intent == "out_of_scope":
            return _with(base, refuse=_MESSAGES["refuse"][lang])
        return base  # explain_term, small_talk: the model answers without tools

    def _followup(self, base: Plan, text: str, previous: Sequence[ToolCall], marked: bool = False) -> Plan | None:
        """"如果每月3000呢？" / "what about 20 years?": the last turn's calculation with the new numbers.

        Taken only when the message names no other tool intent, is short, and carries a number or a method the
        previous call can take; everything not restated is kept from the previous call.
        """
        if not previous or len(text) > 60:
            return None
        if not marked and base.classification.layer == "rule" and base.intent not in (
            previous[0].tool_intent,
            "explain_term",
        ):
            return None
        prev = previous[0]
        ex = base.extraction
        args = dict(prev.args)
        changed = _override(prev.tool, args, ex, text)
        if not changed:
            return None
        cls = Classification(prev.tool_intent, "followup", 1.0)  # type: ignore[arg-type]  # a tool intent
        calls = (ToolCall(prev.tool, args),)
        return Plan(cls, ex, calls=calls, assumptions=(f"other inputs as in the previous question: {prev.tool}",))

    def _currency(self, ex: Extraction, lang: str) -> tuple[str, tuple[str, ...]]:
        named = next((m.currency for m in ex.money if m.currency), "")
        if named:
            return named, ()
        assumed = "CNY" if lang == "zh" else "USD"
        return assumed, (f"currency {assumed} assumed (none named)",)

    def _savings(self, base: Plan, lang: str) -> Plan:
        ex = base.extraction
        monthly = ex.periodic("month")
        yearly = ex.periodic("year")
        lump = ex.lump_sums()
        missing = [k for k, ok in (("amount", monthly or yearly or lump), ("horizon", ex.horizon_months)) if not ok]
        if missing:
            return _with(base, clarify=_MESSAGES["savings_missing"][lang].format(missing=_missing(missing, lang)))
        currency, assumptions = self._currency(ex, lang)
        contribution = monthly.value if monthly else (yearly.value / 12 if yearly else 0.0)
        args: dict[str, Any] = {
            "monthly_contribution": contribution,
            "initial": lump[0].value if lump else 0.0,
            "months": round(ex.horizon_months or 0),
            "currency": currency,
        }
        if ex.percents:
            args["annual_return"] = ex.percents[0].value / 100  # the user's own assumption, deterministic
        else:
            # no rate given: bootstrap from a named index's real history instead of assuming a rate
            instrument = self._default_instruments[lang]
            args["bootstrap_instrument"] = instrument
            assumptions += (f"returns bootstrapped from {instrument} history",)
        return _with(base, calls=(ToolCall(SAVINGS, args),), assumptions=assumptions)

    def _loan(self, base: Plan, text: str, lang: str) -> Plan:
        ex = base.extraction
        principal = ex.lump_sums() or ex.money
        checks = (("principal", principal), ("rate", ex.percents), ("term", ex.horizon_months))
        missing = [k for k, ok in checks if not ok]
        if missing:
            return _with(base, clarify=_MESSAGES["loan_missing"][lang].format(missing=_missing(missing, lang)))
        currency, assumptions = self._currency(ex, lang)
        if re.search(r"等额本金|equal principal|constant principal", text, re.IGNORECASE):
            methods = ["equal_principal"]
        elif re.search(r"等额本息|equal (?:payment|installment)|annuity|fixed payment", text, re.IGNORECASE):
            methods = ["equal_payment"]
        else:
            methods = ["equal_payment", "equal_principal"]  # none named: show both, as banks offer both
        calls = tuple(
            ToolCall(
                LOAN,
                {
                    "principal": principal[0].value,
                    "annual_rate": ex.percents[0].value / 100,
                    "months": round(ex.horizon_months or 0),
                    "method": method,
                    "currency": currency,
                },
            )
            for method in methods
        )
        return _with(base, calls=calls, assumptions=assumptions)

    def _analysis(self, base: Plan, profile: Profile, lang: str) -> Plan:
        ex = base.extraction
        named = ex.codes + ex.tickers
        if named:
            weights = [1.0 / len(named)] * len(named)
            holdings = list(zip(named, weights, strict=True))
            assumptions: tuple[str, ...] = ("equal weights assumed (none given)",) if len(named) > 1 else ()
        elif profile.holdings:
            holdings, assumptions = list(profile.holdings), ("holdings from your saved profile",)
        else:
            return _with(base, clarify=_MESSAGES["holdings_missing"][lang])
        args = {"holdings": [{"instrument": i, "weight": w} for i, w in holdings]}
        return _with(base, calls=(ToolCall(ANALYZE, args),), assumptions=assumptions)

    def _suitability(self, base: Plan, profile: Profile, lang: str) -> Plan:
        ex = base.extraction
        products = ex.codes + ex.tickers
        if not products:
            return _with(base, clarify=_MESSAGES["product_missing"][lang])
        if not profile.risk_level:
            # suitability needs the investor's assessed level: the questionnaire comes first, never a guess
            note = "risk assessment needed before a suitability check"
            return _with(base, calls=(ToolCall(QUESTIONNAIRE, {"locale": lang}),), assumptions=(note,))
        call = ToolCall(SUITABILITY, {"product": products[0], "investor_level": profile.risk_level})
        return _with(base, calls=(call,))


def _insisting(base: Plan, text: str, previous: Sequence[ToolCall]) -> Plan | None:
    """After a suitability warning that needs the investor's confirmation, "我了解风险，仍然要买" records it."""
    warned = next((c for c in previous if c.tool == SUITABILITY and c.args.get("requires_confirmation")), None)
    if warned is None or not _INSIST.search(text):
        return None
    cls = Classification("product_suitability", "followup", 1.0)
    keys = ("product", "investor_level", "product_risk", "warning")
    args: dict[str, Any] = {k: warned.args[k] for k in keys if k in warned.args}
    return Plan(cls, base.extraction, calls=(ToolCall(CONFIRM, args),))


def _override(tool: str, args: dict[str, Any], ex: Extraction, text: str) -> bool:
    """Put the numbers restated in a follow-up into the previous call's arguments; True when anything changed."""
    before = dict(args)
    months = ex.horizon_months
    if tool == SAVINGS:
        money = ex.periodic("month") or (ex.money[0] if ex.money else None)
        if money is not None:
            args["monthly_contribution"] = money.value
        if months:
            args["months"] = round(months)
        if ex.percents:
            args["annual_return"] = ex.percents[0].value / 100
            args.pop("bootstrap_instrument", None)
    elif tool == LOAN:
        if ex.money:
            args["principal"] = ex.money[0].value
        if months:
            args["months"] = round(months)
        if ex.percents:
            args["annual_rate"] = ex.percents[0].value / 100
        if re.search(r"等额本金|equal principal", text, re.IGNORECASE):
            args["method"] = "equal_principal"
        elif re.search(r"等额本息|equal payment", text, re.IGNORECASE):
            args["method"] = "equal_payment"
    return args != before


def _with(plan: Plan, **changes: Any) -> Plan:
    values = {**plan.__dict__, **changes}
    return Plan(**values)
