"""The planner's tool calls, run against portfolio-tool and compliance over gRPC.

Each call becomes (a) a card, the JSON the app renders, and (b) facts, the labelled numbers the model may quote
and that ground the answer. Instrument names the user wrote (600036, 招商银行, AAPL) are resolved against the
portfolio-tool's catalogue; an unknown one is a stated failure, never a guess. Product risk levels (R1-R5) for
suitability follow the rating rule in ``PRODUCT_RISK`` (a single stock is R4, a broad index or ETF R3), the
conservative reading of the suitability rules when the product issuer's own rating is not on file.
"""

from __future__ import annotations

import math
import time
from typing import Any

from services.common.errors import DomainError, InvalidArgument
from services.common.locale import is_zh
from services.common.tenants import TenantConfig, TenantsHolder
from services.compliance.client import CallContext, ComplianceClient
from services.dialogue.planning.calls import PRODUCTS
from services.dialogue.planning.plan import (
    ANALYZE,
    CONFIRM,
    GOAL,
    LOAN,
    QUESTIONNAIRE,
    SAVINGS,
    SUITABILITY,
    TABLE,
    ToolCall,
)
from services.dialogue.profile_store import Confirmation, ProfileStore
from services.dialogue.shelf import product_view, shelf_text
from services.dialogue.tenancy import shelf_for_level
from services.dialogue.tool_round import Fact, ToolOutcome
from services.portfolio.client import PortfolioClient

PRODUCT_RISK = {"stock": "R4", "etf": "R3", "index": "R3"}
INPUT_ECHOES = {"risk_free_rate"}  # metrics that repeat the request's own inputs: on the card, not phrased
MONTE_CARLO_PATHS = 2000
MONTE_CARLO_SEED = 7  # fixed: the same question gets the same projection


class Instruments:
    """The portfolio-tool's catalogue, fetched once and kept (it changes only with a new data release)."""

    def __init__(self, portfolio: PortfolioClient) -> None:
        self._portfolio = portfolio
        self._items: list[dict[str, Any]] = []

    async def all(self) -> list[dict[str, Any]]:
        if not self._items:
            self._items = list((await self._portfolio.list_instruments()).get("instruments", []))
        return self._items

    async def resolve(self, name: str) -> dict[str, Any]:
        wanted = name.upper()
        for item in await self.all():
            ids = {item["id"].upper(), item["id"].split(".")[0].upper()}
            if wanted in ids or name in (item.get("name_zh"), item.get("name")):
                return item
        raise InvalidArgument(f"instrument: {name!r} is not in the platform's market data", code="unknown_instrument")


Handled = tuple[dict[str, Any], list[Fact]] | tuple[dict[str, Any], list[Fact], dict[str, Any]]


