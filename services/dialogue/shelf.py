"""A tenant's products in the platform's own words: the card's view of a product and the written answer that lists
them (kind, risk level, the fees its documents state, the documents themselves)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from services.common.locale import is_zh
from services.common.tenants import Product, TenantConfig

KINDS = {
    "deposit": ("存款", "deposit"), "money_market": ("货币基金", "money-market fund"),
    "bond_fund": ("债券基金", "bond fund"), "mixed_fund": ("混合基金", "mixed fund"),
    "equity_fund": ("股票基金", "equity fund"), "etf": ("ETF", "ETF"),
    "structured": ("结构性产品", "structured product"),
    "stock": ("股票", "stock"), "derivative": ("衍生品", "derivative"), "other": ("其他", "other"),
}
FEES = {
    "management_pct_per_year": ("管理费", "management fee", "%/年", "% a year"),
    "custody_pct_per_year": ("托管费", "custody fee", "%/年", "% a year"),
    "subscription_pct": ("申购费", "subscription fee", "%", "%"),
    "redemption_pct": ("赎回费", "redemption fee", "%", "%"),
}


def product_view(p: Product, locale: str) -> dict[str, Any]:
    """The card's product: names in the turn's language, fees in percent, documents."""
    return {"id": p.id, "name": p.name.get(locale), "kind": p.kind, "risk": p.risk, "fees_pct": p.fees.stated(),
            "documents": [{"title": d.title.get(locale), "url": d.url} for d in p.documents]}


def _line(p: Product, locale: str) -> str:
    zh = is_zh(locale)
    kind = KINDS[p.kind][0 if zh else 1]
    fees = [f"{FEES[k][0]}{v:.2f}{FEES[k][2]}" if zh else f"{FEES[k][1]} {v:.2f}{FEES[k][3]}"
            for k, v in p.fees.stated().items()]
    docs = [f"{d.title.get(locale)} {d.url}" for d in p.documents]
    name = p.name.get(locale)
    head = f"- {name}（{kind}，风险等级{p.risk}）" if zh else f"- {name} ({kind}, risk {p.risk})"
    tail = "；".join(fees + docs) if zh else "; ".join(fees + docs)
    return f"{head}：{tail}" if zh and tail else (f"{head}: {tail}" if tail else head)


def shelf_text(config: TenantConfig, products: Sequence[Product], level: str, locale: str, named: bool) -> str:
    zh = is_zh(locale)
    org = config.display_name.get(locale)
    if named:  # a product the investor asked about, before their level is known
        tail = ("完成下方的风险测评后，我可以判断该产品是否适合您。" if zh else
                "Once you complete the risk questionnaire below, I can check whether it suits you.")
        return "\n".join([*(_line(p, locale) for p in products), tail])
    if not products:
        return (f"{org}目前没有与您的风险承受能力（{level}）相匹配的产品。" if zh else
                f"{org} has no product that matches your risk profile ({level}) at the moment.")
    if level:
        head = (f"{org}可向风险承受能力为{level}的投资者提供以下产品：" if zh else
                f"{org} offers these products to investors with risk profile {level}:")
    else:
        head = (f"{org}目前提供以下产品。完成风险测评后，我可以告诉您哪些与您的风险承受能力相匹配：" if zh else
                f"{org} offers these products. Once you complete the risk questionnaire, I can tell you which "
                "match your risk profile:")
    return "\n".join([head, *(_line(p, locale) for p in products)])
