"""A tenant's side of a turn (docs/tenants.md): the institution's persona in the prompt and its greeting, the tools
it enables, and its product shelf: a product named in a question is checked for suitability against the
institution's own rating of it, and "what products do you have for me?" lists the shelf up to the investor's level.

The tenant's compliance overlay, disclaimers and suitability policy are applied by compliance itself (it gets the
tenant on every call); this module only decides what the turn asks of the tools.
"""

from __future__ import annotations

import dataclasses
import re

from services.common.locale import is_zh
from services.common.tenants import KNOWN_TOOLS, RISKS, Product, TenantConfig
from services.dialogue.planning.calls import PRODUCTS, QUESTIONNAIRE, SUITABILITY, ToolCall
from services.dialogue.planning.intent import Classification
from services.dialogue.planning.plan import Plan, Profile
from services.dialogue.planning.vocab import stated_levels

# "What do you (the institution) offer?": it must address the institution or ask what suits the investor, so a
# question about products in general ("什么是结构性产品", "the products of a balance sheet") is not a listing.
_LISTING = re.compile(
    r"(?:你们|您们|贵司|贵公司|你这|您这|你家|这里).{0,12}产品|(?:有|推荐|介绍)(?:哪些|什么|几款|几只)(?:适合我的?)?产品|"
    r"适合我的?(?:理财)?产品|"
    r"(?:what|which) (?:products|funds) (?:do|can|could|would) you|products? (?:do|can|could) you (?:offer|have|sell)|"
    r"\byour (?:products|funds|product (?:list|shelf|range))|what can i buy (?:from|with|through|here)",
    re.IGNORECASE,
)
# intents whose own tools answer the question: a product word in them is not a shelf question
_OWN_TOOLS = {"loan_schedule": ("loan_schedule",), "savings_projection": ("project_savings", "solve_goal"),
              "portfolio_analysis": ("analyze_portfolio",), "table_question": ("answer_table",),
              "product_suitability": ("check_suitability",), "risk_assessment": ("risk_questionnaire",)}
_GREETING = re.compile(
    r"^\s*(?:你好|您好|嗨|哈喽|早上好|下午好|晚上好|hello|hi|hey|good (?:morning|afternoon|evening))"
    r"(?:呀|啊)?[\s!！,，.。~～]*$",
    re.IGNORECASE,
)
TOOL_NAMES = {
    "project_savings": ("储蓄与定投测算", "savings projections"),
    "solve_goal": ("理财目标测算", "goal planning"),
    "loan_schedule": ("贷款还款计算", "loan repayment schedules"),
    "analyze_portfolio": ("组合风险与收益分析", "portfolio risk and return analysis"),
    "check_suitability": ("产品适当性检查", "product suitability checks"),
    "risk_questionnaire": ("风险测评", "the risk questionnaire"),
    "record_confirmation": ("风险确认记录", "recording risk confirmations"),
    "answer_table": ("表格数据计算", "calculations over data tables"),
}


def persona_text(config: TenantConfig, locale: str) -> str:
    """The institution's persona, added after the platform's own (it can narrow the platform's rules, never
    replace them)."""
    name, org = config.persona.name.get(locale), config.display_name.get(locale)
    style = config.persona.style.get(locale) if config.persona.style else ""
    intro = f"你的名字是“{name}”，代表{org}回答。" if is_zh(locale) else f"Your name is {name}; you answer for {org}."
    return f"{intro}{style}" if is_zh(locale) else f"{intro} {style}".strip()


def _names(text: str, name: str) -> bool:
    """A Latin name as whole words ("Gold" is not in "golden"); a Chinese name as written."""
    if re.search(r"[A-Za-z0-9]", name):
        return re.search(rf"(?<![A-Za-z0-9-]){re.escape(name.lower())}(?![A-Za-z0-9-])", text.lower()) is not None
    return name in text


