"""The investor's risk assessment: the questionnaire, and answers scored into a level kept on the profile.

Scoring is compliance's (questions and scoring are its data); the dialogue keeps the result on the investor's
profile, where the planner finds it for suitability checks. The assessment is audited by compliance.
"""

from __future__ import annotations

from services.compliance.client import CallContext, ComplianceClient, Question, RiskAssessment
from services.dialogue.profile_store import ProfileStore


class RiskProfiles:
    def __init__(self, compliance: ComplianceClient, profiles: ProfileStore) -> None:
        self._compliance = compliance
        self._profiles = profiles

    async def questionnaire(self, locale: str) -> tuple[str, list[Question]]:
        return await self._compliance.get_questionnaire(locale)

    async def assess(self, ctx: CallContext, answers: dict[str, str]) -> RiskAssessment:
        """Scored and audited by compliance in the context's locale, then kept on the investor's profile."""
        result = await self._compliance.assess_risk(ctx, answers)
        await self._profiles.set_risk_level(ctx, result.level, result.score)
        return result