class GrpcTools:
    def __init__(
        self,
        portfolio: PortfolioClient,
        compliance: ComplianceClient,
        profiles: ProfileStore,
        timeout_s: float = 3.0,
        tenants: TenantsHolder | None = None,
    ) -> None:
        self._tenants = tenants
        self._portfolio = portfolio
        self._compliance = compliance
        self._profiles = profiles
        self._instruments = Instruments(portfolio)
        self._timeout_s = timeout_s

    async def run(self, call: ToolCall, ctx: CallContext) -> ToolOutcome:
        started = time.perf_counter()
        handler = {
            SAVINGS: self._savings,
            GOAL: self._goal,
            LOAN: self._loan,
            ANALYZE: self._analyze,
            SUITABILITY: self._suitability,
            QUESTIONNAIRE: self._questionnaire,
            CONFIRM: self._confirm,
            TABLE: self._table,
            PRODUCTS: self._products,
        }[call.tool]
        try:
            result = await handler(call.args, ctx)
        except DomainError as err:
            ms = (time.perf_counter() - started) * 1000
            return ToolOutcome(call, err.code, ms, message=err.message)
        card, facts, remember = result if len(result) == 3 else (*result, {})
        ms = (time.perf_counter() - started) * 1000
        answer = str(remember.pop("answer", ""))
        return ToolOutcome(call, "ok", ms, card=card, facts=tuple(facts), remember=remember, answer=answer)

    async def _savings(self, args: dict[str, Any], ctx: CallContext) -> tuple[dict[str, Any], list[Fact]]:
        months = int(args["months"])
        years = math.ceil(months / 12)  # the tool projects whole years; a partial year is rounded up, and said
        body: dict[str, Any] = {
            "initial": args.get("initial", 0.0),
            "monthly": args["monthly_contribution"],
            "years": years,
            "currency": args.get("currency", "CNY"),
        }
        if "annual_return" in args:
            body["annual_return"] = args["annual_return"]
        else:
            body["monte_carlo"] = {
                "instrument": args["bootstrap_instrument"],
                "paths": MONTE_CARLO_PATHS,
                "seed": MONTE_CARLO_SEED,
            }
        result = await self._portfolio.project_savings(body, timeout_s=self._timeout_s, request_id=ctx.request_id)
        return savings_card(body, result), savings_facts(body, result, months != years * 12)

    async def _goal(self, args: dict[str, Any], ctx: CallContext) -> tuple[dict[str, Any], list[Fact]]:
        """A savings plan solved exactly (final value, monthly amount, lump sum or months), nominal and real."""
        body = {k: args[k] for k in ("solve_for", "initial", "monthly", "months", "annual_return", "target",
                                     "inflation", "currency") if args.get(k) is not None}
        result = await self._portfolio.solve_goal(body, timeout_s=self._timeout_s, request_id=ctx.request_id)
        return {"kind": "savings_projection", "data": {"request": body, **result}}, goal_facts(result)

    async def _loan(self, args: dict[str, Any], ctx: CallContext) -> tuple[dict[str, Any], list[Fact]]:
        body = {k: args[k] for k in ("principal", "annual_rate", "months", "method", "currency")}
        result = await self._portfolio.loan_schedule(body, timeout_s=self._timeout_s, request_id=ctx.request_id)
        cur = result.get("currency", body["currency"])
        method = "等额本息" if body["method"] == "equal_payment" else "等额本金"
        facts = [
            Fact(f"{method} first monthly payment", result["first_payment"], cur),
            Fact(f"{method} last monthly payment", result["last_payment"], cur),
            Fact(f"{method} total interest", result["total_interest"], cur),
            Fact(f"{method} total repaid", result["total_payment"], cur),
        ]
        card = {"kind": "loan_schedule", "data": {**body, **{k: v for k, v in result.items() if k != "rows"},
                                                  "rows": result.get("rows", [])[:12]}}
        return card, facts

    async def _analyze(self, args: dict[str, Any], ctx: CallContext) -> tuple[dict[str, Any], list[Fact]]:
        holdings, ends = [], []
        for h in args["holdings"]:
            item = await self._instruments.resolve(h["instrument"])
            holdings.append({"instrument": item["id"], "weight": h["weight"]})
            ends.append(str(item.get("end", "")))
        if len(holdings) == 1:
            holdings[0].pop("weight")
        body: dict[str, Any] = {"holdings": holdings}
        start = str(args.get("start_date", ""))
        if start and all(end > start for end in ends):  # a window the data reaches; else the whole shipped one
            body["start_date"] = start
        result = await self._portfolio.analyze(body, timeout_s=self._timeout_s, request_id=ctx.request_id)
        window = result.get("window", {})
        note = f"{window.get('start', '')}..{window.get('end', '')}, as of {window.get('as_of', '')}"
        metrics = [m for m in result.get("metrics", []) if m["name"] not in INPUT_ECHOES]
        # the data window once, on the first figure: repeated on every line the answer reads as a loop
        facts = [Fact(m["name"].replace("_", " "), m["value"], m.get("currency") or m["unit"], note if i == 0 else "")
                 for i, m in enumerate(metrics)]
        dd = result.get("drawdown", {})
        if dd:
            facts.append(Fact("max drawdown", dd["max_drawdown"], "fraction", f"peak {dd.get('peak_date')}, "
                                                                             f"trough {dd.get('trough_date')}"))
        card = {"kind": "portfolio_analysis", "data": {"holdings": holdings, **result}}
        return card, facts

    async def _suitability(self, args: dict[str, Any], ctx: CallContext) -> Handled:
        shelved = self._shelf(ctx).product(args["shelf_product"]) if args.get("shelf_product") else None
        if shelved is not None:  # the institution's own product, rated by it (compliance reads the same shelf)
            item: dict[str, Any] = {"id": shelved.id}
            product_risk: str = shelved.risk
            name: str | None = shelved.name.get(ctx.locale)
        elif args.get("product"):
            item = await self._instruments.resolve(args["product"])
            product_risk = args.get("product_risk") or PRODUCT_RISK.get(item.get("kind", ""), "R4")
            name = item.get("name_zh") if is_zh(ctx.locale) else item.get("name")
        else:  # a product known only by the level or type the user stated ("an R4 fund", "a bond fund")
            item = {"id": ""}
            product_risk, name = args["product_risk"], args.get("product_label", "")
        verdict = await self._compliance.check_suitability(
            _investor(ctx), args.get("investor_level", ""), product_risk, product_id=item["id"], product_name=name or ""
        )
        card: dict[str, Any] = {
            "kind": "suitability",
            "data": {
                "product": item["id"],
                "product_name": name,
                "product_risk": product_risk,
                "investor_level": args.get("investor_level", ""),
                "decision": verdict.decision,
                "message": verdict.message,
                "requires_confirmation": verdict.requires_confirmation,
                "regulation": verdict.regulation,
            },
        }
        if shelved is not None:
            card["data"]["shelf"] = product_view(shelved, ctx.locale)
        remember = {"product": item["id"], "product_risk": product_risk, "product_label": name or "",
                    "warning": verdict.message, "requires_confirmation": verdict.requires_confirmation}
        return card, [], remember

    async def _table(self, args: dict[str, Any], ctx: CallContext) -> Handled:
        """An exact answer over the data tables (or a question back): the platform's own words, not the model's."""
        r = await self._portfolio.answer_table(
            args["question"], locale=ctx.locale, timeout_s=self._timeout_s, request_id=ctx.request_id
        )
        data = {k: r.get(k) for k in ("status", "value", "formatted", "operation", "reason")}
        card = {"kind": "table_answer", "data": {**data, "computation": r.get("card", {})}}
        facts = [Fact(r.get("operation", "value"), float(r["value"]), "")] if _is_number(r.get("value")) else []
        named = (r.get("card") or {}).get("output_format", {}).get("keys") or []  # a prompt's own JSON keys ("cot")
        openai = {**{k: r["explanation"] for k in named if k not in ("answer", "explanation")},
                  "answer": r["formatted"] if r["status"] == "answered" else None, "explanation": r["explanation"]}
        return card, facts, {"answer": r["explanation"], "openai_json": openai}

    def _shelf(self, ctx: CallContext) -> TenantConfig:
        if self._tenants is None:
            raise InvalidArgument("this deployment has no product shelf", code="no_product_shelf")
        return self._tenants.resolve(ctx.tenant)

    async def _products(self, args: dict[str, Any], ctx: CallContext) -> Handled:
        """The institution's products: those named, or the shelf up to the investor's level, with their fees."""
        config = self._shelf(ctx)
        level = str(args.get("investor_level") or "")
        if args.get("ids"):
            products = tuple(p for p in config.products if p.id in args["ids"])
        else:
            products = shelf_for_level(config, level)
        facts = [Fact(f"{p.name.get(ctx.locale)} {fee.replace('_', ' ')}", value, "%")
                 for p in products for fee, value in p.fees.stated().items()]
        data = {"institution": config.display_name.get(ctx.locale), "investor_level": level,
                "catalogue_version": config.version, "products": [product_view(p, ctx.locale) for p in products]}
        answer = shelf_text(config, products, level, ctx.locale, named=bool(args.get("ids")))
        return {"kind": "products", "data": data}, facts, {"answer": answer,
                                                           "openai_json": {"answer": answer, "explanation": ""}}

    async def _confirm(self, args: dict[str, Any], ctx: CallContext) -> Handled:
        """The investor insists after the warning: compliance records it (audited), and so does the profile."""
        recorded = await self._compliance.record_confirmation(
            _investor(ctx), args["investor_level"], args["product_risk"], args["product"], args.get("warning", "")
        )
        await self._profiles.add_confirmation(
            ctx,
            Confirmation(args["product"], args["product_risk"], args["investor_level"], recorded.confirmation_id,
                         recorded.recorded_unix_ms),
        )
        data = {"product": args["product"], "product_risk": args["product_risk"],
                "investor_level": args["investor_level"], "confirmation_id": recorded.confirmation_id,
                "recorded_unix_ms": recorded.recorded_unix_ms, "warning_shown": args.get("warning", "")}
        return {"kind": "suitability_confirmation", "data": data}, []

    async def _questionnaire(self, args: dict[str, Any], ctx: CallContext) -> tuple[dict[str, Any], list[Fact]]:
        version, questions = await self._compliance.get_questionnaire(ctx.locale)
        data = {"version": version, "questions": [q.__dict__ for q in questions],
                "submit_to": "POST /v1/profile/risk-assessment"}
        return {"kind": "risk_questionnaire", "data": data}, []


