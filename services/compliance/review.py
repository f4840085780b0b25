"""Streaming output review: one reviewer per answer, holding back only what could still become a forbidden phrase,
so that a phrase split across chunks is still caught before any of it is released.

Invariant: text is released only once no rule match could begin in it and end in text not yet seen: the held
suffix is the longest end of the pending text that is a proper prefix of a rule literal or neutral term, or where
a rule regex still matches partially; so every literal or regex match that starts in released text was seen
whole. The release point never splits an ASCII run (a number, e-mail or word), and a run at the end is held (it may
go on), so PII redaction always sees whole entities. With the learned output layer (or rules with cue conditions)
release also stops at the last judged sentence end, and a sentence the layer was unsure of (scored at or above
``CLEAR_BELOW``) keeps the fixed window of ``holdback`` dense characters behind it, so the next sentence is seen
before it goes out; a run of sentences each scored clearly benign goes out as soon as it ends (issue 21: the
window cost up to 32 characters of time to first text, a sentence or two of Chinese).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import regex

from services.compliance.intent.views import _substantial
from services.compliance.matcher import Hit, negated, negated_after
from services.compliance.output.cues import sentence_kind
from services.compliance.pii import redact
from services.compliance.rulebook import Rulebook
from services.compliance.rules import Rule

if TYPE_CHECKING:
    from services.compliance.output.model import OutputModel

OUTPUT_MODEL_RULE = Rule(
    id="output.forbidden_content", pack="output_model", category="promise_or_call", severity="critical",
    action="block", scope=("output",),
    rationale="A sentence of the answer reads as a promise of returns or principal, a buy/sell call with a price "
              "target, an insider tip, a manipulation plan or unsuitable leverage advice, in words no rule lists "
              "(learned output layer trained on services/compliance/output/data).",
    regulation="See the promise, call, insider, manipulation and leverage rules in docs/compliance.md",
    literals=("-",),
)
# Where a sentence of an answer ends: the learned layer judges whole sentences. "." only before a space or a
# line end, so "12.5%" and "3.14" are not sentence ends.
_SENTENCE_END = re.compile(r"[。！？；!?;\n]|\.(?=\s)")
# A negatable rule hit (a promise word) is dropped when the learned layer scores its whole sentence below this:
# the sentence explains, quotes or forbids the promise. Low on purpose: the rule is an explicit signal.
OVERRULE_BELOW = 0.12
# A judged sentence scored below this reads clearly as no violation on its own: it is released when it ends, without
# waiting for the window of what follows (a violation split over two sentences begins with one the layer is unsure
# of: "Buy Acme before Friday;" alone scores ~0.3). Well under the flag threshold (~0.5).
CLEAR_BELOW = 0.2
# A judged sentence carrying a violation cue (``output/cues.py``: a certain price forecast, news not yet public,
# spoofing or pump-and-dump steps, a high-risk product called suitable for a conservative or elderly investor, "是稳的")
# is withheld from this score instead of the layer's threshold (issue 19: the layer scored such sentences 0.1-0.5 on
# text it had never seen). Equal to CLEAR_BELOW: a sentence released as clear can never have been withheld.
CUE_FLOOR = 0.2
# A judged sentence that only defines, negates or warns ("没有哪只股票是稳赚的", "nobody can know where the index will
# be", with no "but" turning it) is withheld only from this score: the layer scored such sentences up to ~0.8.
FRAMED_AT = 0.85
# A "sentence" longer than this (a table, a list without stops) is judged and released in parts.
MAX_SENTENCE = 240

_GROUP_SEPARATORS = frozenset(" -\u3000－‐‑–")
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
    def __init__(self, rulebook: Rulebook, locale: str = "zh-CN", content_type: str = "general",
                 output_model: OutputModel | None = None) -> None:
        self.rulebook = rulebook
        self.output_model = output_model
        self.output_score = 0.0  # the highest learned-layer score of any sentence so far (audit detail)
        self._judged = 0  # with a learned layer: pending[:_judged] is whole sentences it has judged
        self._clear = 0  # pending[:_clear]: judged sentences each scored below CLEAR_BELOW (no window needed)
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
        needs_window = self.rulebook.output_matcher.needs_window
        cut = self._release_point(window=needs_window or self.output_model is not None)
        if self.output_model is not None:
            if self._judge(final=False, step=step):
                return step
            if self._clear > cut and not needs_window:  # clearly benign sentences: only the rules' suffix holds
                cut = max(cut, min(self._clear, self._release_point(window=False)))
            cut = min(cut, self._judged)
        if self._hold_from is not None:
            cut = min(cut, self._hold_from)
        step.text = self._release(cut)
        return step

    def finish(self, chunk: str = "") -> ReviewStep:
        self.pending += chunk
        if self.blocked or self.finished:
            return ReviewStep(blocked=self.blocked, final=True)
        step = self._scan(final=True)  # deferred hits are decided now that the whole answer is known
        if not step.blocked and self.output_model is not None:
            self._judge(final=True, step=step)
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
                explained = self._explained(start, end, final)
                if explained is None:  # the learned layer reads the whole sentence: wait for it to end
                    self._hold_from = start if self._hold_from is None else min(self._hold_from, start)
                    continue
                if explained:
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
        if rewrites:  # offsets moved: the learned layer judges the pending sentences again
            self._judged = self._clear = 0
        if rewrites and self._hold_from is not None:  # offsets after a rewrite moved: hold conservatively
            self._hold_from = min(self._hold_from, *(start for start, _, _ in rewrites))
        return step

    def _explained(self, start: int, end: int, final: bool) -> bool | None:
        """With a learned layer: whether the sentence around a negatable rule hit reads, as a whole, clearly as
        no promise (score below ``OVERRULE_BELOW``: "资管新规要求……不得承诺保本保收益", "Treasury bills are
        often called risk-free in textbooks"). ``None`` while that sentence has not ended."""
        model = self.output_model
        if model is None:
            return False
        text = self.pending
        m = _SENTENCE_END.search(text, end)
        if m is None and not final:
            return None
        stop = m.end() if m else len(text)
        begin = 0
        for b in _SENTENCE_END.finditer(text, 0, start):
            begin = b.end()
        return model.score(text[begin:stop]).score < OVERRULE_BELOW

    def _judge(self, final: bool, step: ReviewStep) -> bool:
        """Score every sentence of ``pending`` completed since the last call (all of it at ``final``); release
        stops at the last judged sentence end, so nothing of a sentence goes out before it was judged whole.
        Returns whether the answer was blocked."""
        model = self.output_model
        assert model is not None
        text = self.pending
        start = self._judged
        clear_run = self._clear == start  # every judged sentence so far was clear
        ends: list[int] = []
        pos = start
        for m in _SENTENCE_END.finditer(text, start):
            ends.append(m.end())
            pos = m.end()
        while len(text) - pos > MAX_SENTENCE:  # no sentence end for a long stretch: judge it in parts
            pos = _safe_cut(text, pos + MAX_SENTENCE)
            ends.append(pos)
        if final and pos < len(text):
            ends.append(len(text))
        for end in ends:
            sentence = text[start:end]
            if not _substantial(" ".join(sentence.split())):
                # too few words to judge alone ("- Your level: C3"): judged with the sentence that follows, unless
                # it is the end of the answer or a long stretch of figures (a table) with nothing to judge. The end
                # of the text so far is not the end of the answer: "Buy Acme before Friday;" waits for what follows.
                if end - start < MAX_SENTENCE and not final:
                    continue
            else:
                verdict = model.score(sentence)
                self.output_score = max(self.output_score, verdict.score)
                if _withheld(verdict.score, model.threshold, sentence):
                    hit = Hit(OUTPUT_MODEL_RULE, start, end, layer="output_model")
                    self.blocked = True
                    self.hits.append(hit)
                    step.hits.append(hit)
                    step.blocked = True
                    step.notice = self.rulebook.notice(self.locale, "blocked_output")
                    return True
                clear_run = clear_run and verdict.score < CLEAR_BELOW
            if clear_run:
                self._clear = end
            start = end
        self._judged = start
        return False

    def _release_point(self, window: bool) -> int:
        """Index in ``pending`` up to which text may go out: all but the shortest suffix that could still grow into
        a rule match (a prefix of a literal or neutral term, or where a regex's partial match begins), and never
        part of a run of digits, e-mail or word characters (a run that reaches the end may go on). ``window``: the
        fixed window of ``holdback`` dense characters instead, for rules whose cues may stand anywhere in the text
        and behind a sentence the learned layer was unsure of (it judges one sentence at a time; the window lets a
        violation split over two sentences, "Buy Acme before Friday; it will reach $50", be seen before the first
        goes out)."""
        matcher = self.rulebook.output_matcher
        text = self.pending
        if window:
            need = self.rulebook.holdback
        else:
            need = _open_suffix(self.rulebook.normaliser.dense(text), matcher.prefixes, matcher.partials,
                                matcher.max_literal)
        table = self.rulebook.normaliser.table
        i = len(text)
        while i > 0 and need > 0:
            i -= 1
            if table.get(ord(text[i]), text[i]) is not None:
                need -= 1
        if need > 0:
            return 0
        i = min(i, _trailing_run(text))
        while 0 < i < len(text) and _joined(text, i):
            i -= 1
        return i

    def _release(self, cut: int) -> str:
        if cut <= 0:
            return ""
        out, self.pending = self.pending[:cut], self.pending[cut:]
        self._judged = max(0, self._judged - cut)
        self._clear = max(0, self._clear - cut)
        self._context = (self._context + out)[-24:]
        out, _ = redact(out)
        self.released.append(out)
        return out


def _withheld(score: float, threshold: float, sentence: str) -> bool:
    """Whether a judged sentence is withheld: from ``CUE_FLOOR`` when it carries a violation cue, from ``FRAMED_AT``
    when it only defines, negates or warns, otherwise from the layer's threshold."""
    if score < CUE_FLOOR:
        return False
    kind = sentence_kind(sentence)
    if kind == "cue":
        return True
    return score >= (FRAMED_AT if kind == "framed" else threshold)


def _open_suffix(dense: str, prefixes: frozenset[str], partials: list[regex.Pattern[str]], longest: int) -> int:
    """Dense characters at the end of ``dense`` that could still become part of a rule match."""
    hold = 0
    for j in range(min(len(dense), longest - 1), 0, -1):
        if dense[-j:] in prefixes:
            hold = j
            break
    for pattern in partials:
        pos = 0
        while (m := pattern.search(dense, pos, partial=True)) is not None:
            if m.partial:
                hold = max(hold, len(dense) - m.start())
                break
            pos = m.start() + 1  # a whole match is the scan's business; look for one still open after it
    return hold


def _trailing_run(text: str) -> int:
    """Where the run at the end of ``text`` begins (``len(text)`` when it ends with no run): digits, ASCII word
    and e-mail characters, and a group separator after a digit ("6222 " may go on as "6222 0212")."""
    i = len(text)
    while i > 0:
        ch = text[i - 1]
        if ch in _RUN_CHARS or ch.isdigit() or (ch in _GROUP_SEPARATORS and i >= 2 and text[i - 2].isdigit()):
            i -= 1
        else:
            break
    return i


def _safe_cut(text: str, i: int) -> int:
    """``i`` moved back so that it splits no ASCII run or digit group (PII stays whole for redaction)."""
    j = i
    while j > 0 and j < len(text) and _joined(text, j):
        j -= 1
    return j if j > 0 else i


def _joined(text: str, i: int) -> bool:
    """Whether cutting between text[i-1] and text[i] would split an ASCII run (number, e-mail, word) or a
    digit group separated by spaces or dashes ("6222 0212 ...")."""
    a, b = text[i - 1], text[i]
    if (a in _RUN_CHARS and b in _RUN_CHARS) or (a.isdigit() and b.isdigit()):  # full-width digits too
        return True
    if a in _GROUP_SEPARATORS and b.isdigit():
        return i >= 2 and text[i - 2].isdigit()
    if b in _GROUP_SEPARATORS and a.isdigit():
        return i + 1 < len(text) and text[i + 1].isdigit()
    return False
