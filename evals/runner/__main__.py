"""``python -m evals.runner [--target URL] [--suite NAME] [--engine sim|vllm] [--short]`` (what ``make eval``
runs): evaluate the platform through its public API and write ``evals/results/<date>/scorecard.{json,md,png}``."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from evals.runner.run import Options, deployment, evaluate, rejected_sets, write
from evals.runner.suites import SUITES, TABLES

ALIASES = {"tables": TABLES, "bizfinbench": TABLES}


def parse(argv: list[str]) -> Options:
    p = argparse.ArgumentParser(prog="python -m evals.runner", description=__doc__)
    p.add_argument("--target", default=os.environ.get("TARGET", ""),
                   help="a running deployment's base URL; none: start the local stack")
    p.add_argument("--token", default=os.environ.get("EVAL_TOKEN", ""), help="bearer token for --target")
    p.add_argument("--suite", action="append", default=[],
                   help=f"one of {', '.join(SUITES)} (tables); repeat or comma-separate; default all")
    p.add_argument("--engine", choices=["sim", "vllm"], default="sim", help="engine of the local stack")
    p.add_argument("--short", action="store_true", help="a few items per suite on the simulator (CI)")
    p.add_argument("--limit", type=int, default=0, help="at most this many items per suite")
    p.add_argument("--sets-dir", type=Path, default=None, help="where the advice-*/safety-* sets are")
    p.add_argument("--data-dir", type=Path, default=None, help="BizFinBench directory (default EVAL_DATA_DIR)")
    p.add_argument("--results-dir", type=Path, default=None, help="where <date>/scorecard.* are written")
    p.add_argument("--concurrency", type=int, default=4, help="items in flight at once")
    p.add_argument("--split", choices=["dev", "test"], default="",
                   help="only this half (tune on dev; the test half is for reporting); default both")
    a = p.parse_args(argv)
    names = [ALIASES.get(n.strip(), n.strip()) for s in a.suite for n in s.split(",") if n.strip()]
    unknown = [n for n in names if n not in SUITES]
    if unknown:
        p.error(f"unknown suite {unknown[0]!r}: choose from {', '.join(SUITES)}")
    opts = Options(
        suites=tuple(names) or SUITES, target=a.target, token=a.token,
        jwt_secret=os.environ.get("EVAL_JWT_SECRET", ""), engine="sim" if a.short else a.engine, short=a.short,
        limit=a.limit, data_dir=a.data_dir, concurrency=max(1, a.concurrency), split=a.split,
    )
    if a.sets_dir:
        opts.sets_dir = a.sets_dir
    if a.results_dir:
        opts.results_dir = a.results_dir
    return opts


def main(argv: list[str] | None = None) -> int:
    opts = parse(sys.argv[1:] if argv is None else argv)
    began, started = datetime.now(UTC), time.perf_counter()
    with deployment(opts) as dep:
        runs = asyncio.run(evaluate(opts, dep))
        target = dep.description
    write(opts, runs, target, started, began)
    rejected = rejected_sets(runs)
    for s in rejected:
        print(f"REFUSED set {s.path}: {s.reason}", file=sys.stderr)
    return 2 if rejected else 0


if __name__ == "__main__":
    sys.exit(main())