def _investor(ctx: CallContext) -> CallContext:
    """Suitability checks and confirmations are audited as the investor's records, not the turn's: compliance
    gets them without the session and turn ids, as it always has."""
    return CallContext(ctx.tenant, ctx.user_id, request_id=ctx.request_id, locale=ctx.locale)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def savings_card(body: dict[str, Any], result: dict[str, Any]) -> dict[str, Any]:
    return {"kind": "savings_projection", "data": {"request": body, **result}}


def savings_facts(body: dict[str, Any], result: dict[str, Any], rounded_up: bool) -> list[Fact]:
    cur = result.get("currency") or body["currency"]
    years = body["years"]
    note = f"{years} years" + (" (horizon rounded up to whole years)" if rounded_up else "")
    facts: list[Fact] = []
    path = result.get("deterministic", [])
    if path and "annual_return" in body:
        last = path[-1]
        facts += [
            Fact("value at the end", last["value"], cur, f"{note}, {body['annual_return']:.2%} a year"),
            Fact("total contributed", last["contributed"], cur, note),
        ]
    mc = result.get("monte_carlo") or {}
    bands = mc.get("bands", [])
    if bands:
        levels = mc.get("percentile_levels", [])
        window = mc.get("window", {})
        source = f"{note}, bootstrapped from {window.get('start', '')}..{window.get('end', '')} history"
        for i, (level, value) in enumerate(zip(levels, bands[-1]["percentiles"], strict=False)):
            facts.append(Fact(f"value at the end, {level:g}th percentile", value, cur, source if i == 0 else ""))
        if path:
            facts.append(Fact("total contributed", path[-1]["contributed"], cur, note))
    return facts


