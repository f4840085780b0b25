"""The conversation's guard over the compliance service: input screening and one review stream per answer.

Compliance failures are never swallowed: before the answer starts they surface as UNAVAILABLE (the client gets
503 + Retry-After and may resend the message, nothing was stored); during the answer they raise
:class:`ReviewUnavailable` and the conversation stops releasing text (fail closed).
"""

from __future__ import annotations

from services.common.errors import DomainError, Unavailable
from services.compliance.client import CallContext, ComplianceClient, Reviewed, ReviewStream
from services.dialogue.models import Caller, ComplianceOutcome
from services.dialogue.orchestration import InputVerdict, Released, ReviewUnavailable


def _context(caller: Caller, session_id: str, locale: str, turn_id: str = "") -> CallContext:
    return CallContext(caller.tenant, caller.user_id, session_id, turn_id, caller.request_id, locale)


class ComplianceReview:
    """Adapts the compliance client's review stream to the conversation's OutputReview."""

    def __init__(self, stream: ReviewStream) -> None:
        self._stream = stream
        self._rules: list[str] = []
        self._action = "pass"

    def _note(self, reviewed: Reviewed) -> Released:
        self._rules += [r for r in reviewed.rule_ids if r not in self._rules]
        if reviewed.blocked:
            self._action = "block"
        elif reviewed.disclaimer and self._action == "pass":
            self._action = "disclaimer"
        text = reviewed.text + (f"\n\n{reviewed.disclaimer}" if reviewed.disclaimer else "")
        return Released(text, blocked=reviewed.blocked, notice=reviewed.notice)

    async def feed(self, text: str) -> Released:
        try:
            return self._note(await self._stream.send(text))
        except DomainError as err:
            raise ReviewUnavailable(err.message) from err

    async def finish(self) -> Released:
        try:
            return self._note(await self._stream.finish())
        except DomainError as err:
            raise ReviewUnavailable(err.message) from err

    def outcome(self) -> ComplianceOutcome:
        return ComplianceOutcome(self._action, tuple(self._rules))

    async def aclose(self) -> None:
        await self._stream.aclose()


class ComplianceGuard:
    def __init__(self, client: ComplianceClient) -> None:
        self._client = client

    async def screen_input(self, caller: Caller, session_id: str, text: str, locale: str) -> InputVerdict:
        check = await self._client.check_input(_context(caller, session_id, locale), text)
        action = "block" if not check.allowed else ("rewrite" if check.action == "rewrite" else "pass")
        return InputVerdict(check.allowed, check.redacted_text, action, check.rule_ids, check.message)

    async def open_review(
        self, caller: Caller, session_id: str, turn_id: str, locale: str, content_type: str
    ) -> ComplianceReview:
        try:
            stream = await self._client.open_review(_context(caller, session_id, locale, turn_id), content_type)
        except DomainError as err:
            # nothing released yet: the turn fails as a whole and may be retried
            raise Unavailable(f"compliance review unavailable: {err.message}", code="compliance_unavailable") from err
        return ComplianceReview(stream)
