"""Compliance benchmark: per-chunk review latency and throughput on one core, input screening latency
(rules + the real embedding classifier), and precision / recall / false-positive rate on the project's own
labelled evaluation set (services/compliance/eval/eval_set.jsonl).

    python -m bench.compliance_bench     # prints JSON; bench.run can call run()

Runs in this process on one thread (torch limited to one thread), so figures are per core.
"""

from __future__ import annotations

import asyncio
import json
import os
import platform
import time
from pathlib import Path
from typing import Any

from services.common.embeddings import SentenceEmbedder
from services.compliance.classifier import ExemplarClassifier, Exemplars
from services.compliance.engine import Engine, EngineHolder
from services.compliance.evaluation import evaluate, load_eval_set
from services.compliance.review import StreamReviewer
from services.compliance.screening import screen_input, screen_rules
from services.compliance.settings import DEFAULT_RULES_DIR, ComplianceSettings

TARGETS = {
    "chunk_review_p99_ms": 1.0,
    "chunk_reviews_per_s": 20_000,
    "input_screen_p99_ms": 10.0,
    "recall": 0.95,
    "fpr": 0.02,
}
BENIGN = DEFAULT_RULES_DIR.parent / "eval" / "benign_advisory.txt"
# Written after the last tuning round and never tuned on: reported apart from the development set.
HELD_OUT = ("holdout4", "holdout5", "benign_holdout2", "benign_holdout3")


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))]


def _answers() -> list[tuple[str, str]]:
    lines = [ln for ln in BENIGN.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    zh = "".join(ln for ln in lines if not ln.isascii())
    en = " ".join(ln for ln in lines if ln.isascii())
    return [("zh-CN", zh), ("en", en)]


def bench_chunks(engine: Engine, rounds: int = 20) -> dict[str, Any]:
    """Stream realistic answers in chunks of ~16 tokens (24 CJK or 64 Latin characters) through reviewers."""
    durations: list[float] = []
    total_chunks, total_s = 0, 0.0
    for _ in range(rounds):
        for locale, text in _answers():
            size = 24 if locale == "zh-CN" else 64
            chunks = [text[i:i + size] for i in range(0, len(text), size)]
            for start in range(0, len(chunks), 30):  # one answer = 30 chunks
                reviewer = StreamReviewer(engine, locale, "advice")
                for chunk in chunks[start:start + 30]:
                    t0 = time.perf_counter()
                    reviewer.feed(chunk)
                    durations.append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                reviewer.finish()
                durations.append(time.perf_counter() - t0)
    total_chunks, total_s = len(durations), sum(durations)
    return {
        "chunks": total_chunks,
        "chunk_review_p50_ms": round(_pct(durations, 0.50) * 1000, 4),
        "chunk_review_p99_ms": round(_pct(durations, 0.99) * 1000, 4),
        "chunk_reviews_per_s": round(total_chunks / total_s),
    }


async def bench_input(engine: Engine, classifier: ExemplarClassifier | None) -> dict[str, Any]:
    items = [i for i in load_eval_set() if i["scope"] in ("input", "both")]
    durations: list[float] = []
    for item in items:
        t0 = time.perf_counter()
        await screen_input(engine, item["text"], "en" if item["lang"] == "en" else "zh-CN", classifier)
        durations.append(time.perf_counter() - t0)
    return {
        "inputs": len(items),
        "p50_ms": round(_pct(durations, 0.50) * 1000, 3),
        "p99_ms": round(_pct(durations, 0.99) * 1000, 3),
    }


def bench_input_cpu(engine: Engine, classifier: ExemplarClassifier) -> dict[str, Any]:
    """The same screening, synchronously, timed in thread CPU time: what one core spends per input, which on a
    shared machine is a fairer per-core figure than wall time (other processes steal the core mid-call)."""
    items = [i for i in load_eval_set() if i["scope"] in ("input", "both")]
    cpu: list[float] = []
    for item in items:
        t0 = time.thread_time()
        _, _, hits = screen_rules(engine, item["text"])
        if not any(h.rule.action == "block" for h in hits) and classifier.applies(item["text"]):
            classifier.classify(item["text"])
        cpu.append(time.thread_time() - t0)
    return {"inputs": len(items), "cpu_p50_ms": round(_pct(cpu, 0.50) * 1000, 3),
            "cpu_p99_ms": round(_pct(cpu, 0.99) * 1000, 3)}


def _machine() -> dict[str, Any]:
    return {"cpus": os.cpu_count(), "python": platform.python_version(), "load_avg_1m": os.getloadavg()[0]}


async def _run() -> dict[str, Any]:
    engine = EngineHolder(DEFAULT_RULES_DIR).engine
    settings = ComplianceSettings()
    t0 = time.perf_counter()
    classifier = ExemplarClassifier(SentenceEmbedder.load(1, settings.classifier_int8),
                                    Exemplars.load(DEFAULT_RULES_DIR / "exemplars.yaml"),
                                    settings.classifier_threshold, settings.classifier_margin)
    load_s = time.perf_counter() - t0
    chunks = bench_chunks(engine)
    rules_only = await bench_input(engine, None)
    with_clf = await bench_input(engine, classifier)
    with_clf_cpu = bench_input_cpu(engine, classifier)
    items = load_eval_set()
    dev = [i for i in items if i["category"] not in HELD_OUT]
    held = [i for i in items if i["category"] in HELD_OUT]
    full = (await evaluate(engine, classifier, dev)).to_dict()
    rules_eval = (await evaluate(engine, None, dev)).to_dict()
    held_out = (await evaluate(engine, classifier, held)).to_dict()
    overall = full["overall"]
    return {
        "machine": _machine(),
        "rules_version": engine.ruleset.version,
        "classifier_load_s": round(load_s, 2),
        "classifier_int8": settings.classifier_int8,
        "chunk_review": chunks,
        "input_screen_rules_only": rules_only,
        "input_screen_with_classifier": with_clf,
        "input_screen_with_classifier_cpu": with_clf_cpu,
        "eval_with_classifier": full,
        "eval_rules_only": {"overall": rules_eval["overall"]},
        # Never used for tuning: the honest estimate for unseen phrasings (docs/compliance.md).
        "held_out": {"overall": held_out["overall"], "by_lang": {k: v for k, v in held_out["groups"].items()
                                                                 if k.startswith("lang:")},
                     "misses": held_out["misses"], "false_positives": held_out["false_positives"]},
        "targets": TARGETS,
        "meets": {
            "chunk_review_p99_ms": chunks["chunk_review_p99_ms"] <= TARGETS["chunk_review_p99_ms"],
            "chunk_reviews_per_s": chunks["chunk_reviews_per_s"] >= TARGETS["chunk_reviews_per_s"],
            "input_screen_p99_ms": with_clf["p99_ms"] <= TARGETS["input_screen_p99_ms"],
            "input_screen_cpu_p99_ms": with_clf_cpu["cpu_p99_ms"] <= TARGETS["input_screen_p99_ms"],
            "recall": overall["recall"] >= TARGETS["recall"],
            "fpr": overall["fpr"] <= TARGETS["fpr"],
            "held_out_refusal_98pct": held_out["overall"]["recall"] >= 0.98,
            "held_out_benign_refused_2pct": held_out["overall"]["fpr"] <= 0.02,
        },
    }


def run() -> dict[str, Any]:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    return asyncio.run(_run())


def main() -> None:
    result = run()
    print(json.dumps(result, ensure_ascii=False, indent=2))
    out = Path(os.environ.get("COMPLIANCE_BENCH_OUT", ""))
    if out.name:
        out.write_text(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