# (result field, label): the solved quantity first; the user's own inputs are not repeated as facts
GOAL_FACTS = {
    "final_value": (("final_value", "value at the end"), ("real_value", "real value"),
                    ("total_contributed", "total contributed")),
    "monthly": (("monthly_amount", "monthly amount needed"), ("total_contributed", "total contributed"),
                ("real_value", "real value")),
    "initial": (("initial", "lump sum needed"), ("real_value", "real value")),
    "months": (("final_value", "value at the end"), ("total_contributed", "total contributed")),
}


def goal_facts(result: dict[str, Any]) -> list[Fact]:
    """The labelled numbers of a solved goal; real value only when an inflation rate was given."""
    cur = result.get("currency", "")
    months = int(result.get("months", 0))
    horizon = f"{months // 12} years" if months % 12 == 0 else f"{months} months"
    note = f"{horizon}, {result.get('annual_return', 0):.2%} a year"
    if result.get("inflation"):
        note += f", inflation {result['inflation']:.2%}"
    solved = result.get("solved_for", "final_value")
    facts = [Fact("months needed", float(months), "months", f"{result.get('months_exact', 0):.1f} rounded up")
             ] if solved == "months" and result.get("reached") else []
    facts += [Fact(label, float(result[key]), cur, "") for key, label in GOAL_FACTS.get(solved, ())
              if result.get(key) is not None and (key != "real_value" or result.get("inflation"))]
    if facts:  # the assumptions once, on the first figure: repeated on every line they read as a loop
        facts[0] = Fact(facts[0].label, facts[0].value, facts[0].unit, note)
    return facts
