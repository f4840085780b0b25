"""Every bad input gets its documented status and JSON error body, and leaves nothing half-written."""

from __future__ import annotations

import httpx
import pytest

from devstack.platform import Platform


async def _session(client: httpx.AsyncClient, platform: Platform) -> str:
    r = await client.post("/v1/sessions", json={"locale": "zh-CN"}, headers=platform.auth())
    return str(r.json()["session_id"])


def _error(r: httpx.Response, status: int, code: str) -> dict:
    assert r.status_code == status, r.text
    body = r.json()["error"]
    assert body["code"] == code
    assert body["message"] and body["request_id"] == r.headers["x-request-id"]
    assert "Traceback" not in r.text
    return body


async def _turns(client: httpx.AsyncClient, platform: Platform, sid: str) -> list:
    return list((await client.get(f"/v1/sessions/{sid}", headers=platform.auth())).json()["turns"])


@pytest.mark.parametrize(
    ("content", "headers", "status", "code"),
    [
        (b'{"text": "hi"', {}, 400, "malformed_json"),
        (b'{"text": 123}', {}, 422, "invalid_request"),
        (b'{"text": ["a"]}', {}, 422, "invalid_request"),
        (b'{"text": "hi", "extra": 1}', {}, 422, "invalid_request"),
        (b'{"text": "\xff\xfe bad"}', {}, 400, "invalid_encoding"),
        (b'{"text": ""}', {}, 422, "invalid_request"),
        (b'{"text": "   "}', {}, 422, "invalid_request"),
        (b'{"text": "' + b"a" * 70_000 + b'"}', {}, 413, "body_too_large"),
    ],
)
async def test_bad_message_bodies(
    client: httpx.AsyncClient, platform: Platform, content: bytes, headers: dict, status: int, code: str
) -> None:
    sid = await _session(client, platform)
    r = await client.post(
        f"/v1/sessions/{sid}/messages",
        content=content,
        headers={**platform.auth(), "Content-Type": "application/json", **headers},
    )
    _error(r, status, code)
    assert await _turns(client, platform, sid) == []


async def test_over_long_message_names_the_limit(client: httpx.AsyncClient, platform: Platform) -> None:
    sid = await _session(client, platform)
    r = await client.post(f"/v1/sessions/{sid}/messages", json={"text": "长" * 8001}, headers=platform.auth())
    assert "8000" in _error(r, 422, "invalid_request")["message"]
    assert await _turns(client, platform, sid) == []


async def test_chunked_oversized_body_is_413(client: httpx.AsyncClient, platform: Platform) -> None:
    sid = await _session(client, platform)

    async def chunks():  # no Content-Length: the limit must hold on the streamed body too
        for _ in range(20):
            yield b"x" * 8192

    r = await client.post(f"/v1/sessions/{sid}/messages", content=chunks(), headers=platform.auth())
    _error(r, 413, "body_too_large")


async def test_unknown_and_foreign_sessions_are_404(client: httpx.AsyncClient, platform: Platform) -> None:
    sid = await _session(client, platform)
    for path_sid in ("doesnotexist123", "bad id!", sid):
        user = "mallory" if path_sid == sid else "alice"
        r = await client.get(f"/v1/sessions/{path_sid}", headers=platform.auth(user))
        _error(r, 404, "session_not_found")
        r = await client.post(
            f"/v1/sessions/{path_sid}/messages", json={"text": "hi"}, headers=platform.auth(user)
        )
        _error(r, 404, "session_not_found")
    # Same user name in another tenant is another user.
    r = await client.get(f"/v1/sessions/{sid}", headers=platform.auth("alice", tenant="other-bank"))
    _error(r, 404, "session_not_found")
    assert await _turns(client, platform, sid) == []


