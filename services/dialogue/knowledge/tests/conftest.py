"""A tiny deterministic embedder for unit tests: hashed bag of words (English) and characters (Chinese)."""

from __future__ import annotations

import re
import threading
import zlib

import numpy as np
import pytest

from services.dialogue.knowledge import KnowledgeBase

_TOKENS = re.compile(r"[a-z0-9]+|[\u3400-\u9fff]")
_STOP = {"a", "an", "the", "is", "what", "of", "to", "and", "or", "in", "on", "it", "my", "i", "do", "does", "how"}


class FakeEmbedder:
    """Unit vectors of hashed word counts; records the threads it ran on."""

    def __init__(self, dims: int = 512) -> None:
        self.dims = dims
        self.calls = 0
        self.threads: list[str] = []

    def encode(self, texts: list[str]) -> np.ndarray:
        self.calls += 1
        self.threads.append(threading.current_thread().name)
        rows = np.zeros((len(texts), self.dims), dtype=np.float32)
        for row, text in zip(rows, texts, strict=True):
            for token in _TOKENS.findall(text.lower()):
                if token not in _STOP:
                    row[zlib.crc32(token.rstrip("s").encode()) % self.dims] += 1.0
            norm = float(np.linalg.norm(row))
            if norm:
                row /= norm
        return rows


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load()
