"""gRPC transport of the dialogue service: converts messages and calls the plain core.

The caller's context is built here, once, from the proto: one ``CallContext`` (tenant, user, request id, and for a
turn the session and locale) goes to the session store, the turn pipeline and from there to compliance.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import grpc
import orjson
from advisor.v1 import dialogue_pb2 as pb
from advisor.v1 import dialogue_pb2_grpc as pb_grpc

from services.common.errors import Unavailable
from services.common.logs import bind
from services.compliance.client import CallContext
from services.dialogue.models import (
    CardEvent,
    ChatMessage,
    ConverseEvent,
    DeltaEvent,
    DoneEvent,
    GenerationOptions,
    NoticeEvent,
    Session,
    Turn,
    Usage,
)
from services.dialogue.pipeline import TurnPipeline
from services.dialogue.prompt import normalise_locale
from services.dialogue.risk_profile import RiskProfiles
from services.dialogue.session_store import SessionStore

SERVICE_NAME = pb.DESCRIPTOR.services_by_name["Dialogue"].full_name


def _context(msg: pb.Caller, *, session_id: str = "", locale: str = "zh-CN") -> CallContext:
    return CallContext(
        tenant=msg.tenant, user_id=msg.user_id, session_id=session_id, request_id=msg.request_id, locale=locale
    )


def _usage(u: Usage) -> pb.Usage:
    return pb.Usage(
        prompt_tokens=u.prompt_tokens,
        completion_tokens=u.completion_tokens,
        cached_prompt_tokens=u.cached_prompt_tokens,
    )


def _turn(t: Turn) -> pb.Turn:
    return pb.Turn(
        turn_id=t.turn_id,
        user_text=t.user_text,
        assistant_text=t.assistant_text,
        status=t.status,
        created_unix_ms=t.created_unix_ms,
        model=t.model,
        usage=_usage(t.usage),
    )


def session_to_pb(s: Session) -> pb.Session:
    return pb.Session(
        session_id=s.session_id,
        user_id=s.user_id,
        tenant=s.tenant,
        locale=s.locale,
        created_unix_ms=s.created_unix_ms,
        updated_unix_ms=s.updated_unix_ms,
        expires_unix_ms=s.expires_unix_ms,
        turns=[_turn(t) for t in s.turns],
    )


def _options(o: pb.GenerationOptions) -> GenerationOptions:
    return GenerationOptions(
        max_tokens=o.max_tokens,
        temperature=o.temperature if o.HasField("temperature") else None,
        top_p=o.top_p if o.HasField("top_p") else None,
        stop=tuple(o.stop),
        seed=o.seed if o.HasField("seed") else None,
        response_format=o.response_format,
    )


class DialogueServicer(pb_grpc.DialogueServicer):
    def __init__(self, store: SessionStore, turns: TurnPipeline, risk: RiskProfiles | None = None) -> None:
        self._store = store
        self._turns = turns
        self._risk = risk

    def _risk_profiles(self) -> RiskProfiles:
        if self._risk is None:
            raise Unavailable("risk assessment is not configured", code="risk_unavailable")
        return self._risk

    async def GetRiskQuestionnaire(
        self, request: pb.RiskQuestionnaireRequest, context: grpc.aio.ServicerContext
    ) -> pb.RiskQuestionnaire:
        version, questions = await self._risk_profiles().questionnaire(request.locale or "zh-CN")
        return pb.RiskQuestionnaire(
            version=version,
            questions=[
                pb.RiskQuestion(id=q.id, text=q.text, options=[pb.RiskOption(**o) for o in q.options])
                for q in questions
            ],
        )

    async def AssessProfileRisk(
        self, request: pb.ProfileRiskRequest, context: grpc.aio.ServicerContext
    ) -> pb.ProfileRiskAssessment:
        ctx = _context(request.caller, locale=request.locale or "zh-CN")
        with bind(request_id=ctx.request_id, tenant=ctx.tenant):
            r = await self._risk_profiles().assess(ctx, dict(request.answers))
        return pb.ProfileRiskAssessment(
            level=r.level,
            score=r.score,
            label=r.label,
            suitable_product_levels=list(r.suitable_product_levels),
            questionnaire_version=r.questionnaire_version,
            assessment_id=r.assessment_id,
            valid_until_unix_ms=r.valid_until_unix_ms,
            capped_by=r.capped_by,
        )

    async def CreateSession(self, request: pb.CreateSessionRequest, context: grpc.aio.ServicerContext) -> pb.Session:
        ctx = _context(request.caller)
        with bind(request_id=ctx.request_id, tenant=ctx.tenant):
            return session_to_pb(await self._store.create(ctx, normalise_locale(request.locale)))

    async def GetSession(self, request: pb.GetSessionRequest, context: grpc.aio.ServicerContext) -> pb.Session:
        ctx = _context(request.caller)
        with bind(request_id=ctx.request_id, session_id=request.session_id, tenant=ctx.tenant):
            return session_to_pb(await self._store.get(ctx, request.session_id))

    async def Converse(
        self, request: pb.ConverseRequest, context: grpc.aio.ServicerContext
    ) -> AsyncIterator[pb.ConverseEvent]:
        ctx = _context(request.caller, session_id=request.session_id, locale=request.locale)
        with bind(request_id=ctx.request_id, session_id=ctx.session_id, tenant=ctx.tenant):
            events = self._turns.converse(
                ctx,
                text=request.text,
                messages=[ChatMessage(m.role, m.content) for m in request.messages],
                options=_options(request.options),
            )
            try:
                async for event in events:
                    yield _event(event)
            finally:
                await events.aclose()


def _event(event: ConverseEvent) -> pb.ConverseEvent:
    if isinstance(event, DeltaEvent):
        return pb.ConverseEvent(delta=pb.Delta(text=event.text, tokens=event.tokens))
    if isinstance(event, CardEvent):
        return pb.ConverseEvent(card=pb.Card(kind=event.kind, json=orjson.dumps(event.data).decode()))
    if isinstance(event, NoticeEvent):
        return pb.ConverseEvent(notice=pb.Notice(level=event.level, code=event.code, text=event.text))
    if isinstance(event, DoneEvent):
        t, c = event.timings, event.compliance
        return pb.ConverseEvent(
            done=pb.Done(
                turn_id=event.turn_id,
                finish_reason=event.finish_reason,
                model=event.model,
                usage=_usage(event.usage),
                timings=pb.Timings(ttft_ms=t.ttft_ms, engine_ttft_ms=t.engine_ttft_ms, total_ms=t.total_ms),
                intent=event.intent,
                tools=[pb.ToolTiming(tool=x.tool, ms=x.ms, status=x.status) for x in event.tools],
                compliance=pb.ComplianceOutcome(
                    action=c.action, rule_ids=list(c.rule_ids), withheld_numbers=c.withheld_numbers
                ),
            )
        )
    return pb.ConverseEvent(error=pb.Error(code=event.code, message=event.message, retryable=event.retryable))
