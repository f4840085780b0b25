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

_LISTING = re.compile(
    r"(?:有|推荐|提供|卖|介绍|适合我).{0,8}(?:哪些|什么|几款|几只)?.{0,4}产品|产品(?:列表|清单|有哪些)|"
    r"(?:what|which) (?:products|funds) (?:do|can|could|would|should|are)|"
    r"(?:your|the) (?:products|product (?:list|shelf|range))|products? (?:do|can|could) you (?:offer|have|sell)|"
    r"what can i buy",
    re.IGNORECASE,
)
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


def named_products(config: TenantConfig, text: str) -> list[Product]:
    """Shelf products the message names (by either language's name or the product id), longest name first."""
    lowered = text.lower()
    found = [p for p in config.products
             if any(n.lower() in lowered for n in (p.name.zh, p.name.en)) or re.search(
                 rf"(?<![A-Za-z0-9-]){re.escape(p.id.lower())}(?![A-Za-z0-9-])", lowered)]
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
    level = stated_levels(text).investor or profile.risk_level
    lang = "zh" if is_zh(locale) else "en"
    classification = Classification("product_suitability", "rule", 1.0)  # the shelf is matched by name
    named = named_products(config, text)
    if named:
        product = named[0]
        if level:
            args = {"shelf_product": product.id, "product_risk": product.risk,
                    "product_label": product.name.get(locale), "investor_level": level}
            calls: tuple[ToolCall, ...] = (ToolCall(SUITABILITY, args),)
        else:  # what the product is, and the questionnaire that decides whether it suits the investor
            calls = (ToolCall(PRODUCTS, {"ids": [product.id]}), ToolCall(QUESTIONNAIRE, {"locale": lang}))
        return Plan(classification, plan.extraction, calls=calls)
    if _LISTING.search(text):
        return Plan(classification, plan.extraction, calls=(ToolCall(PRODUCTS, {"investor_level": level}),))
    return None


def _enabled_only(plan: Plan, config: TenantConfig, locale: str) -> Plan:
    """A call to a tool the institution has not enabled is declined in words, naming what it does offer."""
    disabled = [c.tool for c in plan.calls if c.tool in KNOWN_TOOLS and c.tool not in config.tools]
    if not disabled:
        return plan
    i = 0 if is_zh(locale) else 1
    missing = "、".join(TOOL_NAMES[t][i] for t in dict.fromkeys(disabled)) if i == 0 else \
        ", ".join(TOOL_NAMES[t][i] for t in dict.fromkeys(disabled))
    offered = [TOOL_NAMES[t][i] for t in config.tools if t in TOOL_NAMES and t != "record_confirmation"]
    org = config.display_name.get(locale)
    text = (f"{org}的助手暂不提供{missing}。我可以帮您：{'、'.join(offered)}。" if i == 0 else
            f"{org}'s assistant does not offer {missing}. I can help with: {', '.join(offered)}.")
    return dataclasses.replace(plan, calls=(), clarify="", refuse=text)


def shelf_for_level(config: TenantConfig, level: str) -> tuple[Product, ...]:
    """The shelf an investor may be offered: R1..Rn for a Cn investor (CSRC Order No. 130's matching rule, which
    compliance enforces again on any product checked); the whole shelf when the level is not known."""
    if not level:
        return config.products
    return config.shelf_for(RISKS[min(int(level[1]), len(RISKS)) - 1])