async def test_tokens(client: httpx.AsyncClient, platform: Platform) -> None:
    _error(await client.post("/v1/sessions", json={}), 401, "missing_token")
    bad = {"Authorization": "Bearer not.a.jwt"}
    _error(await client.post("/v1/sessions", json={}, headers=bad), 401, "invalid_token")
    _error(await client.post("/v1/sessions", json={}, headers={"Authorization": "Basic abc"}), 401, "invalid_token")
    expired = {"Authorization": f"Bearer {platform.token(ttl_s=-60)}"}
    _error(await client.post("/v1/sessions", json={}, headers=expired), 401, "expired_token")
    from gateway.auth import issue_token
    from gateway.settings import GatewaySettings

    forged = issue_token(GatewaySettings(jwt_secret="someone-elses-secret-0123456789abcdef"), "alice", "default")
    r = await client.get("/v1/sessions/abcdefghijk", headers={"Authorization": f"Bearer {forged}"})
    _error(r, 401, "invalid_token")


async def test_openai_api_bad_input(client: httpx.AsyncClient, platform: Platform) -> None:
    url = "/v1/chat/completions"
    _error(await client.post(url, json={"messages": []}, headers=platform.auth()), 422, "invalid_request")
    body = {"messages": [{"role": "robot", "content": "x"}]}
    _error(await client.post(url, json=body, headers=platform.auth()), 422, "invalid_request")
    body = {"messages": [{"role": "user", "content": "x"}], "temperature": "hot"}
    _error(await client.post(url, json=body, headers=platform.auth()), 422, "invalid_request")
    body = {"messages": [{"role": "assistant", "content": "x"}]}
    _error(await client.post(url, json=body, headers=platform.auth()), 422, "invalid_messages")


async def test_unknown_route_and_method(client: httpx.AsyncClient) -> None:
    _error(await client.get("/v1/nope"), 404, "not_found")
    _error(await client.put("/v1/sessions"), 405, "method_not_allowed")


# --- the contract of issue 25 (D7): every status the gateway answers is documented, with its JSON body -------


async def test_openapi_lists_every_error_status(client: httpx.AsyncClient) -> None:
    spec = (await client.get("/openapi.json")).json()
    for path in ("/v1/sessions", "/v1/sessions/{session_id}/messages", "/v1/chat/completions",
                 "/v1/portfolio/analyze", "/v1/profile/risk-assessment"):
        for method, op in spec["paths"][path].items():
            listed = set(op["responses"])
            assert {"400", "401", "413", "422", "429", "503"} <= listed, (path, method, sorted(listed))


async def test_deeply_nested_body_is_malformed_json(client: httpx.AsyncClient, platform: Platform) -> None:
    """JSON nested past the parser's depth was a 400 `bad_request`, a code docs/api.md does not list."""
    sid = await _session(client, platform)
    deep = b'{"text": "hi", "x": ' + b"[" * 20_000 + b"]" * 20_000 + b"}"
    for path in (f"/v1/sessions/{sid}/messages", "/v1/chat/completions"):
        r = await client.post(path, content=deep, headers={**platform.auth(), "content-type": "application/json"})
        _error(r, 400, "malformed_json")
    assert await _turns(client, platform, sid) == []


async def test_method_not_allowed_names_the_allowed_methods(client: httpx.AsyncClient) -> None:
    r = await client.put("/v1/sessions", headers={})
    _error(r, 405, "method_not_allowed")
    assert "POST" in r.headers["allow"]


async def test_empty_assistant_message_is_accepted_and_empty_last_message_refused(
    client: httpx.AsyncClient, platform: Platform
) -> None:
    messages = [{"role": "user", "content": "What is an ETF?"}, {"role": "assistant", "content": ""},
                {"role": "user", "content": "And a bond fund?"}]
    r = await client.post("/v1/chat/completions", json={"messages": messages}, headers=platform.auth())
    assert r.status_code == 200, r.text
    r = await client.post("/v1/chat/completions", json={"messages": [{"role": "user", "content": " "}]},
                          headers=platform.auth())
    _error(r, 422, "invalid_messages")


async def test_models_list_names_the_platform_model(client: httpx.AsyncClient, platform: Platform) -> None:
    """`GET /v1/models` was a 404, so the OpenAI SDK's models.list() and most chat front ends failed first."""
    r = await client.get("/v1/models", headers=platform.auth())
    assert r.status_code == 200 and r.json()["object"] == "list"
    assert [m["id"] for m in r.json()["data"]] == ["advisor"]
    _error(await client.get("/v1/models"), 401, "missing_token")
