"""The release step: every generated chunk passes numeric grounding, then the degeneration guard, then
compliance's streaming review; only what comes out may be shown. The platform's own words (the facts-first
opening) pass the review alone."""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable

from services.common.errors import DomainError
from services.compliance.client import Reviewed, ReviewStream
from services.dialogue.degeneration import DegenerationGuard
from services.dialogue.models import ComplianceOutcome
from services.dialogue.planning.grounding import Facts, GroundingFilter


class ReviewUnavailable(Exception):
    """Compliance could not review the answer mid-stream: nothing more is released (fail closed)."""


class ReleaseFilter:
    """Numeric grounding, then compliance's streaming review, on every generated chunk: only what comes out may be
    shown. Keeps the review's part of the turn's compliance outcome and the count of withheld numbers."""

    def __init__(
        self, facts: Facts, locale: str, review: ReviewStream | None, on_withheld: Callable[[int], None],
        disclaimers: bool = True,
    ) -> None:
        self._disclaimers = disclaimers
        self._grounding = GroundingFilter(facts, locale)
        self._guard = DegenerationGuard(locale)
        self._review = review
        self._on_withheld = on_withheld
        self._withheld = 0
        self._action = "pass"
        self._rules: list[str] = []
        self.blocked_notice = ""

    @property
    def degenerate(self) -> bool:
        """The model began to loop or left the user's language: the answer ends at the last good sentence."""
        return self._guard.stopped

    async def push_written(self, text: str) -> str:
        """The platform's own words (the facts-first opening): reviewed, but neither grounded nor guarded; the
        guard learns them, so a model that only restates them is stopped."""
        self._guard.learn(text)
        return await self._review_text(text, final=False)

    async def push(self, text: str, final: bool = False) -> str:
        grounded = self._grounding.feed(text) + (self._grounding.flush() if final else "")
        if new := len(self._grounding.withheld) - self._withheld:
            self._withheld += new
            self._on_withheld(new)
        guarded = self._guard.feed(grounded) + (self._guard.flush() if final else "")
        return await self._review_text(guarded, final)

    async def _review_text(self, text: str, final: bool) -> str:
        if self._review is None:
            return text
        out = ""
        if text:
            reviewed = await self._reviewed(self._review.send(text))
            out = self._note(reviewed)
            if reviewed.blocked:
                return out
        if final:
            out += self._note(await self._reviewed(self._review.finish()))
        return out

    def outcome(self) -> ComplianceOutcome:
        return ComplianceOutcome(self._action, tuple(self._rules), self._withheld)

    async def aclose(self) -> None:
        if self._review is not None:
            with contextlib.suppress(Exception):
                await self._review.aclose()

    @staticmethod
    async def _reviewed(step: Awaitable[Reviewed]) -> Reviewed:
        try:
            return await step
        except DomainError as err:
            raise ReviewUnavailable(err.message) from err

    def _note(self, reviewed: Reviewed) -> str:
        """What the review released, with its disclaimer; a block keeps the notice that replaces the rest."""
        self._rules += [r for r in reviewed.rule_ids if r not in self._rules]
        if reviewed.blocked:
            self._action = "block"
            self.blocked_notice = reviewed.notice
        elif reviewed.disclaimer and self._action == "pass":
            self._action = "disclaimer"
        disclaimer = reviewed.disclaimer if self._disclaimers else ""
        return reviewed.text + (f"\n\n{disclaimer}" if disclaimer else "")
