"""The routing benchmark's multi-turn chat workload: sessions with Zipf-distributed activity and growing prompts.

Two shapes:
- ``distinct``: every session opens with its own client file (a long, session-specific first message) after a
  shared persona, then grows by one question and one answer per turn: many distinct prefixes.
- ``few``: every session's system prompt is one of ``few_docs`` long shared product documents and its own part
  is short: few distinct prefixes, where routing by prefix alone piles each document's traffic on one replica.

Answers are fixed placeholder text (the simulator caches prompt blocks, not generated ones, so what matters for
the next turn's prefix is only that the same text comes back). The oracle hit rate replays the prompts against
one unbounded prefix cache: the best any routing can do without evictions.
"""

from __future__ import annotations

import random
from collections import OrderedDict
from dataclasses import dataclass, field

from services.engine.simulator.tokens import block_hashes, prompt_tokens

VOCAB = [f"{a}{b}" for a in ("ka", "lo", "mi", "ne", "pu", "ro", "sa", "ti", "vu", "ze")
         for b in ("bar", "cen", "dol", "fin", "gor", "hal", "jum", "kip", "lem", "nox")]
PERSONA = ("You are a careful investment adviser for retail clients. Cite the numbers the tools give you, "
           "never promise returns, and explain risk in plain words. ") * 4


def _words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(VOCAB) for _ in range(n))


@dataclass(frozen=True)
class WorkloadShape:
    kind: str = "distinct"  # distinct | few
    sessions: int = 300
    zipf_s: float = 1.0
    doc_words: int = 300  # the session's client file (distinct) or each shared document (few)
    few_docs: int = 4
    question_words: int = 24
    answer_tokens: int = 24
    max_prompt_tokens: int = 1400  # a longer conversation starts over (a new one, new prefix)
    start_turns: int = 8  # sessions begin with up to this many earlier turns (history from before the run)
    seed: int = 7


@dataclass
class Session:
    sid: str
    rng: random.Random
    opening: list[dict[str, str]]
    turns: list[tuple[str, str]] = field(default_factory=list)
    generation: int = 0
    busy: bool = False


class Workload:
    def __init__(self, shape: WorkloadShape) -> None:
        self.shape = shape
        self.rng = random.Random(shape.seed)
        docs = [_words(random.Random(1000 + i), shape.doc_words) for i in range(shape.few_docs)]
        self.sessions = [self._new_session(i, docs) for i in range(shape.sessions)]
        weights = [1 / (rank + 1) ** shape.zipf_s for rank in range(shape.sessions)]
        total = sum(weights)
        self._cum = []
        acc = 0.0
        for w in weights:
            acc += w / total
            self._cum.append(acc)

    def _new_session(self, i: int, docs: list[str]) -> Session:
        rng = random.Random(self.shape.seed * 100_003 + i)
        s = self.shape
        if s.kind == "few":
            opening = [{"role": "system", "content": PERSONA + docs[i % len(docs)]}]
        else:
            file = f"Client file {i}: " + _words(rng, s.doc_words)
            opening = [{"role": "system", "content": PERSONA}, {"role": "user", "content": file},
                       {"role": "assistant", "content": "Noted."}]
        session = Session(f"session-{i}", rng, opening)
        for _ in range(rng.randrange(s.start_turns + 1)):
            session.turns.append(self._turn_text(session))
        return session

    def _turn_text(self, session: Session) -> tuple[str, str]:
        question = _words(session.rng, self.shape.question_words)
        answer = _words(session.rng, self.shape.answer_tokens)
        return question, answer

    def pick(self) -> Session | None:
        """A Zipf-chosen idle session (a user does not send again before the answer; retry a few times)."""
        for _ in range(8):
            u = self.rng.random()
            lo, hi = 0, len(self._cum) - 1
            while lo < hi:
                mid = (lo + hi) // 2
                if self._cum[mid] < u:
                    lo = mid + 1
                else:
                    hi = mid
            session = self.sessions[lo]
            if not session.busy:
                return session
        return None

    def next_prompt(self, session: Session) -> tuple[list[dict[str, str]], tuple[str, str]]:
        """The messages of the session's next turn, and that turn (to append once answered)."""
        turn = self._turn_text(session)
        messages = self.messages(session, turn[0])
        if len(prompt_tokens(messages)) > self.shape.max_prompt_tokens:
            session.turns.clear()  # the conversation is over; the user starts a new one
            session.generation += 1
            session.sid = f"{session.sid.split('#')[0]}#{session.generation}"
            messages = self.messages(session, turn[0])
        return messages, turn

    def messages(self, session: Session, question: str) -> list[dict[str, str]]:
        out = list(session.opening)
        if self.shape.kind == "few":
            out.append({"role": "user", "content": f"I am client {session.sid}."})
            out.append({"role": "assistant", "content": "Noted."})
        for q, a in session.turns:
            out.append({"role": "user", "content": q})
            out.append({"role": "assistant", "content": a})
        out.append({"role": "user", "content": question})
        return out


