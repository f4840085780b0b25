"""Numeric grounding of streamed answers (numbers must come from tools or the user)."""

from __future__ import annotations

from services.dialogue.planning.grounding import Facts, GroundingFilter, check

MARK = "<X>"


def facts() -> Facts:
    f = Facts()
    f.add(0.12345, 345678.9, 2000, 120, -0.2531)
    return f


def test_rounded_forms_of_tool_values_pass() -> None:
    text = "年化约12.3%（12%），期末约34.57万元或345,679元，最大回撤25.3%，每月2000元，共120个月。"
    assert check(text, facts(), MARK) == (text, [])


def test_invented_numbers_are_withheld() -> None:
    out, withheld = check("Expect about 15% a year and 1.2 million at the end.", facts(), MARK)
    assert withheld == ["15%", "1.2 million"]
    assert out == f"Expect about {MARK} a year and {MARK} at the end."


def test_rounding_interval_is_respected() -> None:
    # 12.35% lies outside [12.335%, 12.355%)? no: 0.12345 rounds to 12.35% at 2 decimals, and 12.4% is wrong.
    assert check("12.35%", facts(), MARK)[1] == []
    assert check("12.4%", facts(), MARK)[1] == ["12.4%"]


def test_labels_are_not_quantities() -> None:
    text = "C3 投资者不宜购买 R4 产品；2024年9月2日；代码510300；第3条；3 reasons\n1. first"
    assert check(text, Facts(), MARK)[1] == []


def test_number_split_across_chunks_is_checked_whole() -> None:
    g = GroundingFilter(facts(), "zh")
    out = "".join(g.feed(c) for c in ["期末约34.", "57万元，另外9", "9%是编的"]) + g.flush()
    assert out == "期末约34.57万元，另外〔数字待核实〕是编的"
    assert g.withheld == ["99%"]


def test_split_invented_number_cannot_sneak_through_as_two_grounded_parts() -> None:
    f = Facts()
    f.add(20, 0.5)
    g = GroundingFilter(f, "en")
    out = "".join(g.feed(c) for c in ["about 20", ".5% a year"]) + g.flush()
    assert "20.5%" not in out and g.withheld == ["20.5%"]
