"""Typed async client of the portfolio-tool service, for the gateway and the dialogue service.

Requests are plain JSON-shaped dicts that map 1:1 onto the request messages of
``protos/advisor/v1/portfolio.proto`` (field names as in the proto; docs/portfolio.md shows each body), so the
gateway can pass a validated JSON body straight through. Results are plain dicts (JSON-ready: every field
present, values with their units, currency, method, window and as-of date); callers never see a protobuf.

Errors are domain errors from services/common/errors.py: INVALID_ARGUMENT becomes
:class:`PortfolioInvalidArgument` with the offending ``field`` and the ``reason``; the gateway maps it to 422.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any, TypedDict

import grpc
import orjson
from advisor.v1 import portfolio_pb2 as pb
from advisor.v1 import portfolio_pb2_grpc as pb_grpc
from google.protobuf import json_format
from google.protobuf.message import Message

from services.common import errors, grpc_client

DEFAULT_TIMEOUT_S = 2.0
SERVICE = "advisor.v1.Portfolio"  # every method is a pure computation: safe to retry


class PriceSeriesBody(TypedDict, total=False):
    name: str
    dates: list[str]
    prices: list[float]
    currency: str


class HoldingBody(TypedDict, total=False):
    instrument: str
    series: PriceSeriesBody
    weight: float
    quantity: float


class AnalyzeBody(TypedDict, total=False):
    """The body of ``POST /v1/portfolio/analyze`` (= AnalyzeRequest in JSON)."""

    holdings: list[HoldingBody]
    benchmark: str
    benchmark_series: PriceSeriesBody
    risk_free_rate: float
    start_date: str
    end_date: str


class PortfolioInvalidArgument(errors.InvalidArgument):
    """The service (or the body's shape) refused the request: ``field`` names what is wrong, ``reason`` why."""

    def __init__(self, message: str) -> None:
        super().__init__(message, code="invalid_argument")
        field, sep, reason = message.partition(": ")
        self.field = field if sep else ""
        self.reason = reason if sep else message


def domain_error(err: grpc.aio.AioRpcError) -> errors.DomainError:
    """The kit's mapping, with the refused field named (``<field>: <reason>``) for INVALID_ARGUMENT."""
    if err.code() == grpc.StatusCode.INVALID_ARGUMENT:
        return PortfolioInvalidArgument(err.details() or "invalid argument")
    return grpc_client.domain_error(err, "portfolio")


def to_request(body: Mapping[str, Any], message: Message) -> Message:
    try:
        json_format.ParseDict(dict(body), message)
    except json_format.ParseError as err:
        raise PortfolioInvalidArgument(f"body: {err}") from None
    return message


def to_dict(message: Message) -> dict[str, Any]:
    return json_format.MessageToDict(
        message, preserving_proto_field_name=True, always_print_fields_with_no_presence=True
    )


class PortfolioClient:
    """One instance per process, built in ``main()`` around a channel the caller owns (or :meth:`connect`)."""

    def __init__(self, channel: grpc.aio.Channel, *, timeout_s: float = DEFAULT_TIMEOUT_S) -> None:
        self._channel = channel
        self._stub = pb_grpc.PortfolioStub(channel)
        self._timeout_s = timeout_s

    @classmethod
    def connect(cls, target: str, *, timeout_s: float = DEFAULT_TIMEOUT_S) -> PortfolioClient:
        """A client on a new insecure channel to ``target`` (e.g. "127.0.0.1:50052"); close it with close()."""
        return cls(grpc_client.make_channel(target, idempotent_services=[SERVICE]), timeout_s=timeout_s)

    async def close(self) -> None:
        await self._channel.close()

    async def serving(self) -> bool:
        return await grpc_client.serving(self._channel)

    async def _call(
        self,
        method: Callable[..., Awaitable[Message]],
        request: Message,
        timeout_s: float | None,
        request_id: str,
    ) -> dict[str, Any]:
        metadata = (("x-request-id", request_id),) if request_id else None
        try:
            response = await method(request, timeout=timeout_s or self._timeout_s, metadata=metadata)
        except grpc.aio.AioRpcError as err:
            raise domain_error(err) from None
        return to_dict(response)

    async def analyze(
        self, body: AnalyzeBody | Mapping[str, Any], *, timeout_s: float | None = None, request_id: str = ""
    ) -> dict[str, Any]:
        """Performance and risk of holdings (AnalyzeRequest as a dict) -> AnalyzeResponse as a dict."""
        return await self._call(self._stub.Analyze, to_request(body, pb.AnalyzeRequest()), timeout_s, request_id)

    async def optimize(
        self, body: Mapping[str, Any], *, timeout_s: float | None = None, request_id: str = ""
    ) -> dict[str, Any]:
        return await self._call(self._stub.Optimize, to_request(body, pb.OptimizeRequest()), timeout_s, request_id)

    async def project_savings(
        self, body: Mapping[str, Any], *, timeout_s: float | None = None, request_id: str = ""
    ) -> dict[str, Any]:
        request = to_request(body, pb.ProjectSavingsRequest())
        return await self._call(self._stub.ProjectSavings, request, timeout_s, request_id)

    async def solve_goal(
        self, body: Mapping[str, Any], *, timeout_s: float | None = None, request_id: str = ""
    ) -> dict[str, Any]:
        """A savings goal (SolveGoalRequest as a dict: solve_for final_value / monthly / initial / months)."""
        return await self._call(self._stub.SolveGoal, to_request(body, pb.SolveGoalRequest()), timeout_s, request_id)

    async def loan_schedule(
        self, body: Mapping[str, Any], *, timeout_s: float | None = None, request_id: str = ""
    ) -> dict[str, Any]:
        request = to_request(body, pb.LoanScheduleRequest())
        return await self._call(self._stub.LoanSchedule, request, timeout_s, request_id)

    async def cashflow_irr(
        self, body: Mapping[str, Any], *, timeout_s: float | None = None, request_id: str = ""
    ) -> dict[str, Any]:
        request = to_request(body, pb.CashflowIRRRequest())
        return await self._call(self._stub.CashflowIRR, request, timeout_s, request_id)

    async def list_instruments(self, *, timeout_s: float | None = None, request_id: str = "") -> dict[str, Any]:
        return await self._call(self._stub.ListInstruments, pb.ListInstrumentsRequest(), timeout_s, request_id)

    async def answer_table(
        self, question: str, tables: str = "", locale: str = "zh-CN", *, timeout_s: float | None = None,
        request_id: str = "",
    ) -> dict[str, Any]:
        """A question over data tables -> {status, value, formatted, explanation, card, operation, reason}."""
        request = pb.TableQuestionRequest(question=question, tables=tables, locale=locale)
        result = await self._call(self._stub.AnswerTable, request, timeout_s, request_id)
        result["value"] = orjson.loads(result.pop("value_json") or "null")
        result["card"] = orjson.loads(result.pop("card_json") or "{}")
        return result
