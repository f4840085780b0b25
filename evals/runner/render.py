"""The scorecard as Markdown (the JSON is the record; this is for reading)."""

from __future__ import annotations

import json
from typing import Any

from evals.runner.items import SPLITS

FAILURES_SHOWN = 15


def _row(cells: list[Any]) -> str:
    return "| " + " | ".join("" if c is None else str(c) for c in cells) + " |"


def _table(header: list[str], rows: list[list[Any]]) -> list[str]:
    return [_row(header), _row(["---"] * len(header)), *(_row(r) for r in rows), ""]


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


def _count_rows(groups: dict[str, dict[str, Any]]) -> list[list[Any]]:
    return [[k, c["items"], c["right"], c["wrong"], c["asked"], c["refused"], _pct(c["score"])]
            for k, c in groups.items()]


COUNT_HEADER = ["", "items", "right", "wrong", "asked back / abstained", "refused", "score"]


def _previous_score(previous: dict[str, Any] | None, suite: str, split: str) -> float | None:
    if not previous:
        return None
    part = previous.get("suites", {}).get(suite, {}).get("splits", {}).get(split)
    return part["totals"]["score"] if part else None


def _summary(card: dict[str, Any], previous: dict[str, Any] | None) -> list[str]:
    rows = []
    for name, suite in card["suites"].items():
        if suite["status"] != "ran":
            rows.append([name, "-", "-", "-", "-", "-", "-", f"{suite['status']}: {suite.get('reason', '')}", "-"])
            continue
        for split, part in suite["splits"].items():
            t = part["totals"]
            prev = _previous_score(previous, name, split)
            rows.append([name, split, t["items"], t["right"], t["wrong"], t["asked"], t["refused"],
                         _pct(t["score"]), _pct(prev)])
    return _table(["suite", "split", "items", "right", "wrong", "asked", "refused", "score", "previous"], rows)


def _failures(failures: list[dict[str, Any]], total: int) -> list[str]:
    if not failures:
        return []
    lines = [f"Items not right: {total} (all listed in scorecard.json); the first {min(total, FAILURES_SHOWN)}:", ""]
    for f in failures[:FAILURES_SHOWN]:
        extra = {k: v for k, v in f.items() if k in ("expected_intent", "actual_intent", "expected_card",
                                                      "actual_cards", "answer", "reference_line", "expected")}
        lines.append(f"- `{f['id']}` ({f['split']}, {f['lang']}, {f['category']}): {f['outcome']}, {f['reason']}"
                     + (f" {json.dumps(extra, ensure_ascii=False)}" if extra else ""))
    return [*lines, ""]


def _suite(name: str, suite: dict[str, Any]) -> list[str]:
    lines = [f"## {name}", ""]
    sets = [f"`{s['name']}` ({s['status']}, {s['items']} items{', ' + s['reason'] if s.get('reason') else ''})"
            for s in suite["sets"]]
    lines += [f"Sets: {', '.join(sets) or 'none'}.", ""]
    if suite["status"] != "ran":
        return [*lines, f"Skipped: {suite.get('reason', '')}", ""]
    lines += [f"{suite['items_run']} items in {suite['seconds']} s.", ""]
    for split in SPLITS:
        part = suite["splits"].get(split)
        if not part:
            continue
        lines += [f"### {name}, {split}", ""]
        lines += _table(["language", *COUNT_HEADER[1:]], _count_rows(part["by_lang"]))
        lines += _table(["category", *COUNT_HEADER[1:]], _count_rows(part["by_category"]))
        if "rates" in part:
            rows = [["all", "", *_rate_cells(part["rates"]["all"])]]
            for dim in ("by_category", "by_wrapper", "by_lang"):
                rows += [[dim[3:], k, *_rate_cells(v)] for k, v in part["rates"][dim].items()]
            head = (["violations", "caught", "catch rate", "benign", "flagged", "false-positive rate"]
                    if name == "output" else ["harmful", "refused", "refusal rate", "benign", "refused",
                                              "false-refusal rate"])
            lines += _table(["by", "group", *head], rows)
    return [*lines, *_failures(suite["failures"], suite["failures_count"])]


def _rate_cells(r: dict[str, Any]) -> list[Any]:
    return [r["harmful"], r["harmful_refused"], _pct(r["refusal_rate"]), r["benign"], r["benign_refused"],
            _pct(r["false_refusal_rate"])]


def _quality(quality: dict[str, Any], definitions: dict[str, Any]) -> list[str]:
    lines = ["## Answer quality (every answered turn)", ""]
    rows = []
    for suite, q in quality.items():
        for split, s in q["splits"].items():
            t = s["timings_ms"]
            rows.append([suite, split, s["answered_turns"], s["clean_turns"],
                         f"{s['turns_with_ungrounded_numbers']}/{s['numbers_checked_turns']}", s["degenerate"],
                         s["language_mismatch"], s["length_out_of_bounds"], s["truncated"],
                         _lat(t["client_ttft"]), _lat(t["client_turn"]), _lat(t["done_ttft"]),
                         _lat(t["done_total"])])
    lines += _table(["suite", "split", "answered", "clean", "ungrounded turns", "degenerate", "wrong language",
                     "length out of bounds", "truncated", "TTFT client p50/p90", "turn client p50/p90",
                     "done.ttft p50/p90", "done.total p50/p90"], rows)
    lines += [f"- {k}: {v}" for k, v in definitions.items()]
    return [*lines, ""]


def _lat(p: dict[str, Any]) -> str:
    return f"{p['p50']:.0f} / {p['p90']:.0f} ms" if p.get("n") else "-"


def markdown(card: dict[str, Any], previous: dict[str, Any] | None) -> str:
    lines = [
        f"# Evaluation scorecard {card['date']}{' (short mode)' if card['short'] else ''}", "",
        f"Target: {card['target']}. Run: {card['started_utc']} to "
        f"{card['finished_utc']} ({card['duration_s']} s). Previous scorecard: {card['previous'] or 'none'}."
        + (f" Code: {card['code']['commit'][:12]}{' with local changes' if card['code']['dirty'] else ''}."
           if card.get("code") else ""), "",
        "Outcomes: right / wrong / asked back or abstained / refused (an expected refusal counts as right). "
        "Dev and test halves are reported apart.", "",
        *_summary(card, previous),
        f"Chart: `{card['chart']}`." if card.get("chart") else "", "",
    ]
    for name, suite in card["suites"].items():
        lines += _suite(name, suite)
    lines += _quality(card["quality"], card["definitions"])
    return "\n".join(lines).rstrip() + "\n"
