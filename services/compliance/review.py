"""Streaming output review: one reviewer per answer, holding back a small window so that a forbidden phrase
split across chunks is still caught before any of it is released.

Invariant: text is released only after it has been scanned together with at least ``holdback`` dense
characters of what follows it (or the end of the answer), so every literal that starts in released text was
seen whole. The release point never splits an ASCII run (a number, e-mail or word), so PII redaction always
sees whole entities.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from services.compliance.matcher import Hit, negated, negated_after
from services.compliance.pii import redact
from services.compliance.rulebook import Rulebook

_RUN_CHARS = frozenset("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ@._%+-")


@dataclass
class ReviewStep:
    text: str = ""
    hits: list[Hit] = field(default_factory=list)
    blocked: bool = False
    notice: str = ""
    disclaimer: str = ""
    final: bool = False


class StreamReviewer:
    def __init__(self, rulebook: Rulebook, locale: str = "zh-CN", content_type: str = "general") -> None:
        self.rulebook = rulebook
        self.locale = locale
        self.content_type = content_type
        self.pending = ""
        self.released: list[str] = []
        self.hits: list[Hit] = []
        self.blocked = False
        self.finished = False
        self._context = ""  # tail of released text, for negation look-back
        self._hold_from: int | None = None  # a promise whose clause has not ended yet: release nothing from here
        self._seen: set[str] = set()
        self._extra_disclaimers: list[str] = []

    def feed(self, chunk: str) -> ReviewStep:
        if self.blocked or self.finished:
            return ReviewStep(blocked=self.blocked)
        self.pending += chunk
        step = self._scan(final=False)
        if step.blocked:
            return step
        cut = self._release_point()
        if self._hold_from is not None:
            cut = min(cut, self._hold_from)
        step.text = self._release(cut)
        return step

    def finish(self, chunk: str = "") -> ReviewStep:
        self.pending += chunk
        if self.blocked or self.finished:
            return ReviewStep(blocked=self.blocked, final=True)
        step = self._scan(final=True)  # deferred hits are decided now that the whole answer is known
        if step.blocked:
            step.final = True
            return step
        step.text += self._release(len(self.pending))
        self.finished = True
        parts = [self.rulebook.disclaimer(self.locale, self.content_type), *self._extra_disclaimers]
        step.disclaimer = "\n".join(p for p in parts if p)
        step.final = True
        return step

    @property
    def released_text(self) -> str:
        return "".join(self.released)

    def _scan(self, final: bool) -> ReviewStep:
        self._hold_from = None
        rulebook = self.rulebook
        dense = rulebook.normaliser.dense(self.pending)
        found = rulebook.output_matcher.scan(dense, original=self.pending)
        step = ReviewStep()
        if not found:
            return step
        _, offsets = rulebook.normaliser.dense_with_offsets(self.pending)
        rewrites: list[tuple[int, int, str]] = []
        for hit in found:
            start, end = offsets[hit.start], offsets[hit.end - 1] + 1
            if hit.rule.negatable:
                if negated(self._context + self.pending, len(self._context) + start):
                    continue
                verdict = negated_after(self.pending, end, final)
                if verdict is None:  # "稳赚不赔……" may still become "……是不可能的": wait for the clause to end
                    self._hold_from = start if self._hold_from is None else min(self._hold_from, start)
                    continue
                if verdict:
                    continue
            action = hit.rule.action
            if action == "block":
                self.blocked = True
                self.hits.append(hit)
                step.hits.append(hit)
                step.blocked = True
                step.notice = rulebook.notice(self.locale, "blocked_output")
                return step
            if action == "rewrite":
                rewrites.append((start, end, hit.rule.replacement))
            if hit.rule.id not in self._seen or action == "rewrite":
                self._seen.add(hit.rule.id)
                self.hits.append(hit)
                step.hits.append(hit)
                if hit.rule.disclaimer and hit.rule.disclaimer not in self._extra_disclaimers:
                    self._extra_disclaimers.append(hit.rule.disclaimer)
        for start, end, replacement in sorted(set(rewrites), reverse=True):
            self.pending = self.pending[:start] + replacement + self.pending[end:]
        if rewrites and self._hold_from is not None:  # offsets after a rewrite moved: hold conservatively
            self._hold_from = min(self._hold_from, *(start for start, _, _ in rewrites))
        return step

    def _release_point(self) -> int:
        """Index in ``pending`` up to which text may go out: ``holdback`` dense characters stay behind."""
        table = self.rulebook.normaliser.table
        text = self.pending
        need = self.rulebook.holdback
        i = len(text)
        while i > 0 and need > 0:
            i -= 1
            if table.get(ord(text[i]), text[i]) is not None:
                need -= 1
        if need > 0:
            return 0
        while 0 < i < len(text) and _joined(text, i):
            i -= 1
        return i

    def _release(self, cut: int) -> str:
        if cut <= 0:
            return ""
        out, self.pending = self.pending[:cut], self.pending[cut:]
        self._context = (self._context + out)[-24:]
        out, _ = redact(out)
        self.released.append(out)
        return out


def _joined(text: str, i: int) -> bool:
    """Whether cutting between text[i-1] and text[i] would split an ASCII run (number, e-mail, word) or a
    digit group separated by spaces or dashes ("6222 0212 ...")."""
    a, b = text[i - 1], text[i]
    if a in _RUN_CHARS and b in _RUN_CHARS:
        return True
    if a in " -" and b.isdigit():
        return i >= 2 and text[i - 2].isdigit()
    if b in " -" and a.isdigit():
        return i + 1 < len(text) and text[i + 1].isdigit()
    return False
