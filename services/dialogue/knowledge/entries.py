"""The curated entries: their shape, how text is normalised for matching, and the checks every entry passes.

The data lives in ``entries.yaml`` (a list of mappings, one per entry; README.md shows the fields). Loading checks
the whole file and reports every problem at once, each naming the entry (id and position), so a bad edit fails
the tests and the service's start-up with a message that says where to look.
"""

from __future__ import annotations

import fnmatch
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from services.common.locale import is_zh

DATA_FILE = Path(__file__).with_name("entries.yaml")
KINDS = ("term", "product", "risk_level", "rule", "process")
FIELDS = {"id", "kind", "zh", "en", "answer_zh", "answer_en", "source", "covers"}
MAX_ANSWER_CHARS = {"zh": 260, "en": 620}  # 2-4 plain sentences
SENTENCES = (2, 4)

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")
_ZH_END = re.compile(r"[。！？]")
# an English sentence ends at . ! ? before a space or the end, not after a one-letter abbreviation (U.S.)
_EN_END = re.compile(r"(?<!\b[A-Z])(?<!\be\.g)(?<!\bi\.e)(?<!\bvs)[.!?](?=\s|$)")
_DASHES = re.compile(r"[\u2010-\u2015\u2212_-]+")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
_SPACE = re.compile(r"\s+")
_CJK_GAP = re.compile(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])")


class KnowledgeError(ValueError):
    """The data file is unreadable or an entry fails a check; the message lists every problem found."""


@dataclass(frozen=True)
class Entry:
    id: str
    kind: str
    names_zh: tuple[str, ...]  # the first is the title; the rest are aliases, colloquial forms included
    names_en: tuple[str, ...]
    answer_zh: str
    answer_en: str
    source: str
    covers: tuple[str, ...] = ()  # id patterns: a question naming two or more of these entries is about this one

    def title(self, locale: str) -> str:
        return self.names_zh[0] if is_zh(locale) else self.names_en[0]

    def answer(self, locale: str) -> str:
        return self.answer_zh if is_zh(locale) else self.answer_en

    @property
    def aliases(self) -> tuple[str, ...]:
        return self.names_zh + self.names_en




def normalise(text: str) -> str:
    """The form aliases and questions are compared in: NFKC (full-width letters, digits and signs to half-width),
    traditional to simplified Chinese, case-folded, dashes and underscores as spaces, single spaces, no spaces
    between two Chinese characters."""
    import zhconv  # the conversion table loads on first use; KnowledgeBase.load() makes that first use

    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = zhconv.convert(text, "zh-hans").casefold()
    text = _SPACE.sub(" ", _DASHES.sub(" ", text)).strip()
    return _CJK_GAP.sub("", text)


def count_sentences(text: str, lang: str) -> int:
    pattern = _ZH_END if lang == "zh" else _EN_END
    return len(pattern.findall(text.strip()))


def load_entries(path: Path | str | None = None) -> list[Entry]:
    """Read and check the data file; raise :class:`KnowledgeError` listing every problem, each with its entry."""
    path = Path(path) if path is not None else DATA_FILE
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, yaml.YAMLError) as err:
        raise KnowledgeError(f"{path.name}: cannot be read: {err}") from err
    if not isinstance(raw, list) or not raw:
        raise KnowledgeError(f"{path.name}: expected a non-empty list of entries")
    problems: list[str] = []
    entries: list[Entry] = []
    for position, item in enumerate(raw, start=1):
        label = f"entry #{position}"
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            label = f"entry {item['id']!r} (#{position})"
        found, entry = _check(item)
        problems += [f"{label}: {p}" for p in found]
        if entry is not None:
            entries.append(entry)
    problems += _check_all(entries)
    if problems:
        raise KnowledgeError(f"{path.name}: {len(problems)} problem(s):\n  " + "\n  ".join(problems))
    return entries


def _strings(value: Any) -> list[str] | None:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        return None
    return [v.strip() for v in value]


def _check(item: Any) -> tuple[list[str], Entry | None]:
    if not isinstance(item, dict):
        return ["is not a mapping"], None
    problems = [f"unknown field {k!r}" for k in sorted(set(item) - FIELDS, key=str)]
    entry_id, kind = item.get("id"), item.get("kind")
    if not isinstance(entry_id, str) or not _ID.match(entry_id):
        problems.append("id is missing or not lower-case-with-dashes")
    if kind not in KINDS:
        problems.append(f"kind {kind!r} is not one of {', '.join(KINDS)}")
    names: dict[str, list[str]] = {}
    for lang in ("zh", "en"):
        found = _strings(item.get(lang))
        if not found:
            problems.append(f"names in {lang} ({lang}:) are missing")
            continue
        names[lang] = found
        if lang == "zh" and not _CJK.search(found[0]):
            problems.append(f"the Chinese title {found[0]!r} has no Chinese characters")
        if lang == "en" and (_CJK.search(found[0]) or not _LATIN.search(found[0])):
            problems.append(f"the English title {found[0]!r} is not English")
        problems += [f"alias {a!r} is shorter than two characters" for a in found if len(normalise(a)) < 2]
    answers: dict[str, str] = {}
    for lang in ("zh", "en"):
        text = item.get(f"answer_{lang}")
        if not isinstance(text, str) or not text.strip():
            problems.append(f"answer_{lang} is missing")
            continue
        text = _SPACE.sub(" ", text).strip()
        answers[lang] = text
        if lang == "zh" and not _CJK.search(text):
            problems.append("answer_zh has no Chinese")
        if lang == "en" and _CJK.search(text):
            problems.append("answer_en contains Chinese characters")
        if len(text) > MAX_ANSWER_CHARS[lang]:
            problems.append(f"answer_{lang} is {len(text)} characters (at most {MAX_ANSWER_CHARS[lang]})")
        n = count_sentences(text, lang)
        if not SENTENCES[0] <= n <= SENTENCES[1]:
            problems.append(f"answer_{lang} has {n} sentences (expected {SENTENCES[0]}-{SENTENCES[1]})")
    source = item.get("source")
    if not isinstance(source, str) or len(source.strip()) < 5:
        problems.append("source is missing")
    covers = _strings(item.get("covers", [])) if item.get("covers") is not None else []
    if covers is None:
        problems.append("covers must be a list of id patterns")
    if problems:
        return problems, None
    assert isinstance(entry_id, str) and isinstance(kind, str) and isinstance(source, str) and covers is not None
    return [], Entry(entry_id, kind, tuple(names["zh"]), tuple(names["en"]), answers["zh"], answers["en"],
                     source.strip(), tuple(covers))


def _check_all(entries: Iterable[Entry]) -> list[str]:
    problems: list[str] = []
    by_id: dict[str, Entry] = {}
    owner: dict[str, str] = {}
    for entry in entries:
        if entry.id in by_id:
            problems.append(f"entry {entry.id!r}: duplicate id")
        by_id[entry.id] = entry
        for alias in dict.fromkeys(normalise(a) for a in entry.aliases):  # one entry may share zh/en forms
            if alias in owner and owner[alias] != entry.id:
                problems.append(f"entry {entry.id!r}: alias {alias!r} is already an alias of {owner[alias]!r}")
            owner.setdefault(alias, entry.id)
    for entry in by_id.values():
        for pattern in entry.covers:
            if not any(fnmatch.fnmatchcase(other, pattern) for other in by_id if other != entry.id):
                problems.append(f"entry {entry.id!r}: covers pattern {pattern!r} names no other entry")
    return problems
