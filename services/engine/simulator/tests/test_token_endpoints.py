"""The simulator's token endpoints (/tokenize, /detokenize, /v1/chat/completions/render) as routers use them.

A router that matches prefixes on token ids must see the very blocks the replica caches; these tests hold the
ids to the simulator's own prefix cache, and put a real vllm-router (cache_aware) in front of two replicas.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bench.routing_fleet import router_binary, router_decisions, router_proc
from devstack.stack import Stack, consecutive_free_ports, free_port, simulator_proc

BLOCK = 4


@pytest.fixture(scope="module")
def fleet(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Stack, list[str]]]:
    stack = Stack(Path(tmp_path_factory.mktemp("sim-tokens")), echo=lambda _line: None)
    base = consecutive_free_ports(2)
    stack.start(simulator_proc(base, replicas="2", token_rate="500", block_size=str(BLOCK), log_level="WARNING"))
    yield stack, [f"http://127.0.0.1:{base + i}" for i in range(2)]
    stack.stop_all()


def _chat(text: str, history: str = "") -> list[dict[str, str]]:
    return [{"role": "system", "content": "You are a careful adviser."}, {"role": "user", "content": history + text}]


def _complete(client: httpx.Client, url: str, messages: list[dict[str, str]]) -> dict:
    r = client.post(f"{url}/v1/chat/completions", json={"model": "m", "messages": messages, "max_tokens": 2})
    assert r.status_code == 200, r.text
    return r.json()["usage"]


def _common_prefix(a: list[int], b: list[int]) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def test_render_and_tokenize_agree_with_usage(fleet: tuple[Stack, list[str]]) -> None:
    _, (url, other) = fleet
    messages = _chat("How risky is an index fund compared with a bond fund?")
    with httpx.Client(timeout=10) as client:
        rendered = client.post(f"{url}/v1/chat/completions/render",
                               json={"model": "m", "messages": messages, "max_tokens": 7, "stream": True}).json()
        tokenized = client.post(f"{url}/tokenize", json={"model": "m", "messages": messages}).json()
        elsewhere = client.post(f"{other}/tokenize", json={"messages": messages}).json()
        usage = _complete(client, url, messages)
    assert rendered["token_ids"] == tokenized["tokens"] == elsewhere["tokens"]  # same ids on every replica
    assert tokenized["count"] == len(tokenized["tokens"]) == usage["prompt_tokens"]
    assert rendered["sampling_params"]["max_tokens"] == 7 and rendered["stream"] is True
    assert tokenized["max_model_len"] > 0


def test_token_ids_predict_the_prefix_cache(fleet: tuple[Stack, list[str]]) -> None:
    """A second prompt's cached tokens are exactly the full blocks its ids share with the first prompt's."""
    _, (url, _) = fleet
    first = _chat("first question about bonds and cash", history="client file 77 holds funds. ")
    second = _chat("second question about stocks", history="client file 77 holds funds. ")
    with httpx.Client(timeout=10) as client:
        ids = [client.post(f"{url}/tokenize", json={"messages": m}).json()["tokens"] for m in (first, second)]
        _complete(client, url, first)
        usage = _complete(client, url, second)
    shared = _common_prefix(*ids)
    assert shared >= 2 * BLOCK  # the test means something only if the prompts share whole blocks
    assert usage["prompt_tokens_details"]["cached_tokens"] == shared // BLOCK * BLOCK


def test_tokenize_text_detokenize_round_trip(fleet: tuple[Stack, list[str]]) -> None:
    _, (url, _) = fleet
    with httpx.Client(timeout=10) as client:
        tok = client.post(f"{url}/tokenize", json={"prompt": "Sharpe 1.2, 波动 low!", "return_token_strs": True})
        text = client.post(f"{url}/detokenize", json={"tokens": tok.json()["tokens"]}).json()["prompt"]
        again = client.post(f"{url}/tokenize", json={"prompt": text}).json()
        no_gen = client.post(f"{url}/tokenize", json={"messages": _chat("hi"), "add_generation_prompt": False})
        with_gen = client.post(f"{url}/tokenize", json={"messages": _chat("hi")})
    assert tok.json()["token_strs"] == ["Sharpe", "1", ".", "2", ",", "波", "动", "low", "!"]
    assert again["tokens"] == tok.json()["tokens"]
    assert with_gen.json()["count"] == no_gen.json()["count"] + 3  # the assistant prefix


@pytest.mark.parametrize(("path", "body"), [
    ("/tokenize", {"model": "m"}),
    ("/tokenize", {"messages": []}),
    ("/detokenize", {"tokens": [-1]}),
    ("/detokenize", {"tokens": [123]}),  # never produced by this replica's tokenizer
    ("/v1/chat/completions/render", {"messages": [{"role": "user"}]}),
])
def test_bad_token_requests_are_400(fleet: tuple[Stack, list[str]], path: str, body: dict) -> None:
    _, (url, _) = fleet
    r = httpx.post(f"{url}{path}", json=body)
    assert r.status_code == 400 and r.json()["object"] == "error"


def test_vllm_router_cache_aware_routes_on_the_rendered_tokens(fleet: tuple[Stack, list[str]]) -> None:
    """Its own decision counter: prefix hits, and no decision fell back for missing tokens."""
    stack, urls = fleet
    binary = router_binary()
    if binary is None:
        pytest.skip("vllm-router is not installed (requirements-dev.txt)")
    port, prom = free_port(), free_port()
    proc = stack.start(router_proc(binary, port, urls, "cache_aware", prometheus_port=prom))
    try:
        with httpx.Client(timeout=10) as client:
            for turn in range(3):
                for client_id in range(2):
                    history = f"client file {client_id}: " + "holds bond funds and cash " * 6
                    _complete(client, f"http://127.0.0.1:{port}", _chat(f"turn {turn}", history))
            decisions = router_decisions(client.get(f"http://127.0.0.1:{prom}/metrics").text)
    finally:
        stack.stop(proc, 3)
    assert decisions.get("missing_tokens", 0) == 0
    assert decisions.get("prefix_hit", 0) >= 4  # every later turn of both sessions


def test_the_routing_bench_refuses_a_run_whose_peer_fell_back(tmp_path: Path) -> None:
    """Replicas without token endpoints: vllm-router cache_aware routes on nothing, and the run fails."""
    if router_binary() is None:
        pytest.skip("vllm-router is not installed (requirements-dev.txt)")
    from bench.routing import PeerFellBack, one_run
    from bench.routing_fleet import FleetSpec
    from bench.routing_workload import WorkloadShape

    stack = Stack(tmp_path, echo=lambda _line: None)
    spec = FleetSpec(replicas=2, token_rate=200.0, prefill_tokens_per_s=50_000.0, token_endpoints=False)
    shape = WorkloadShape(sessions=8, doc_words=40, answer_tokens=4, start_turns=1)
    try:
        with pytest.raises(PeerFellBack, match="missing_tokens"):
            asyncio.run(one_run(stack, "vllm_router_cache_aware", spec, shape, rate=20.0, duration_s=0.5))
    finally:
        stack.stop_all()
