"""The table engine's own question set (evals/own/tables): every expected answer comes from reference.py over the
raw cells."""

from __future__ import annotations

from collections import Counter

import pytest

from evals.own.tables.suite import all_cases, normalise, score
from services.portfolio.tables.api import answer
from services.portfolio.tables.parse import parse_tables

CASES = all_cases()


def test_the_set_is_big_and_covers_every_operation_in_both_languages() -> None:
    assert len(CASES) >= 150
    assert len({c.id for c in CASES}) == len(CASES)
    langs = Counter(c.lang for c in CASES)
    assert langs["zh"] >= 50 and langs["en"] >= 50
    ops = {c.op for c in CASES}
    expected = {"value", "change", "return", "growth", "aggregate", "argext", "count", "stats", "drawdown",
                "position", "margin", "compare", "net_inflow", "clarify", "decline"}
    assert expected <= ops
    formats = {raw.fmt for text in {c.tables for c in CASES if c.tables} for raw in parse_tables(text)}
    assert formats == {"markdown", "csv", "json", "text"}


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_never_a_wrong_answer(case) -> None:  # type: ignore[no-untyped-def]
    got = answer(case.question, case.tables, case.lang)
    assert score(case, got.status, got.formatted) != "wrong", (got.formatted, case.expected, got.card)


def test_exact_rate_and_operation() -> None:
    outcomes = Counter()
    misses = []
    for case in CASES:
        got = answer(case.question, case.tables, case.lang)
        result = score(case, got.status, got.formatted)
        outcomes[result] += 1
        if result != "exact":
            misses.append((case.id, got.status, got.formatted, case.expected))
        elif case.expected is not None:
            assert got.operation == case.op, case.id
    assert outcomes["exact"] / len(CASES) >= 0.95, misses
    assert outcomes["wrong"] / len(CASES) <= 0.01, misses


def test_normalise_keeps_what_matters() -> None:
    assert normalise("1,234.50 元") == "1234.50"
    assert normalise("-0.97%") == "-0.97%"
    assert normalise("2024-09-06") == "2024-09-06"
