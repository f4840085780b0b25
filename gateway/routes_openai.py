"""OpenAI-compatible ``POST /v1/chat/completions`` (stream and non-stream) and ``GET /v1/models``, so standard
clients, SDKs and chat front ends can drive the whole platform. Stateless: nothing is stored in a session."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from typing import Annotated, Any

from advisor.v1 import dialogue_pb2 as pb
from fastapi import APIRouter, Depends, Request
from starlette.responses import JSONResponse, Response

from gateway.auth import Principal
from gateway.deps import Deps, limited_principal, principal_of
from gateway.errors import COMMON_ERRORS, ApiError, request_id_of
from gateway.schemas import MAX_MESSAGE_CHARS, ChatCompletionBody
from gateway.sse import HEARTBEAT, OpenAIChunks
from gateway.streaming import ClosingStreamingResponse, StreamTrace
from services.dialogue.client import TurnStream

router = APIRouter(tags=["openai"])
Limited = Annotated[Principal, Depends(limited_principal)]
Auth = Annotated[Principal, Depends(principal_of)]
PLATFORM_MODEL = "advisor"  # what clients name: the whole platform (planner, tools, review), not one engine model
SERVED_SINCE = 1764547200  # 2025-12-01, the OpenAI API's `created` of the platform model


@router.get("/v1/models", responses={401: COMMON_ERRORS[401]})
async def list_models(principal: Auth) -> dict[str, Any]:
    """The models this endpoint serves, in OpenAI's shape (the SDK's ``models.list()``; chat front ends call it
    before their first message). Any ``model`` in a request is answered by the platform."""
    model = {"id": PLATFORM_MODEL, "object": "model", "created": SERVED_SINCE, "owned_by": "advisor-platform"}
    return {"object": "list", "data": [model]}


def _converse_request(body: ChatCompletionBody, principal: Principal, request_id: str) -> pb.ConverseRequest:
    # An empty message is valid in OpenAI's schema (an assistant turn that only called tools, a blank system
    # prompt): it carries nothing to answer or to ground on, so it is dropped; the last message must say something.
    messages = [pb.ChatMessage(role=m.role, content=m.text()) for m in body.messages if m.text().strip()]
    if not messages or messages[-1].role != "user" or not body.messages[-1].text().strip():
        raise ApiError(422, "invalid_messages", "the last message must be a user message with text")
    if any(len(m.content) > MAX_MESSAGE_CHARS for m in messages):
        raise ApiError(422, "message_too_long", f"a message is longer than {MAX_MESSAGE_CHARS} characters")
    stop = [body.stop] if isinstance(body.stop, str) else list(body.stop or [])
    options = pb.GenerationOptions(max_tokens=body.max_completion_tokens or body.max_tokens or 0, stop=stop)
    if body.temperature is not None:
        options.temperature = body.temperature
    if body.top_p is not None:
        options.top_p = body.top_p
    if body.seed is not None:
        options.seed = body.seed
    if body.response_format is not None and body.response_format.type != "text":
        options.response_format = "json_object"
    return pb.ConverseRequest(caller=principal.caller(request_id), messages=messages, options=options)


@router.post("/v1/chat/completions", response_model=None, responses=COMMON_ERRORS)
async def chat_completions(body: ChatCompletionBody, request: Request, principal: Limited) -> Response:
    started = time.perf_counter()
    deps: Deps = request.app.state.deps
    request_id = request_id_of(request)
    converse = _converse_request(body, principal, request_id)
    deps.slots.acquire()
    try:
        stream = await deps.dialogue.start_turn(converse)
    except BaseException:
        deps.slots.release()
        raise
    completion_id = f"chatcmpl-{request_id}"
    trace = StreamTrace("openai", started, deps.metrics)

    async def close() -> None:
        await stream.close()
        deps.slots.release()
        trace.finish()

    if not body.stream:
        try:
            return await _collect(stream, body.model, completion_id, trace)
        finally:
            await close()
    include_usage = bool(body.stream_options and body.stream_options.include_usage)
    chunks = OpenAIChunks(completion_id, body.model, int(time.time()))
    frames = _stream_frames(stream, chunks, include_usage, trace, deps.settings.sse_heartbeat_s)
    return ClosingStreamingResponse(frames, close)


async def _stream_frames(
    stream: TurnStream, chunks: OpenAIChunks, include_usage: bool, trace: StreamTrace, heartbeat_s: float
) -> AsyncIterator[bytes]:
    yield chunks.role()
    async for event in stream.events(heartbeat_s):
        if event is None:
            yield HEARTBEAT
            continue
        kind = event.WhichOneof("event")
        if kind == "delta":
            yield chunks.content(event.delta.text)
            trace.sent()
        elif kind == "done":
            trace.outcome = "ok"
            yield chunks.finish(event.done.finish_reason)
            if include_usage:
                yield chunks.usage(event.done.usage)
        elif kind == "error":
            trace.outcome = "error"
            yield OpenAIChunks.error(event.error.code, event.error.message)
    yield OpenAIChunks.DONE


async def _collect(stream: TurnStream, model: str, completion_id: str, trace: StreamTrace) -> JSONResponse:
    parts: list[str] = []
    done: pb.Done | None = None
    async for event in stream.events(heartbeat_s=3600):
        if event is None:
            continue
        kind = event.WhichOneof("event")
        if kind == "delta":
            parts.append(event.delta.text)
        elif kind == "done":
            done = event.done
        elif kind == "error":
            trace.outcome = "error"
            raise ApiError(502, event.error.code, event.error.message)
    if done is None:
        raise ApiError(502, "upstream_error", "the answer ended unexpectedly")
    trace.outcome = "ok"
    u = done.usage
    body: dict[str, Any] = {
        "id": completion_id,
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": "".join(parts)},
                "finish_reason": done.finish_reason or "stop",
            }
        ],
        "usage": {
            "prompt_tokens": u.prompt_tokens,
            "completion_tokens": u.completion_tokens,
            "total_tokens": u.prompt_tokens + u.completion_tokens,
            "prompt_tokens_details": {"cached_tokens": u.cached_prompt_tokens},
        },
    }
    return JSONResponse(body)
