"""The platform's public API as a client uses it: sessions and turns on the chat SSE route, and the
OpenAI-compatible route, each timed the way a client measures it (time to the first text, time to the end)."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from devstack.platform import sse_frames

RETRY_STATUSES = (429, 503)  # rate limited, overloaded, engine or session store unavailable: Retry-After


@dataclass
class TurnResult:
    """What the client saw for one turn."""

    user_text: str
    text: str = ""
    cards: list[dict[str, Any]] = field(default_factory=list)
    notices: list[dict[str, Any]] = field(default_factory=list)
    done: dict[str, Any] | None = None
    error: dict[str, Any] | None = None  # {"status", "code", "message"}: an HTTP error or an error event
    ttft_ms: float | None = None  # request sent -> first text, as the client measured it
    total_ms: float = 0.0  # request sent -> end of the stream
    completion_tokens: int | None = None  # OpenAI route: 0 when the platform wrote the answer itself

    @property
    def intent(self) -> str:
        return str((self.done or {}).get("intent", ""))

    @property
    def kinds(self) -> list[str]:
        return [str(c.get("kind", "")) for c in self.cards]

    def notice(self, code: str) -> bool:
        return any(n.get("code") == code for n in self.notices)

    @property
    def refused(self) -> bool:
        return self.notice("input_refused")

    @property
    def withheld(self) -> bool:
        return self.notice("answer_withheld")

    def brief(self) -> dict[str, Any]:
        """The turn as the scorecard lists it for a failing item."""
        out: dict[str, Any] = {"intent": self.intent, "cards": self.kinds, "text": self.text[:300]}
        if self.notices:
            out["notices"] = [n.get("code") for n in self.notices]
        if self.error:
            out["error"] = self.error
        return out



def _http_error(status: int, body: bytes) -> dict[str, Any]:
    try:
        err = json.loads(body).get("error", {})
    except (ValueError, AttributeError):
        err = {}
    return {"status": status, "code": str(err.get("code", "http_error")), "message": str(err.get("message", ""))[:200]}


class ApiClient:
    """One deployment's public API; ``token_for(user)`` gives the bearer token to send for a user."""

    def __init__(self, http: httpx.AsyncClient, token_for: Callable[[str], str], retries: int = 6) -> None:
        self._http = http
        self._token_for = token_for
        self._retries = retries

    def _headers(self, user: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self._token_for(user)}"}

    async def new_session(self, user: str, locale: str) -> str:
        for attempt in range(self._retries + 1):
            r = await self._http.post("/v1/sessions", json={"locale": locale}, headers=self._headers(user))
            if r.status_code in RETRY_STATUSES and attempt < self._retries:
                await _backoff(r, attempt)
                continue
            r.raise_for_status()
            return str(r.json()["session_id"])
        raise AssertionError("unreachable")

    async def chat_turn(self, user: str, session_id: str, text: str, locale: str) -> TurnResult:
        turn = TurnResult(text)
        body = {"text": text, "locale": locale}
        return await self._stream(f"/v1/sessions/{session_id}/messages", body, user, turn, _read_chat)

    async def completion(self, user: str, messages: list[dict[str, Any]], json_object: bool) -> TurnResult:
        """A streamed OpenAI-compatible completion (usage included, to tell platform-written answers)."""
        body: dict[str, Any] = {
            "model": "advisor", "messages": messages, "stream": True, "stream_options": {"include_usage": True},
        }
        if json_object:
            body["response_format"] = {"type": "json_object"}
        return await self._stream("/v1/chat/completions", body, user, TurnResult(_last_user_text(messages)),
                                  _read_openai)

    async def _stream(self, path: str, body: dict[str, Any], user: str, turn: TurnResult,
                      read: Callable[[httpx.Response, TurnResult, float], Awaitable[None]]) -> TurnResult:
        """One streamed request, retried on a shed status (after its Retry-After), read into ``turn``."""
        for attempt in range(self._retries + 1):
            started = time.perf_counter()
            async with self._http.stream("POST", path, json=body, headers=self._headers(user)) as r:
                if r.status_code in RETRY_STATUSES and attempt < self._retries:
                    await _backoff(r, attempt)
                    continue
                if r.status_code != 200:
                    turn.error = _http_error(r.status_code, await r.aread())
                else:
                    await read(r, turn, started)
            turn.total_ms = (time.perf_counter() - started) * 1000
            return turn
        raise AssertionError("unreachable")


async def _read_chat(r: httpx.Response, turn: TurnResult, started: float) -> None:
    parts: list[str] = []
    async for event, data in sse_frames(r):
        payload = json.loads(data)
        if event == "delta":
            if turn.ttft_ms is None:
                turn.ttft_ms = (time.perf_counter() - started) * 1000
            parts.append(str(payload.get("text", "")))
        elif event == "card":
            turn.cards.append(payload)
        elif event == "notice":
            turn.notices.append(payload)
        elif event == "done":
            turn.done = payload
        elif event == "error":
            turn.error = {"status": 200, "code": str(payload.get("code", "")), "message": str(payload.get("message"))}
    turn.text = "".join(parts)


async def _read_openai(r: httpx.Response, turn: TurnResult, started: float) -> None:
    parts: list[str] = []
    async for _, data in sse_frames(r):
        if data == "[DONE]":
            break
        payload = json.loads(data)
        if "error" in payload:
            err = payload["error"]
            turn.error = {"status": 200, "code": str(err.get("code", "")), "message": str(err.get("message", ""))}
            continue
        if payload.get("usage"):
            turn.completion_tokens = int(payload["usage"].get("completion_tokens", 0))
        for choice in payload.get("choices", []):
            content = (choice.get("delta") or {}).get("content")
            if content:
                if turn.ttft_ms is None:
                    turn.ttft_ms = (time.perf_counter() - started) * 1000
                parts.append(str(content))
            if choice.get("finish_reason"):
                turn.done = {"finish_reason": choice["finish_reason"]}
    turn.text = "".join(parts)


def _last_user_text(messages: list[dict[str, Any]]) -> str:
    content = messages[-1].get("content", "") if messages else ""
    if isinstance(content, list):
        return "".join(str(part.get("text", "")) for part in content if isinstance(part, dict))
    return str(content)


async def _backoff(r: httpx.Response, attempt: int) -> None:
    await r.aread()
    try:
        wait = float(r.headers.get("Retry-After", "1"))
    except ValueError:
        wait = 1.0
    await asyncio.sleep(min(max(wait, 0.2) * (1 + attempt / 2), 15.0))
