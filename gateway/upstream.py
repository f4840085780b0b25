"""The gateway's client of the dialogue service: unary calls and streamed turns over one grpc.aio channel."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

import grpc
from advisor.v1 import dialogue_pb2 as pb
from advisor.v1 import dialogue_pb2_grpc as pb_grpc

from gateway.auth import Principal
from gateway.errors import ApiError, from_rpc_error
from services.common import grpc_client

_EOF = object()
INTERRUPTED = ("The answer was interrupted and the part already shown was not saved to the conversation. "
               "Please ask again.")


def caller(principal: Principal, request_id: str) -> pb.Caller:
    return pb.Caller(tenant=principal.tenant, user_id=principal.user_id, request_id=request_id)


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
                api = from_rpc_error(err)
                message = api.message
                if api.code == "service_unavailable":  # the dialogue process itself went away mid-answer
                    message = INTERRUPTED  # it stores a turn only at its end: say what the user saw is not kept
                self._queue.put_nowait(pb.ConverseEvent(error=pb.Error(code=api.code, message=message,
                                                                       retryable=api.retry_after_s is not None)))
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

    async def create_session(self, principal: Principal, request_id: str, locale: str) -> pb.Session:
        request = pb.CreateSessionRequest(caller=caller(principal, request_id), locale=locale)
        return await self._unary(self._stub.CreateSession, request)

    async def get_session(self, principal: Principal, request_id: str, session_id: str) -> pb.Session:
        request = pb.GetSessionRequest(caller=caller(principal, request_id), session_id=session_id)
        return await self._unary(self._stub.GetSession, request)

    async def start_turn(self, request: pb.ConverseRequest) -> TurnStream:
        """Start a turn and wait for its first event, so errors before the answer become HTTP statuses."""
        call = self._stub.Converse(request, timeout=self._stream_timeout_s)
        try:
            first = await call.read()
        except grpc.aio.AioRpcError as err:
            raise from_rpc_error(err) from err
        except asyncio.CancelledError:
            call.cancel()
            raise
        if first is grpc.aio.EOF:
            raise ApiError(502, "upstream_error", "the dialogue service ended the turn without an answer")
        return TurnStream(call, first)

    async def serving(self) -> bool:
        return await grpc_client.serving(self._channel)

    async def risk_questionnaire(self, principal: Principal, request_id: str, locale: str) -> pb.RiskQuestionnaire:
        request = pb.RiskQuestionnaireRequest(caller=caller(principal, request_id), locale=locale)
        result: pb.RiskQuestionnaire = await self._unary(self._stub.GetRiskQuestionnaire, request)
        return result

    async def assess_risk(
        self, principal: Principal, request_id: str, answers: dict[str, str], locale: str
    ) -> pb.ProfileRiskAssessment:
        request = pb.ProfileRiskRequest(caller=caller(principal, request_id), answers=answers, locale=locale)
        result: pb.ProfileRiskAssessment = await self._unary(self._stub.AssessProfileRisk, request)
        return result

    async def _unary(self, method: grpc.aio.UnaryUnaryMultiCallable, request: object) -> Any:
        try:
            return await method(request, timeout=self._unary_timeout_s)
        except grpc.aio.AioRpcError as err:
            raise from_rpc_error(err) from err
