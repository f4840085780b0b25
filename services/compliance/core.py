"""The compliance core: plain async functions over the rulebook, classifier, questionnaire and audit sink.

Knows nothing of gRPC. Every decision is audited before it is returned; an audit failure raises Unavailable
(fail closed), so the caller releases nothing it could not audit.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from services.common.errors import InvalidArgument, Unavailable
from services.common.tenants import TenantConfig
from services.compliance.audit import AuditEvent, AuditSink
from services.compliance.matcher import Hit
from services.compliance.metrics import ComplianceMetrics
from services.compliance.pii import Finding, redact
from services.compliance.review import ReviewStep, StreamReviewer
from services.compliance.rulebook import RulebookHolder
from services.compliance.screening import RULES_ONLY, InputDecision, Layers, screen_input
from services.compliance.suitability import BASE_POLICY, Assessment, Policy, Questionnaire, SuitabilityDecision

_DECISION_ORDER = ("block", "rewrite", "warn", "disclaimer")


@dataclass(frozen=True)
class Context:
    tenant: str = ""
    user_id: str = ""
    session_id: str = ""
    turn_id: str = ""
    request_id: str = ""
    locale: str = "zh-CN"
    model: str = ""

    def event(self, kind: str, action: str, **kw: object) -> AuditEvent:
        return AuditEvent(kind=kind, action=action, tenant=self.tenant, user_id=self.user_id,
                          session_id=self.session_id, turn_id=self.turn_id, request_id=self.request_id,
                          model=self.model, **kw)  # type: ignore[arg-type]


def _summary_action(hits: list[Hit]) -> str:
    actions = {h.rule.action for h in hits}
    return next((a for a in _DECISION_ORDER if a in actions), "allow")


class ComplianceCore:
    def __init__(self, rulebooks: RulebookHolder, sink: AuditSink, questionnaire: Questionnaire,
                 metrics: ComplianceMetrics, layers: Layers = RULES_ONLY, audit_releases: bool = False) -> None:
        self.rulebooks = rulebooks
        self.audit_releases = audit_releases  # also append every released segment before it goes out (strict mode)
        self.sink = sink
        self.questionnaire = questionnaire
        self.metrics = metrics
        self.layers = layers

    async def audit(self, event: AuditEvent) -> str:
        try:
            event_id = await self.sink.append(event)
        except Unavailable:
            self.metrics.audit_failures.inc()
            raise
        self.metrics.decisions.labels(kind=event.kind, action=event.action).inc()
        return event_id

    async def ensure_ready(self) -> None:
        """Refuse at once while Redis is known to be down; re-check on the spot rather than trusting a stale flag,
        so recovery is visible to the first request after Redis returns."""
        if not self.sink.healthy and not await self.sink.ping():
            raise Unavailable("compliance audit trail unavailable; nothing can be released")
        self.sink.healthy = True

    async def check_input(self, ctx: Context, text: str) -> tuple[InputDecision, str]:
        await self.ensure_ready()
        rulebook = self.rulebooks.for_tenant(ctx.tenant)
        started = time.perf_counter()
        decision = await screen_input(rulebook, text, ctx.locale, self.layers)
        self.metrics.input_screen.observe(time.perf_counter() - started)
        for hit in decision.hits:
            self.metrics.rule_hits.labels(rule_id=hit.rule.id, layer=hit.layer).inc()
        detail: dict[str, object] = {
            "pii": [f.kind for f in decision.pii], "views": sorted({h.view for h in decision.hits}),
        }
        if decision.intent is not None:
            detail["intent"] = {"score": round(decision.intent.score, 4), "view": decision.intent.view}
        if decision.classifier is not None:
            detail["classifier"] = {"score": round(decision.classifier.score, 4),
                                    "category": decision.classifier.category}
        event = ctx.event("input", decision.action, rule_ids=[h.rule.id for h in decision.hits],
                          text=decision.redacted_text, rules_version=rulebook.ruleset.version,
                          timings_ms={k: round(v, 3) for k, v in decision.timings_ms.items()}, detail=detail)
        return decision, await self.audit(event)

    async def open_review(self, ctx: Context, content_type: str) -> ReviewSession:
        await self.ensure_ready()
        reviewer = StreamReviewer(self.rulebooks.for_tenant(ctx.tenant), ctx.locale, content_type or "general",
                                  self.layers.output)
        return ReviewSession(self, ctx, reviewer)

    async def assess(self, ctx: Context, answers: dict[str, str]) -> tuple[Assessment, str]:
        result = self.questionnaire.assess(answers, ctx.locale)
        event = ctx.event("assessment", result.level, detail={"score": result.score, "answers": answers,
                                                              "version": result.version, "capped_by": result.capped_by})
        return result, await self.audit(event)

    def _policy(self, ctx: Context) -> tuple[Policy, TenantConfig | None]:
        config = self.rulebooks.tenant_config(ctx.tenant)
        if config is None:
            return BASE_POLICY, None
        rules = config.compliance.suitability
        policy = Policy(config.display_name.get(ctx.locale), rules.allow_above_level_on_confirmation,
                        rules.max_product_risk)
        return policy, config

    async def check_suitability(self, ctx: Context, level: str, risk: str, product_id: str,
                                product_name: str) -> tuple[SuitabilityDecision, str]:
        policy, config = self._policy(ctx)
        shelved = config.product(product_id) if config is not None and product_id else None
        if shelved is not None:  # the institution's own rating of its product is the one that counts
            risk, product_name = shelved.risk, product_name or shelved.name.get(ctx.locale)
        decision = self.questionnaire.check(level, risk, ctx.locale, product_name, policy)
        event = ctx.event("suitability", decision.decision, text=decision.message,
                          detail={"investor_level": level, "product_risk": risk, "product_id": product_id,
                                  "shelf": shelved is not None})
        return decision, await self.audit(event)

    async def record_confirmation(self, ctx: Context, level: str, risk: str, product_id: str, warning: str,
                                  insists: bool) -> tuple[str, int]:
        if not insists:
            raise InvalidArgument("a confirmation records that the investor insists; investor_insists is false")
        policy, config = self._policy(ctx)
        shelved = config.product(product_id) if config is not None and product_id else None
        risk = shelved.risk if shelved else risk  # the shelf's rating is what was checked, and what is recorded
        self.questionnaire.confirmable(level, risk, policy)
        text, _ = redact(warning)
        event = ctx.event("confirmation", "confirmed", text=text,
                          detail={"investor_level": level, "product_risk": risk, "product_id": product_id})
        return await self.audit(event), event.ts_ms

    @staticmethod
    def redact(text: str) -> tuple[str, list[Finding]]:
        return redact(text)


class ReviewSession:
    """One answer's review, audited as one ``output`` record per answer plus one ``decision`` record per rule
    decision that changes what is shown (a rewrite or a warning), appended before the text it changes goes out.

    The ``output`` record carries exactly the text this session returned. It is appended when the answer ends: at
    ``finish`` before the rest and the disclaimer are returned, at a block before the notice is, and by ``close``
    when the stream ends otherwise (the caller went away, or an append failed). An output record that cannot be
    appended is parked and appended when Redis returns, and the step it belonged to is withheld (fail closed).
    With ``audit_releases`` every released segment is also appended before it goes out (``release`` records)."""

    def __init__(self, core: ComplianceCore, ctx: Context, reviewer: StreamReviewer) -> None:
        self._core = core
        self._ctx = ctx
        self.reviewer = reviewer
        self._started = time.perf_counter()
        self._recorded = False  # the answer's one output record was appended (or parked)
        self._shown: list[str] = []  # the segments returned to the caller
        self._releases = 0
        self._decisions = 0

    async def feed(self, text: str) -> tuple[ReviewStep, str]:
        await self._core.ensure_ready()
        t0 = time.perf_counter()
        step = self.reviewer.feed(text)
        self._core.metrics.chunk_review.observe(time.perf_counter() - t0)
        if step.blocked:
            return step, await self._final_event(step, "blocked")
        if any(h.rule.action in ("rewrite", "warn") for h in step.hits):
            # appended before the changed text is returned: if Redis is down it is withheld (fail closed)
            self._decisions += 1
            event = self._event("decision", step.hits, step.text)
            event.detail["seq"] = self._decisions
            await self._core.audit(event)
        elif step.text and self._core.audit_releases:
            self._releases += 1
            event = self._event("release", step.hits, step.text)
            event.detail["seq"] = self._releases
            await self._core.audit(event)
        if step.text:
            self._shown.append(step.text)
        return step, ""

    async def finish(self) -> tuple[ReviewStep, str]:
        await self._core.ensure_ready()
        step = self.reviewer.finish()
        return step, await self._final_event(step, "blocked" if step.blocked else "finished")

    async def close(self) -> None:
        """The stream ended without ``finish`` or a block: the output record still carries what was shown."""
        if not self._recorded:
            self._recorded = True
            await self._append_or_park(self._output_event("cancelled"))

    async def _final_event(self, step: ReviewStep, ended: str) -> str:
        if self._recorded:
            return ""
        self._recorded = True
        event = self._output_event(ended, step.text)
        try:
            event_id = await self._core.audit(event)
        except Unavailable:
            # the step is withheld: the record kept for later says what was shown before it
            self._core.sink.park(self._output_event("unavailable"))
            raise
        if step.text:
            self._shown.append(step.text)
        return event_id

    async def _append_or_park(self, event: AuditEvent) -> None:
        try:
            await self._core.audit(event)
        except Unavailable:
            self._core.sink.park(event)

    def _output_event(self, ended: str, more: str = "") -> AuditEvent:
        event = self._event("output", self.reviewer.hits, "".join(self._shown) + more)
        event.detail |= {"ended": ended, "segments": len(self._shown) + bool(more), "decisions": self._decisions}
        return event

    def _event(self, kind: str, hits: list[Hit], text: str) -> AuditEvent:
        for hit in hits:
            self._core.metrics.rule_hits.labels(rule_id=hit.rule.id, layer=hit.layer).inc()
        redacted, _ = redact(text)
        return self._ctx.event(
            kind, _summary_action(hits), rule_ids=[h.rule.id for h in hits], text=redacted,
            rules_version=self.reviewer.rulebook.ruleset.version,
            timings_ms={"stream_ms": round((time.perf_counter() - self._started) * 1000, 3)},
            detail={"blocked": self.reviewer.blocked, "content_type": self.reviewer.content_type,
                    "output_score": round(self.reviewer.output_score, 4)},
        )
