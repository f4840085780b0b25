"""Typed async client of the dialogue service (used by the gateway): unary calls and streamed turns over one
grpc.aio channel built with the shared client kit.

Failures are domain errors from services/common/errors.py (one mapping, ``grpc_client.domain_error``); the
gateway turns them into HTTP statuses in one place. A turn that fails after it started arrives as an ``error``
event instead, because by then the HTTP status has been sent.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from typing import Any

import grpc
from advisor.v1 import dialogue_pb2 as pb
from advisor.v1 import dialogue_pb2_grpc as pb_grpc

from services.common import errors, grpc_client

log = logging.getLogger(__name__)

SERVICE = "dialogue"
_EOF = object()
INTERRUPTED = ("The answer was interrupted and the part already shown was not saved to the conversation. "
               "Please ask again.")


def error_event(err: grpc.aio.AioRpcError) -> pb.ConverseEvent:
    """The ``error`` event for a turn whose stream failed after its first event."""
    failure = grpc_client.domain_error(err, SERVICE)
    retryable = isinstance(failure, errors.Unavailable | errors.ResourceExhausted)
    if isinstance(failure, errors.UpstreamError):
        log.error("dialogue stream failed", extra={"details": failure.message})
        code, message = "upstream_error", "an internal service failed"
    elif failure.code == "service_unavailable":  # the dialogue process itself went away mid-answer:
        code, message = failure.code, INTERRUPTED  # it stores a turn only at its end, so say nothing was kept
    else:
        code, message = failure.code, failure.message
    return pb.ConverseEvent(error=pb.Error(code=code, message=message, retryable=retryable))


class TurnStream:
    """A started Converse call. Events are read by a background task into a queue, so the SSE writer can wait
    for the next event with a heartbeat timeout without cancelling a gRPC read."""

    def __init__(self, call: grpc.aio.UnaryStreamCall, first: pb.ConverseEvent) -> None:
        self._call = call
        self._queue: asyncio.Queue[object] = asyncio.Queue()
        self._queue.put_nowait(first)
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        try:
            while True:
                event = await self._call.read()
                if event is grpc.aio.EOF:
                    break
                self._queue.put_nowait(event)
        except grpc.aio.AioRpcError as err:
            if err.code() != grpc.StatusCode.CANCELLED:
                self._queue.put_nowait(error_event(err))
        finally:
            self._queue.put_nowait(_EOF)

    async def events(self, heartbeat_s: float) -> AsyncIterator[pb.ConverseEvent | None]:
        """Yield events up to and including ``done`` or ``error``; ``None`` means nothing arrived for
        ``heartbeat_s`` (time to send a keep-alive)."""
        while True:
            try:
                async with asyncio.timeout(heartbeat_s):
                    item = await self._queue.get()
            except TimeoutError:
                yield None
                continue
            if item is _EOF:
                return
            assert isinstance(item, pb.ConverseEvent)
            yield item
            if item.WhichOneof("event") in ("done", "error"):
                return  # terminal by contract (the turn is stored before done): the stream closes now, not at EOF

    async def close(self) -> None:
        """Cancel the RPC (the dialogue service then cancels the engine request)."""
        self._call.cancel()
        self._reader.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._reader


class DialogueClient:
    def __init__(self, channel: grpc.aio.Channel, *, unary_timeout_s: float, stream_timeout_s: float) -> None:
        self._channel = channel
        self._stub = pb_grpc.DialogueStub(channel)
        self._unary_timeout_s = unary_timeout_s
        self._stream_timeout_s = stream_timeout_s

    async def create_session(self, caller: pb.Caller, locale: str) -> pb.Session:
        return await self._unary(self._stub.CreateSession, pb.CreateSessionRequest(caller=caller, locale=locale))

    async def get_session(self, caller: pb.Caller, session_id: str) -> pb.Session:
        return await self._unary(self._stub.GetSession, pb.GetSessionRequest(caller=caller, session_id=session_id))

    async def start_turn(self, request: pb.ConverseRequest) -> TurnStream:
        """Start a turn and wait for its first event, so errors before the answer become HTTP statuses."""
        call = self._stub.Converse(request, timeout=self._stream_timeout_s)
        try:
            first = await call.read()
        except grpc.aio.AioRpcError as err:
            raise grpc_client.domain_error(err, SERVICE) from err
        except asyncio.CancelledError:
            call.cancel()
            raise
        if first is grpc.aio.EOF:
            raise errors.UpstreamError("the dialogue service ended the turn without an answer")
        return TurnStream(call, first)

    async def serving(self) -> bool:
        return await grpc_client.serving(self._channel)

    async def risk_questionnaire(self, caller: pb.Caller, locale: str) -> pb.RiskQuestionnaire:
        request = pb.RiskQuestionnaireRequest(caller=caller, locale=locale)
        result: pb.RiskQuestionnaire = await self._unary(self._stub.GetRiskQuestionnaire, request)
        return result

    async def assess_risk(self, caller: pb.Caller, answers: dict[str, str], locale: str) -> pb.ProfileRiskAssessment:
        request = pb.ProfileRiskRequest(caller=caller, answers=answers, locale=locale)
        result: pb.ProfileRiskAssessment = await self._unary(self._stub.AssessProfileRisk, request)
        return result

    async def _unary(self, method: grpc.aio.UnaryUnaryMultiCallable, request: object) -> Any:
        try:
            return await method(request, timeout=self._unary_timeout_s)
        except grpc.aio.AioRpcError as err:
            raise grpc_client.domain_error(err, SERVICE) from err
