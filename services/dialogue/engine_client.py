"""Streaming client for an OpenAI-compatible engine pool (vLLM or the simulator).

One pooled aiohttp session per process. The replica for each request is chosen by the pool client
(services/engine/pool): by default, where the prompt's prefix is (its block hashes), else the session's home
on a consistent-hash ring, under bounded load. A request that fails before its first token is retried on
another replica (nothing has reached the user yet), never after. Cancelling the consuming task closes the HTTP
response, which vLLM sees as an aborted request and frees the sequence.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import time
from collections.abc import AsyncGenerator, AsyncIterator, Sequence
from dataclasses import dataclass
from typing import Any

import aiohttp
import orjson

from services.common.errors import FailedPrecondition, Unavailable
from services.dialogue.models import ChatMessage, GenerationOptions, Usage
from services.engine.pool.pool import EnginePool, Lease, NoReplicaAvailable, Outcome, PoolConfig
from services.engine.pool.prefix import prompt_blocks

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


class _BeforeFirstToken(Exception):
    """The attempt failed before any token: safe to try another replica."""

    def __init__(self, outcome: str, cause: BaseException | None = None) -> None:
        super().__init__(outcome)
        self.outcome = outcome
        self.cause = cause


def routing_key(messages: Sequence[ChatMessage]) -> str:
    """A key for requests without a session id: the conversation's opening (system + first user message).

    Later turns of the same conversation start the same way, so they share the key and the replica.
    """
    opening = [m.content for m in messages[:2]]
    return hashlib.blake2b("\x1f".join(opening).encode(), digest_size=8).hexdigest()


class EngineClient:
    def __init__(
        self,
        http: aiohttp.ClientSession,
        pool: EnginePool | Sequence[str],
        *,
        model: str = "",
        stall_timeout_s: float = 30.0,
        connect_timeout_s: float = 2.0,
        max_attempts: int = 2,
    ) -> None:
        if not isinstance(pool, EnginePool):
            if not pool:
                raise ValueError("at least one engine URL is required")
            pool = EnginePool(http, PoolConfig(), urls=pool)
        self._http = http
        self.pool = pool
        self._model = model
        self._max_attempts = max_attempts
        self._timeout = aiohttp.ClientTimeout(
            total=None, sock_connect=connect_timeout_s, sock_read=stall_timeout_s
        )

    async def model_name(self) -> str:
        """The served model name, discovered from /v1/models on first use."""
        if not self._model:
            for url in self.pool.healthy() or self.pool.urls:
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

    async def stream_chat(
        self, messages: Sequence[ChatMessage], options: GenerationOptions, *, session_id: str = ""
    ) -> AsyncIterator[EngineToken | EngineFinal]:
        """Stream one answer. ``session_id`` keys the replica choice (the conversation's opening if empty)."""
        body = orjson.dumps(self._payload(await self.model_name(), messages, options))
        key = session_id or routing_key(messages)
        blocks = prompt_blocks(messages)  # what the prompt shares with earlier ones (the pool's prefix index)
        tried: list[str] = []
        last_error: BaseException | None = None
        for _ in range(self._max_attempts):
            try:
                lease = self.pool.acquire(key, exclude=tried, blocks=blocks)
            except NoReplicaAvailable as err:
                last_error = err
                break
            tried.append(lease.url)
            try:
                # aclosing: if our consumer stops, the attempt's response is closed now, not at garbage collection.
                async with contextlib.aclosing(self._attempt(lease, body)) as attempt:
                    async for event in attempt:
                        yield event
                return
            except _BeforeFirstToken as err:
                last_error = err.cause or err
                log.warning("engine request failed before the first token", extra={"engine": lease.url})
        raise Unavailable("the answer engine is unavailable", code="engine_unavailable") from last_error

    async def _attempt(self, lease: Lease, body: bytes) -> AsyncGenerator[EngineToken | EngineFinal, None]:
        """One replica. Raises _BeforeFirstToken when another replica may be tried; records the outcome."""
        outcome: Outcome = "cancelled"  # kept if the consumer stops early (client disconnect)
        started = time.perf_counter()
        resp: aiohttp.ClientResponse | None = None
        try:
            try:
                resp = await self._http.post(
                    f"{lease.url}/v1/chat/completions",
                    data=body,
                    headers={"Content-Type": "application/json"},
                    timeout=self._timeout,
                )
            except (aiohttp.ClientError, TimeoutError) as err:
                outcome = "timeout" if isinstance(err, TimeoutError) else "error"
                raise _BeforeFirstToken(outcome, err) from err
            if resp.status >= 500:
                outcome = "error"
                raise _BeforeFirstToken(outcome, Unavailable(f"engine answered {resp.status}"))
            if resp.status != 200:
                outcome = "rejected"
                detail = (await resp.text())[:500]
                if resp.status == 400 and "maximum context length" in detail:
                    raise ContextOverflow(detail)
                raise FailedPrecondition(
                    f"the engine rejected the request ({resp.status})", code="engine_rejected"
                ) from Exception(detail)
            produced = False
            try:
                async for event in _read_sse(resp, started):
                    if isinstance(event, EngineFinal):
                        outcome = "ok"
                    elif not produced:
                        produced = True
                        lease.first_token()
                    yield event
            except Unavailable as err:  # the stream failed before its first token
                outcome = "error"
                raise _BeforeFirstToken(outcome, err) from err
            except EngineStreamBroken:
                outcome = "error"
                raise
        finally:
            if resp is not None:
                if outcome == "cancelled":
                    resp.close()  # drop the connection: the replica sees the abort and frees the sequence
                else:
                    resp.release()
            lease.finish(outcome)

    def _payload(self, model: str, messages: Sequence[ChatMessage], o: GenerationOptions) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "model": model,
            "messages": [{"role": m.role, "content": m.content} for m in messages],
            "stream": True,
            "stream_options": {"include_usage": True},
            "max_tokens": o.max_tokens,
        }
        for key, value in (("temperature", o.temperature), ("top_p", o.top_p), ("seed", o.seed),
                           ("repetition_penalty", o.repetition_penalty)):
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
