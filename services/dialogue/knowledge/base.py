"""Which curated entry is a question about? Aliases first, sentence similarity second.

1. **Aliases.** Every name and alias of every entry (both languages, whichever the locale: a Chinese question may
   say "ETF", an English one "C3") is looked for in the normalised question (entries.normalise). Chinese has no
   spaces, so a Chinese alias matches anywhere; an alias that starts or ends with a Latin letter or digit must sit
   on a word boundary there ("C3" in "我是C3的", not in "ABC3"; "beta" not in "alphabet"), and an English alias
   may take a plural s. Longer aliases claim their span first (资管新规过渡期 before 资管新规). Of the entries
   found, a term, rule, process or risk level comes before a product ("私募基金的冷静期" is about 冷静期), then
   the longest alias, then the earliest.
   When a question names two or more entries that another entry ``covers`` (等额本金 and 等额本息; C3 and R4),
   that comparison entry is the answer.
2. **Similarity**, only when no alias matched and an embedder was given: cosine similarity between the question
   and each entry's English names and English answer on the shared offline model (services/common/embeddings).
   The model is English, so a question with Chinese characters needs a much higher score (``zh_threshold``).

``lookup`` answers "which entry is this text about", not "is this a request for a definition": "我每月定投2000元
十年后有多少" finds 定投, and the caller, which knows the intent (a projection), decides not to explain it.
"""

from __future__ import annotations

import asyncio
import fnmatch
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import ahocorasick
import numpy as np

from services.common.embeddings import Embedder, encode_off_loop
from services.common.text.extract import extract
from services.dialogue.knowledge.entries import Entry, is_zh, load_entries, normalise

How = Literal["alias", "covers", "similarity"]
_ALNUM = re.compile(r"[0-9a-z]")
_CJK = re.compile(r"[\u3400-\u9fff]")
_BATCH = 32


@dataclass(frozen=True)
class Match:
    entry: Entry
    score: float  # 1.0 for an alias, the cosine similarity otherwise
    how: How
    matched: str  # the alias found in the question, or the index text the question was closest to
    locale: str
    also: tuple[str, ...] = field(default=())  # ids of the other entries the question names

    @property
    def title(self) -> str:
        return self.entry.title(self.locale)

    @property
    def answer(self) -> str:
        """The curated answer in the caller's locale: what the user reads when the model's phrasing fails."""
        return self.entry.answer(self.locale)

    @property
    def source(self) -> str:
        return self.entry.source

    @property
    def numbers(self) -> tuple[float, ...]:
        """The figures of the answer, which the model may repeat (grounding allows them)."""
        return _numbers(self.answer)

    def card(self) -> dict[str, object]:
        """The entry as a ``knowledge`` card: a client can show the definition with its source, and every
        figure in the answer's text is seen to come from the curated entry, not from the model."""
        return {"id": self.entry.id, "title": self.title, "text": self.answer, "source": self.source,
                "figures": list(self.numbers)}


@functools.lru_cache(maxsize=2048)
def _numbers(answer: str) -> tuple[float, ...]:
    # The entries are fixed: read each answer's figures once, not on every turn (~1 ms per answer; issue 21)
    return tuple(extract(answer).numbers)


@dataclass(frozen=True)
class _Alias:
    text: str  # normalised
    entry: Entry
    word_start: bool  # starts with a Latin letter or digit: needs a boundary before it
    word_end: bool
    plural: bool  # an English word that may take an s


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int
    alias: _Alias


