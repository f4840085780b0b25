"""The planner's learned intent layer: a small classifier trained at service start on the intents corpus
(``corpus/``, written apart from every evaluation set; its README says how).

Features are character n-grams of the message with its numbers folded to one symbol (the rules and extraction
read the numbers; this layer reads the wording), so it works the same on Chinese, which has no spaces, and on
English. A logistic regression gives a probability per label; intent.py combines it with the keyword rules.
Training takes well under a second and a prediction a fraction of a millisecond, so nothing is cached on disk.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

CORPUS = Path(__file__).parent / "corpus"
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Lower case, every number one symbol, one space: "存2,000元" and "存500元" read alike."""
    return _SPACE.sub(" ", _DIGITS.sub("0", text.lower())).strip()


def load_corpus(directory: Path = CORPUS) -> list[tuple[str, str]]:
    """(label, text) rows of every ``intents_*.tsv``: one example a line, the label, a tab, the text."""
    rows: list[tuple[str, str]] = []
    for path in sorted(directory.glob("intents_*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                label, _, text = line.partition("\t")
                rows.append((label.strip(), text.strip()))
    return rows


@dataclass(frozen=True)
class Reading:
    """The best two labels, with the decline labels (decline_insider, decline_prediction...) summed into one
    ``decline`` (which kind it is comes in ``reason``): together they are one decision, to decline or not."""

    label: str
    probability: float
    runner_up: str
    runner_up_probability: float
    reason: str = ""


class LearnedIntents:
    """Character n-gram TF-IDF and a multinomial logistic regression (scikit-learn)."""

    def __init__(self, rows: list[tuple[str, str]] | None = None, c: float = 30.0) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from threadpoolctl import threadpool_limits

        rows = rows if rows is not None else load_corpus()
        self._vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), sublinear_tf=True, min_df=1)
        features = self._vectorizer.fit_transform([normalise(t) for _, t in rows])
        self._model = LogisticRegression(C=c, solver="newton-cg", max_iter=500)
        with threadpool_limits(1):  # on a shared 2-core box BLAS threads made this fit 8x slower, not faster
            self._model.fit(features, [label for label, _ in rows])
        self.labels: list[str] = [str(x) for x in self._model.classes_]
        # one message at a time, scikit-learn's input checks cost more than the arithmetic: keep the numbers
        self._analyse = self._vectorizer.build_analyzer()
        self._index: dict[str, int] = dict(self._vectorizer.vocabulary_)
        self._idf = np.asarray(self._vectorizer.idf_, dtype=np.float64)
        self._coef = np.asarray(self._model.coef_, dtype=np.float64).T.copy()  # features x labels
        self._intercept = np.asarray(self._model.intercept_, dtype=np.float64)

    def probabilities(self, text: str) -> np.ndarray:
        """The model's predict_proba, computed directly: sublinear tf x idf, l2-normalised, softmax of the scores."""
        counts: dict[int, int] = {}
        for gram in self._analyse(normalise(text)):
            j = self._index.get(gram)
            if j is not None:
                counts[j] = counts.get(j, 0) + 1
        scores = self._intercept.copy()
        if counts:
            cols = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
            tf = 1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64, count=len(counts)))
            weights = tf * self._idf[cols]
            weights /= np.linalg.norm(weights)
            scores += weights @ self._coef[cols]
        scores = np.exp(scores - scores.max())
        return np.asarray(scores / scores.sum())

    def read(self, text: str) -> Reading:
        p = self.probabilities(text)
        merged: dict[str, float] = {}
        reason, best = "", -1.0
        for label, prob in zip(self.labels, p.tolist(), strict=True):
            if label.startswith("decline_"):
                merged["decline"] = merged.get("decline", 0.0) + prob
                if prob > best:
                    reason, best = label[len("decline_"):], prob
            else:
                merged[label] = prob
        (first, p1), (second, p2) = sorted(merged.items(), key=lambda kv: -kv[1])[:2]
        return Reading(first, p1, second, p2, reason if first == "decline" else "")


@functools.cache
def shared_model() -> LearnedIntents:
    """One trained model per process, built on first use (at service start: the planner is made in main)."""
    return LearnedIntents()
