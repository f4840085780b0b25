"""A fitted TF-IDF + logistic-regression model compiled for serving in pure Python.

scikit-learn's ``transform`` + ``predict_proba`` costs ~0.5-2 ms per call in input validation alone, whatever the
text; screening scores a message and its views on every input, and the output layer scores every sentence of a
streamed answer. So the fitted model is compiled into one dictionary per feature kind (n-gram → idf,
idf × coefficient) and a text is scored with the same arithmetic (sublinear tf, l2 norm per block, logistic),
tested equal to scikit-learn's ``predict_proba``.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator
from itertools import chain, repeat
from operator import add

import numpy as np
from sklearn.linear_model import LogisticRegression

_WORD = re.compile(r"(?u)\b\w+\b")


class Block:
    """One TF-IDF block compiled for scoring: n-gram → column, with each column's idf and idf × coefficient."""

    def __init__(self, vocabulary: dict[str, int], idf: np.ndarray, coef: np.ndarray) -> None:
        self.index = dict(vocabulary)
        self.idf = np.asarray(idf, dtype=np.float64)
        self.weight = self.idf * np.asarray(coef, dtype=np.float64)
        self._idf: list[float] = self.idf.tolist()
        self._weight: list[float] = self.weight.tolist()

    def decision(self, grams: Counter[str]) -> float:
        get, idf, weight = self.index.get, self._idf, self._weight
        dot = 0.0
        norm = 0.0
        for gram, count in grams.items():
            col = get(gram)
            if col is None:
                continue
            tf = 1.0 if count == 1 else 1.0 + math.log(count)
            dot += tf * weight[col]
            norm += (tf * idf[col]) ** 2
        return dot / math.sqrt(norm) if norm else 0.0

    def decisions(self, rows: np.ndarray, cols: np.ndarray, n_rows: int) -> np.ndarray:
        """The decision values of ``n_rows`` texts at once, from the (text, column) pair of every n-gram
        occurrence (columns of n-grams outside the vocabulary are negative and ignored)."""
        known = cols >= 0
        keys, counts = np.unique(rows[known] * len(self.idf) + cols[known], return_counts=True)
        row, col = np.divmod(keys, len(self.idf))
        tf = 1.0 + np.log(counts)
        dot = np.bincount(row, weights=tf * self.weight[col], minlength=n_rows)
        norm = np.sqrt(np.bincount(row, weights=(tf * self.idf[col]) ** 2, minlength=n_rows))
        return np.divide(dot, norm, out=np.zeros(n_rows), where=norm > 0)


def grams_of(dense: str, n: int) -> Iterator[str]:
    """The n-grams of ``dense`` in order, built by ``map`` (C) rather than a slice per position."""
    if n == 1:
        return iter(dense)
    out: Iterator[str] = map(add, dense, dense[1:])
    for k in range(2, n):
        out = map(add, out, dense[k:])
    return out


def char_grams(dense: str) -> Counter[str]:
    """Character 1-4-grams, as scikit-learn's ``analyzer="char"`` counts them (the text is lower-cased)."""
    grams: Counter[str] = Counter()
    for n in (1, 2, 3, 4):
        grams.update(grams_of(dense, n))
    return grams


def word_grams(spaced: str) -> Counter[str]:
    """Word uni- and bigrams with scikit-learn's ``token_pattern=r"(?u)\\b\\w+\\b"`` (lower-cased)."""
    return Counter(word_gram_list(spaced))


def word_gram_list(spaced: str) -> list[str]:
    words = _WORD.findall(spaced.lower())
    return words + list(map(_space_join, words, words[1:]))


def _space_join(a: str, b: str) -> str:
    return f"{a} {b}"


class CompiledLinear:
    """Character 1-4-grams of the dense text and word 1-2-grams of the spaced text (``Featuriser``), weighted by a
    fitted logistic regression."""

    def __init__(self, char_vocabulary: dict[str, int], char_idf: np.ndarray, word_vocabulary: dict[str, int],
                 word_idf: np.ndarray, clf: LogisticRegression) -> None:
        coef = clf.coef_[0]
        n_chars = len(char_vocabulary)
        self._chars = Block(char_vocabulary, char_idf, coef[:n_chars])
        self._words = Block(word_vocabulary, word_idf, coef[n_chars:])
        self._intercept = float(clf.intercept_[0])

    def probability(self, spaced: str) -> float:
        """P(positive class) for a spaced text (``Views.spaced``): its dense form feeds the character block."""
        z = (self._intercept + self._chars.decision(char_grams(spaced.replace(" ", "").lower()))
             + self._words.decision(word_grams(spaced)))
        return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0

    def span_probabilities(self, spaced: str, parts: list[tuple[str, tuple[int, int]]]) -> list[float]:
        """``probability`` of several parts of one text at once: each part is its spaced text and the span of
        its dense form in the dense form of ``spaced``. The text's character n-grams are looked up once and
        every part counts those inside its span, so scoring a long message sentence by sentence costs about
        one more pass, not one more lookup per n-gram and sentence."""
        dense = spaced.replace(" ", "").lower()
        get, size = self._chars.index.get, len(dense)
        rows: list[np.ndarray] = []
        cols: list[np.ndarray] = []
        for n in (1, 2, 3, 4):
            found = np.fromiter(map(get, grams_of(dense, n), repeat(-1)), dtype=np.int64,
                                count=max(0, size - n + 1))
            counts = [max(0, b - a - n + 1) for _, (a, b) in parts]
            cols.extend(found[a:a + k] for (_, (a, _)), k in zip(parts, counts, strict=True) if k)
            rows.append(np.repeat(np.arange(len(parts)), counts))
        chars = self._chars.decisions(np.concatenate(rows), np.concatenate(cols), len(parts)) if cols else (
            np.zeros(len(parts)))
        per_part = [word_gram_list(text) for text, _ in parts]
        words = self._words.decisions(
            np.repeat(np.arange(len(parts)), [len(g) for g in per_part]),
            np.fromiter(map(self._words.index.get, chain.from_iterable(per_part), repeat(-1)), dtype=np.int64),
            len(parts))
        z = self._intercept + chars + words
        return (1.0 / (1.0 + np.exp(-np.clip(z, -700, 700)))).tolist()
