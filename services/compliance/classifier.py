"""The paraphrase layer: nearest-exemplar classification on sentence embeddings from an offline model.

Rules catch the wording they list; this layer catches requests that mean the same thing in other words
("make dirty cash look clean"). Exemplars are data (``rules/exemplars.yaml``): harmful requests by category
and ordinary advisory questions. A text is flagged when it is closer to a harmful exemplar than ``threshold``
and closer to it than to any benign exemplar by ``margin``. The model is loaded once in ``main()`` and passed
in; encoding runs in a thread so the event loop (and health checks) stay responsive.
"""

from __future__ import annotations

from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

from services.common.embeddings import Embedder, encode_off_loop


@dataclass(frozen=True)
class Verdict:
    harmful: bool
    score: float  # cosine similarity to the nearest harmful exemplar
    benign_score: float
    category: str
    nearest: str


@dataclass(frozen=True)
class Exemplars:
    harmful: list[tuple[str, str]]  # (category, text)
    benign: list[str]

    @classmethod
    def load(cls, path: Path) -> Exemplars:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        harmful = [(cat, str(t)) for cat, texts in data["harmful"].items() for t in texts]
        return cls(harmful=harmful, benign=[str(t) for t in data["benign"]])


def latin_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    return sum(c.isascii() for c in letters) / len(letters) if letters else 0.0


class ExemplarClassifier:
    """Only English text is classified: all-MiniLM-L6-v2 is an English model, and on Chinese its scores do not
    separate harmful from benign (measured: ~30% false positives), so Chinese relies on the rule layer."""

    def __init__(self, embedder: Embedder, exemplars: Exemplars, threshold: float = 0.58, margin: float = 0.10,
                 min_latin: float = 0.7) -> None:
        self._embedder = embedder
        self._exemplars = exemplars
        self.threshold = threshold
        self.margin = margin
        self.min_latin = min_latin
        self._harmful = embedder.encode([t for _, t in exemplars.harmful])
        self._benign = embedder.encode(exemplars.benign)

    def applies(self, text: str) -> bool:
        return latin_share(text) >= self.min_latin

    def classify(self, text: str) -> Verdict:
        return self._verdict(self._embedder.encode([text])[0])

    def _verdict(self, vec: np.ndarray) -> Verdict:
        h_sims = self._harmful @ vec
        b_sims = self._benign @ vec
        hi = int(np.argmax(h_sims))
        h, b = float(h_sims[hi]), float(np.max(b_sims))
        category, nearest = self._exemplars.harmful[hi]
        return Verdict(h >= self.threshold and h - b >= self.margin, h, b, category, nearest)

    async def classify_async(self, text: str, executor: Executor | None = None) -> Verdict:
        """Off the event loop; with the shared embedder, batched with other inputs screened at the same time."""
        return self._verdict((await encode_off_loop(self._embedder, [text], executor))[0])
