"""The labelled evaluation set is reproducible from its seeds, and the rule layer alone meets the targets on
its non-paraphrase part (paraphrases and hold-outs are measured with the classifier by ``make bench``)."""

from __future__ import annotations

import orjson

from evals.own.compliance.evaluation import EVAL_SET, evaluate, load_eval_set
from evals.own.compliance.labelled.build_eval import build
from services.compliance.rulebook import Rulebook


def test_eval_set_file_matches_its_builder() -> None:
    assert EVAL_SET.read_bytes() == b"".join(orjson.dumps(i) + b"\n" for i in build())


async def test_rules_alone_meet_targets_on_the_non_paraphrase_items(rulebook: Rulebook) -> None:
    excluded = ("paraphrase", "holdout", "holdout2", "holdout3", "holdout4", "holdout5")
    items = [i for i in load_eval_set() if i["category"] not in excluded]
    report = await evaluate(rulebook, items=items)
    summary = report.overall.summary()
    assert summary["recall"] >= 0.95, report.to_dict()["misses"]
    assert summary["fpr"] <= 0.02, report.to_dict()["false_positives"]
    for lang in ("zh", "en"):
        assert report.groups[f"lang:{lang}"].summary()["recall"] >= 0.95
