"""At least 200 ordinary advisory sentences (zh and en) pass input screening and output review unflagged."""

from __future__ import annotations

import pytest

from evals.own.compliance.evaluation import BENIGN_ADVISORY
from services.compliance.review import StreamReviewer
from services.compliance.rulebook import Rulebook
from services.compliance.screening import screen_input


def sentences() -> list[str]:
    lines = [ln.strip() for ln in BENIGN_ADVISORY.read_text(encoding="utf-8").splitlines()]
    return [ln for ln in lines if ln and not ln.startswith("#")]


def test_suite_is_large_and_bilingual() -> None:
    s = sentences()
    assert len(s) >= 200
    assert sum(x.isascii() for x in s) >= 100 and sum(not x.isascii() for x in s) >= 100


@pytest.mark.parametrize("text", sentences())
async def test_passes_input_screening_unflagged(rulebook: Rulebook, text: str) -> None:
    decision = await screen_input(rulebook, text, "en" if text.isascii() else "zh-CN")
    assert decision.allowed and decision.action == "allow", [h.rule.id for h in decision.hits]


@pytest.mark.parametrize("text", sentences())
def test_passes_output_review_unchanged(rulebook: Rulebook, text: str) -> None:
    reviewer = StreamReviewer(rulebook, "en" if text.isascii() else "zh-CN")
    shown = "".join(reviewer.feed(text[i:i + 6]).text for i in range(0, len(text), 6))
    shown += reviewer.finish().text
    assert not reviewer.blocked and shown == text
    assert all(h.rule.action in ("disclaimer", "warn") for h in reviewer.hits)