def named_products(config: TenantConfig, text: str) -> list[Product]:
    """Shelf products the message names (by either language's name or the product id), longest name first."""
    found = [p for p in config.products if any(_names(text, n) for n in (p.name.zh, p.name.en, p.id))]
    return sorted(found, key=lambda p: -max(len(p.name.zh), len(p.name.en)))


def apply_tenant(plan: Plan, config: TenantConfig, text: str, locale: str, profile: Profile) -> Plan:
    """The planner's plan as this tenant answers it. Declines stay declines."""
    if plan.refuse:
        return plan
    if plan.intent == "small_talk" and _GREETING.match(text):
        return dataclasses.replace(plan, reply=config.persona.greeting.get(locale))
    shelf = _shelf_plan(plan, config, text, locale, profile)
    return _enabled_only(shelf or plan, config, locale)


def _shelf_plan(plan: Plan, config: TenantConfig, text: str, locale: str, profile: Profile) -> Plan | None:
    if not config.products or any(c.tool not in (SUITABILITY, QUESTIONNAIRE) for c in plan.calls):
        return None  # a calculation the planner understood stays as it is
    # the assessed level when there is one (the institution must use its own assessment), else the stated one
    level = profile.risk_level or stated_levels(text).investor
    lang = "zh" if is_zh(locale) else "en"
    classification = Classification("product_suitability", "rule", 1.0)  # the shelf is matched by name
    questionnaire = () if level else (ToolCall(QUESTIONNAIRE, {"locale": lang}),)
    named = named_products(config, text)
    if named:
        product = named[0]
        if not level:  # what the product is, and the questionnaire that decides whether it suits the investor
            return Plan(classification, plan.extraction, calls=(ToolCall(PRODUCTS, {"ids": [product.id]}),
                                                                *questionnaire))
        args = {"shelf_product": product.id, "product_risk": product.risk,
                "product_label": product.name.get(locale), "investor_level": level}
        return Plan(classification, plan.extraction, calls=(ToolCall(SUITABILITY, args),))
    if _LISTING.search(text) and plan.intent not in _OWN_TOOLS.keys() - {"product_suitability", "risk_assessment"}:
        calls = (ToolCall(PRODUCTS, {"investor_level": level}), *questionnaire)
        return Plan(classification, plan.extraction, calls=calls)
    return None


def _enabled_only(plan: Plan, config: TenantConfig, locale: str) -> Plan:
    """A question for a tool the institution has not enabled is declined in words naming what it does offer, also
    when the planner would first have asked for a missing number."""
    wanted = [c.tool for c in plan.calls] or list(_OWN_TOOLS.get(plan.intent, ()) if plan.clarify else ())
    disabled = list(dict.fromkeys(t for t in wanted if t in KNOWN_TOOLS and t not in config.tools))
    if not disabled or (not plan.calls and any(t in config.tools for t in wanted)):
        return plan
    zh = is_zh(locale)
    sep = "、" if zh else ", "
    missing = sep.join(TOOL_NAMES[t][0 if zh else 1] for t in disabled)
    offered = sep.join(TOOL_NAMES[t][0 if zh else 1] for t in config.tools
                       if t in TOOL_NAMES and t != "record_confirmation")
    org = config.display_name.get(locale)
    text = (f"{org}的助手暂不提供{missing}。我可以帮您：{offered}。" if zh else
            f"{org}'s assistant does not offer {missing}. I can help with: {offered}.")
    return dataclasses.replace(plan, calls=(), clarify="", refuse=text)


def shelf_for_level(config: TenantConfig, level: str) -> tuple[Product, ...]:
    """The shelf an investor may be offered: R1..Rn for a Cn investor (CSRC Order No. 130's matching rule, which
    compliance enforces again on any product checked); the whole shelf when the level is not known."""
    if level not in ("C1", "C2", "C3", "C4", "C5"):
        return config.products
    return config.shelf_for(RISKS[int(level[1]) - 1])
