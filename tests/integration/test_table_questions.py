"""Numbers from data tables through the whole platform: the app API and the OpenAI-compatible endpoint.

The answers are computed by portfolio-tool's table engine and written by the platform, not the model; the expected
values below are computed by hand from the table (the spreadsheet way), not by the code under test.
"""

from __future__ import annotations

import json

import httpx

from devstack.platform import Platform, sse_events

TABLE = """| 日期 | 收盘价(元) | 成交额(万元) |
|---|---|---|
| 2024-09-02 | 10.00 | 1,200 |
| 2024-09-03 | 10.20 | 1,500 |
| 2024-09-04 | 9.90 | 980 |
| 2024-09-05 | 10.50 | 2,100 |
| 2024-09-06 | 10.30 | 1,750 |
"""


async def test_table_question_in_chat_is_answered_exactly_with_its_computation(
    client: httpx.AsyncClient, platform: Platform
) -> None:
    sid = (await client.post("/v1/sessions", json={"locale": "zh-CN"}, headers=platform.auth("erin"))).json()
    question = "如果我在2024年9月2日以收盘价买入1000股并在9月6日卖出，收益率是多少？\n" + TABLE
    async with client.stream("POST", f"/v1/sessions/{sid['session_id']}/messages", json={"text": question},
                             headers=platform.auth("erin")) as r:
        events = [e async for e in sse_events(r)]
    done = events[-1].data
    card = next(e.data for e in events if e.event == "card")
    text = "".join(e.data["text"] for e in events if e.event == "delta")
    assert done["intent"] == "table_question" and done["usage"]["completion_tokens"] == 0  # no model involved
    assert card["kind"] == "table_answer" and card["data"]["status"] == "answered"
    assert abs(card["data"]["value"] - (10.30 / 10.00 - 1)) < 1e-12  # sell close / buy close - 1 = 3%
    assert card["data"]["formatted"] in text and card["data"]["computation"]


async def test_openai_client_asking_for_json_gets_answer_and_explanation(
    client: httpx.AsyncClient, platform: Platform
) -> None:
    body = {
        "model": "advisor",
        "messages": [{"role": "user", "content": "哪一天成交额最大？\n" + TABLE}],
        "response_format": {"type": "json_object"},
    }
    r = await client.post("/v1/chat/completions", json=body, headers=platform.auth("erin"))
    assert r.status_code == 200, r.text
    content = json.loads(r.json()["choices"][0]["message"]["content"])
    assert set(content) == {"answer", "explanation"}
    assert "2024-09-05" in content["answer"] or "9月5日" in content["answer"]  # 2,100 is the largest


async def test_a_date_missing_from_the_table_is_asked_back(client: httpx.AsyncClient, platform: Platform) -> None:
    body = {"messages": [{"role": "user", "content": "What was the close on 2024-09-07?\n" + TABLE}],
            "response_format": {"type": "json_object"}}
    r = await client.post("/v1/chat/completions", json=body, headers=platform.auth("erin"))
    content = json.loads(r.json()["choices"][0]["message"]["content"])
    assert content["answer"] is None and content["explanation"]


async def test_unknown_response_format_is_422(client: httpx.AsyncClient, platform: Platform) -> None:
    body = {"messages": [{"role": "user", "content": "hi"}], "response_format": {"type": "xml"}}
    r = await client.post("/v1/chat/completions", json=body, headers=platform.auth("erin"))
    assert r.status_code == 422 and r.json()["error"]["code"]
