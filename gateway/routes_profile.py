"""The investor's profile: the risk questionnaire and its assessment (C1-C5), kept for suitability checks."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from gateway.auth import Principal
from gateway.deps import Deps, limited_principal
from gateway.errors import COMMON_ERRORS, request_id_of
from gateway.schemas import LOCALE_PATTERN, RiskAssessmentBody, RiskAssessmentOut, RiskQuestionnaireOut

router = APIRouter(tags=["profile"])
Limited = Annotated[Principal, Depends(limited_principal)]

ERRORS: dict[int | str, dict[str, Any]] = {
    **COMMON_ERRORS,
    401: {"description": "missing, invalid or expired token"},
    413: {"description": "body too large"},
    422: {"description": "invalid body, or an answer that is not one of the question's options (named)"},
    429: {"description": "rate limited; see Retry-After"},
    503: {"description": "compliance or the profile store is unavailable; see Retry-After"},
}


@router.get("/v1/profile/risk-questionnaire", response_model=RiskQuestionnaireOut, responses=ERRORS)
async def risk_questionnaire(
    request: Request, principal: Limited, locale: Annotated[str, Query(pattern=LOCALE_PATTERN)] = "zh-CN"
) -> RiskQuestionnaireOut:
    deps: Deps = request.app.state.deps
    q = await deps.dialogue.risk_questionnaire(principal.caller(request_id_of(request)), locale)
    return RiskQuestionnaireOut.model_validate(
        {
            "version": q.version,
            "questions": [
                {"id": x.id, "text": x.text, "options": [{"id": o.id, "text": o.text} for o in x.options]}
                for x in q.questions
            ],
        }
    )


@router.post("/v1/profile/risk-assessment", response_model=RiskAssessmentOut, responses=ERRORS)
async def risk_assessment(body: RiskAssessmentBody, request: Request, principal: Limited) -> RiskAssessmentOut:
    """Score the answers into an investor level; the level is kept on the profile for suitability checks."""
    deps: Deps = request.app.state.deps
    r = await deps.dialogue.assess_risk(principal.caller(request_id_of(request)), body.answers, body.locale)
    return RiskAssessmentOut(
        level=r.level,
        score=r.score,
        label=r.label,
        suitable_product_levels=list(r.suitable_product_levels),
        questionnaire_version=r.questionnaire_version,
        assessment_id=r.assessment_id,
        valid_until_unix_ms=r.valid_until_unix_ms,
        capped_by=r.capped_by,
    )
