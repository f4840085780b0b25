"""Streaming client for an OpenAI-compatible engine (vLLM or the simulator).

One pooled aiohttp session per process. A request goes to one engine replica; if it fails before the first
token it is retried once on the next replica (nothing has reached the user yet), never after. Cancelling the
consuming task closes the HTTP response, which vLLM sees as an aborted request and frees the sequence.
"""

from __future__ import annotations

import itertools
import logging
import time
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import Any

import aiohttp
import orjson

from services.common.errors import FailedPrecondition, Unavailable
from services.dialogue.models import ChatMessage, GenerationOptions, Usage

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class EngineToken:
    text: str


@dataclass(frozen=True)
class EngineFinal:
    finish_reason: str
    model: str
    usage: Usage
    engine_ttft_ms: float


class EngineStreamBroken(Exception):
    """The engine stream ended abnormally after tokens had been produced."""


class ContextOverflow(Exception):
    """The engine refused the prompt: it does not fit the model's context (counted by the engine itself)."""


class EngineClient:
    def __init__(
        self,
        http: aiohttp.ClientSession,
        urls: Sequence[str],
        *,
        model: str = "",
        stall_timeout_s: float = 30.0,
        connect_timeout_s: float = 2.0,
    ) -> None:
        if not urls:
            raise ValueError("at least one engine URL is required")
        self._http = http
        self._urls = list(urls)
        self._next = itertools.cycle(range(len(self._urls)))
        self._model = model
        self._timeout = aiohttp.ClientTimeout(
            total=None, sock_connect=connect_timeout_s, sock_read=stall_timeout_s
        )

    async def model_name(self) -> str:
        """The served model name, discovered from /v1/models on first use."""
        if not self._model:
            for url in self._urls:
                try:
                    async with self._http.get(f"{url}/v1/models", timeout=self._timeout) as resp:
                        if resp.status == 200:
                            self._model = (await resp.json())["data"][0]["id"]
                            break
                except (aiohttp.ClientError, TimeoutError, KeyError, IndexError):
                    continue
            else:
                raise Unavailable("the answer engine is unavailable", code="engine_unavailable")
        return self._model

    async def ready(self) -> bool:
        for url in self._urls:
            try:
                async with self._http.get(f"{url}/health", timeout=aiohttp.ClientTimeout(total=1)) as r:
                    if r.status == 200:
                        return True
            except (aiohttp.ClientError, TimeoutError):
                continue
        return False

    async def stream_chat(
        self, messages: Sequence[ChatMessage], options: GenerationOptions
    ) -> AsyncIterator[EngineToken | EngineFinal]:
        body = orjson.dumps(self._payload(await self.model_name(), messages, options))
        last_error: Exception | None = None
        for _ in range(min(2, len(self._urls))):
            url = self._urls[next(self._next)]
            started = time.perf_counter()
            try:
                resp = await self._http.post(
                    f"{url}/v1/chat/completions",
                    data=body,
                    headers={"Content-Type": "application/json"},
                    timeout=self._timeout,
                )
            except (aiohttp.ClientError, TimeoutError) as err:
                last_error = err
                log.warning("engine request failed before the first token", extra={"engine": url})
                continue
            async with resp:
                if resp.status >= 500:
                    last_error = Unavailable(f"engine answered {resp.status}")
                    continue
                if resp.status != 200:
                    detail = (await resp.text())[:500]
                    if resp.status == 400 and "maximum context length" in detail:
                        raise ContextOverflow(detail)
                    raise FailedPrecondition(
                        f"the engine rejected the request ({resp.status})", code="engine_rejected"
                    ) from Exception(detail)
                async for event in _read_sse(resp, started):
                    yield event
                return
        raise Unavailable("the answer engine is unavailable", code="engine_unavailable") from last_error

    def _payload(self, model: str, messages: Sequence[ChatMessage], o: GenerationOptions) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "model": model,
            "messages": [{"role": m.role, "content": m.content} for m in messages],
            "stream": True,
            "stream_options": {"include_usage": True},
            "max_tokens": o.max_tokens,
        }
        for key, value in (("temperature", o.temperature), ("top_p", o.top_p), ("seed", o.seed)):
            if value is not None:
                payload[key] = value
        if o.stop:
            payload["stop"] = list(o.stop)
        return payload


async def _read_sse(resp: aiohttp.ClientResponse, started: float) -> AsyncIterator[EngineToken | EngineFinal]:
    """Parse the engine's SSE stream. Raises EngineStreamBroken if it ends without [DONE].

    Reads whatever bytes have arrived (one await per network read, not per line) and splits events on blank
    lines: under load one read carries several tokens.
    """
    finish_reason, model, usage = "", "", Usage()
    ttft_ms = 0.0
    produced = False
    pending = b""
    try:
        async for data in resp.content.iter_any():
            pending += data
            *events, pending = pending.split(b"\n\n")
            for event in events:
                if not event.startswith(b"data:"):
                    continue
                payload = event[5:].strip()
                if payload == b"[DONE]":
                    yield EngineFinal(finish_reason or "stop", model, usage, ttft_ms)
                    return
                chunk = orjson.loads(payload)
                model = chunk.get("model") or model
                if chunk.get("usage"):
                    usage = _usage(chunk["usage"])
                for choice in chunk.get("choices") or ():
                    text = (choice.get("delta") or {}).get("content")
                    if text:
                        if not produced:
                            produced = True
                            ttft_ms = (time.perf_counter() - started) * 1000
                        yield EngineToken(text)
                    if choice.get("finish_reason"):
                        finish_reason = choice["finish_reason"]
    except (aiohttp.ClientError, TimeoutError, orjson.JSONDecodeError) as err:
        if not produced:
            raise Unavailable("the answer engine is unavailable", code="engine_unavailable") from err
        raise EngineStreamBroken(str(err) or type(err).__name__) from err
    if not produced:
        raise Unavailable("the answer engine ended the stream early", code="engine_unavailable")
    raise EngineStreamBroken("engine stream ended without [DONE]")


def _usage(raw: dict[str, Any]) -> Usage:
    details = raw.get("prompt_tokens_details") or {}
    return Usage(
        prompt_tokens=int(raw.get("prompt_tokens") or 0),
        completion_tokens=int(raw.get("completion_tokens") or 0),
        cached_prompt_tokens=int(details.get("cached_tokens") or 0),
    )
