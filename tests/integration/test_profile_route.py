"""The risk questionnaire and assessment through the gateway (real gateway, dialogue, compliance, Redis), and
the assessed level used by the next suitability question in chat."""

from __future__ import annotations

import httpx

from devstack.platform import Platform, sse_events


async def _questionnaire(client: httpx.AsyncClient, platform: Platform, user: str) -> dict:
    r = await client.get("/v1/profile/risk-questionnaire", params={"locale": "en"}, headers=platform.auth(user))
    assert r.status_code == 200, r.text
    return r.json()


async def test_assessment_is_scored_kept_and_used_for_suitability(
    client: httpx.AsyncClient, platform: Platform
) -> None:
    q = await _questionnaire(client, platform, "carol")
    assert q["version"] and len(q["questions"]) >= 5
    answers = {question["id"]: question["options"][0]["id"] for question in q["questions"]}
    r = await client.post("/v1/profile/risk-assessment", json={"answers": answers, "locale": "en"},
                          headers=platform.auth("carol"))
    assert r.status_code == 200, r.text
    result = r.json()
    assert result["level"] in {"C1", "C2", "C3", "C4", "C5"} and result["suitable_product_levels"]
    sid = (await client.post("/v1/sessions", json={"locale": "en"}, headers=platform.auth("carol"))).json()
    async with client.stream("POST", f"/v1/sessions/{sid['session_id']}/messages",
                             json={"text": "Should I buy AMD?"}, headers=platform.auth("carol")) as resp:
        events = [e async for e in sse_events(resp)]
    card = next(e.data for e in events if e.event == "card")
    assert card["kind"] == "suitability" and card["data"]["investor_level"] == result["level"]


async def test_bad_answers_are_422_and_leave_no_level(client: httpx.AsyncClient, platform: Platform) -> None:
    q = await _questionnaire(client, platform, "dave")
    bad = {q["questions"][0]["id"]: "no-such-option"}
    r = await client.post("/v1/profile/risk-assessment", json={"answers": bad}, headers=platform.auth("dave"))
    assert r.status_code == 422 and r.json()["error"]["code"]
    r = await client.post("/v1/profile/risk-assessment", json={"answers": {}}, headers=platform.auth("dave"))
    assert r.status_code == 422
    r = await client.post("/v1/profile/risk-assessment", json={"answers": {"x": 1}}, headers=platform.auth("dave"))
    assert r.status_code == 422
    sid = (await client.post("/v1/sessions", json={"locale": "en"}, headers=platform.auth("dave"))).json()
    async with client.stream("POST", f"/v1/sessions/{sid['session_id']}/messages",
                             json={"text": "Should I buy AMD?"}, headers=platform.auth("dave")) as resp:
        events = [e async for e in sse_events(resp)]
    kinds = [e.data["kind"] for e in events if e.event == "card"]
    assert kinds == ["risk_questionnaire"]  # still unassessed: the questionnaire comes first


async def test_questionnaire_needs_a_token(client: httpx.AsyncClient) -> None:
    assert (await client.get("/v1/profile/risk-questionnaire")).status_code == 401
