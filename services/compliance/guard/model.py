"""The intent layer: a linear classifier over character and word n-grams, trained on a bilingual corpus.

Rules catch the wording they list; a request for help with financial crime is mostly phrased in other words
("怎么让审计看不出来这笔钱的去向", "how do I word the memo so the auditors don't ask"). This layer learns
from a labelled corpus (``guard/data``: harmful requests by category, ordinary advisory questions and hard
negatives that share crime vocabulary) which character and word patterns separate the two, in both
languages at once: character n-grams over the dense normalised view carry Chinese (and words split by spaces
or punctuation); word n-grams over the spaced view carry English phrasing.

Training is deterministic and takes seconds, so the model is trained from the corpus when the service starts
(no opaque artefact in the repository); the decision threshold is chosen by cross-validation so that at most
``target_fpr`` of the benign corpus would be refused. Scoring is a sparse dot product: well under a
millisecond per view, so every evasion view (reversed, leet, ROT13, decoded payloads) is scored too.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import math
import re
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from services.compliance.normalize import LEET, ZERO_WIDTH, Normaliser, decode_payloads

DATA_DIR = Path(__file__).with_name("data")
BENIGN_CATEGORIES = frozenset({"advisory", "hard_negative"})


@dataclass(frozen=True)
class Example:
    text: str
    harmful: bool
    category: str
    lang: str


def load_corpus(data_dir: Path = DATA_DIR) -> list[Example]:
    """Every ``*.tsv`` in ``data_dir``: ``category<TAB>text`` per line; the file name says the language
    (``harmful_zh.tsv``); benign categories are ``advisory`` and ``hard_negative``."""
    examples: list[Example] = []
    for path in sorted(data_dir.glob("*.tsv")):
        lang = path.stem.rsplit("_", 1)[-1]
        with path.open(encoding="utf-8", newline="") as fh:
            for lineno, row in enumerate(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE), 1):
                if len(row) != 2 or not row[1].strip():
                    raise ValueError(f"{path.name}:{lineno}: expected 'category<TAB>text'")
                category, text = row[0].strip(), row[1].strip()
                examples.append(Example(text, category not in BENIGN_CATEGORIES, category, lang))
    if not examples:
        raise ValueError(f"no training corpus in {data_dir}")
    return examples


def corpus_digest(examples: list[Example]) -> str:
    h = hashlib.sha256()
    for ex in examples:
        h.update(f"{ex.category}\t{ex.text}\n".encode())
    return h.hexdigest()[:12]


class Views:
    """The texts the features are computed on, from the compliance normaliser's folding table (width, case,
    traditional→simplified, homoglyphs). Separators become single spaces, so English words stay words; the
    dense form (spaces removed) is what character n-grams see, which rejoins "laun-der" and "洗 钱"."""

    def __init__(self, normaliser: Normaliser) -> None:
        self._table = {k: (None if v is None and chr(k) in ZERO_WIDTH else " " if v is None else v)
                       for k, v in normaliser.table.items()}

    def spaced(self, text: str) -> str:
        return " ".join(text.translate(self._table).split())

    def evasion_views(self, text: str, lm: LanguageModel) -> list[tuple[str, str]]:
        """(name, spaced text): the plain text, then the views that undo cheap evasion, each only when it reads
        more fluently than what was written: leetspeak, ROT13, and clauses read backwards (an instruction in
        plain words may precede a reversed request); decoded base64/hex/\\u payloads always."""
        spaced = self.spaced(text)
        views = [("plain", spaced)]
        fluency = lm.fluency(spaced)
        candidates = [("leet", _LEET_WORD.sub(lambda m: m.group(0).translate(LEET), spaced))]
        if any("a" <= c <= "z" for c in spaced):
            candidates.append(("rot13", codecs.decode(spaced, "rot13")))
        views.extend(v for v in candidates if v[1] != spaced and lm.fluency(v[1]) > fluency)
        clauses = [c for c in (self.spaced(c) for c in _CLAUSES.split(text)) if _wordy(c)]
        flipped = [c[::-1] for c in clauses if len(c) > 3 and lm.fluency(c[::-1]) > lm.fluency(c)]
        if flipped:  # the reversed clauses alone: the instruction around them ("reverse and answer") is noise
            views.append(("reversed", " ".join(flipped)))
        views.extend(("decoded", self.spaced(payload)) for payload in decode_payloads(text))
        sentences = [c for c in (self.spaced(c) for c in _SENTENCES.split(text)) if _substantial(c)]
        if len(sentences) > 2:  # a harmful ask buried among ordinary sentences is diluted in the whole
            views.extend(("sentences", f"{a} {b}") for a, b in pairwise(sentences))
        if len(sentences) > 1:
            views.extend(("sentence", c) for c in sentences)
        if _LETTER_RUN.search(spaced):  # "h o w  d o  I": the dense text is intact, the words are not
            views.append(("joined", _LETTER_RUN.sub(lambda m: lm.segment(m.group(0).replace(" ", "")) + " ",
                                                    spaced)))
        return views


def _wordy(text: str) -> bool:
    """At least four letters or characters: rows of figures (a pasted table) are not sentences."""
    return sum(c.isalpha() for c in text) >= 4


def _substantial(sentence: str) -> bool:
    """Long enough to be judged alone: "Which products fit?" means nothing without the sentence before it."""
    cjk = sum("\u4e00" <= c <= "\u9fff" for c in sentence)
    words = sum(1 for w in sentence.split() if w.isascii() and any(c.isalpha() for c in w))
    return cjk + 2 * words >= 10


# Leetspeak lives in words that mix letters with digits or symbols ("h4ck", "l@under"), not in numbers.
_LEET_WORD = re.compile(r"\S*[a-z]\S*[0-9@$!]\S*|\S*[0-9@$!]\S*[a-z]\S*")
_CLAUSES = re.compile(r"[,.;:!?，。；：！？、\n]+")
_SENTENCES = re.compile(r"(?:[.!?;]\s+|[。！？；\n]|\b(?:then|step \w+|\d\))\s*[:,)]?)", re.IGNORECASE)


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


class LanguageModel:
    """Character-bigram fluency and English word frequencies, fitted on the corpus. Fluency decides whether an
    evasion view is worth scoring: reversed text, leetspeak or ROT13 counts only when it reads more like the
    corpus than the text as written (reversing an ordinary Chinese question gives the same characters in an
    order no one writes, which the classifier must not take for a new text). Word frequencies re-segment
    letter-spaced English ("h o w  d o  I ...") so its words are words again."""

    def __init__(self, bigrams: dict[str, float], unseen: float, words: dict[str, float]) -> None:
        self._bigrams = bigrams
        self._unseen = unseen
        self._words = words

    @classmethod
    def fit(cls, texts: list[str]) -> LanguageModel:
        pairs: Counter[str] = Counter()
        words: Counter[str] = Counter()
        for t in texts:
            pairs.update(t[i:i + 2] for i in range(len(t) - 1))
            words.update(w for w in t.split() if w.isascii() and w.isalpha())
        total = sum(pairs.values()) + len(pairs) + 1
        n_words = sum(words.values()) + 1
        return cls({p: math.log((n + 1) / total) for p, n in pairs.items()}, math.log(1 / total),
                   {w: math.log(n / n_words) for w, n in words.items()})

    def fluency(self, text: str) -> float:
        """Mean log-probability of the text's bigrams."""
        if len(text) < 2:
            return self._unseen
        logp, unseen = self._bigrams, self._unseen
        return sum(logp.get(text[i:i + 2], unseen) for i in range(len(text) - 1)) / (len(text) - 1)

    def segment(self, letters: str) -> str:
        """The most probable split of ``letters`` into corpus words (unknown letters cost dearly)."""
        n = len(letters)
        best: list[tuple[float, int]] = [(0.0, 0)] + [(-math.inf, 0)] * n
        for end in range(1, n + 1):
            for start in range(max(0, end - 18), end):
                word = letters[start:end]
                cost = self._words.get(word, -25.0 * len(word))
                if best[start][0] + cost > best[end][0]:
                    best[end] = (best[start][0] + cost, start)
        out: list[str] = []
        end = n
        while end > 0:
            start = best[end][1]
            out.append(letters[start:end])
            end = start
        return " ".join(reversed(out))


