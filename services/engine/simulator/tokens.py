"""The simulator's tokenizer and text generator: simple, documented and consistent, so usage numbers add up.

Tokens are runs of ASCII letters/digits, single CJK characters, or single other non-space characters. A chat
prompt costs its message tokens plus 4 per message (role markers) plus 3 (the assistant prefix), roughly as a
real chat template does.
"""

from __future__ import annotations

import hashlib
import random
import re

import orjson

_TOKEN_RE = re.compile(r"[A-Za-z0-9]+|[\u3400-\u9fff\uf900-\ufaff]|[^\sA-Za-z0-9]")

WORDS = (
    "a",
    "diversified",
    "portfolio",
    "spreads",
    "risk",
    "across",
    "many",
    "assets",
    "so",
    "that",
    "one",
    "loss",
    "does",
    "not",
    "dominate",
    "the",
    "outcome",
    "investors",
    "should",
    "consider",
    "their",
    "horizon",
    "goals",
    "and",
    "tolerance",
    "for",
    "volatility",
    "before",
    "choosing",
    "funds",
    "bonds",
    "usually",
    "move",
    "less",
    "than",
    "stocks",
    "while",
    "cash",
    "offers",
    "stability",
    "but",
    "little",
    "growth",
    "over",
    "time",
    "index",
    "funds",
    "track",
    "a",
    "market",
    "at",
    "low",
    "cost",
    "and",
    "rebalancing",
    "keeps",
    "the",
    "mix",
    "close",
    "to",
    "its",
    "target",
    "past",
    "performance",
    "does",
    "not",
    "guarantee",
    "future",
    "results",
    "and",
    "every",
    "investment",
    "carries",
    "some",
    "risk",
)
# Each word's JSON-escaped bytes, pre-encoded once: the hot path only concatenates.
WORD_JSON = [orjson.dumps(" " + w)[1:-1] for w in WORDS]


def tokenize(text: str) -> list[str]:
    return _TOKEN_RE.findall(text)


def prompt_tokens(messages: list[dict[str, str]]) -> list[str]:
    out: list[str] = []
    for m in messages:
        out += ["<|im_start|>", m["role"], "\n", *tokenize(m["content"]), "<|im_end|>"]
    return [*out, "<|im_start|>", "assistant", "\n"]


def word_stream(prompt: list[str], seed: int) -> random.Random:
    digest = hashlib.blake2b("\x1f".join(prompt).encode(), digest_size=8, person=seed.to_bytes(8, "little"))
    return random.Random(int.from_bytes(digest.digest(), "little"))


def block_hashes(tokens: list[str], block_size: int) -> list[bytes]:
    """Chained hashes of the prompt's full blocks (each depends on everything before it, as in vLLM)."""
    hashes: list[bytes] = []
    parent = b""
    for start in range(0, len(tokens) - block_size + 1, block_size):
        block = "\x1f".join(tokens[start : start + block_size]).encode()
        parent = hashlib.blake2b(parent + block, digest_size=16).digest()
        hashes.append(parent)
    return hashes


class Vocab:
    """Token ids for the simulator's token strings, as vLLM's /tokenize, /detokenize and /render expose them.

    An id is a hash of the token's text, so every replica (and every process) gives the same text the same ids
    without a shared table: a router that matches prefixes on ids sees exactly the blocks the replicas cache.
    Ids are memoised (bounded): hashing every token of every render cost ~2 ms per 1,000-token prompt, enough to
    delay a router's render request behind the replicas' streams on a busy machine. The same map, reversed,
    serves /detokenize.
    """

    def __init__(self, limit: int = 1 << 20) -> None:
        self._id: dict[str, int] = {}
        self._text: dict[int, str] = {}
        self._limit = limit

    def ids(self, tokens: list[str]) -> list[int]:
        known = self._id
        out = [known.get(tok, -1) for tok in tokens]
        if -1 in out:
            for n, tok in enumerate(tokens):
                if out[n] == -1:
                    out[n] = self._new(tok)
        return out

    def _new(self, tok: str) -> int:
        i = int.from_bytes(hashlib.blake2b(tok.encode(), digest_size=4).digest(), "little") & 0x7FFFFFFF
        if len(self._id) < self._limit:
            self._id[tok] = i
            self._text.setdefault(i, tok)
        return i

    def text(self, ids: list[int]) -> str:
        """The tokens joined by spaces (the simulator's tokenizer drops whitespace); unknown ids raise KeyError."""
        return " ".join(self._text[i] for i in ids)
