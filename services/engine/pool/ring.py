"""Consistent hash ring with virtual nodes; every client instance builds the same ring from the same members.

A key's walk visits each member once, in ring order from the key's point. The first member of the walk is the
key's home; bounded-load spills take the next ones, so every instance spills a session to the same second
replica (the walk depends only on the key and the member names, never on load).
"""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Sequence


def hash64(data: str) -> int:
    return int.from_bytes(hashlib.blake2b(data.encode(), digest_size=8).digest(), "big")


class HashRing:
    def __init__(self, members: Sequence[str], vnodes: int = 160, walk_len: int = 8) -> None:
        self.members = list(members)
        points = sorted(
            (hash64(f"{member}#{v}"), i) for i, member in enumerate(self.members) for v in range(vnodes)
        )
        self._hashes = [h for h, _ in points]
        owners = [i for _, i in points]
        # The walk from every point, precomputed: a decision is one bisect and a tuple lookup.
        self._walks: list[tuple[int, ...]] = []
        n, want = len(owners), min(walk_len, len(self.members))
        for start in range(n):
            seen: dict[int, None] = {}
            for step in range(n):
                seen.setdefault(owners[(start + step) % n], None)
                if len(seen) == want:
                    break
            self._walks.append(tuple(seen))

    def walk(self, key: str) -> tuple[int, ...]:
        """The first ``walk_len`` member indices in the key's preference order (home first)."""
        return self.walk_from(hash64(key))

    def walk_from(self, point: int) -> tuple[int, ...]:
        if not self._hashes:
            return ()
        return self._walks[bisect.bisect(self._hashes, point) % len(self._hashes)]

    def home(self, key: str) -> str | None:
        walk = self.walk(key)
        return self.members[walk[0]] if walk else None
