"""The learned layer's fitted numbers kept on disk, and the service's warm step: the same inputs read the stored
model (identical probabilities), any change of the corpus trains a new one, a cache that cannot be written only
costs the training, and turns that come during the warm step wait for it instead of being placed without it."""

from __future__ import annotations

import asyncio
import os
import threading
import time
from pathlib import Path

import numpy as np

from services.dialogue.planning.intent import IntentClassifier
from services.dialogue.planning.learned import STALE_AFTER_S, LearnedIntents, Reading, cached, digest

ROWS = """loan_schedule\tmonthly payment on a mortgage of 0 over 0 years
loan_schedule\t房贷0万0年月供多少
savings_projection\tif I save 0 a month at 0% how much will I have
savings_projection\t每月定投0元十年后有多少
explain_term\twhat does sharpe ratio mean
explain_term\t什么是最大回撤
"""


def _corpus(tmp_path: Path, rows: str = ROWS) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir(exist_ok=True)
    (corpus / "intents_en.tsv").write_text(rows, encoding="utf-8")
    return corpus


def test_a_cached_model_reads_exactly_as_the_trained_one(tmp_path: Path) -> None:
    corpus, cache = _corpus(tmp_path), tmp_path / "cache"
    trained = cached(cache, corpus)
    files = list(cache.glob("*.npz"))
    assert [f.name for f in files] == [f"planner-intents-{digest(corpus)}.npz"]
    loaded = LearnedIntents.load(files[0])
    for text in ("my mortgage payment for 20 years?", "定投每月2000", "夏普比率是什么意思", "unseen words"):
        np.testing.assert_allclose(loaded.probabilities(text), trained.probabilities(text), rtol=0, atol=1e-12)
    assert loaded.labels == trained.labels and cached(cache, corpus).read("房贷月供") == trained.read("房贷月供")


def test_a_changed_corpus_is_trained_again(tmp_path: Path) -> None:
    corpus, cache = _corpus(tmp_path), tmp_path / "cache"
    before = digest(corpus)
    cached(cache, corpus)
    old = cache / f"planner-intents-{before}.npz"
    _corpus(tmp_path, ROWS + "small_talk\thello there\n")
    assert digest(corpus) != before
    model = cached(cache, corpus)
    assert "small_talk" in model.labels
    # the other version's file stays while it may still be in use (a rolling deploy sharing the directory)...
    assert sorted(f.name for f in cache.glob("*.npz")) == sorted([old.name, f"planner-intents-{digest(corpus)}.npz"])
    day_ago = time.time() - STALE_AFTER_S - 60
    os.utime(old, (day_ago, day_ago))
    _corpus(tmp_path, ROWS + "small_talk\thello again\n")
    cached(cache, corpus)
    assert not old.exists()  # ...and goes once nobody wrote it for a day


def test_an_unwritable_or_torn_cache_only_costs_the_training(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    blocked = tmp_path / "a-file"
    blocked.write_text("not a directory")
    assert "loan_schedule" in cached(blocked, corpus).labels
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / f"planner-intents-{digest(corpus)}.npz").write_bytes(b"torn")
    assert cached(cache, corpus).read("房贷月供多少").label == "loan_schedule"
    assert LearnedIntents.load(cache / f"planner-intents-{digest(corpus)}.npz").labels  # replaced by a good one


class Always(LearnedIntents):
    """A learned layer that always reads one label with certainty (no training)."""

    def __init__(self, label: str) -> None:
        self._reading = Reading(label, 0.99, "explain_term", 0.01)

    def read(self, text: str) -> Reading:
        return self._reading


async def test_turns_during_the_warm_step_wait_for_one_build() -> None:
    gate, builds = threading.Event(), []

    def load() -> LearnedIntents:
        gate.wait()
        builds.append(1)
        return Always("risk_assessment")

    classifier = IntentClassifier(load=load)
    assert builds == []  # nothing is built when the service wires its dependencies
    warm = asyncio.create_task(classifier.warm_async())
    turns = [asyncio.create_task(classifier.classify_async(t)) for t in ("where do I stand, honestly?", "嗯，我呢？")]
    for _ in range(20):
        await asyncio.sleep(0)
    assert not any(t.done() for t in turns)  # held while the layer is built, not placed without it
    gate.set()
    placed = await asyncio.gather(*turns)
    await warm
    assert builds == [1] and [(c.intent, c.layer) for c in placed] == [("risk_assessment", "learned")] * 2
