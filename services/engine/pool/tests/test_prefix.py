"""Routing on what the prompt shares: chained block hashes, the instance's prefix index, and the affinity policy
that prefers the replica holding the prefix over the session's ring home, under bounded load."""

from __future__ import annotations

from dataclasses import dataclass

import aiohttp

from services.engine.pool.policy import AffinityPolicy, LoadView, make_policy
from services.engine.pool.pool import EnginePool, PoolConfig
from services.engine.pool.prefix import BLOCK_CHARS, PrefixIndex, block_hashes, prompt_blocks
from services.engine.pool.replica import Replica
from services.engine.pool.ring import HashRing

URLS = [f"http://r{i}:8000" for i in range(8)]
NOW = 1000.0
PERSONA = "You are a careful investment adviser. " * 20  # ~760 chars: shared by every session


@dataclass(frozen=True)
class Msg:
    role: str
    content: str


def conversation(client: int, turns: int) -> list[Msg]:
    """A session's prompt: shared persona, the client's own file, then its history and a new question."""
    out = [Msg("system", PERSONA), Msg("user", f"Client file {client}: " + f"holding{client} " * 300),
           Msg("assistant", "Noted.")]
    for t in range(turns):
        out += [Msg("user", f"question {t} of client {client} " * 8), Msg("assistant", f"answer {t} " * 20)]
    return [*out, Msg("user", f"new question {turns} " * 8)]


def common(a: list[int], b: list[int]) -> int:
    return next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))


def fleet() -> list[Replica]:
    return [Replica(u, index=i) for i, u in enumerate(URLS)]


def policy(index: PrefixIndex | None = None, eps: float = 0.3, home_eps: float = 1.0) -> AffinityPolicy:
    return AffinityPolicy(HashRing(URLS), eps, LoadView(max_age_s=5, slow_start_s=10), home_eps,
                          index if index is not None else PrefixIndex())


def key_not_homed_at(ring: HashRing, index: int) -> str:
    return next(k for k in (f"s{i}" for i in range(1000)) if ring.walk(k)[0] != index)


# -- block hashes -----------------------------------------------------------------------------------------------


def test_prompts_share_leading_hashes_exactly_as_far_as_they_share_full_blocks() -> None:
    base = "x" * (3 * BLOCK_CHARS)
    a, b = block_hashes(base + "a" * BLOCK_CHARS), block_hashes(base + "b" * BLOCK_CHARS)
    assert len(a) == len(b) == 4
    assert a[:3] == b[:3] and a[3] != b[3]
    # Chained: a change in the first block changes every later hash, even where the text is the same.
    c = block_hashes("y" + base[1:] + "a" * BLOCK_CHARS)
    assert all(x != y for x, y in zip(a, c, strict=True))
    # The trailing partial block is not hashed (it is still growing).
    assert block_hashes(base + "tail") == a[:3]


def test_a_conversations_next_turn_extends_its_previous_prompts_blocks() -> None:
    first, second = prompt_blocks(conversation(7, 3)), prompt_blocks(conversation(7, 4))
    other = prompt_blocks(conversation(8, 3))
    assert common(first, second) >= len(first) - 1  # all but the block the new question changed
    assert len(second) > len(first)
    assert common(first, other) <= len(PERSONA) // BLOCK_CHARS + 1  # another client shares only the persona


# -- the index --------------------------------------------------------------------------------------------------


def test_the_index_finds_the_replica_holding_the_deepest_known_block() -> None:
    index, reps = PrefixIndex(), fleet()
    old = prompt_blocks(conversation(1, 2))
    index.record(old, reps[3])
    held, depth = index.match(prompt_blocks(conversation(1, 3)))
    assert held is reps[3] and depth >= len(old) - 1
    index.record(old[:2], reps[5])  # a later prompt sharing only the opening went elsewhere
    assert index.match(prompt_blocks(conversation(1, 3)))[0] is reps[3]  # the deepest match wins
    assert index.match(prompt_blocks(conversation(2, 0)))[1] <= len(PERSONA) // BLOCK_CHARS + 1  # the persona


def test_the_index_is_bounded_and_keeps_what_is_in_use() -> None:
    index, r = PrefixIndex(max_blocks=100), Replica("http://a")
    index.record([1], r)
    for start in range(0, 250, 10):
        index.match([1])  # in use: read back into the young generation each round
        index.record(list(range(1000 + start, 1010 + start)), r)
    assert len(index) <= 200
    assert index.match([1])[0] is r
    assert index.match([1000])[0] is None  # written once, long ago, never read: aged out


def test_a_shared_opening_stays_known_while_a_conversation_over_it_goes_on() -> None:
    """A client file (block 1) that one long conversation keeps extending stays findable for a new session that
    shares only the file: the conversation's turns write every block, the file's too."""
    index, r = PrefixIndex(max_blocks=100), Replica("http://a")
    conversation = [1]
    for turn in range(25):
        conversation.append(10_000 + turn)  # the next turn extends the prompt
        index.match(conversation)  # its deepest known block (the previous turn) is found
        index.record(conversation, r)
        index.record(list(range(1000 + 10 * turn, 1010 + 10 * turn)), Replica("http://b"))  # other traffic
    assert index.match([1, 99_999]) == (r, 1)