class KnowledgeBase:
    def __init__(
        self,
        entries: list[Entry],
        embedder: Embedder | None = None,
        *,
        threshold: float = 0.6,
        zh_threshold: float = 0.85,
    ) -> None:
        """Prefer :meth:`load`. ``entries`` must already be checked (load_entries does that)."""
        self._entries = {e.id: e for e in entries}
        self._embedder = embedder
        self._threshold = threshold
        self._zh_threshold = zh_threshold
        aliases: dict[str, _Alias] = {}
        for entry in entries:
            for name in entry.aliases:
                text = normalise(name)
                aliases.setdefault(text, _Alias(
                    text, entry, bool(_ALNUM.match(text[0])), bool(_ALNUM.match(text[-1])),
                    text[-1].isascii() and text[-1].isalpha() and len(text) >= 3,
                ))
        self._aliases = sorted(aliases.values(), key=lambda a: -len(a.text))
        # every alias found in one pass over the question (a find per alias cost ~0.4 ms a lookup; issue 21)
        self._automaton = ahocorasick.Automaton()
        for i, alias in enumerate(self._aliases):
            self._automaton.add_word(alias.text, i)
        if self._aliases:  # an automaton with no words cannot be built (and is never searched)
            self._automaton.make_automaton()
        self._comparisons = [e for e in entries if e.covers]
        self._index_owner: list[str] = []
        self._index_texts: list[str] = []
        for entry in entries:
            for text in (*dict.fromkeys(entry.names_en), _first_sentence(entry.answer_en)):
                self._index_owner.append(entry.id)
                self._index_texts.append(text)
        self._matrix: np.ndarray | None = None
        self._warming: asyncio.Future[None] | None = None

    @classmethod
    def load(
        cls,
        path: Path | str | None = None,
        embedder: Embedder | None = None,
        *,
        threshold: float = 0.6,
        zh_threshold: float = 0.85,
    ) -> KnowledgeBase:
        """Read and check the data file (entries.yaml by default). Raises KnowledgeError naming every bad entry.
        With an ``embedder`` the entries are encoded on first use (or by :meth:`warm` / :meth:`warm_async`)."""
        return cls(load_entries(path), embedder, threshold=threshold, zh_threshold=zh_threshold)

    @property
    def entries(self) -> list[Entry]:
        return list(self._entries.values())

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, entry_id: str) -> Entry:
        return self._entries[entry_id]

    # -- aliases ---------------------------------------------------------------------------------------------

    def hits(self, text: str) -> list[Entry]:
        """Every entry the text names by an alias, the strongest (longest alias, then earliest) first."""
        return list(dict.fromkeys(hit.alias.entry for hit in self._hits(normalise(text))))

    def _hits(self, text: str) -> list[_Hit]:
        taken = [False] * len(text)
        hits: list[_Hit] = []
        if not self._aliases:
            return hits
        # longest alias first, then the earliest occurrence: a longer alias takes its span before a shorter one
        occurrences = sorted((i, last + 1 - len(self._aliases[i].text)) for last, i in self._automaton.iter(text))
        for i, start in occurrences:
            alias = self._aliases[i]
            end = start + len(alias.text)
            if not any(taken[start:end]) and (found := self._bounded(text, start, end, alias)):
                hits.append(_Hit(start, found, alias))
                taken[start:found] = [True] * (found - start)
        # A question naming a product and something about it ("私募基金的冷静期", "股票连续跌停") is about the
        # something: products rank after terms, rules, processes and levels; then the longest alias, the earliest.
        return sorted(hits, key=lambda h: (h.alias.entry.kind == "product", -len(h.alias.text), h.start))

    @staticmethod
    def _bounded(text: str, start: int, end: int, alias: _Alias) -> int:
        """The end of the match when the alias stands on word boundaries where it needs them, else 0."""
        if alias.word_start and start > 0 and _ALNUM.match(text[start - 1]):
            return 0
        if not alias.word_end:
            return end
        for suffix in ("", "s", "es") if alias.plural else ("",):
            stop = end + len(suffix)
            if text[end:stop] == suffix and (stop == len(text) or not _ALNUM.match(text[stop])):
                return stop
        return 0

    def _by_alias(self, text: str, locale: str) -> Match | None:
        hits = self._hits(normalise(text))
        if not hits:
            return None
        named = list(dict.fromkeys(h.alias.entry.id for h in hits))
        best = hits[0]
        for comparison in self._comparisons:
            covered = [i for i in named if i != comparison.id and _covered(i, comparison.covers)]
            if len(covered) >= 2 and all(any(fnmatch.fnmatchcase(i, p) for i in covered) for p in comparison.covers):
                return Match(comparison, 1.0, "covers", best.alias.text, locale, tuple(covered))
        return Match(best.alias.entry, 1.0, "alias", best.alias.text, locale,
                     tuple(i for i in named if i != best.alias.entry.id))

    # -- similarity ------------------------------------------------------------------------------------------

    def _batches(self) -> list[list[int]]:
        """Index texts in batches of similar length: one batch pads every text to its longest."""
        order = sorted(range(len(self._index_texts)), key=lambda i: len(self._index_texts[i]))
        return [order[i:i + _BATCH] for i in range(0, len(order), _BATCH)]

    def _assemble(self, batches: list[list[int]], vectors: list[np.ndarray]) -> np.ndarray:
        matrix = np.zeros((len(self._index_texts), vectors[0].shape[1]), dtype=np.float32)
        for rows, block in zip(batches, vectors, strict=True):
            matrix[rows] = block
        return matrix

    def warm(self) -> None:
        """Encode the entries now (blocking) instead of on the first similarity lookup."""
        if self._embedder is not None and self._matrix is None:
            batches = self._batches()
            encoded = [self._embedder.encode([self._index_texts[i] for i in rows]) for rows in batches]
            self._matrix = self._assemble(batches, encoded)

    async def warm_async(self) -> None:
        """Encode the entries off the event loop, once however many lookups wait for it."""
        if self._embedder is None or self._matrix is not None:
            return
        if self._warming is None:
            self._warming = asyncio.ensure_future(self._encode_index(self._embedder))
        await asyncio.shield(self._warming)

    async def _encode_index(self, embedder: Embedder) -> None:
        batches = self._batches()
        encoded = [await encode_off_loop(embedder, [self._index_texts[i] for i in rows]) for rows in batches]
        self._matrix = self._assemble(batches, encoded)

    def _by_similarity(self, question: str, vector: np.ndarray, locale: str) -> Match | None:
        assert self._matrix is not None
        scores = self._matrix @ vector
        best = int(np.argmax(scores))
        score = float(scores[best])
        threshold = self._zh_threshold if _CJK.search(question) else self._threshold
        if score < threshold:
            return None
        return Match(self._entries[self._index_owner[best]], score, "similarity", self._index_texts[best], locale)

    # -- lookup ----------------------------------------------------------------------------------------------

    def lookup(self, text: str, locale: str = "zh-CN") -> Match | None:
        """The entry the text is about, or None. Blocking when it has to encode: on an event loop use
        :meth:`lookup_async`. ``locale`` picks the language of ``Match.title`` / ``Match.answer``."""
        question = text.strip()
        if not question:
            return None
        found = self._by_alias(question, locale)
        if found is not None or self._embedder is None:
            return found
        self.warm()
        return self._by_similarity(question, self._embedder.encode([question])[0], locale)

    async def lookup_async(self, text: str, locale: str = "zh-CN") -> Match | None:
        """Like :meth:`lookup`; aliases inline, any encoding off the event loop."""
        question = text.strip()
        if not question:
            return None
        found = self._by_alias(question, locale)
        if found is not None or self._embedder is None:
            return found
        await self.warm_async()
        vectors = await encode_off_loop(self._embedder, [question])
        return self._by_similarity(question, vectors[0], locale)


def _first_sentence(text: str) -> str:
    return re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]


def _covered(entry_id: str, patterns: tuple[str, ...]) -> bool:
    return any(fnmatch.fnmatchcase(entry_id, p) for p in patterns)


__all__ = ["How", "KnowledgeBase", "Match", "is_zh"]
