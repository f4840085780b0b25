"""The runner end to end in short mode: a real local stack on the simulator, driven only through the public API,
with the fixture sets; the scorecard files must exist and parse, and every suite's right / wrong / asked /
refused counts must add up to the items run, overall and in each split, language and category."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.evals

ROOT = Path(__file__).resolve().parents[2]
FIXTURE_SETS = Path(__file__).parent / "fixtures" / "sets"
OUTCOMES = ("right", "wrong", "asked", "refused")


def adds_up(c: dict[str, Any]) -> bool:
    return sum(c[k] for k in OUTCOMES) == c["items"]


@pytest.mark.timeout(170)
def test_short_run_writes_a_scorecard_whose_counts_add_up(tmp_path: Path) -> None:
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "evals.runner", "--short", "--sets-dir", str(FIXTURE_SETS),
         "--results-dir", str(tmp_path)],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": f"{ROOT}:{ROOT / 'protos'}"}, capture_output=True, text=True,
        timeout=160,
    )
    elapsed = time.monotonic() - started
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-4000:]
    (out_dir,) = list(tmp_path.iterdir())
    assert out_dir.name.endswith("-short")
    card = json.loads((out_dir / "scorecard.json").read_text(encoding="utf-8"))
    assert (out_dir / "scorecard.md").read_text(encoding="utf-8").startswith("# Evaluation scorecard")
    assert (out_dir / "scorecard.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    assert card["short"] is True and card["engine"] == "sim" and set(card["suites"]) == {
        "tables-bizfinbench", "advice", "safety", "output"}
    for name in ("advice", "safety", "output"):  # the fixture sets always run; BizFinBench only where its file is
        assert card["suites"][name]["status"] == "ran", card["suites"][name]
        assert card["suites"][name]["items_run"] >= 4
    for name, suite in card["suites"].items():
        if suite["status"] != "ran":
            assert name == "tables-bizfinbench" and suite["reason"]
            continue
        totals = suite["totals"]
        assert totals["items"] == suite["items_run"] and adds_up(totals), (name, totals)
        assert sum(part["totals"]["items"] for part in suite["splits"].values()) == suite["items_run"]
        for part in suite["splits"].values():
            for group in ("by_lang", "by_category"):
                assert all(adds_up(c) for c in part[group].values())
                assert sum(c["items"] for c in part[group].values()) == part["totals"]["items"]
        assert suite["failures_count"] == suite["items_run"] - totals["right"]
    for name in ("safety", "output"):
        rates = [part["rates"]["all"] for part in card["suites"][name]["splits"].values()]
        assert sum(r["harmful"] + r["benign"] for r in rates) == card["suites"][name]["items_run"]
    assert "output" not in card["quality"]  # given texts, not the platform's answers: no answer quality
    assert card["quality"]["advice"]["splits"], card["quality"]
    assert elapsed < 120, f"short mode took {elapsed:.0f} s"
