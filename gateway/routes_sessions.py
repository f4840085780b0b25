"""The app's domain API: sessions and streamed turns (SSE events delta, card, notice, done, error)."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from typing import Annotated, Any

from advisor.v1 import dialogue_pb2 as pb
from fastapi import APIRouter, Depends, Request
from google.protobuf.json_format import MessageToDict
from starlette.responses import Response

from gateway.auth import Principal
from gateway.deps import Deps, limited_principal, principal_of
from gateway.errors import COMMON_ERRORS, ApiError, request_id_of
from gateway.schemas import CreateSessionBody, MessageBody, SessionOut
from gateway.sse import HEARTBEAT, domain_frame
from gateway.streaming import ClosingStreamingResponse, StreamTrace
from services.common.ids import SESSION_ID_RE
from services.dialogue.client import TurnStream

router = APIRouter(tags=["sessions"])
Auth = Annotated[Principal, Depends(principal_of)]
Limited = Annotated[Principal, Depends(limited_principal)]

ERRORS: dict[int | str, dict[str, Any]] = {
    **COMMON_ERRORS,
    401: {"description": "missing, invalid or expired token"},
    404: {"description": "no such session for this user"},
    413: {"description": "body too large"},
    422: {"description": "invalid field (limit named in the message)"},
    429: {"description": "rate limited (user or tenant bucket empty); see Retry-After"},
    503: {"description": "a dependency is down or the service is full; see Retry-After"},
}


def _session_out(s: pb.Session) -> SessionOut:
    data = MessageToDict(s, preserving_proto_field_name=True, always_print_fields_with_no_presence=True)
    for turn in data.get("turns", []):
        turn["usage"] = {k: int(v) for k, v in turn.get("usage", {}).items()}
        turn["created_unix_ms"] = int(turn["created_unix_ms"])
    for key in ("created_unix_ms", "updated_unix_ms", "expires_unix_ms"):
        data[key] = int(data.get(key, 0))
    return SessionOut.model_validate(data)


def _check_session_id(session_id: str) -> None:
    if not SESSION_ID_RE.match(session_id):
        raise ApiError(404, "session_not_found", "session not found")


@router.post("/v1/sessions", status_code=201, response_model=SessionOut, responses=ERRORS)
async def create_session(
    request: Request, principal: Limited, body: CreateSessionBody | None = None
) -> SessionOut:
    deps: Deps = request.app.state.deps
    locale = body.locale if body else "zh-CN"
    session = await deps.dialogue.create_session(principal.caller(request_id_of(request)), locale)
    return _session_out(session)


@router.get("/v1/sessions/{session_id}", response_model=SessionOut, responses=ERRORS)
async def get_session(session_id: str, request: Request, principal: Auth) -> SessionOut:
    _check_session_id(session_id)
    deps: Deps = request.app.state.deps
    return _session_out(await deps.dialogue.get_session(principal.caller(request_id_of(request)), session_id))


@router.post(
    "/v1/sessions/{session_id}/messages",
    responses={**ERRORS, 200: {"content": {"text/event-stream": {}}, "description": "SSE stream of the answer"}},
)
async def post_message(session_id: str, body: MessageBody, request: Request, principal: Limited) -> Response:
    started = time.perf_counter()
    _check_session_id(session_id)
    deps: Deps = request.app.state.deps
    converse = pb.ConverseRequest(
        caller=principal.caller(request_id_of(request)),
        session_id=session_id,
        text=body.text,
        locale=body.locale or "",
    )
    deps.slots.acquire()
    try:
        stream = await deps.dialogue.start_turn(converse)
    except BaseException:
        deps.slots.release()
        raise
    trace = StreamTrace("domain", started, deps.metrics)

    async def close() -> None:
        await stream.close()
        deps.slots.release()
        trace.finish()

    return ClosingStreamingResponse(_domain_events(stream, trace, deps.settings.sse_heartbeat_s), close)


async def _domain_events(stream: TurnStream, trace: StreamTrace, heartbeat_s: float) -> AsyncIterator[bytes]:
    async for event in stream.events(heartbeat_s):
        if event is None:
            yield HEARTBEAT
            continue
        kind = event.WhichOneof("event")
        if kind in ("done", "error"):
            trace.outcome = "ok" if kind == "done" else "error"
        yield domain_frame(event)
        trace.sent()
