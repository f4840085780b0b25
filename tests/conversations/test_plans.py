"""The planner's half of the conversation table, without services: intents, tool calls and their arguments,
clarifying questions. (test_table.py runs the whole table against the real services.)"""

from __future__ import annotations

from typing import Any

import pytest

from services.dialogue.planning.intent import IntentClassifier
from services.dialogue.planning.plan import Planner, Profile, ToolCall
from tests.conversations.table import args_match, conversations

PLANNER = Planner(IntentClassifier(), {"zh": "000001.SH", "en": "SP500"})
CONVERSATIONS = conversations()


def test_table_is_big_enough_and_bilingual() -> None:
    zh = [c for c in CONVERSATIONS if c["locale"].startswith("zh")]
    en = [c for c in CONVERSATIONS if c["locale"] == "en"]
    assert len(CONVERSATIONS) >= 40 and len(zh) >= 20 and len(en) >= 20
    assert sum(len(c["turns"]) > 1 for c in CONVERSATIONS) >= 10  # multi-turn


def _profile(conv: dict[str, Any]) -> Profile:
    p = conv.get("profile", {})
    return Profile(risk_level=p.get("risk_level", ""), holdings=tuple((h[0], h[1]) for h in p.get("holdings", [])))


@pytest.mark.parametrize("conv", CONVERSATIONS, ids=[c["id"] for c in CONVERSATIONS])
def test_planner_follows_the_table(conv: dict[str, Any]) -> None:
    previous: tuple[ToolCall, ...] = ()
    earlier: list[str] = []  # the user's earlier messages, as the pipeline passes them (a reply to a question)
    for turn in conv["turns"]:
        if turn.get("refused") or turn.get("out_of_scope") or "intent" not in turn:
            previous = ()
            earlier.append(turn["user"])
            continue  # compliance decides these; the full-stack table test checks them
        plan = PLANNER.plan(turn["user"], conv["locale"], _profile(conv), previous=previous, earlier=earlier[-2:])
        earlier.append(turn["user"])
        assert plan.intent == turn["intent"], turn["user"]
        assert bool(plan.clarify) == bool(turn.get("clarify")), turn["user"]
        expected = turn.get("calls", [])
        assert [c.tool for c in plan.calls] == [c["tool"] for c in expected], turn["user"]
        for call, want in zip(plan.calls, expected, strict=True):
            if call.tool != "record_confirmation":  # its arguments come from the warning's resolved product
                assert args_match(want.get("args", {}), call.args), (turn["user"], call.args)
        # what the suitability tool remembers with the turn when it warns (the full-stack test runs the real one)
        previous = tuple(
            ToolCall(c.tool, {**c.args, "requires_confirmation": True}) if c.tool == "check_suitability" else c
            for c in plan.calls
        )