def oracle_hit_rate(prompts: list[list[dict[str, str]]], block_size: int, measured_from: int = 0) -> float:
    """Cached share of prompt tokens if every prompt met one unbounded cache holding all earlier prompts
    (prompts before ``measured_from`` only fill the cache: the warm-up)."""
    seen: set[bytes] = set()
    hit = total = 0
    for i, messages in enumerate(prompts):
        tokens = prompt_tokens(messages)
        hashes = block_hashes(tokens, block_size)
        n = 0
        for h in hashes:
            if h not in seen:
                break
            n += 1
        seen.update(hashes)
        if i >= measured_from:
            hit += n * block_size
            total += len(tokens)
    return hit / total if total else 0.0


def mean_prompt_tokens(shape: WorkloadShape, samples: int = 400) -> float:
    """Mean prompt length of the workload's turns (for sizing the offered load)."""
    w = Workload(shape)
    total = 0
    for _ in range(samples):
        session = w.pick() or w.sessions[0]
        messages, turn = w.next_prompt(session)
        total += len(prompt_tokens(messages))
        session.turns.append(turn)
    return total / samples


def warm_oracle_hit_rate(
    prompts: list[list[dict[str, str]]], block_size: int, replicas: int, capacity_blocks: int, measured_from: int = 0
) -> float:
    """Cached share if each prompt went to the replica holding most of its prefix, with the fleet's real cache
    size per replica (LRU of blocks); a prompt of which no replica holds half goes to the one that has taken the
    fewest tokens. No queueing or load limits: an upper bound for routing on this fleet."""
    caches: list[OrderedDict[bytes, None]] = [OrderedDict() for _ in range(replicas)]
    taken = [0] * replicas
    hit = total = 0
    for i, messages in enumerate(prompts):
        tokens = prompt_tokens(messages)
        hashes = block_hashes(tokens, block_size)
        held = []
        for cache in caches:
            n = 0
            for h in hashes:
                if h not in cache:
                    break
                n += 1
            held.append(n)
        best = max(range(replicas), key=lambda r: (held[r], -taken[r]))
        if held[best] * block_size < len(tokens) // 2:  # only a shared opening is warm: place for balance
            best = min(range(replicas), key=lambda r: taken[r])
        best_n = held[best]
        cache = caches[best]
        for h in hashes:
            cache[h] = None
            cache.move_to_end(h)
        while len(cache) > capacity_blocks:
            cache.popitem(last=False)
        taken[best] += len(tokens)
        if i >= measured_from:
            hit += best_n * block_size
            total += len(tokens)
    return hit / total if total else 0.0


def working_set_blocks(prompts: list[list[dict[str, str]]], block_size: int) -> int:
    """Distinct blocks of each conversation's latest prompt: the KV the fleet would need to hold them all."""
    latest: dict[str, list[dict[str, str]]] = {}
    for messages in prompts:
        latest["\x1f".join(m["content"] for m in messages[:2])] = messages
    blocks: set[bytes] = set()
    for messages in latest.values():
        blocks.update(block_hashes(prompt_tokens(messages), block_size))
    return len(blocks)
