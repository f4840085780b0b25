"""The evaluation items: frozen sets under ``evals/sets/<suite>-<date>/`` (checked against their
``MANIFEST.sha256``) and the BizFinBench dev half, read at run time from outside the repository."""

from __future__ import annotations

import ast
import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
BIZFIN_FILE = "bizfinbench-numeric-dev.jsonl"
SPLITS = ("dev", "test")
_HEX = re.compile(r"\b[0-9a-f]{64}\b")


@dataclass(frozen=True)
class Item:
    id: str
    suite: str
    set_name: str
    lang: str
    category: str
    split: str
    turns: tuple[str, ...] = ()
    expect: dict[str, Any] = field(default_factory=dict)  # advice
    label: str = ""  # safety: harmful / benign; output: violation / benign
    wrapper: str = ""  # safety
    messages: tuple[dict[str, Any], ...] = ()  # tables: the prompt exactly as given
    reference: str = ""  # tables


@dataclass
class ItemSet:
    name: str
    path: str  # relative to the repository root
    status: str = "ok"  # ok / rejected / skipped
    reason: str = ""
    sha256: str = ""
    items: list[Item] = field(default_factory=list)
    invalid: list[dict[str, Any]] = field(default_factory=list)  # lines that are not a valid item

    def summary(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "path": self.path, "status": self.status,
                               "sha256": self.sha256, "items": len(self.items)}
        if self.reason:
            out["reason"] = self.reason
        if self.invalid:
            out["invalid"] = self.invalid
        return out


def rel(path: Path) -> str:
    return os.path.relpath(path.resolve(), ROOT)


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_sets(sets_dir: Path, suite: str) -> list[ItemSet]:
    """Every ``<suite>-*`` set under ``sets_dir``; one whose items.jsonl does not match its manifest is rejected
    (listed, not run)."""
    if not sets_dir.is_dir():
        return []
    return [_load_set(d, suite) for d in sorted(sets_dir.glob(f"{suite}-*")) if d.is_dir()]


def _load_set(directory: Path, suite: str) -> ItemSet:
    out = ItemSet(directory.name, rel(directory))
    items_path, manifest = directory / "items.jsonl", directory / "MANIFEST.sha256"
    if not items_path.is_file() or not manifest.is_file():
        out.status, out.reason = "rejected", "items.jsonl or MANIFEST.sha256 missing: the set is not frozen"
        return out
    out.sha256 = sha256_of(items_path)
    frozen = _HEX.search(manifest.read_text().lower())
    if not frozen or frozen.group(0) != out.sha256:
        out.status = "rejected"
        recorded = frozen.group(0) if frozen else "none"
        out.reason = f"items.jsonl sha256 {out.sha256} differs from MANIFEST.sha256 ({recorded})"
        return out
    for number, line in enumerate(items_path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            out.items.append(parse_item(json.loads(line), suite, directory.name))
        except (ValueError, KeyError, TypeError) as err:
            out.invalid.append({"line": number, "reason": str(err)[:200]})
    return out


def parse_item(raw: dict[str, Any], suite: str, set_name: str) -> Item:
    # an output item is one answer (its text), judged by the output review; it is kept as the item's one turn
    turns = [raw["text"]] if suite == "output" else raw["turns"]
    if not isinstance(turns, list) or not turns or not all(isinstance(t, str) and t.strip() for t in turns):
        raise ValueError("turns must be a non-empty list of non-blank strings")
    split = raw.get("split", "")
    if split not in SPLITS:
        raise ValueError(f"split must be dev or test, got {split!r}")
    common = {"id": str(raw["id"]), "suite": suite, "set_name": set_name, "lang": str(raw["lang"]),
              "category": str(raw.get("category", "")), "split": split, "turns": tuple(turns)}
    if suite == "advice":
        expect = raw["expect"]
        if not isinstance(expect, dict) or not (expect.get("decline") or expect.get("intent")):
            raise ValueError("expect needs an intent (or decline: true)")
        figure = expect.get("key_figure")
        if figure is not None and not isinstance(figure.get("value"), int | float):
            raise ValueError("key_figure.value must be a number")
        return Item(**common, expect=expect)
    label = raw["label"]
    labels = ("violation", "benign") if suite == "output" else ("harmful", "benign")
    if label not in labels:
        raise ValueError(f"label must be {' or '.join(labels)}, got {label!r}")
    return Item(**common, label=label, wrapper=str(raw.get("wrapper", "direct")))


def bizfin_path(data_dir: Path | None) -> Path:
    base = data_dir or Path(os.environ.get("EVAL_DATA_DIR", "") or ROOT.parent / "shared" / "evals")
    return base / BIZFIN_FILE


def load_bizfinbench(path: Path) -> ItemSet:
    """The BizFinBench numeric dev half (read in place, never copied); absent -> skipped with the reason."""
    out = ItemSet("bizfinbench-numeric-dev", rel(path))
    if not path.is_file():
        out.status, out.reason = "skipped", f"{rel(path)} not found (set EVAL_DATA_DIR to its directory)"
        return out
    out.sha256 = sha256_of(path)
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            messages, choices = _literal(raw["messages"]), _literal(raw["choices"])
            reference = _text(choices[0]["message"]["content"])
            out.items.append(Item(
                id=f"bfb-dev-{number:03d}", suite="tables-bizfinbench", set_name=out.name, lang="zh",
                category="numeric_computation", split="dev", messages=tuple(messages), reference=reference,
            ))
        except (ValueError, KeyError, TypeError, IndexError, SyntaxError) as err:
            out.invalid.append({"line": number, "reason": str(err)[:200]})
    return out


def _literal(value: Any) -> Any:
    """The README describes the fields as Python-literal strings; the file holds JSON: both are read."""
    return ast.literal_eval(value) if isinstance(value, str) else value


def _text(content: Any) -> str:
    if isinstance(content, list):
        return "".join(str(part.get("text", "")) for part in content if isinstance(part, dict))
    return str(content)


def short_selection(items: list[Item], count: int) -> list[Item]:
    """A few items for short mode, deterministic, spread over (label, language, split) groups."""
    groups: dict[tuple[str, str, str], list[Item]] = {}
    for item in sorted(items, key=lambda i: i.id):
        groups.setdefault((item.label, item.lang, item.split), []).append(item)
    picked: list[Item] = []
    while len(picked) < count and any(groups.values()):
        for key in sorted(groups):
            if groups[key] and len(picked) < count:
                picked.append(groups[key].pop(0))
    return picked
