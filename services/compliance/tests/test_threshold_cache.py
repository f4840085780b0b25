"""The memoised cross-validated thresholds: the same inputs read the stored value, any change to the corpus, the
parameters or the code computes a new one, and a cache that cannot be written only costs the computation."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.compliance.intent import model as intent_model
from services.compliance.intent.model import IntentModel, load_corpus
from services.compliance.normalize import Normaliser
from services.compliance.threshold_cache import ThresholdCache, source_digest


def test_the_same_inputs_are_computed_once(tmp_path: Path) -> None:
    calls: list[float] = []

    def compute(value: float) -> float:
        calls.append(value)
        return value

    first = ThresholdCache(tmp_path, code="v1")
    assert first.threshold("intent", "corpus-a", (30.0, 0.02, 5), lambda: compute(0.81)) == 0.81
    again = ThresholdCache(tmp_path, code="v1")  # another process start
    assert again.threshold("intent", "corpus-a", (30.0, 0.02, 5), lambda: compute(0.5)) == 0.81
    assert calls == [0.81]
    assert again.threshold("intent", "corpus-b", (30.0, 0.02, 5), lambda: compute(0.7)) == 0.7  # corpus changed
    assert again.threshold("intent", "corpus-a", (30.0, 0.01, 5), lambda: compute(0.9)) == 0.9  # parameters
    assert ThresholdCache(tmp_path, code="v2").threshold("intent", "corpus-a", (30.0, 0.02, 5),
                                                         lambda: compute(0.6)) == 0.6  # code changed
    assert calls == [0.81, 0.7, 0.9, 0.6]


def test_an_unwritable_or_corrupt_cache_only_costs_the_computation(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    assert ThresholdCache(blocked / "sub", code="v").threshold("x", "c", (), lambda: 0.42) == 0.42
    cache = ThresholdCache(tmp_path / "ok", code="v")
    cache.threshold("x", "c", (), lambda: 0.3)
    [stored] = list((tmp_path / "ok").glob("x-*.json"))
    stored.write_text("{broken")
    assert cache.threshold("x", "c", (), lambda: 0.35) == 0.35


def test_the_code_digest_covers_the_scoring_source_not_the_tests() -> None:
    root = Path(intent_model.__file__).resolve().parents[1]
    assert source_digest(root) == source_digest(root)
    assert len(source_digest(root)) == 64


def test_a_trained_model_reuses_its_threshold(tmp_path: Path, normaliser: Normaliser,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = load_corpus()
    sample = [e for e in corpus if e.harmful][:150] + [e for e in corpus if not e.harmful][:150]
    cache = ThresholdCache(tmp_path)
    first = IntentModel.train(sample, normaliser, cache=cache)

    def no_cross_validation(*args: object, **kwargs: object) -> float:
        raise AssertionError("the threshold should have been read from the cache")

    monkeypatch.setattr(intent_model, "cv_threshold", no_cross_validation)
    second = IntentModel.train(sample, normaliser, cache=ThresholdCache(tmp_path))
    assert second.threshold == first.threshold
    assert [s.score for s in second.score_many(["怎么洗钱", "什么是ETF"])] == [
        s.score for s in first.score_many(["怎么洗钱", "什么是ETF"])]
