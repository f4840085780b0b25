"""Typed async client of the compliance service for the gateway and the dialogue service.

Plain dataclasses out, no protobufs leaking to callers. Every call has a deadline; any failure to reach
compliance raises :class:`ComplianceUnavailable` (an ``Unavailable`` domain error), and callers must then
release nothing (fail closed).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from types import TracebackType

import grpc
from advisor.v1 import compliance_pb2 as pb
from advisor.v1 import compliance_pb2_grpc as pb_grpc

from services.common import grpc_client
from services.common.errors import DomainError, FailedPrecondition, InvalidArgument, Unavailable


class ComplianceUnavailable(Unavailable):
    code = "compliance_unavailable"


@dataclass(frozen=True)
class CallContext:
    tenant: str = ""
    user_id: str = ""
    session_id: str = ""
    turn_id: str = ""
    request_id: str = ""
    locale: str = "zh-CN"
    model: str = ""

    def to_pb(self) -> pb.AuditContext:
        return pb.AuditContext(tenant=self.tenant, user_id=self.user_id, session_id=self.session_id,
                               turn_id=self.turn_id, request_id=self.request_id, locale=self.locale, model=self.model)


@dataclass(frozen=True)
class InputCheck:
    allowed: bool
    action: str  # "allow", "block", "rewrite" (PII redacted)
    redacted_text: str  # the only form to store, log or send to the model
    rule_ids: tuple[str, ...] = ()
    message: str = ""  # shown instead of an answer when not allowed
    classifier_score: float = 0.0
    intent_score: float = 0.0
    event_id: str = ""


@dataclass(frozen=True)
class Reviewed:
    text: str  # may be shown now
    blocked: bool = False
    notice: str = ""  # replaces the rest of the answer after a block
    disclaimer: str = ""  # on the final result
    final: bool = False
    rule_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class RiskAssessment:
    level: str
    score: int
    label: str
    suitable_product_levels: tuple[str, ...]
    questionnaire_version: str
    assessment_id: str
    valid_until_unix_ms: int
    capped_by: str = ""


@dataclass(frozen=True)
class Suitability:
    decision: str  # "allow", "warn", "refuse"
    message: str
    requires_confirmation: bool
    regulation: str
    event_id: str = ""


@dataclass(frozen=True)
class Confirmation:
    confirmation_id: str
    recorded_unix_ms: int


@dataclass
class Question:
    id: str
    text: str
    options: list[dict[str, str]] = field(default_factory=list)


def _translate(err: grpc.aio.AioRpcError) -> DomainError:
    """Refusals of the request stay what they are; every other failure is ``compliance_unavailable``, which
    callers treat as "release nothing" (fail closed)."""
    mapped = grpc_client.domain_error(err, "compliance")
    if isinstance(mapped, InvalidArgument | FailedPrecondition):
        return mapped
    return ComplianceUnavailable(f"compliance unavailable: {err.details() or err.code().name}")


class ReviewStream:
    """One answer's review. ``send(chunk)`` returns what may be shown now; ``finish()`` the rest plus the
    disclaimer. After a block, nothing more is sent or shown."""

    def __init__(self, call: grpc.aio.StreamStreamCall, chunk_timeout_s: float) -> None:
        self._call = call
        self._timeout = chunk_timeout_s
        self.done = False

    async def _roundtrip(self, request: pb.ReviewRequest) -> Reviewed:
        if self.done:
            return Reviewed(text="", final=True)
        try:
            await asyncio.wait_for(self._call.write(request), self._timeout)
            response = await asyncio.wait_for(self._call.read(), self._timeout)
        except grpc.aio.AioRpcError as err:
            self.done = True
            raise _translate(err) from err
        except (TimeoutError, asyncio.CancelledError) as err:
            self.done = True
            self._call.cancel()
            if isinstance(err, asyncio.CancelledError):
                raise
            raise ComplianceUnavailable("compliance review timed out") from err
        except Exception as err:  # the call already ended (compliance died): writing to it is a state error
            self.done = True
            raise ComplianceUnavailable(f"compliance review stream failed: {type(err).__name__}") from err
        if response is grpc.aio.EOF:
            self.done = True
            raise ComplianceUnavailable("compliance review stream ended early")
        out = Reviewed(text=response.text, blocked=response.blocked, notice=response.notice,
                       disclaimer=response.disclaimer, final=response.final,
                       rule_ids=tuple(h.rule_id for h in response.hits))
        if out.blocked or out.final:
            self.done = True
        return out

    async def send(self, text: str) -> Reviewed:
        return await self._roundtrip(pb.ReviewRequest(text=text))

    async def finish(self) -> Reviewed:
        return await self._roundtrip(pb.ReviewRequest(final=True))

    async def aclose(self) -> None:
        self.done = True
        self._call.cancel()

    async def __aenter__(self) -> ReviewStream:
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        await self.aclose()


class ComplianceClient:
    def __init__(self, channel: grpc.aio.Channel, *, timeout_s: float = 2.0, input_timeout_s: float = 5.0,
                 chunk_timeout_s: float = 2.0, stream_timeout_s: float = 600.0) -> None:
        self._channel = channel
        self._stub = pb_grpc.ComplianceStub(channel)
        self._timeout = timeout_s
        self._input_timeout = input_timeout_s
        self._chunk_timeout = chunk_timeout_s
        self._stream_timeout = stream_timeout_s

    @classmethod
    def connect(cls, target: str, **kwargs: float) -> ComplianceClient:
        """A client on a channel of the platform's kit (keepalive the server accepts); close it with close()."""
        return cls(grpc_client.make_channel(target), **kwargs)

    async def close(self) -> None:
        await self._channel.close()

    async def check_input(self, ctx: CallContext, text: str) -> InputCheck:
        try:
            r = await self._stub.CheckInput(pb.CheckInputRequest(context=ctx.to_pb(), text=text),
                                            timeout=self._input_timeout)
        except grpc.aio.AioRpcError as err:
            raise _translate(err) from err
        return InputCheck(allowed=r.allowed, action=r.action, redacted_text=r.redacted_text,
                          rule_ids=tuple(h.rule_id for h in r.hits), message=r.message,
                          classifier_score=r.classifier_score, intent_score=r.intent_score,
                          event_id=r.event_id)

    async def open_review(self, ctx: CallContext, content_type: str = "general") -> ReviewStream:
        call = self._stub.ReviewOutput(timeout=self._stream_timeout)
        try:
            await call.write(pb.ReviewRequest(open=pb.ReviewOpen(context=ctx.to_pb(), content_type=content_type)))
        except grpc.aio.AioRpcError as err:
            raise _translate(err) from err
        return ReviewStream(call, self._chunk_timeout)

    async def get_questionnaire(self, locale: str = "zh-CN") -> tuple[str, list[Question]]:
        try:
            r = await self._stub.GetQuestionnaire(pb.GetQuestionnaireRequest(locale=locale), timeout=self._timeout)
        except grpc.aio.AioRpcError as err:
            raise _translate(err) from err
        return r.version, [Question(q.id, q.text, [{"id": o.id, "text": o.text} for o in q.options])
                           for q in r.questions]

    async def assess_risk(self, ctx: CallContext, answers: dict[str, str]) -> RiskAssessment:
        try:
            r = await self._stub.AssessRisk(pb.AssessRiskRequest(context=ctx.to_pb(), answers=answers),
                                            timeout=self._timeout)
        except grpc.aio.AioRpcError as err:
            raise _translate(err) from err
        return RiskAssessment(r.level, r.score, r.label, tuple(r.suitable_product_levels), r.questionnaire_version,
                              r.assessment_id, r.valid_until_unix_ms, r.capped_by)

    async def check_suitability(self, ctx: CallContext, investor_level: str, product_risk: str,
                                product_id: str = "", product_name: str = "") -> Suitability:
        request = pb.CheckSuitabilityRequest(context=ctx.to_pb(), investor_level=investor_level,
                                             product_risk=product_risk, product_id=product_id,
                                             product_name=product_name)
        try:
            r = await self._stub.CheckSuitability(request, timeout=self._timeout)
        except grpc.aio.AioRpcError as err:
            raise _translate(err) from err
        return Suitability(r.decision, r.message, r.requires_confirmation, r.regulation, r.event_id)

    async def record_confirmation(self, ctx: CallContext, investor_level: str, product_risk: str,
                                  product_id: str, warning_shown: str) -> Confirmation:
        request = pb.RecordConfirmationRequest(context=ctx.to_pb(), investor_level=investor_level,
                                               product_risk=product_risk, product_id=product_id,
                                               warning_shown=warning_shown, investor_insists=True)
        try:
            r = await self._stub.RecordConfirmation(request, timeout=self._timeout)
        except grpc.aio.AioRpcError as err:
            raise _translate(err) from err
        return Confirmation(r.confirmation_id, r.recorded_unix_ms)

    async def redact_pii(self, text: str) -> str:
        try:
            r = await self._stub.RedactPII(pb.RedactPIIRequest(text=text), timeout=self._timeout)
        except grpc.aio.AioRpcError as err:
            raise _translate(err) from err
        return r.text
