"""The degeneration guard: model text is released a sentence at a time, and the answer stops at the last good
sentence when the model starts to loop or drifts out of the user's language. A small model on CPU loops under a
correct card until the token limit ("你可以在2023年中定投2000元……" five times over); none of that reaches a user.

A sentence is refused when it repeats an earlier one, when the answer would have more than ``MAX_REPEATED`` of its
characters covered by n-grams of ``NGRAM`` units seen ``MIN_COUNT`` or more times (the evaluation's measure of
degenerate text, stricter threshold), when its language is not the user's (CJK share of its letters), or when
grounding had to withhold more than one invented figure in it (the guard reads grounded text).
"""

from __future__ import annotations

import re
from collections import Counter

from services.common.locale import is_zh
from services.dialogue.planning.grounding import MARKER

NGRAM = 6  # units: a CJK character or an ASCII word
MIN_COUNT = 3
MAX_REPEATED = 0.2  # the evaluation flags answers above 0.30
MAX_HELD = 48  # characters held back waiting for a sentence end before a clause is judged on its own
_SENTENCE_END = re.compile(r"(?<=[。！？!?；;\n])|(?<=[.:])(?=\s)")
_UNIT = re.compile(r"[\u4e00-\u9fff]|[A-Za-z]+|\d+(?:[.,]\d+)*")


def units(text: str) -> list[str]:
    return [u.lower() for u in _UNIT.findall(text)]


def repeated_share(text: str) -> float:
    """The share of the text's units covered by n-grams that occur ``MIN_COUNT`` times or more."""
    seq = units(text)
    if len(seq) < NGRAM * MIN_COUNT:
        return 0.0
    grams = Counter(tuple(seq[i:i + NGRAM]) for i in range(len(seq) - NGRAM + 1))
    covered = [False] * len(seq)
    for i in range(len(seq) - NGRAM + 1):
        if grams[tuple(seq[i:i + NGRAM])] >= MIN_COUNT:
            covered[i:i + NGRAM] = [True] * NGRAM
    return sum(covered) / len(seq)


def in_language(sentence: str, zh: bool) -> bool:
    """Chinese answers are mostly CJK, English ones mostly not; short fragments (names, figures) pass."""
    cjk = sum("\u4e00" <= c <= "\u9fff" for c in sentence)
    letters = cjk + sum(c.isascii() and c.isalpha() for c in sentence)
    if letters < 12:
        return True
    share = cjk / letters
    return share >= 0.3 if zh else share <= 0.3


class DegenerationGuard:
    """``feed`` returns the complete sentences that pass; ``flush`` the rest at the end. After one sentence fails,
    ``stopped`` is set and nothing more is released (the caller stops the engine)."""

    def __init__(self, locale: str) -> None:
        self._zh = is_zh(locale)
        self._released = ""
        self._seen: set[str] = set()
        self._pending = ""
        self._current = ""  # the sentence released so far, when it was cut into clauses
        self._known: set[tuple[str, ...]] = set()  # n-grams of what the platform already wrote (the facts)
        self._known_numbers: set[str] = set()
        self.stopped = False

    def learn(self, written: str) -> None:
        """Text already shown in the platform's own words: a model sentence that mostly restates it is a loop."""
        seq = units(written)
        self._known.update(tuple(seq[i:i + NGRAM]) for i in range(len(seq) - NGRAM + 1))
        self._known_numbers.update(u for u in seq if u[0].isdigit())

    def _restates(self, sentence: str) -> bool:
        """Mostly the facts' own phrases, or two or more of their figures and no other (the prompt asks the model
        not to repeat them)."""
        seq = units(sentence)
        grams = [tuple(seq[i:i + NGRAM]) for i in range(len(seq) - NGRAM + 1)]
        if grams and sum(g in self._known for g in grams) / len(grams) > 0.5:
            return True
        numbers = [u for u in seq if u[0].isdigit() and len(u) > 2]
        return len(numbers) >= 2 and all(n in self._known_numbers for n in numbers)

    def feed(self, text: str) -> str:
        if self.stopped:
            return ""
        self._pending += text
        parts = _SENTENCE_END.split(self._pending)
        self._pending = parts.pop()
        if len(self._pending) > MAX_HELD:  # a long run without a sentence end: judge it by clauses, keep streaming
            cut = max(self._pending.rfind(c) for c in " ,，、") + 1
            if cut > 0:
                parts.append(self._pending[:cut])
                self._pending = self._pending[cut:]
        return self._release(parts)

    def flush(self) -> str:
        if self.stopped:
            return ""
        tail, self._pending = self._pending, ""
        return self._release([tail])

    def _release(self, sentences: list[str]) -> str:
        out = ""
        for sentence in sentences:
            if not sentence:
                continue
            key = "".join(units(sentence))
            current = self._current + sentence  # a clause cut mid-sentence is judged with the rest of it
            withheld = sum(current.count(m) for m in MARKER.values())
            if (key and key in self._seen) or withheld > 1 or self._restates(current) or \
                    not in_language(sentence, self._zh) or \
                    repeated_share(self._released + out + sentence) > MAX_REPEATED:
                self.stopped = True
                break
            if len(key) >= 8:
                self._seen.add(key)
            out += sentence
            self._current = "" if _SENTENCE_END.search(sentence[-1:]) or sentence.endswith(". ") else current
        self._released += out
        return out
