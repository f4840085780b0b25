"""The admin's usage rows: a day's Redis hash read into counters, refusals by rule and suitability outcomes by
level; the period's totals summed the same way; a suitability card's outcome read from a fixed set."""

from __future__ import annotations

from gateway.tenancy import suitability_outcome, sum_rows, usage_row


def test_a_days_hash_becomes_counters_refusals_and_suitability() -> None:
    raw = {b"turns": b"7", b"prompt_tokens": b"120", b"refused:en.crime.laundering": b"2",
           b"suitability:C2:refuse": b"1", b"suitability:C2:allow": b"3", b"suitability:C4:warn": b"1"}
    row = usage_row(raw)
    assert (row["turns"], row["prompt_tokens"], row["completion_tokens"]) == (7, 120, 0)
    assert row["refusals_by_rule"] == {"en.crime.laundering": 2}
    assert row["suitability"] == {"C2": {"allow": 3, "refuse": 1}, "C4": {"warn": 1}}
    empty = usage_row({})
    assert empty["turns"] == 0 and empty["refusals_by_rule"] == {} and empty["suitability"] == {}


def test_totals_sum_the_nested_counts() -> None:
    days = [usage_row({b"turns": b"1", b"refused:r1": b"1", b"suitability:C3:warn": b"2"}),
            usage_row({b"turns": b"2", b"refused:r1": b"1", b"refused:r2": b"4", b"suitability:C3:warn": b"1",
                       b"suitability:C1:refuse": b"1"})]
    totals = sum_rows(days)
    assert totals["turns"] == 3 and totals["refusals_by_rule"] == {"r1": 2, "r2": 4}
    assert totals["suitability"] == {"C3": {"warn": 3}, "C1": {"refuse": 1}}


def test_a_cards_outcome_is_bounded() -> None:
    assert suitability_outcome('{"investor_level": "C3", "decision": "warn"}') == ("C3", "warn")
    assert suitability_outcome('{"investor_level": "C9", "decision": "maybe"}') == ("unknown", "unknown")
    assert suitability_outcome("not json") == ("unknown", "unknown")
    assert suitability_outcome("[1, 2]") == ("unknown", "unknown")
