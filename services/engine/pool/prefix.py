"""What a prompt shares with earlier ones: chained hashes of its fixed-size blocks, and where they were sent.

vLLM's prefix cache keys each full block of 16 tokens by a hash chained over every block before it, so two
prompts share cached KV exactly as far as they share leading blocks. The pool client cannot run the model's
tokenizer, and need not: it hashes the rendered conversation's *bytes* in fixed-size blocks, chained the same
way. Prompts that share a prefix share those leading hashes, at a resolution of one block.

``PrefixIndex`` remembers, per client instance, which replica it last sent each block to: the client's own
picture of the replicas' caches, learned from its own decisions (no central state, no extra requests). Its
deepest match for a new prompt is where that prompt's prefix most likely still lives: the previous turn of the
conversation, an earlier conversation of the same client file, another session over the same document.
The hashes are process-local (Python's own string hash): only this instance ever compares them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from services.engine.pool.replica import Replica

# ~128 tokens of English (several hundred of Chinese, 1-2 tokens a character): coarser than vLLM's 16-token
# blocks, fine enough to tell conversations apart (a turn adds a few hundred characters), and few enough that
# hashing stays a fraction of the decision's budget.
BLOCK_CHARS = 512
MAX_BLOCKS = 64  # 32 KiB: a prompt's deeper blocks add hashing cost, not routing information


class Message(Protocol):
    @property
    def role(self) -> str: ...

    @property
    def content(self) -> str: ...


def render(messages: Iterable[Message]) -> str:
    """The conversation as one string in message order (any injective rendering keeps prefixes aligned)."""
    parts: list[str] = []
    for m in messages:
        parts += ("\x1e", m.role, "\x1f", m.content)
    return "".join(parts)


def block_hashes(text: str, block: int = BLOCK_CHARS, limit: int = MAX_BLOCKS) -> list[int]:
    """Chained hashes of the text's full blocks: the i-th depends on blocks 0..i, as in vLLM's prefix cache.

    The trailing partial block is left out (it is still growing, as vLLM leaves a partial block uncached).
    """
    out: list[int] = []
    h = 0
    end = min(len(text), block * limit)
    for stop in range(block, end + 1, block):
        h = hash((h, text[stop - block : stop]))
        out.append(h)
    return out


def prompt_blocks(messages: Iterable[Message]) -> list[int]:
    return block_hashes(render(messages))


class PrefixIndex:
    """Block hash -> the replica this instance last sent a prompt holding that block to.

    Bounded as a two-generation LRU: writes go to the young map; when it is full it becomes the old map and the
    previous old map is dropped. A block read from the old map is written back to the young one, so blocks in
    use survive and blocks nobody asks for age out, with O(1) work and no per-entry bookkeeping.
    """

    def __init__(self, max_blocks: int = 65_536) -> None:
        self.max_blocks = max(1, max_blocks)
        self._young: dict[int, Replica] = {}
        self._old: dict[int, Replica] = {}

    def __len__(self) -> int:
        return len(self._young) + len(self._old)

    def match(self, blocks: Sequence[int]) -> tuple[Replica | None, int]:
        """The replica holding the deepest known block of ``blocks``, and how many leading blocks that covers.

        Searched from the end: a conversation's next turn extends the previous prompt, so its deepest known
        block is within the last few.
        """
        young, old = self._young, self._old
        for depth in range(len(blocks), 0, -1):
            h = blocks[depth - 1]
            r = young.get(h)
            if r is None:
                r = old.get(h)
                if r is None:
                    continue
                young[h] = r
            return r, depth
        return None, 0

    def record(self, blocks: Sequence[int], replica: Replica) -> None:
        """The prompt went to ``replica``: every one of its blocks is now (most recently) there. All of them are
        written, the leading ones too, so the shorter prefixes other prompts share (a client file, a document)
        stay young while a conversation over them goes on (at most ``MAX_BLOCKS`` writes)."""
        young = self._young
        for h in blocks:
            young[h] = replica
        if len(young) >= self.max_blocks:
            self._old, self._young = young, {}

    def forget(self, replica: Replica) -> None:
        """A replica left the pool (or lost its cache): its entries no longer point anywhere useful."""
        for table in (self._young, self._old):
            for h in [h for h, r in table.items() if r is replica]:
                del table[h]
