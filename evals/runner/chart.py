"""One PNG: each suite's score by language and split, this run beside the previous scorecard."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # no display: the backend is chosen before pyplot loads
import matplotlib.pyplot as plt


def _scores(card: dict[str, Any] | None, suite: str) -> dict[str, float]:
    """'lang split' -> score."""
    out: dict[str, float] = {}
    for split, part in ((card or {}).get("suites", {}).get(suite, {}).get("splits") or {}).items():
        for lang, c in part["by_lang"].items():
            if c["score"] is not None:
                out[f"{lang} {split}"] = float(c["score"])
    return out


def draw(card: dict[str, Any], previous: dict[str, Any] | None, path: Path) -> None:
    suites = list(card["suites"])
    fig, axes = plt.subplots(1, len(suites), figsize=(4.2 * len(suites), 3.6), squeeze=False)
    for ax, suite in zip(axes[0], suites, strict=True):
        now, before = _scores(card, suite), _scores(previous, suite)
        groups = sorted(set(now) | set(before))
        xs = range(len(groups))
        ax.bar([x - 0.2 for x in xs], [before.get(g, 0.0) for g in groups], 0.4, label="previous", color="#b0b0b0")
        ax.bar([x + 0.2 for x in xs], [now.get(g, 0.0) for g in groups], 0.4, label="this run", color="#2a6fbb")
        for x, g in zip(xs, groups, strict=True):
            if g in now:
                ax.text(x + 0.2, now[g] + 0.02, f"{now[g]:.0%}", ha="center", fontsize=7)
        status = card["suites"][suite]["status"]
        ax.set_title(suite if status == "ran" else f"{suite} ({status})", fontsize=9)
        ax.set_xticks(list(xs), groups, fontsize=8)
        ax.set_ylim(0, 1.1)
        ax.set_ylabel("score (right / items)", fontsize=8)
    axes[0][0].legend(fontsize=7, loc="upper right")
    fig.suptitle(f"{card['date']}: score by language and split, against "
                 f"{card['previous'] or 'no previous scorecard'}", fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)
