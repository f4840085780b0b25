"""gRPC transport of the compliance service: converts messages and calls the plain core."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import grpc
from advisor.v1 import compliance_pb2 as pb
from advisor.v1 import compliance_pb2_grpc as pb_grpc

from services.common.errors import InvalidArgument
from services.common.logs import bind
from services.compliance.core import ComplianceCore, Context
from services.compliance.matcher import Hit
from services.compliance.review import ReviewStep

SERVICE_NAME = pb.DESCRIPTOR.services_by_name["Compliance"].full_name
MAX_TEXT_CHARS = 20_000


def _ctx(msg: pb.AuditContext) -> Context:
    return Context(tenant=msg.tenant, user_id=msg.user_id, session_id=msg.session_id, turn_id=msg.turn_id,
                   request_id=msg.request_id, locale=msg.locale or "zh-CN", model=msg.model)


def _hits(hits: list[Hit]) -> list[pb.RuleHit]:
    return [pb.RuleHit(rule_id=h.rule.id, category=h.rule.category, severity=h.rule.severity,
                       action=h.rule.action, layer=h.layer, regulation=h.rule.regulation) for h in hits]


def _check_len(text: str) -> None:
    if len(text) > MAX_TEXT_CHARS:
        raise InvalidArgument(f"text longer than {MAX_TEXT_CHARS} characters")


def _review_response(step: ReviewStep, event_id: str) -> pb.ReviewResponse:
    return pb.ReviewResponse(text=step.text, hits=_hits(step.hits), blocked=step.blocked, notice=step.notice,
                             disclaimer=step.disclaimer, final=step.final or step.blocked, event_id=event_id)


class ComplianceServicer(pb_grpc.ComplianceServicer):
    def __init__(self, core: ComplianceCore) -> None:
        self._core = core

    async def CheckInput(self, request: pb.CheckInputRequest, context: grpc.aio.ServicerContext,
                         ) -> pb.CheckInputResponse:
        ctx = _ctx(request.context)
        _check_len(request.text)
        with bind(request_id=ctx.request_id, session_id=ctx.session_id, tenant=ctx.tenant):
            decision, event_id = await self._core.check_input(ctx, request.text)
        return pb.CheckInputResponse(
            allowed=decision.allowed, action=decision.action, hits=_hits(decision.hits), message=decision.message,
            redacted_text=decision.redacted_text,
            classifier_score=decision.classifier.score if decision.classifier else 0.0,
            intent_score=decision.intent.score if decision.intent else 0.0,
            rules_version=self._core.rulebooks.for_tenant(ctx.tenant).ruleset.version, event_id=event_id,
        )

    def ReviewOutput(self, request_iterator: AsyncIterator[pb.ReviewRequest],
                     context: grpc.aio.ServicerContext) -> AsyncIterator[pb.ReviewResponse]:
        return self._review(request_iterator)  # DomainError → status: the shared interceptor covers bidi streams

    async def _review(self, requests: AsyncIterator[pb.ReviewRequest]) -> AsyncIterator[pb.ReviewResponse]:
        session = None
        try:
            async for req in requests:
                kind = req.WhichOneof("kind")
                if kind == "open":
                    if session is not None:
                        raise InvalidArgument("review stream opened twice")
                    session = await self._core.open_review(_ctx(req.open.context), req.open.content_type)
                    continue
                if session is None:
                    raise InvalidArgument("the first review message must be `open`")
                if kind == "text":
                    _check_len(req.text)
                    step, event_id = await session.feed(req.text)
                else:
                    step, event_id = await session.finish()
                yield _review_response(step, event_id)
                if step.blocked or step.final:
                    return
        finally:
            if session is not None:  # an answer that ended otherwise (caller gone) still gets its output record
                await asyncio.shield(session.close())

    async def GetQuestionnaire(self, request: pb.GetQuestionnaireRequest, context: grpc.aio.ServicerContext,
                               ) -> pb.Questionnaire:
        q = self._core.questionnaire
        questions = [
            pb.Question(id=item["id"], text=item["text"],
                        options=[pb.QuestionOption(id=o["id"], text=o["text"]) for o in item["options"]])
            for item in q.localized(request.locale or "zh-CN")
        ]
        return pb.Questionnaire(version=q.version, questions=questions)

    async def AssessRisk(self, request: pb.AssessRiskRequest, context: grpc.aio.ServicerContext,
                         ) -> pb.AssessRiskResponse:
        result, event_id = await self._core.assess(_ctx(request.context), dict(request.answers))
        return pb.AssessRiskResponse(
            level=result.level, score=result.score, label=result.label, suitable_product_levels=list(result.suitable),
            questionnaire_version=result.version, assessment_id=event_id, valid_until_unix_ms=result.valid_until_ms,
            capped_by=result.capped_by,
        )

    async def CheckSuitability(self, request: pb.CheckSuitabilityRequest, context: grpc.aio.ServicerContext,
                               ) -> pb.SuitabilityResponse:
        decision, event_id = await self._core.check_suitability(
            _ctx(request.context), request.investor_level, request.product_risk, request.product_id,
            request.product_name,
        )
        return pb.SuitabilityResponse(decision=decision.decision, message=decision.message,
                                      requires_confirmation=decision.requires_confirmation,
                                      regulation=decision.regulation, event_id=event_id)

    async def RecordConfirmation(self, request: pb.RecordConfirmationRequest, context: grpc.aio.ServicerContext,
                                 ) -> pb.RecordConfirmationResponse:
        confirmation_id, ts = await self._core.record_confirmation(
            _ctx(request.context), request.investor_level, request.product_risk, request.product_id,
            request.warning_shown, request.investor_insists,
        )
        return pb.RecordConfirmationResponse(confirmation_id=confirmation_id, recorded_unix_ms=ts)

    async def RedactPII(self, request: pb.RedactPIIRequest, context: grpc.aio.ServicerContext,
                        ) -> pb.RedactPIIResponse:
        _check_len(request.text)
        text, findings = self._core.redact(request.text)
        return pb.RedactPIIResponse(
            text=text, findings=[pb.PIIFinding(kind=f.kind, start=f.start, end=f.end) for f in findings]
        )
