"""The intent layer: a linear classifier over character and word n-grams, trained on a bilingual corpus.

Rules catch the wording they list; a request for help with financial crime is mostly phrased in other words
("怎么让审计看不出来这笔钱的去向", "how do I word the memo so the auditors don't ask"). This layer learns
from a labelled corpus (``intent/data``: harmful requests by category, ordinary advisory questions and hard
negatives that share crime vocabulary) which character and word patterns separate the two, in both
languages at once: character 1-4-grams of the dense text carry Chinese (and words split by spaces or
punctuation); word 1-2-grams of the spaced text carry English phrasing.

Training is deterministic and takes seconds, so the model is trained from the corpus when the service starts
(no opaque artefact in the repository). A message is scored as written and through its evasion views
(``views.py``: leetspeak, ROT13, reversed clauses, decoded payloads, letter-spaced words, single sentences and
pairs), and the highest score counts; the threshold is chosen by cross-validation with that same scorer so
that at most ``target_fpr`` of the benign corpus would be refused.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from services.compliance.intent.linear import CompiledLinear
from services.compliance.intent.views import LanguageModel, Views
from services.compliance.normalize import Normaliser
from services.compliance.threshold_cache import NO_CACHE, ThresholdCache

DATA_DIR = Path(__file__).with_name("data")
BENIGN_CATEGORIES = frozenset({"advisory", "hard_negative"})
DECODED_THRESHOLD = 0.35
PAIR_FLOOR = 0.25
MAX_PAIRS = 6


@dataclass(frozen=True)
class Example:
    text: str
    harmful: bool
    category: str
    lang: str


def load_corpus(data_dir: Path = DATA_DIR, benign: frozenset[str] = BENIGN_CATEGORIES) -> list[Example]:
    """Every ``*.tsv`` in ``data_dir``: ``category<TAB>text`` per line; the file name says the language
    (``harmful_zh.tsv``); benign categories are ``benign`` (here ``advisory`` and ``hard_negative``)."""
    examples: list[Example] = []
    for path in sorted(data_dir.glob("*.tsv")):
        lang = path.stem.rsplit("_", 1)[-1]
        with path.open(encoding="utf-8", newline="") as fh:
            for lineno, row in enumerate(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE), 1):
                if len(row) != 2 or not row[1].strip():
                    raise ValueError(f"{path.name}:{lineno}: expected 'category<TAB>text'")
                category, text = row[0].strip(), row[1].strip()
                examples.append(Example(text, category not in benign, category, lang))
    if not examples:
        raise ValueError(f"no training corpus in {data_dir}")
    return examples


def corpus_digest(examples: list[Example]) -> str:
    h = hashlib.sha256()
    for ex in examples:
        h.update(f"{ex.category}\t{ex.text}\n".encode())
    return h.hexdigest()[:12]


def dense(spaced: str) -> str:
    return spaced.replace(" ", "")


class Featuriser:
    def __init__(self) -> None:
        # Chinese has no spaces: character 1-4-grams of the dense text are its words and phrases.
        self.chars = TfidfVectorizer(analyzer="char", ngram_range=(1, 4), sublinear_tf=True, min_df=2,
                                     dtype=np.float32)
        # English phrasing: word uni- and bigrams of the spaced text.
        self.words = TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True, min_df=1,
                                     token_pattern=r"(?u)\b\w+\b", dtype=np.float32)

    def fit_transform(self, spaced: list[str]) -> sp.csr_matrix:
        return sp.hstack([self.chars.fit_transform([dense(s) for s in spaced]), self.words.fit_transform(spaced)],
                         format="csr")

    def transform(self, spaced: list[str]) -> sp.csr_matrix:
        return sp.hstack([self.chars.transform([dense(s) for s in spaced]), self.words.transform(spaced)],
                         format="csr")

    def compile(self, clf: LogisticRegression) -> CompiledLinear:
        """The fitted features and classifier as per-n-gram tables, for scoring without scikit-learn."""
        return CompiledLinear(self.chars.vocabulary_, self.chars.idf_, self.words.vocabulary_, self.words.idf_, clf)


def _fit(x: sp.csr_matrix, y: np.ndarray, c: float) -> LogisticRegression:
    clf = LogisticRegression(C=c, class_weight="balanced", solver="liblinear", max_iter=1000)
    return clf.fit(x, y)


def cv_threshold(raw: list[str], y: np.ndarray, score_fold: Callable[[list[str], np.ndarray, list[str]], list[float]],
                 target_fpr: float, folds: int = 5) -> float:
    """The threshold that refuses at most ``target_fpr`` of the benign examples when each is scored by a model
    that did not see it (``score_fold(train_texts, train_labels, test_texts)``, ``folds``-fold, seeded), and
    never below even odds. Shared by the intent model (input) and the output model."""
    oof = np.zeros(len(raw))
    for train_idx, test_idx in StratifiedKFold(folds, shuffle=True, random_state=7).split(raw, y):
        oof[test_idx] = score_fold([raw[i] for i in train_idx], y[train_idx], [raw[i] for i in test_idx])
    benign = np.sort(oof[y == 0])
    k = int(target_fpr * len(benign))
    return max(0.5, float(benign[len(benign) - 1 - k]) + 1e-6) if len(benign) else 0.5


@dataclass(frozen=True)
class IntentScore:
    score: float  # probability of a harmful request, the highest over the evasion views
    harmful: bool
    view: str


class IntentModel:
    def __init__(self, views: Views, featuriser: Featuriser, clf: LogisticRegression, threshold: float,
                 digest: str, lm: LanguageModel) -> None:
        self._views = views
        self._lm = lm
        self._compiled = featuriser.compile(clf)
        self.threshold = threshold
        # Text decoded from base64, hex, \\u or %-escapes: nobody encodes an ordinary question to an adviser, so
        # the decoded view is refused from this score (measured: ordinary encoded questions score below 0.1).
        self.decoded_threshold = min(threshold, DECODED_THRESHOLD)
        self.digest = digest

    @classmethod
    def train(cls, examples: list[Example], normaliser: Normaliser, c: float = 30.0, target_fpr: float = 0.02,
              folds: int = 5, cache: ThresholdCache = NO_CACHE) -> IntentModel:
        """Fit on all of ``examples``. The threshold is set by cross-validation with the serving scorer (every
        view, highest score): just above all but ``target_fpr`` of the held-out benign examples' scores, and
        never below even odds. Each fold fits its own vocabulary and fluency model, as serving does."""
        views = Views(normaliser)
        raw = [ex.text for ex in examples]
        y = np.array([ex.harmful for ex in examples], dtype=np.int8)

        def score_fold(train: list[str], labels: np.ndarray, test: list[str]) -> list[float]:
            return [s.score for s in cls._fit_all(train, labels, views, c, 0.5, "").score_many(test)]

        digest = corpus_digest(examples)
        threshold = cache.threshold("intent", digest, (c, target_fpr, folds),
                                    lambda: cv_threshold(raw, y, score_fold, target_fpr, folds))
        return cls._fit_all(raw, y, views, c, threshold, digest)

    @classmethod
    def _fit_all(cls, raw: list[str], y: np.ndarray, views: Views, c: float, threshold: float,
                 digest: str) -> IntentModel:
        spaced = [views.spaced(t) for t in raw]
        feats = Featuriser()
        clf = _fit(feats.fit_transform(spaced), y, c)
        return cls(views, feats, clf, threshold, digest, LanguageModel.fit(spaced))

    def score(self, text: str) -> IntentScore:
        """The highest score over the plain text and its evasion views (see ``Views.evasion_views``)."""
        return self.score_many([text])[0]

    def score_many(self, texts: list[str]) -> list[IntentScore]:
        return [self._score(t) for t in texts]

    def _score(self, text: str) -> IntentScore:
        found = self._views.views(text, self._lm)
        # The plain text and its sentences are parts of one text: scored together (one n-gram lookup pass).
        spanned = [v for v in found if v.span is not None]
        if len(spanned) > 1:
            rest = [v for v in found if v.span is None]
            probs = self._compiled.span_probabilities(found[0].text, [(v.text, v.span) for v in spanned if v.span])
        else:
            spanned, rest, probs = [], found, []
        views = [(v.name, v.text) for v in spanned + rest]
        probs += [self._compiled.probability(v.text) for v in rest]
        # An ask split over two sentences: the adjacent pairs of sentences in which one already leans harmful
        # (at most MAX_PAIRS, most leaning first). Scoring every pair made a long prompt cost ~4x its length; on
        # the development and red-team sets no request was caught by a pair and by no other view.
        sentences = [(v, p) for (name, v), p in zip(views, probs, strict=True) if name == "sentence"]
        if len(sentences) > 2:
            leaning = sorted(((max(pa, pb), f"{a} {b}") for (a, pa), (b, pb) in pairwise(sentences)), reverse=True)
            for lean, pair in leaning[:MAX_PAIRS]:
                if lean >= PAIR_FLOOR:
                    views.append(("sentences", pair))
                    probs.append(self._compiled.probability(pair))
        best = max(range(len(probs)), key=probs.__getitem__)
        harmful = probs[best] >= self.threshold
        if not harmful:  # a request hidden in an encoding is held to the stricter bar of its decoded view
            for i, (name, _) in enumerate(views):
                if name == "decoded" and probs[i] >= self.decoded_threshold:
                    harmful, best = True, i
                    break
        return IntentScore(probs[best], harmful, views[best][0])
