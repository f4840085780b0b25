"""Input screening: PII redaction, rules over every evasion view, then the learned layers for what rules miss:
the intent model (bilingual n-gram classifier, every text) and, optionally, the embedding classifier (English)."""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import Executor
from dataclasses import dataclass, field

from services.compliance.classifier import ExemplarClassifier, Verdict
from services.compliance.intent.model import IntentModel, IntentScore
from services.compliance.matcher import Hit
from services.compliance.output.model import OutputModel
from services.compliance.pii import Finding, redact
from services.compliance.rulebook import Rulebook
from services.compliance.rules import Rule


def _layer_rule(rule_id: str, pack: str, rationale: str, regulation: str) -> Rule:
    """A learned layer's refusals are reported under a synthetic block rule, so audit and metrics treat every
    layer alike."""
    return Rule(id=rule_id, pack=pack, category="financial_crime", severity="critical", action="block",
                scope=("input",), rationale=rationale, regulation=regulation, literals=("-",))


CLASSIFIER_RULE = _layer_rule(
    "clf.harmful_request", "classifier",
    "Close in meaning to known harmful requests (embedding nearest-exemplar classifier).",
    "See the rule of the nearest exemplar's category in docs/compliance.md",
)
BUDGET_RULE = _layer_rule(
    "screening.budget_exceeded", "screening",
    "The message could not be screened within the per-input time budget; it is refused (fail closed) so that "
    "one message never holds the screening thread for others.",
    "Fail-closed review: nothing unscreened reaches the model (docs/compliance.md)",
)
INTENT_RULE = _layer_rule(
    "intent.harmful_request", "intent",
    "Asks for help with financial crime or misconduct in words the rules do not list (bilingual n-gram intent "
    "model trained on services/compliance/intent/data).",
    "See the financial-crime, market-abuse and misconduct rules in docs/compliance.md",
)


@dataclass(frozen=True)
class Layers:
    """The learned layers behind the rules; each is optional (rules-only mode has neither)."""

    intent: IntentModel | None = None
    classifier: ExemplarClassifier | None = None
    executor: Executor | None = None  # where the learned layers run, off the event loop (None: asyncio's default)
    budget_s: float = 2.0  # per input: rules + intent model; an overrun refuses that input only
    output: OutputModel | None = None  # the learned output layer, used by every stream review (last: positional)


RULES_ONLY = Layers()


@dataclass
class InputDecision:
    allowed: bool
    action: str  # "allow", "block", "rewrite"
    redacted_text: str
    hits: list[Hit] = field(default_factory=list)
    pii: list[Finding] = field(default_factory=list)
    message: str = ""
    classifier: Verdict | None = None
    intent: IntentScore | None = None
    timings_ms: dict[str, float] = field(default_factory=dict)


def screen_rules(rulebook: Rulebook, text: str) -> tuple[str, list[Finding], list[Hit]]:
    """Redact PII, then run the input rules over the plain, reversed, leet, ROT13 and decoded views."""
    redacted, findings = redact(text)
    hits: list[Hit] = []
    seen: set[str] = set()
    for view, dense in rulebook.normaliser.variants(redacted):
        for hit in rulebook.input_matcher.scan(dense, view, redacted if view == "plain" else None):
            if hit.rule.id not in seen:
                seen.add(hit.rule.id)
                hits.append(hit)
    return redacted, findings, hits


def _screen_sync(rulebook: Rulebook, text: str, intent_model: IntentModel | None) -> _Screened:
    """Rules, then the intent model when no rule blocked: every step linear in the text (tests/fuzz)."""
    started = time.perf_counter()
    redacted, findings, hits = screen_rules(rulebook, text)
    timings = {"rules_ms": (time.perf_counter() - started) * 1000}
    intent: IntentScore | None = None
    if intent_model is not None and not any(h.rule.action == "block" for h in hits):
        t0 = time.perf_counter()
        intent = intent_model.score(redacted)
        timings["intent_ms"] = (time.perf_counter() - t0) * 1000
    return _Screened(redacted, findings, hits, intent, timings)


@dataclass
class _Screened:
    redacted: str
    findings: list[Finding]
    hits: list[Hit]
    intent: IntentScore | None
    timings: dict[str, float]


async def screen_input(rulebook: Rulebook, text: str, locale: str, layers: Layers = RULES_ONLY) -> InputDecision:
    started = time.perf_counter()
    # Off the event loop (~2 ms for a question, ~25 ms for 4,000 characters, ~0.7 s for a 64 KiB body), so
    # review chunks and health checks never wait on it; past the budget this input alone is refused.
    work = asyncio.get_running_loop().run_in_executor(layers.executor, _screen_sync, rulebook, text, layers.intent)
    try:
        screened = await asyncio.wait_for(work, layers.budget_s)
    except TimeoutError:
        redacted, findings = redact(text)
        hit = Hit(BUDGET_RULE, 0, 0, "plain", layer="budget")
        return InputDecision(False, "block", redacted, [hit], findings, rulebook.notice(locale, "blocked_input"),
                             timings_ms={"total_ms": (time.perf_counter() - started) * 1000})
    redacted, findings, hits, intent, timings = (screened.redacted, screened.findings, screened.hits,
                                                 screened.intent, screened.timings)
    blocking = [h for h in hits if h.rule.action == "block"]
    if intent is not None and intent.harmful:
        blocking.append(Hit(INTENT_RULE, 0, 0, intent.view, layer="intent"))
        hits.append(blocking[-1])
    verdict: Verdict | None = None
    classifier = layers.classifier
    if not blocking and classifier is not None and classifier.applies(redacted):
        t0 = time.perf_counter()
        verdict = await classifier.classify_async(redacted, layers.executor)
        timings["classifier_ms"] = (time.perf_counter() - t0) * 1000
        if verdict.harmful:
            blocking.append(Hit(CLASSIFIER_RULE, 0, 0, "plain", layer="classifier"))
            hits.append(blocking[-1])
    timings["total_ms"] = (time.perf_counter() - started) * 1000
    if blocking:
        first = blocking[0].rule
        message = first.message or rulebook.notice(locale, "blocked_input")
        return InputDecision(False, "block", redacted, hits, findings, message, verdict, intent, timings)
    action = "rewrite" if findings else "allow"
    return InputDecision(True, action, redacted, hits, findings, "", verdict, intent, timings)