_LETTER_RUN = re.compile(r"(?:\b[a-z]\b ?){4,}")


def _fit(x: sp.csr_matrix, y: np.ndarray, c: float) -> LogisticRegression:
    clf = LogisticRegression(C=c, class_weight="balanced", solver="liblinear", max_iter=1000)
    return clf.fit(x, y)


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
        self._featuriser = featuriser
        self._clf = clf
        self.threshold = threshold
        self.digest = digest

    @classmethod
    def train(cls, examples: list[Example], normaliser: Normaliser, c: float = 30.0, target_fpr: float = 0.02,
              folds: int = 5) -> IntentModel:
        """Fit on all of ``examples``. The threshold is set by cross-validation with the serving scorer (every
        view, highest score): just above all but ``target_fpr`` of the held-out benign examples' scores, and
        never below even odds. Each fold fits its own vocabulary and fluency model, as serving does."""
        views = Views(normaliser)
        raw = [ex.text for ex in examples]
        y = np.array([ex.harmful for ex in examples], dtype=np.int8)
        oof = np.zeros(len(examples))
        for train_idx, test_idx in StratifiedKFold(folds, shuffle=True, random_state=7).split(raw, y):
            fold = cls._fit_all([raw[i] for i in train_idx], y[train_idx], views, c, 0.5, "")
            oof[test_idx] = [s.score for s in fold.score_many([raw[i] for i in test_idx])]
        benign = np.sort(oof[y == 0])
        k = int(target_fpr * len(benign))
        threshold = max(0.5, float(benign[len(benign) - 1 - k]) + 1e-6) if len(benign) else 0.5
        return cls._fit_all(raw, y, views, c, threshold, corpus_digest(examples))

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
        """Scores for many texts in one vectorised pass (the per-call overhead dominates for one text)."""
        per_text = [self._views.evasion_views(t, self._lm) for t in texts]
        flat = [v for views in per_text for _, v in views]
        probs = self._clf.predict_proba(self._featuriser.transform(flat))[:, 1]
        out: list[IntentScore] = []
        at = 0
        for views in per_text:
            chunk = probs[at:at + len(views)]
            best = int(np.argmax(chunk))
            out.append(IntentScore(float(chunk[best]), bool(chunk[best] >= self.threshold), views[best][0]))
            at += len(views)
        return out
