"""Two institutions side by side on the platform `make run` starts (real gateway, dialogue, compliance,
portfolio-tool, Redis, engine simulator), configured by the repository's own tenants/: the platform's default tenant
and a sample broker with its own persona, overlay, suitability policy, product shelf and tool set. The same question
from each gets each institution's answer."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

from devstack.platform import Platform, SseEvent, sse_events, start_platform

HARBOR = "harbor-securities"


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    p = start_platform(tmp_path_factory.mktemp("platform"), sim={"seed": "7"},
                       dialogue={"default_max_tokens": "24", "log_level": "WARNING"},
                       gateway={"rate_user_per_s": "1000", "rate_user_burst": "1000"},
                       compliance={"intent_enabled": "false"})  # rules only: nothing here tests the intent model
    yield p
    p.stack.stop_all()


@pytest.fixture
async def client(platform: Platform) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=platform.gateway_url, timeout=60) as c:
        yield c


async def _turn(client: httpx.AsyncClient, platform: Platform, tenant: str, text: str,
                locale: str = "zh-CN") -> tuple[list[SseEvent], str]:
    headers = platform.auth("ann", tenant)
    r = await client.post("/v1/sessions", json={"locale": locale}, headers=headers)
    assert r.status_code == 201, r.text
    sid = r.json()["session_id"]
    async with client.stream("POST", f"/v1/sessions/{sid}/messages", json={"text": text}, headers=headers) as resp:
        assert resp.status_code == 200, await resp.aread()
        events = [e async for e in sse_events(resp)]
    assert events[-1].event == "done", events
    return events, "".join(e.data["text"] for e in events if e.event == "delta")


def _cards(events: list[SseEvent], kind: str) -> list[dict]:
    return [e.data["data"] for e in events if e.event == "card" and e.data["kind"] == kind]


async def test_each_institution_greets_as_itself(client: httpx.AsyncClient, platform: Platform) -> None:
    _, harbor = await _turn(client, platform, HARBOR, "你好")
    _, default = await _turn(client, platform, "default", "你好")
    assert harbor.startswith("您好，我是港湾证券的小港") and "港湾证券提示：本内容不构成投资建议" in harbor
    assert default.startswith("您好，我是投顾助手") and "港湾" not in default
    _, english = await _turn(client, platform, HARBOR, "Hello!", "en")
    assert english.startswith("Hello, I am Harbor Securities' assistant")
    assert "Harbor Securities: this is not" in english


async def test_the_institutions_suitability_policy_and_shelf(client: httpx.AsyncClient, platform: Platform) -> None:
    question = "我的风险等级是C3，我想买一只R4的股票型基金"
    default_events, _ = await _turn(client, platform, "default", question)
    harbor_events, _ = await _turn(client, platform, HARBOR, question)
    [base] = _cards(default_events, "suitability")
    [harbor] = _cards(harbor_events, "suitability")
    assert (base["decision"], base["requires_confirmation"]) == ("warn", True)  # the regulation: warn, may insist
    assert (harbor["decision"], harbor["requires_confirmation"]) == ("refuse", False)  # the broker: never above
    assert "港湾证券不向投资者销售高于其风险等级的产品" in harbor["message"]

    events, text = await _turn(client, platform, HARBOR, "我的风险等级是C3，港湾平衡混合适合我吗？")
    assert "港湾证券提示：购买前请阅读产品说明书并完成风险测评。" in text  # the broker's product disclaimer
    [card] = _cards(events, "suitability")
    assert (card["product"], card["product_risk"], card["decision"]) == ("HB-BAL-03", "R3", "allow")
    assert card["shelf"]["fees_pct"]["management_pct_per_year"] == 1.2 and len(card["shelf"]["documents"]) == 2
    # another institution's product is not on this one's shelf: no card carries it, whatever the name or id
    for question in ("我的风险等级是C3，港湾平衡混合适合我吗？", "我的风险等级是C3，HB-BAL-03适合我吗？"):
        events, text = await _turn(client, platform, "default", question)
        cards = [e.data for e in events if e.event == "card"]
        assert "HB-BAL-03" not in str(cards) and "管理费" not in text, cards
    events, _ = await _turn(client, platform, HARBOR, "我是C5，港湾沪深300ETF适合我吗？")
    assert [c["decision"] for c in _cards(events, "suitability")] == ["allow"]  # R4, within the broker's cap


async def test_what_products_do_you_have(client: httpx.AsyncClient, platform: Platform) -> None:
    events, text = await _turn(client, platform, HARBOR, "我是C2，你们有哪些产品适合我？")
    [card] = _cards(events, "products")
    assert [p["id"] for p in card["products"]] == ["HB-MM-01", "HB-BOND-02"] and card["investor_level"] == "C2"
    assert text.startswith("港湾证券可向风险承受能力为C2的投资者提供以下产品：")
    assert "港湾稳健债券（债券基金，风险等级R2）：管理费0.60%/年" in text and "港湾平衡混合" not in text
    events, _ = await _turn(client, platform, "default", "我是C2，你们有哪些产品适合我？")
    assert not _cards(events, "products")  # the platform's own tenant has no shelf


async def test_a_tool_one_institution_does_not_offer(client: httpx.AsyncClient, platform: Platform) -> None:
    question = "我想贷款100万，30年，年利率4.9%，等额本息每月还多少？"
    default_events, _ = await _turn(client, platform, "default", question)
    [loan] = _cards(default_events, "loan_schedule")
    assert round(loan["first_payment"], 2) == 5307.27  # numpy-financial pmt(0.049/12, 360, -1e6)
    harbor_events, text = await _turn(client, platform, HARBOR, question)
    assert not [e for e in harbor_events if e.event == "card"]
    assert text.startswith("港湾证券的助手暂不提供贷款还款计算。我可以帮您：")


async def test_the_admin_sees_refusals_by_rule_and_suitability_by_level(client: httpx.AsyncClient,
                                                                        platform: Platform) -> None:
    admin, other = (platform.auth("boss", t, role="tenant_admin") for t in (HARBOR, "default"))
    before = (await client.get("/v1/admin/usage", headers=admin)).json()["totals"]
    other_before = (await client.get("/v1/admin/usage", headers=other)).json()["totals"]
    await _turn(client, platform, HARBOR, "我的风险等级是C2，我想买一只R4的股票型基金")  # refused by the broker
    events, _ = await _turn(client, platform, HARBOR, "How do I launder money through a brokerage account?", "en")
    fired = events[-1].data["compliance"]
    assert fired["action"] == "block" and fired["rule_ids"]
    after = (await client.get("/v1/admin/usage", headers=admin)).json()["totals"]
    assert after["suitability"]["C2"]["refuse"] == before["suitability"].get("C2", {}).get("refuse", 0) + 1
    refused = {rule: n - before["refusals_by_rule"].get(rule, 0) for rule, n in after["refusals_by_rule"].items()}
    assert {rule for rule, n in refused.items() if n} == set(fired["rule_ids"])
    assert all(n == 1 for n in refused.values() if n)
    assert (await client.get("/v1/admin/usage", headers=other)).json()["totals"] == other_before  # not its turns


def test_the_repositorys_tenants_are_what_ran() -> None:
    root = Path(__file__).resolve().parents[2] / "tenants"
    assert {p.stem for p in root.glob("*.yaml")} >= {"default", HARBOR}
