"""The learned output layer: is a sentence of an answer a forbidden promise, a buy/sell call with a price target,
an insider tip, a manipulation plan or unsuitable leverage advice — in words no rule lists?

The rules catch the listed wording ("保本", "guaranteed return"); "三个月内资金翻倍，我们保证" or "this fund
cannot lose" use none of it. This layer is the intent model's machinery (``intent/model.py``: the same
normalised spaced text, the same character 1-4-gram + word 1-2-gram TF-IDF features, the same logistic
regression and the same cross-validated threshold), trained at start-up on its own labelled corpus of *answer
sentences* (``output/data``, see its README): violations by category, and benign sentences that share their
vocabulary — negations and warnings ("现在的产品都不承诺保本", "no one can guarantee…"), explanations
("Treasury bills are often called risk-free…"), ordinary advice, and the platform's own facts-first texts
(headings, figure lines, "假设：", caveats). The benign side also takes the intent corpus's benign messages, so
ordinary financial wording is known to be ordinary. Negation is learnt, not listed: "不承诺保本" and "承诺保本"
differ in the n-grams that carry the negation.

Serving is per sentence of the streamed answer, so it must cost microseconds, not the ~0.5 ms of a scikit-learn
call: the fitted model is compiled into one dictionary per feature kind (n-gram → idf, idf × weight) and a
sentence is scored in pure Python with the same arithmetic (sublinear tf, l2 norm per block, logistic), tested
equal to scikit-learn's ``predict_proba``.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import numpy as np

from services.compliance.intent.model import (
    BENIGN_CATEGORIES,
    Example,
    Featuriser,
    _fit,
    corpus_digest,
    cv_threshold,
    dense,
    load_corpus,
)
from services.compliance.intent.model import (
    DATA_DIR as INTENT_DATA_DIR,
)
from services.compliance.intent.views import Views
from services.compliance.normalize import Normaliser
from services.compliance.threshold_cache import NO_CACHE, ThresholdCache

DATA_DIR = Path(__file__).with_name("data")
OUTPUT_BENIGN = frozenset({"advisory", "hard_negative", "platform"})
_WORD = re.compile(r"(?u)\b\w+\b")


def load_output_corpus(data_dir: Path = DATA_DIR, intent_dir: Path | None = INTENT_DATA_DIR,
                       intent_every: int = 4) -> list[Example]:
    """The output corpus, plus (as benign) about one in ``intent_every`` benign messages of the intent corpus when
    ``intent_dir`` is given: ordinary financial wording, sampled so that start-up training stays short. The
    sample is chosen by a hash of each text, so a new intent corpus file adds its own share and leaves the rest
    of the sample (and so the output model) as it was."""
    examples = load_corpus(data_dir, OUTPUT_BENIGN)
    if intent_dir is not None:
        benign = [ex for ex in load_corpus(intent_dir) if ex.category in BENIGN_CATEGORIES]
        examples += [ex for ex in benign if _sampled(ex.text, intent_every)]
    return examples


def _sampled(text: str, every: int) -> bool:
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=4).digest(), "big") % every == 0


class _Block:
    """One TF-IDF block compiled for scoring: n-gram → (idf, idf × coefficient)."""

    def __init__(self, vocabulary: dict[str, int], idf: np.ndarray, coef: np.ndarray) -> None:
        self.table = {g: (float(idf[i]), float(idf[i] * coef[i])) for g, i in vocabulary.items()}

    def decision(self, grams: Counter[str]) -> float:
        get = self.table.get
        dot = 0.0
        norm = 0.0
        for gram, count in grams.items():
            entry = get(gram)
            if entry is None:
                continue
            if count == 1:
                dot += entry[1]
                norm += entry[0] * entry[0]
            else:
                tf = 1.0 + math.log(count)
                dot += tf * entry[1]
                norm += (tf * entry[0]) ** 2
        return dot / math.sqrt(norm) if norm else 0.0


def _char_grams(text: str) -> Counter[str]:
    n = len(text)
    return Counter([text[i:i + size] for size in (1, 2, 3, 4) for i in range(n - size + 1)])


def _word_grams(text: str) -> Counter[str]:
    words = _WORD.findall(text.lower())
    grams: Counter[str] = Counter(words)
    grams.update(f"{a} {b}" for a, b in pairwise(words))
    return grams


@dataclass(frozen=True)
class OutputScore:
    score: float
    flagged: bool


class OutputModel:
    def __init__(self, views: Views, chars: _Block, words: _Block, intercept: float, threshold: float,
                 digest: str) -> None:
        self._views = views
        self._chars = chars
        self._words = words
        self._intercept = intercept
        self.threshold = threshold
        self.digest = digest

    @classmethod
    def train(cls, examples: list[Example], normaliser: Normaliser, c: float = 10.0, target_fpr: float = 0.01,
              folds: int = 5, cache: ThresholdCache = NO_CACHE) -> OutputModel:
        """Fit on all of ``examples``; the threshold is the intent model's cross-validated one."""
        views = Views(normaliser)
        raw = [ex.text for ex in examples]
        y = np.array([ex.harmful for ex in examples], dtype=np.int8)

        def score_fold(train: list[str], labels: np.ndarray, test: list[str]) -> list[float]:
            # scikit-learn's scorer here (the compiled one computes the same, tested; compiling each fold's
            # vocabulary would only cost time)
            feats = Featuriser()
            clf = _fit(feats.fit_transform([views.spaced(t) for t in train]), labels, c)
            return list(clf.predict_proba(feats.transform([views.spaced(t) for t in test]))[:, 1])

        digest = corpus_digest(examples)
        threshold = cache.threshold("output", digest, (c, target_fpr, folds),
                                    lambda: cv_threshold(raw, y, score_fold, target_fpr, folds))
        return cls._fit_all(raw, y, views, c, threshold, digest)

    @classmethod
    def _fit_all(cls, raw: list[str], y: np.ndarray, views: Views, c: float, threshold: float,
                 digest: str) -> OutputModel:
        spaced = [views.spaced(t) for t in raw]
        feats = Featuriser()
        clf = _fit(feats.fit_transform(spaced), y, c)
        coef = clf.coef_[0]
        n_chars = len(feats.chars.vocabulary_)
        chars = _Block(feats.chars.vocabulary_, feats.chars.idf_, coef[:n_chars])
        words = _Block(feats.words.vocabulary_, feats.words.idf_, coef[n_chars:])
        return cls(views, chars, words, float(clf.intercept_[0]), threshold, digest)

    def score(self, sentence: str) -> OutputScore:
        """Probability that ``sentence`` is a violation (tens of microseconds for a sentence)."""
        spaced = self._views.spaced(sentence)
        z = (self._intercept + self._chars.decision(_char_grams(dense(spaced).lower()))
             + self._words.decision(_word_grams(spaced)))
        p = 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0
        return OutputScore(p, p >= self.threshold)
