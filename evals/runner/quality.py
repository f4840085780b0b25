"""Answer quality on every answered turn: grounded numbers, degenerate repetition, answer language, length,
truncation, and the turn's timings (as the client measured them and as done.timings reports them)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from evals.runner.client import TurnResult
from evals.runner.numbers import REL_TOL, grounding_values, ungrounded, written_numbers

# Repetition: the share of a text's units (a CJK character, or a Latin word or number) covered by an n-gram of
# REPEAT_N units that occurs at least REPEAT_MIN_COUNT times; degenerate above REPEAT_THRESHOLD. Texts shorter
# than REPEAT_MIN_UNITS units are not judged (0.0).
REPEAT_N = 6
REPEAT_MIN_COUNT = 3
REPEAT_THRESHOLD = 0.30
REPEAT_MIN_UNITS = 20
# Language: CJK characters / (CJK characters + Latin letters); "zh" at or above ZH_SHARE, "en" below; texts with
# fewer than LANG_MIN_CHARS such characters are not judged.
ZH_SHARE = 0.30
LANG_MIN_CHARS = 4
# Length: visible (non-space) characters of the answer.
MIN_CHARS = 2
MAX_CHARS = 2000

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")
_UNIT = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[A-Za-z0-9]+(?:[.,'’][A-Za-z0-9]+)*")


def units(text: str) -> list[str]:
    return [u.lower() for u in _UNIT.findall(text)]


def repetition(text: str) -> float:
    """Share of the text covered by repeated n-grams (0 = none, 1 = the whole text is a loop)."""
    seq = units(text)
    if len(seq) < REPEAT_MIN_UNITS:
        return 0.0
    grams = [tuple(seq[i:i + REPEAT_N]) for i in range(len(seq) - REPEAT_N + 1)]
    counts = Counter(grams)
    covered = [False] * len(seq)
    for i, gram in enumerate(grams):
        if counts[gram] >= REPEAT_MIN_COUNT:
            covered[i:i + REPEAT_N] = [True] * REPEAT_N
    return sum(covered) / len(seq)


def cjk_share(text: str) -> float | None:
    cjk, latin = len(_CJK.findall(text)), len(_LATIN.findall(text))
    if cjk + latin < LANG_MIN_CHARS:
        return None
    return cjk / (cjk + latin)


def language(text: str) -> str | None:
    share = cjk_share(text)
    if share is None:
        return None
    return "zh" if share >= ZH_SHARE else "en"


@dataclass
class TurnQuality:
    item_id: str
    suite: str
    split: str
    lang: str
    turn: int
    numbers_checked: bool
    ungrounded: list[str] = field(default_factory=list)
    repetition: float = 0.0
    answer_lang: str | None = None
    chars: int = 0
    truncated: bool = False
    ttft_ms: float | None = None
    total_ms: float = 0.0
    server_ttft_ms: float | None = None
    server_total_ms: float | None = None

    @property
    def degenerate(self) -> bool:
        return self.repetition > REPEAT_THRESHOLD

    @property
    def lang_ok(self) -> bool:
        return self.answer_lang is None or self.answer_lang == self.lang

    @property
    def length_ok(self) -> bool:
        return MIN_CHARS <= self.chars <= MAX_CHARS

    def problems(self) -> list[str]:
        out = []
        if self.ungrounded:
            out.append("ungrounded numbers: " + ", ".join(self.ungrounded[:10]))
        if self.degenerate:
            out.append(f"degenerate repetition {self.repetition:.2f}")
        if not self.lang_ok:
            out.append(f"answer in {self.answer_lang}, question in {self.lang}")
        if not self.length_ok:
            out.append(f"length {self.chars} characters")
        if self.truncated:
            out.append("truncated (finish_reason length)")
        return out

    def record(self) -> dict[str, Any]:
        return {**asdict(self), "problems": self.problems()}


def answered(turn: TurnResult) -> bool:
    return turn.error is None and not turn.refused


def check_turn(
    item_id: str, suite: str, split: str, lang: str, index: int, turn: TurnResult, text: str,
    sources: list[float] | None,
) -> TurnQuality:
    """``text``: the answer as the user reads it; ``sources``: the values a number may come from (tool values
    and the user's numbers), or None where the route exposes no tool values (numbers then not checked)."""
    timings = (turn.done or {}).get("timings") or {}
    q = TurnQuality(
        item_id, suite, split, lang, index, numbers_checked=sources is not None,
        repetition=repetition(text), answer_lang=language(text), chars=len("".join(text.split())),
        truncated=(turn.done or {}).get("finish_reason") == "length",
        ttft_ms=turn.ttft_ms, total_ms=turn.total_ms,
        server_ttft_ms=timings.get("ttft_ms"), server_total_ms=timings.get("total_ms"),
    )
    if sources is not None:
        q.ungrounded = ungrounded(text, sources)
    return q


def session_quality(item_id: str, suite: str, split: str, lang: str, turns: list[TurnResult]) -> list[TurnQuality]:
    """Every answered turn of a chat session; a number may come from any card so far or any user message so
    far (the platform's own rule: earlier answers were grounded when released)."""
    sources: list[float] = []
    out: list[TurnQuality] = []
    for index, turn in enumerate(turns):
        sources.extend(w.value for w in written_numbers(turn.user_text, exempt=False))
        for card in turn.cards:
            sources.extend(grounding_values(card.get("data", {})))
        if answered(turn):
            out.append(check_turn(item_id, suite, split, lang, index, turn, turn.text, list(sources)))
    return out


TOLERANCE_NOTE = (
    f"a written number matches a tool value or a user number within half a unit of its last written digit "
    f"or {REL_TOL:.1%} relative, whichever is larger (percentages also as fractions; 万/亿/k/million scales "
    f"applied); dates, years and integers 0-10 are not checked"
)
