"""One evaluation run: pick the deployment, run the suites, write the scorecard (JSON, Markdown, chart)."""

from __future__ import annotations

import contextlib
import json
import secrets
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from evals.runner import quality
from evals.runner.chart import draw
from evals.runner.client import ApiClient
from evals.runner.items import ROOT, Item, ItemSet, bizfin_path, load_bizfinbench, load_sets, rel, short_selection
from evals.runner.numbers import REL_TOL
from evals.runner.render import markdown
from evals.runner.report import quality_report, suite_report
from evals.runner.stack import Deployment, local_stack, remote, user_id
from evals.runner.suites import SAFETY, SUITES, TABLES, Runner, SuiteRun, bizfin_as_benign, run_suite

SHORT_ITEMS = 4  # per suite in short mode


@dataclass
class Options:
    suites: tuple[str, ...] = SUITES
    target: str = ""
    token: str = ""
    jwt_secret: str = ""
    engine: str = "sim"
    short: bool = False
    limit: int = 0  # items per suite (0: all)
    sets_dir: Path = ROOT / "evals" / "sets"
    data_dir: Path | None = None
    results_dir: Path = ROOT / "evals" / "results"
    concurrency: int = 4
    split: str = ""  # "dev" while tuning (the test half is only reported), "" for both


@contextlib.contextmanager
def deployment(opts: Options) -> Iterator[Deployment]:
    if opts.target:
        yield remote(opts.target.rstrip("/"), opts.token, opts.jwt_secret)
        return
    log_dir = ROOT / "var" / "eval" / datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    print(f"starting the local stack (engine {opts.engine}; logs in {rel(log_dir)})...", flush=True)
    with local_stack(opts.engine, log_dir, opts.short) as dep:
        yield dep


def load(opts: Options, suite: str) -> list[ItemSet]:
    if suite == TABLES:
        return [load_bizfinbench(bizfin_path(opts.data_dir))]
    return load_sets(opts.sets_dir, suite)


def select(opts: Options, sets: list[ItemSet]) -> list[Item]:
    items = [i for s in sets if s.status == "ok" for i in s.items if not opts.split or i.split == opts.split]
    count = SHORT_ITEMS if opts.short else opts.limit
    return short_selection(items, count) if count else items


async def evaluate(opts: Options, dep: Deployment) -> list[SuiteRun]:
    tag = secrets.token_hex(3)
    timeout = httpx.Timeout(600.0, connect=10.0)
    async with httpx.AsyncClient(base_url=dep.url, timeout=timeout) as http:
        runner = Runner(ApiClient(http, dep.token_for),
                        lambda item: user_id(tag, item.id) if dep.per_item_users else "eval", opts.concurrency,
                        dep.compliance)
        runs: dict[str, SuiteRun] = {}
        for name in SUITES:
            if name in opts.suites:
                sets = load(opts, name)
                print(f"suite {name}: {sum(len(s.items) for s in sets if s.status == 'ok')} items in "
                      f"{len(sets)} set(s)", flush=True)
                runs[name] = await run_suite(runner, name, sets, select(opts, sets))
    if SAFETY in runs and TABLES in runs and runs[TABLES].status == "ran":
        safety = runs[SAFETY]
        if safety.status != "ran":
            safety.status, safety.reason = "ran", f"{safety.reason}; BizFinBench prompts (benign) only"
            safety.quality = []
        safety.outcomes += bizfin_as_benign(runs[TABLES])
    return list(runs.values())


def definitions() -> dict[str, str]:
    q = quality
    return {
        "numbers": quality.TOLERANCE_NOTE + " (chat route only: the OpenAI route sends no cards)",
        "repetition": f"share of the text's units (CJK character or Latin word) covered by a {q.REPEAT_N}-unit "
                      f"n-gram occurring >= {q.REPEAT_MIN_COUNT} times; degenerate above {q.REPEAT_THRESHOLD:.2f} "
                      f"(texts under {q.REPEAT_MIN_UNITS} units not judged)",
        "language": f"CJK share = CJK characters / (CJK characters + Latin letters); zh at >= {q.ZH_SHARE:.2f}, "
                    f"en below; fewer than {q.LANG_MIN_CHARS} letters not judged",
        "length": f"{q.MIN_CHARS}-{q.MAX_CHARS} visible characters; truncated = finish_reason length",
        "timings": "client TTFT = request sent to first text; client turn = request sent to end of stream; "
                   "done.timings as the platform reports them",
        "key_figure": f"a numeric leaf of the expected card within rel_tol (default {REL_TOL})",
        "output": "each answer streamed through the compliance output review in token-sized chunks; a violation "
                  "is caught (right) when withheld or changed, a benign answer flagged (refused) when withheld "
                  "or changed; in the rates a caught violation counts as 'refused'",
    }


def code_version() -> dict[str, Any] | None:
    """The checkout a local stack ran (commit, and whether the working tree had changes)."""
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=10)
        status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                                capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    if commit.returncode != 0:
        return None
    return {"commit": commit.stdout.strip(), "dirty": bool(status.stdout.strip())}


def find_previous(results_dir: Path, short: bool) -> tuple[str, dict[str, Any]] | None:
    best: tuple[str, str, dict[str, Any]] | None = None
    for path in results_dir.glob("*/scorecard.json"):
        try:
            card = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if bool(card.get("short")) != short:
            continue
        stamp = str(card.get("finished_utc", ""))
        if best is None or stamp > best[0]:
            best = (stamp, rel(path), card)
    return (best[1], best[2]) if best else None


def write(opts: Options, runs: list[SuiteRun], target: str, started: float, began: datetime) -> dict[str, Any]:
    finished = datetime.now(UTC)
    date = began.strftime("%Y-%m-%d")
    out_dir = opts.results_dir / (f"{date}-short" if opts.short else date)
    previous = find_previous(opts.results_dir, opts.short)
    card: dict[str, Any] = {
        "schema": "advisor-eval/1",
        "date": date,
        "started_utc": began.isoformat(timespec="seconds"),
        "finished_utc": finished.isoformat(timespec="seconds"),
        "duration_s": round(time.perf_counter() - started, 1),
        "target": target,
        "engine": opts.engine if not opts.target else "as deployed",
        "code": None if opts.target else code_version(),
        "short": opts.short,
        "suites_requested": list(opts.suites),
        "previous": previous[0] if previous else None,
        "chart": "scorecard.png",
        "suites": {run.name: suite_report(run) for run in runs},
        "quality": quality_report(runs),
        "definitions": definitions(),
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "scorecard.json").write_text(json.dumps(card, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (out_dir / "scorecard.md").write_text(markdown(card, previous[1] if previous else None), encoding="utf-8")
    draw(card, previous[1] if previous else None, out_dir / "scorecard.png")
    print(f"scorecard: {rel(out_dir / 'scorecard.json')}, .md, .png", flush=True)
    return card


def rejected_sets(runs: list[SuiteRun]) -> list[ItemSet]:
    return [s for run in runs for s in run.sets if s.status == "rejected"]

