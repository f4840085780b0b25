"""Cross-validated thresholds of the learned layers, memoised on disk.

The cross-validation is most of a learned layer's start-up time (five extra fits; about a minute on a busy 2-core
machine for the intent model), and its result is a pure function of the corpus, the training parameters and the
code that featurises and scores. All three are in the key (the code as a digest of the compliance package's
source), so a stale threshold cannot be read: any change to them computes and stores a new one. Without a
directory, or when it cannot be written (a read-only image), every start simply computes it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger(__name__)
PACKAGE = Path(__file__).resolve().parent


def source_digest(root: Path = PACKAGE) -> str:
    """The compliance package's Python source (the normaliser, views, featurisers and scorers all live there)."""
    h = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        if "tests" not in path.relative_to(root).parts:
            h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


class ThresholdCache:
    def __init__(self, directory: Path | None, code: str | None = None) -> None:
        self._dir = directory
        self._code = code if code is not None else source_digest()

    def threshold(self, name: str, corpus: str, params: tuple[object, ...], compute: Callable[[], float]) -> float:
        """The stored threshold for exactly these inputs, or ``compute()`` (then stored)."""
        key = hashlib.sha256(json.dumps([name, corpus, list(map(str, params)), self._code]).encode()).hexdigest()
        path = self._dir / f"{name}-{key[:32]}.json" if self._dir is not None else None
        if path is not None and path.is_file():
            with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
                return float(json.loads(path.read_text())["threshold"])
        value = compute()
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
                with os.fdopen(fd, "w") as f:
                    json.dump({"threshold": value, "name": name, "corpus": corpus}, f)
                os.replace(tmp, path)  # atomic: a concurrent start reads the old file or the new one
            except OSError as err:
                log.warning("threshold not cached (%s): computed again at the next start", err)
        return value


NO_CACHE = ThresholdCache(None, code="")
