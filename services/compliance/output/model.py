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
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from services.compliance.intent.linear import CompiledLinear
from services.compliance.intent.model import (
    BENIGN_CATEGORIES,
    Example,
    Featuriser,
    _fit,
    corpus_digest,
    cv_threshold,
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


@dataclass(frozen=True)
class OutputScore:
    score: float
    flagged: bool


class OutputModel:
    def __init__(self, views: Views, compiled: CompiledLinear, threshold: float, digest: str) -> None:
        self._views = views
        self._compiled = compiled
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
        return cls(views, feats.compile(clf), threshold, digest)

    def score(self, sentence: str) -> OutputScore:
        """Probability that ``sentence`` is a violation (tens of microseconds for a sentence)."""
        p = self._compiled.probability(self._views.spaced(sentence))
        return OutputScore(p, p >= self.threshold)
