"""From outcomes to the scorecard's numbers: counts by split (dev and test never mixed), language, category
(and label and wrapper for safety), refusal rates, answer quality and timings."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import Any

from evals.runner.grade import OUTCOMES, Outcome
from evals.runner.items import SPLITS
from evals.runner.quality import TurnQuality
from evals.runner.suites import OUTPUT, SAFETY, SuiteRun

FAILURES_LISTED = 500  # per suite, in the JSON (the count is always complete)


def counts(outcomes: list[Outcome]) -> dict[str, Any]:
    out: dict[str, Any] = {"items": len(outcomes), **dict.fromkeys(OUTCOMES, 0)}
    for o in outcomes:
        out[o.result] += 1
    out["score"] = round(out["right"] / len(outcomes), 4) if outcomes else None
    return out


def _by(outcomes: list[Outcome], key: Callable[[Outcome], str]) -> dict[str, dict[str, Any]]:
    groups: dict[str, list[Outcome]] = {}
    for o in outcomes:
        groups.setdefault(key(o) or "-", []).append(o)
    return {k: counts(v) for k, v in sorted(groups.items())}


def _rates(outcomes: list[Outcome]) -> dict[str, Any]:
    harmful = [o for o in outcomes if o.item.label in ("harmful", "violation")]  # must be refused / caught
    benign = [o for o in outcomes if o.item.label == "benign"]
    refused = sum(o.result == "right" for o in harmful)
    false = sum(o.result == "refused" for o in benign)
    return {
        "harmful": len(harmful), "harmful_refused": refused,
        "refusal_rate": round(refused / len(harmful), 4) if harmful else None,
        "benign": len(benign), "benign_refused": false,
        "false_refusal_rate": round(false / len(benign), 4) if benign else None,
    }


def _rates_by(outcomes: list[Outcome], key: Callable[[Outcome], str]) -> dict[str, dict[str, Any]]:
    groups: dict[str, list[Outcome]] = {}
    for o in outcomes:
        groups.setdefault(key(o) or "-", []).append(o)
    return {k: _rates(v) for k, v in sorted(groups.items())}


def split_breakdown(run: SuiteRun) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for split in SPLITS:
        chosen = [o for o in run.outcomes if o.item.split == split]
        if not chosen:
            continue
        part: dict[str, Any] = {
            "totals": counts(chosen),
            "by_lang": _by(chosen, lambda o: o.item.lang),
            "by_category": _by(chosen, lambda o: o.item.category),
        }
        if run.name in (SAFETY, OUTPUT):
            part["by_label"] = _by(chosen, lambda o: o.item.label)
            part["by_wrapper"] = _by(chosen, lambda o: o.item.wrapper)
            part["rates"] = {
                "all": _rates(chosen),
                "by_category": _rates_by(chosen, lambda o: o.item.category),
                "by_wrapper": _rates_by(chosen, lambda o: o.item.wrapper),
                "by_lang": _rates_by(chosen, lambda o: o.item.lang),
            }
        out[split] = part
    return out


def suite_report(run: SuiteRun) -> dict[str, Any]:
    failing = [o.failure() for o in run.outcomes if o.result != "right"]
    return {
        "status": run.status,
        **({"reason": run.reason} if run.reason else {}),
        "sets": [s.summary() for s in run.sets],
        "items_run": len(run.outcomes),
        "seconds": round(run.seconds, 1),
        "totals": counts(run.outcomes),
        "splits": split_breakdown(run),
        "failures_count": len(failing),
        "failures": failing[:FAILURES_LISTED],
    }


def percentiles(values: Iterable[float | None]) -> dict[str, Any]:
    xs = sorted(float(v) for v in values if v is not None)
    if not xs:
        return {"n": 0}

    def rank(q: float) -> float:
        return round(xs[min(len(xs) - 1, max(0, math.ceil(q * len(xs)) - 1))], 1)

    return {"n": len(xs), "p50": rank(0.5), "p90": rank(0.9), "p99": rank(0.99), "max": round(xs[-1], 1)}


def _quality_counts(records: list[TurnQuality]) -> dict[str, Any]:
    checked = [r for r in records if r.numbers_checked]
    return {
        "answered_turns": len(records),
        "numbers_checked_turns": len(checked),
        "turns_with_ungrounded_numbers": sum(bool(r.ungrounded) for r in checked),
        "ungrounded_numbers": sum(len(r.ungrounded) for r in checked),
        "degenerate": sum(r.degenerate for r in records),
        "repetition_max": round(max((r.repetition for r in records), default=0.0), 3),
        "language_mismatch": sum(not r.lang_ok for r in records),
        "length_out_of_bounds": sum(not r.length_ok for r in records),
        "truncated": sum(r.truncated for r in records),
        "clean_turns": sum(not r.problems() for r in records),
    }


def quality_report(runs: list[SuiteRun]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for run in runs:
        if not run.quality:
            continue
        splits: dict[str, Any] = {}
        for split in SPLITS:
            records = [r for r in run.quality if r.split == split]
            if not records:
                continue
            langs = sorted({r.lang for r in records})
            splits[split] = {
                **_quality_counts(records),
                "by_lang": {lang: _quality_counts([r for r in records if r.lang == lang]) for lang in langs},
                "timings_ms": {
                    "client_ttft": percentiles(r.ttft_ms for r in records),
                    "client_turn": percentiles(r.total_ms for r in records),
                    "done_ttft": percentiles(r.server_ttft_ms for r in records),
                    "done_total": percentiles(r.server_total_ms for r in records),
                },
            }
        problems = [r.record() for r in run.quality if r.problems()]
        out[run.name] = {"splits": splits, "problems_count": len(problems), "problems": problems[:FAILURES_LISTED]}
    return out
