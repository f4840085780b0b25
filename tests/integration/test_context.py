"""Context overflow: history is trimmed to what the engine accepts (by the engine's own token count)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from devstack.platform import Platform, sse_events, start_platform


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    # A 160-token model context and 40-token answers: the third turn no longer fits with all its history.
    p = start_platform(
        tmp_path_factory.mktemp("ctx"),
        sim={"token_rate": "1000", "max_model_len": "160"},
        dialogue={"default_max_tokens": "40", "log_level": "WARNING", "metrics_port": "0"},
    )
    yield p
    p.stack.stop_all()


async def _turn(client: httpx.AsyncClient, p: Platform, sid: str, text: str) -> dict:
    async with client.stream("POST", f"/v1/sessions/{sid}/messages", json={"text": text}, headers=p.auth()) as r:
        assert r.status_code == 200, await r.aread()
        events = [e async for e in sse_events(r)]
    assert events[-1].event == "done"
    return events[-1].data


async def test_history_is_trimmed_instead_of_failing(small: Platform) -> None:
    async with httpx.AsyncClient(base_url=small.gateway_url, timeout=20) as client:
        sid = (await client.post("/v1/sessions", json={"locale": "en"}, headers=small.auth())).json()["session_id"]
        usages = [await _turn(client, small, sid, f"question number {i} about investing habits") for i in range(5)]
        for done in usages:
            assert done["usage"]["prompt_tokens"] + 40 <= 160
        # Later prompts carried less history than the full conversation: trimming happened.
        assert max(u["usage"]["prompt_tokens"] for u in usages[2:]) < usages[1]["usage"]["prompt_tokens"] + 80
        turns = (await client.get(f"/v1/sessions/{sid}", headers=small.auth())).json()["turns"]
        assert len(turns) == 5 and all(t["status"] == "completed" for t in turns)


async def test_a_single_message_too_long_for_the_model_is_422(small: Platform) -> None:
    async with httpx.AsyncClient(base_url=small.gateway_url, timeout=20) as client:
        sid = (await client.post("/v1/sessions", json={"locale": "en"}, headers=small.auth())).json()["session_id"]
        text = "Please explain why markets move. " * 40
        r = await client.post(f"/v1/sessions/{sid}/messages", json={"text": text}, headers=small.auth())
        assert r.status_code == 422 and r.json()["error"]["code"] == "context_overflow"
        turns = (await client.get(f"/v1/sessions/{sid}", headers=small.auth())).json()["turns"]
        assert turns == []


async def test_a_definition_without_room_for_an_explanation_is_the_entry_alone(small: Platform) -> None:
    """The knowledge entry opens the answer before the engine is asked; when the model's context has no room
    for the explanation, the entry (with its source) is the whole answer, not an error after it."""
    async with httpx.AsyncClient(base_url=small.gateway_url, timeout=20) as client:
        sid = (await client.post("/v1/sessions", json={"locale": "en"}, headers=small.auth())).json()["session_id"]
        text = "Please explain what a bond fund is. " * 40
        async with client.stream("POST", f"/v1/sessions/{sid}/messages", json={"text": text},
                                 headers=small.auth()) as r:
            assert r.status_code == 200
            events = [e async for e in sse_events(r)]
        assert events[-1].event == "done"
        shown = "".join(e.data["text"] for e in events if e.event == "delta")
        assert "bond fund" in shown.lower() and "Source:" in shown
        turns = (await client.get(f"/v1/sessions/{sid}", headers=small.auth())).json()["turns"]
        assert [t["status"] for t in turns] == ["completed"]