def test_a_forgotten_replica_is_no_longer_matched() -> None:
    index, reps = PrefixIndex(), fleet()
    blocks = prompt_blocks(conversation(1, 2))
    index.record(blocks, reps[2])
    index.forget(reps[2])
    assert index.match(blocks) == (None, 0)


# -- the policy -------------------------------------------------------------------------------------------------


def test_a_new_conversation_with_a_known_opening_goes_where_that_opening_is() -> None:
    """A conversation that starts over under a new session id still shares its client file with the old one:
    it goes to the replica holding it, not to the new id's ring home (session affinity alone would move it)."""
    index, reps = PrefixIndex(), fleet()
    p = policy(index)
    new_sid = key_not_homed_at(p.ring, 4)
    index.record(prompt_blocks(conversation(9, 6)), reps[4])  # the old conversation lived on replica 4
    blocks = prompt_blocks(conversation(9, 0))
    choice = p.choose(new_sid, reps, [True] * 8, NOW, blocks)
    assert choice.replica is reps[4] and choice.affinity == "home"
    session_only = make_policy("session_affinity", URLS, 0.3, LoadView(), 1.0)
    assert session_only.choose(new_sid, reps, [True] * 8, NOW, blocks).replica is not reps[4]


def test_the_next_turn_follows_the_previous_one_even_off_the_ring_home() -> None:
    """A turn that spilled left the conversation's whole history on the spill replica: the next one goes there."""
    reps = fleet()
    pool_like = PrefixIndex()
    p = policy(pool_like)
    sid = "alice"
    walk = p.ring.walk(sid)
    for r in reps:
        r.inflight = 2
    reps[walk[0]].inflight = 12  # the home is past even its wide bound: this turn spills
    first = p.choose(sid, reps, [True] * 8, NOW, prompt_blocks(conversation(3, 2)))
    assert first.replica is reps[walk[1]] and first.affinity == "spill"
    pool_like.record(prompt_blocks(conversation(3, 2)), first.replica)
    reps[walk[0]].inflight = 2  # the home has room again
    nxt = p.choose(sid, reps, [True] * 8, NOW, prompt_blocks(conversation(3, 3)))
    assert nxt.replica is reps[walk[1]] and nxt.affinity == "home"


def test_a_shared_persona_alone_does_not_attract_a_new_session() -> None:
    index, reps = PrefixIndex(), fleet()
    p = policy(index)
    index.record(prompt_blocks(conversation(1, 0)), reps[6])  # another client: only the persona is common
    sid = key_not_homed_at(p.ring, 6)
    choice = p.choose(sid, reps, [True] * 8, NOW, prompt_blocks(conversation(2, 0)))
    assert choice.replica is reps[p.ring.walk(sid)[0]]


def test_a_full_warm_replica_spills_along_the_ring_under_the_tight_bound() -> None:
    index, reps = PrefixIndex(), fleet()
    p = policy(index, eps=0.3, home_eps=1.0)
    sid = "bob"
    walk = p.ring.walk(sid)
    warm = reps[walk[2]]
    index.record(prompt_blocks(conversation(4, 3)), warm)
    for r in reps:
        r.inflight = 4
    warm.inflight = 20  # mean (48+20+1)/8 ~ 8.6: past the wide bound 18 (+-1)
    reps[walk[0]].inflight = 12  # past the tight bound ceil(1.3 x 8.6) = 12, though under the wide one
    choice = p.choose(sid, reps, [True] * 8, NOW, prompt_blocks(conversation(4, 4)))
    assert choice.replica is reps[walk[1]] and choice.affinity == "spill"


def test_an_ejected_warm_replica_sends_the_conversation_to_its_ring_home() -> None:
    index, reps = PrefixIndex(), fleet()
    p = policy(index)
    sid = key_not_homed_at(p.ring, 5)
    index.record(prompt_blocks(conversation(5, 3)), reps[5])
    eligible = [True] * 8
    eligible[5] = False
    choice = p.choose(sid, reps, eligible, NOW, prompt_blocks(conversation(5, 4)))
    assert choice.replica is reps[p.ring.walk(sid)[0]]


async def test_the_pool_records_its_picks_and_forgets_an_ejected_replica() -> None:
    async with aiohttp.ClientSession() as http:
        pool = EnginePool(http, PoolConfig(), urls=URLS)
        sid = "carol"
        first = pool.acquire(sid, blocks=prompt_blocks(conversation(6, 2)))
        first.finish("ok")
        # A new session id over the same client file: the pool's own record sends it to the same replica.
        again = pool.acquire(key_not_homed_at(HashRing(URLS), first.replica.index),
                             blocks=prompt_blocks(conversation(6, 0)))
        assert again.replica is first.replica
        again.finish("error")  # a failure ejects it (threshold 1) and its prefixes are forgotten
        assert first.replica.ejected_until
        assert pool.prefix_index.match(prompt_blocks(conversation(6, 2)))[0] is None
