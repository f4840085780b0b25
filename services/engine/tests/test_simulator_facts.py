"""The simulator's deterministic "facts" mode, as a real server process (used by the conversation table)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from devstack.stack import Stack, free_port, simulator_proc
from services.engine.simulator.phrasing import answer, pieces

SYSTEM = "persona\n\nFacts computed by the platform's tools follow.\n- value at the end: 550,161.94 CNY (20 years)\n"


@pytest.fixture(scope="module")
def sim(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    stack = Stack(Path(tmp_path_factory.mktemp("sim-facts")))
    port = free_port()
    stack.start(simulator_proc(port, token_rate="500", response_mode="facts", log_level="WARNING"))
    yield f"http://127.0.0.1:{port}"
    stack.stop_all()


def test_answer_quotes_each_fact_verbatim_in_the_users_language() -> None:
    zh = answer([{"role": "system", "content": SYSTEM}, {"role": "user", "content": "十年后有多少？"}])
    en = answer([{"role": "system", "content": SYSTEM}, {"role": "user", "content": "how much?"}])
    assert "550,161.94 CNY" in zh and zh.startswith("根据平台工具的计算")
    assert "value at the end 550,161.94 CNY" in en and en.startswith("According")
    assert "".join(pieces(zh)) == zh and "".join(pieces(en)) == en


def test_without_facts_a_general_answer_and_invent_adds_an_unsupported_number() -> None:
    text = answer([{"role": "user", "content": "what is a bond?"}], invent=True)
    assert "12.5%" in text and "education" in text


async def test_streamed_facts_answer_ends_with_stop_and_counts_its_tokens(sim: str) -> None:
    body = {"model": "m", "stream": True, "max_tokens": 200, "stream_options": {"include_usage": True},
            "messages": [{"role": "system", "content": SYSTEM}, {"role": "user", "content": "how much?"}]}
    text, finish, usage = "", "", {}
    async with httpx.AsyncClient(base_url=sim) as client, client.stream(
        "POST", "/v1/chat/completions", json=body
    ) as r:
        async for line in r.aiter_lines():
            if not line.startswith("data: ") or line == "data: [DONE]":
                continue
            chunk = json.loads(line[6:])
            if chunk.get("usage"):
                usage = chunk["usage"]
            for choice in chunk["choices"]:
                text += choice["delta"].get("content", "")
                finish = choice.get("finish_reason") or finish
    expected = answer(body["messages"])  # type: ignore[arg-type]
    assert text == expected and finish == "stop"
    assert usage["completion_tokens"] == len(pieces(expected))
