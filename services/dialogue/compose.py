"""Facts first: a tool turn's answer opens with the tool's figures, written by the platform in the user's language
(what was computed, the key figures with units, method and data date, the assumptions), so it is exact and
readable with any engine or none. The model may then add a short explanation (``EXPLANATION_TOKENS``)."""

from __future__ import annotations

import re

import orjson

from services.common.locale import is_zh
from services.dialogue.knowledge import Match
from services.dialogue.planning.plan import Plan
from services.dialogue.tool_round import Fact, ToolRound

# What each tool intent computed, as the answer's first line.
HEADINGS = {
    "loan_schedule": ("Your loan repayments, computed by the platform:", "按您给出的条件，平台计算的还款情况如下："),
    "savings_projection": ("Your savings projection, computed by the platform:", "按您的条件，平台测算的结果如下："),
    "portfolio_analysis": ("Risk and return from the historical data:", "根据历史数据计算的风险与收益："),
    "product_suitability": ("Suitability check:", "适当性检查："),
}
DEFAULT_HEADING = ("Computed by the platform:", "平台计算结果：")

# Label words the tools write (English) and how a Chinese answer says them; longest first when applied.
ZH_WORDS = {
    "first monthly payment": "首月月供", "last monthly payment": "末月月供", "total interest": "利息总额",
    "total repaid": "还款总额", "value at the end": "期末金额", "total contributed": "累计投入",
    "max drawdown": "最大回撤", "th percentile": "分位数", "annual return": "年化收益率",
    "annualized return": "年化收益率", "cagr": "年化复合收益率", "volatility": "波动率",
    "annual volatility": "年化波动率", "sharpe ratio": "夏普比率", "sharpe": "夏普比率", "sortino": "索提诺比率",
    "value at risk": "风险价值", "var": "风险价值(VaR)", "cumulative return": "累计收益率", "beta": "贝塔",
    "years": "年", "a year": "年化", "horizon rounded up to whole years": "期限按整年向上取整",
    "bootstrapped from": "基于历史数据重抽样", "history": "区间", "peak": "峰值", "trough": "谷底",
    "median": "中位数", "final value": "期末金额", "as of": "数据截至", "bootstrap": "历史重抽样",
    "returns bootstrapped from": "收益率按历史数据重抽样，来源", "monthly amount needed": "每月需投入",
    "real value": "实际购买力",
    "lump sum needed": "需一次性投入", "months needed": "所需月数", "inflation": "通胀", "rounded up": "向上取整",
}
ZH_UNITS = {"CNY": "元", "USD": "美元", "HKD": "港元", "months": "个月", "years": "年", "days": "天"}
CAVEAT = (
    "These figures are computed from what you told me and from historical data; they are not a forecast or a "
    "promise. Investing involves risk.",
    "以上数字根据您提供的信息和历史数据计算，不是预测，也不是收益承诺。投资有风险，决策需谨慎。",
)
EXPLANATION_TOKENS = 48  # what the model may add after the facts: a short explanation, never a second answer
_ZH_PATTERN = re.compile("|".join(re.escape(k) for k in sorted(ZH_WORDS, key=len, reverse=True)), re.IGNORECASE)


def answer_locale(user_text: str, locale: str) -> str:
    """The language to answer in: the question's own (an English question in a Chinese session gets English),
    the session's when the question has too few letters to tell."""
    cjk = sum("\u4e00" <= c <= "\u9fff" for c in user_text)
    latin = sum(c.isascii() and c.isalpha() for c in user_text)
    if cjk + latin < 4:
        return locale
    return "zh-CN" if cjk * 3 >= latin else "en"


def facts_text(plan: Plan | None, tools: ToolRound, locale: str) -> str:
    """The facts-first opening of a tool turn, or "" when no tool produced a figure."""
    facts = [f for o in tools.outcomes if o.ok for f in o.facts]
    if plan is None or not facts:
        return ""
    zh = is_zh(locale)
    heading = HEADINGS.get(plan.intent, DEFAULT_HEADING)[zh]
    lines = [heading, *(f"- {fact_line(f, zh)}" for f in facts)]
    if plan.assumptions:
        lines.append(("假设：" if zh else "Assumptions: ") + ("；" if zh else "; ").join(plan.assumptions))
    lines.append(CAVEAT[zh])
    return "\n".join(lines) + "\n\n"


def entry_text(entry: Match | None) -> str:
    """A definition answered from the knowledge base: the curated entry, then its source."""
    if entry is None:
        return ""
    if is_zh(entry.locale):
        return f"{entry.title}：{entry.answer}\n（来源：{entry.source}）\n\n"
    return f"{entry.title}: {entry.answer}\n(Source: {entry.source})\n\n"


def json_reply(shown: str, opening: str, withheld: str) -> str:
    """The reply of a client that asked for JSON (OpenAI ``response_format``): always one JSON object. An exact
    table answer is already one; a refusal or a withheld answer is ``{"answer": null, "explanation": why}``; a
    tool or knowledge answer puts the platform's own words in ``answer`` and the model's in ``explanation``."""
    if withheld:
        return orjson.dumps({"answer": None, "explanation": withheld.strip()}).decode()
    text = shown.strip()
    if text.startswith("{"):
        try:
            if isinstance(orjson.loads(text), dict):
                return text
        except orjson.JSONDecodeError:
            pass  # the model's own braces: wrapped below like any text
    if opening and shown.startswith(opening):
        answer, explanation = opening.strip(), shown[len(opening):].strip()
    else:
        answer, explanation = text, ""
    return orjson.dumps({"answer": answer, "explanation": explanation}).decode()


EN_WORDS = {"等额本息": "Equal-payment", "等额本金": "Equal-principal"}


def fact_line(fact: Fact, zh: bool) -> str:
    label = _zh(fact.label) if zh else " ".join(EN_WORDS.get(w, w) for w in fact.label.split(" "))
    value = format_value(fact.value, fact.unit, zh)
    note = (_zh(fact.note) if zh else fact.note) if fact.note else ""
    if zh:
        return f"{label}：{value}" + (f"（{note}）" if note else "")
    return f"{label[:1].upper()}{label[1:]}: {value}" + (f" ({note})" if note else "")


def format_value(value: float, unit: str, zh: bool) -> str:
    """Money with thousands separators and cents; fractions as percentages; the unit in the user's language."""
    if unit in ("fraction", "ratio_pct"):
        return f"{value * 100:.2f}%"
    if unit == "%":
        return f"{value:.2f}%"
    number = f"{value:,.2f}" if abs(value) >= 1 or value == 0 else f"{value:.4f}"
    if not unit or unit == "ratio":
        return number
    return f"{number} {ZH_UNITS.get(unit, unit)}" if zh else f"{number} {unit}"


def _zh(text: str) -> str:
    return _ZH_PATTERN.sub(lambda m: ZH_WORDS[m.group(0).lower()], text)
