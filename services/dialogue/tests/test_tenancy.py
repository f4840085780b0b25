"""A tenant's side of a turn on the shipped examples (tenants/): the greeting, the persona in the prompt, a shelf
product named in a question, "what products do you have", and a tool the institution has not enabled; the default
tenant (no shelf, every tool) keeps the planner's plan as it is."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
import redis.asyncio as aioredis

from services.common.tenants import TenantConfig, TenantsHolder
from services.compliance.client import CallContext
from services.dialogue.metrics import DialogueMetrics
from services.dialogue.models import ChatMessage
from services.dialogue.pipeline import TurnPipeline
from services.dialogue.planning.calls import LOAN, PRODUCTS, QUESTIONNAIRE, SUITABILITY, ToolCall
from services.dialogue.planning.intent import IntentClassifier
from services.dialogue.planning.plan import Plan, Planner, Profile
from services.dialogue.prompt import client_prompt, written_answer
from services.dialogue.session_store import SessionStore
from services.dialogue.settings import DialogueSettings
from services.dialogue.shelf import shelf_text
from services.dialogue.tenancy import apply_tenant, named_products, persona_text, shelf_for_level
from services.dialogue.tests.test_answer_pipeline import ScriptedEngine
from services.dialogue.tool_round import ToolRound
from services.dialogue.tools import GrpcTools
from services.dialogue.turn import TurnDeps

TENANTS = Path(__file__).resolve().parents[3] / "tenants"


@pytest.fixture(scope="module")
def holder() -> TenantsHolder:
    return TenantsHolder(TENANTS, None)


@pytest.fixture(scope="module")
def planner() -> Planner:
    return Planner(IntentClassifier(), {"zh": "000001.SH", "en": "SP500"})


def _plan(planner: Planner, config: TenantConfig, text: str, locale: str = "zh-CN",
          profile: Profile | None = None) -> Plan:
    profile = profile or Profile()
    classification = planner.classifier.classify(text)
    return apply_tenant(planner.plan(text, locale, profile, classification), config, text, locale, profile)


def test_greeting_is_the_institutions(holder: TenantsHolder, planner: Planner) -> None:
    harbor, default = holder.resolve("harbor-securities"), holder.resolve("default")
    assert _plan(planner, harbor, "你好").reply.startswith("您好，我是港湾证券的小港")
    assert _plan(planner, harbor, "hello!", "en").reply.startswith("Hello, I am Harbor Securities' assistant")
    assert _plan(planner, default, "你好").reply == default.persona.greeting.zh
    assert not _plan(planner, harbor, "你好，我想问一下定投").reply  # more than a greeting: answered as a question


def test_a_named_shelf_product_is_checked_against_the_institutions_rating(holder: TenantsHolder,
                                                                          planner: Planner) -> None:
    harbor = holder.resolve("harbor-securities")
    plan = _plan(planner, harbor, "我的风险等级是C3，港湾平衡混合适合我吗？")
    assert plan.intent == "product_suitability"
    assert [(c.tool, c.args["shelf_product"], c.args["product_risk"], c.args["investor_level"])
            for c in plan.calls] == [(SUITABILITY, "HB-BAL-03", "R3", "C3")]
    # the level from the saved profile; the English name
    plan = _plan(planner, harbor, "Can I buy the Harbor CSI 300 ETF?", "en", Profile(risk_level="C2"))
    assert [(c.tool, c.args["shelf_product"], c.args["investor_level"]) for c in plan.calls] == [
        (SUITABILITY, "HB-CSI300", "C2")]
    # no level known: the product as the shelf describes it, and the questionnaire
    plan = _plan(planner, harbor, "港湾稳健债券怎么样？")
    assert [c.tool for c in plan.calls] == [PRODUCTS, QUESTIONNAIRE]
    assert plan.calls[0].args == {"ids": ["HB-BOND-02"]}


def test_listing_the_shelf_up_to_the_investors_level(holder: TenantsHolder, planner: Planner) -> None:
    harbor = holder.resolve("harbor-securities")
    plan = _plan(planner, harbor, "你们有哪些产品适合我？", profile=Profile(risk_level="C2"))
    assert [(c.tool, c.args) for c in plan.calls] == [(PRODUCTS, {"investor_level": "C2"})]
    assert [p.id for p in shelf_for_level(harbor, "C2")] == ["HB-MM-01", "HB-BOND-02"]
    assert len(shelf_for_level(harbor, "")) == 4 and len(shelf_for_level(harbor, "C5")) == 4
    text = shelf_text(harbor, shelf_for_level(harbor, "C2"), "C2", "zh-CN", named=False)
    assert text.startswith("港湾证券可向风险承受能力为C2的投资者提供以下产品：")
    assert "港湾稳健债券（债券基金，风险等级R2）：管理费0.60%/年" in text and "港湾平衡混合" not in text
    english = shelf_text(harbor, shelf_for_level(harbor, "C1"), "C1", "en", named=False)
    assert "Harbor Cash Plus (money-market fund, risk R1): management fee 0.30% a year" in english
    # the default tenant has no shelf: the planner's own plan
    default = holder.resolve("default")
    assert not any(c.tool == PRODUCTS for c in _plan(planner, default, "你们有哪些产品适合我？").calls)


def test_a_tool_the_institution_has_not_enabled_is_declined_in_words(holder: TenantsHolder,
                                                                    planner: Planner) -> None:
    question = "我想贷款100万，30年，年利率4.9%，等额本息每月还多少？"
    default_plan = _plan(planner, holder.resolve("default"), question)
    assert [c.tool for c in default_plan.calls] == [LOAN]
    harbor_plan = _plan(planner, holder.resolve("harbor-securities"), question)
    assert not harbor_plan.calls
    assert harbor_plan.refuse.startswith("港湾证券的助手暂不提供贷款还款计算。我可以帮您：")
    assert "组合风险与收益分析、产品适当性检查" in harbor_plan.refuse and "贷款" not in harbor_plan.refuse[20:]
    # a decline stays a decline
    assert _plan(planner, holder.resolve("harbor-securities"), "Which stock will double next month? Just give me "
                 "one ticker.", "en").refuse


async def test_the_persona_is_in_the_prompt_after_the_platforms(redis_client: aioredis.Redis,
                                                                holder: TenantsHolder, planner: Planner) -> None:
    store = SessionStore(redis_client, ttl_s=60, max_turns=10)
    engine = ScriptedEngine(["ETF是", "交易型开放式指数基金。"])
    deps = TurnDeps(planner=planner, tenants=holder)
    pipeline = TurnPipeline(store, engine, DialogueSettings(), DialogueMetrics.create(), deps)  # type: ignore[arg-type]
    for tenant in ("harbor-securities", "default"):
        owner = CallContext(tenant, "ann")
        session = await store.create(owner, "zh-CN")
        ctx = CallContext(tenant, "ann", session_id=session.session_id, locale="zh-CN")
        _ = [e async for e in pipeline.converse(ctx, text="分散投资有什么好处？")]
    harbor_system, default_system = engine.prompts[0][0].content, engine.prompts[1][0].content
    expected = persona_text(holder.resolve("harbor-securities"), "zh-CN")
    assert expected.startswith("你的名字是“港湾证券小港”，代表港湾证券回答。回答时先给结论")
    assert harbor_system.endswith(expected) and "不得承诺收益" in harbor_system
    assert "港湾" not in default_system and "投顾助手" not in default_system  # the platform's own persona only


@pytest.mark.parametrize("question", [
    "介绍一下什么是结构性产品", "我有一些理财产品，怎么分散风险？", "我持有的基金产品亏了怎么办",
    "What are the products of a bank's balance sheet?", "What is the difference between ETFs and index funds?",
])
def test_a_question_about_products_in_general_is_not_a_shelf_listing(holder: TenantsHolder, planner: Planner,
                                                                     question: str) -> None:
    locale = "en" if question.isascii() else "zh-CN"
    assert not any(c.tool == PRODUCTS for c in _plan(planner, holder.resolve("harbor-securities"), question,
                                                     locale).calls)


def test_names_match_whole_words_and_the_assessed_level_wins(holder: TenantsHolder, planner: Planner) -> None:
    harbor = holder.resolve("harbor-securities")
    gold = harbor.model_copy(update={"products": (harbor.products[0].model_copy(
        update={"name": harbor.products[0].name.model_copy(update={"en": "Gold"})}),)})
    assert not named_products(gold, "What is the golden rule of saving?")
    assert [p.id for p in named_products(gold, "Is Gold right for me?")] == ["HB-MM-01"]
    # an investor assessed at C2 who says "I am C5" is offered what C2 may buy
    plan = _plan(planner, harbor, "我是C5，你们有哪些产品适合我？", profile=Profile(risk_level="C2"))
    assert [(c.tool, c.args) for c in plan.calls] == [(PRODUCTS, {"investor_level": "C2"})]
    # no level known: the listing comes with the questionnaire that decides what suits the investor
    assert [c.tool for c in _plan(planner, harbor, "你们有哪些产品？").calls] == [PRODUCTS, QUESTIONNAIRE]


def test_a_disabled_tool_is_declined_before_its_question(holder: TenantsHolder, planner: Planner) -> None:
    plan = _plan(planner, holder.resolve("harbor-securities"), "我想贷款买房，月供大概多少？")
    assert plan.refuse.startswith("港湾证券的助手暂不提供贷款还款计算") and not plan.clarify and not plan.calls
    default = _plan(planner, holder.resolve("default"), "我想贷款买房，月供大概多少？")
    assert default.clarify and not default.refuse  # the platform asks for the loan's numbers


def test_the_openai_route_gets_the_institutions_persona_unless_it_sends_its_own() -> None:
    persona = "你的名字是“港湾证券小港”，代表港湾证券回答。"
    prompt = client_prompt([ChatMessage("user", "什么是ETF？")], "zh-CN", persona)
    assert prompt[0].role == "system" and prompt[0].content.endswith("\n" + persona)
    own = client_prompt([ChatMessage("system", "Be brief."), ChatMessage("user", "hi")], "en", persona)
    assert own[0].content == "Be brief."


async def test_the_product_list_is_one_json_object_in_json_mode(holder: TenantsHolder, planner: Planner) -> None:
    tools = GrpcTools(None, None, None, tenants=holder)  # type: ignore[arg-type]  # the shelf needs no RPC
    ctx = CallContext("harbor-securities", "ann", locale="zh-CN")
    outcome = await tools.run(ToolCall(PRODUCTS, {"investor_level": "C2"}), ctx)
    assert outcome.ok and outcome.card is not None
    assert [p["id"] for p in outcome.card["data"]["products"]] == ["HB-MM-01", "HB-BOND-02"]
    plan = _plan(planner, holder.resolve("harbor-securities"), "我是C2，你们有哪些产品适合我？")
    reply = orjson.loads(written_answer(plan, ToolRound([outcome]), "zh-CN", "json_object"))
    assert reply["answer"].startswith("港湾证券可向风险承受能力为C2的投资者提供以下产品")
    assert "港湾现金宝" in reply["answer"]
