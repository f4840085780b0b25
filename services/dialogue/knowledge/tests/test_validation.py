"""A bad data file is refused with a message that names the entry."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.dialogue.knowledge import KnowledgeBase, KnowledgeError

GOOD = """
- id: sample-term
  kind: term
  zh: [样例术语, 样例]
  en: [sample term]
  answer_zh: 这是第一句。这是第二句。
  answer_en: This is one sentence. This is another.
  source: Example source, 2020
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "entries.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def other(entry_id: str = "other-term", alias: str = "另一个") -> str:
    return GOOD.replace("sample-term", entry_id).replace("样例术语, 样例", f"另一术语, {alias}").replace(
        "sample term", f"{entry_id} name")


def test_a_good_file_loads(tmp_path: Path) -> None:
    kb = KnowledgeBase.load(write(tmp_path, GOOD))
    assert len(kb) == 1 and kb.lookup("样例是什么").entry.id == "sample-term"  # type: ignore[union-attr]


@pytest.mark.parametrize(("text", "message"), [
    (GOOD.replace("  answer_en: This is one sentence. This is another.\n", ""),
     "'sample-term' (#1): answer_en is missing"),
    (GOOD.replace("  source: Example source, 2020\n", ""), "'sample-term' (#1): source is missing"),
    (GOOD.replace("  zh: [样例术语, 样例]\n", ""), "'sample-term' (#1): names in zh"),
    (GOOD.replace("kind: term", "kind: gossip"), "'sample-term' (#1): kind 'gossip'"),
    (GOOD.replace("  answer_zh: 这是第一句。这是第二句。", "  answer_zh: 只有一句。"), "answer_zh has 1 sentences"),
    (GOOD + other("sample-term"), "entry 'sample-term': duplicate id"),
    (GOOD + other(alias="样例"), "entry 'other-term': alias '样例' is already an alias of 'sample-term'"),
    (GOOD + other(alias="ＳＡＭＰＬＥ TERM"), "alias 'sample term' is already an alias of 'sample-term'"),
    (GOOD.replace("  source:", "  covers: [nothing-*]\n  source:"), "covers pattern 'nothing-*' names no other entry"),
    (GOOD + "- just a string\n", "entry #2: is not a mapping"),
    ("- id: [unclosed\n", "cannot be read"),
    ("{}", "expected a non-empty list"),
])
def test_a_bad_file_is_reported_with_the_entry(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(KnowledgeError) as err:
        KnowledgeBase.load(write(tmp_path, text))
    assert message in str(err.value)


def test_every_problem_is_listed_at_once(tmp_path: Path) -> None:
    no_source = GOOD.replace("  source: Example source, 2020\n", "")
    text = no_source + other().replace("  answer_zh: 这是第一句。这是第二句。\n", "")
    with pytest.raises(KnowledgeError) as err:
        KnowledgeBase.load(write(tmp_path, text))
    assert "'sample-term' (#1): source is missing" in str(err.value)
    assert "'other-term' (#2): answer_zh is missing" in str(err.value)
