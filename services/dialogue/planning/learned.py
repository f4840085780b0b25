"""The planner's learned intent layer: a small classifier trained at service start on the intents corpus
(``corpus/``, written apart from every evaluation set; its README says how).

Features are character n-grams of the message with its numbers folded to one symbol (the rules and extraction
read the numbers; this layer reads the wording), so it works the same on Chinese, which has no spaces, and on
English. A logistic regression gives a probability per label; intent.py combines it with the keyword rules.
Training takes one to ten seconds on a busy two-core machine, so the fitted numbers are kept on disk
(``cached``), keyed by a digest of the corpus, the parameters and this module's source: a stale model can never be
read, and an unwritable cache only costs the training. A prediction takes a fraction of a millisecond.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import re
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

CORPUS = Path(__file__).parent / "corpus"
C = 30.0  # the regularisation chosen by cross-validation on the corpus
DEFAULT_CACHE = Path(__file__).resolve().parents[3] / "var" / "cache" / "dialogue"  # git-ignored
STALE_AFTER_S = 86_400.0
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

    def __init__(self, rows: list[tuple[str, str]] | None = None, c: float = C) -> None:
        from sklearn.linear_model import LogisticRegression
        from threadpoolctl import threadpool_limits

        rows = rows if rows is not None else load_corpus()
        vectorizer = _vectorizer()
        features = vectorizer.fit_transform([normalise(t) for _, t in rows])
        model = LogisticRegression(C=c, solver="newton-cg", max_iter=500)
        with threadpool_limits(1):  # on a shared 2-core box BLAS threads made this fit 8x slower, not faster
            model.fit(features, [label for label, _ in rows])
        # one message at a time, scikit-learn's input checks cost more than the arithmetic: keep the numbers
        self._set(labels=[str(x) for x in model.classes_], index=dict(vectorizer.vocabulary_),
                  idf=np.asarray(vectorizer.idf_, dtype=np.float64),
                  coef=np.asarray(model.coef_, dtype=np.float64).T.copy(),  # features x labels
                  intercept=np.asarray(model.intercept_, dtype=np.float64))

    def _set(self, labels: list[str], index: dict[str, int], idf: np.ndarray, coef: np.ndarray,
             intercept: np.ndarray) -> None:
        self.labels = labels
        self._analyse = _vectorizer().build_analyzer()  # the analyser needs no fitting: the same n-grams
        self._index = index
        self._idf, self._coef, self._intercept = idf, coef, intercept

    def save(self, path: Path) -> None:
        """The fitted numbers only (no pickle): vocabulary and labels as JSON, the arrays as .npz, one file."""
        grams = sorted(self._index, key=self._index.__getitem__)
        meta = json.dumps({"labels": self.labels, "grams": grams}, ensure_ascii=False)
        with path.open("wb") as f:
            np.savez(f, idf=self._idf, coef=self._coef, intercept=self._intercept,
                     meta=np.frombuffer(meta.encode("utf-8"), dtype=np.uint8))

    @classmethod
    def load(cls, path: Path) -> LearnedIntents:
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(bytes(data["meta"]).decode("utf-8"))
            self = cls.__new__(cls)
            self._set(labels=list(meta["labels"]), index={g: i for i, g in enumerate(meta["grams"])},
                      idf=data["idf"], coef=data["coef"], intercept=data["intercept"])
        return self

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


def _vectorizer() -> Any:  # scikit-learn is imported where a model is used, not at import
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), sublinear_tf=True, min_df=1)


def digest(directory: Path = CORPUS, c: float = C) -> str:
    """What the fitted numbers depend on: every corpus file, the parameters and this module's code."""
    h = hashlib.sha256(f"c={c}".encode())
    for path in [*sorted(directory.glob("intents_*.tsv")), Path(__file__)]:
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def cached(cache_dir: Path | None, directory: Path = CORPUS) -> LearnedIntents:
    """The model fitted on ``directory``: read from ``cache_dir`` when fitted on the same inputs before, else
    trained and written there (atomically; a cache that cannot be read or written only costs the training)."""
    if cache_dir is None:
        return LearnedIntents(load_corpus(directory))
    path = cache_dir / f"planner-intents-{digest(directory)}.npz"
    try:
        return LearnedIntents.load(path)
    except FileNotFoundError:
        pass
    except (OSError, ValueError, KeyError) as exc:  # a torn or foreign file: train again and replace it
        log.warning("planner intent model cache unreadable, training", extra={"path": str(path), "error": str(exc)})
    model = LearnedIntents(load_corpus(directory))
    tmp = None
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache_dir, suffix=".tmp")
        os.close(fd)
        model.save(Path(tmp))
        os.replace(tmp, path)
        # fitted on another corpus or code: removed once nobody has written it for a day (two versions sharing the
        # directory, in a rolling deploy, must not delete each other's file and retrain on every start)
        for stale in cache_dir.glob("planner-intents-*.npz"):
            if stale != path and time.time() - stale.stat().st_mtime > STALE_AFTER_S:
                stale.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("planner intent model not cached", extra={"path": str(path), "error": str(exc)})
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
    return model


@functools.cache
def shared_model() -> LearnedIntents:
    """One model per process, read from the repository's cache or trained on first use (tests, tools; the
    service builds its own in a warm step, from the cache directory its settings name)."""
    return cached(DEFAULT_CACHE)
