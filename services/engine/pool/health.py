"""Passive ejection with exponential backoff, return through an active probe, slow start afterwards.

Plain state transitions on ``Replica``; the pool calls them from request outcomes and from its probe loop.
"""

from __future__ import annotations

from dataclasses import dataclass

from services.engine.pool.replica import Replica


@dataclass(frozen=True)
class HealthPolicy:
    failure_threshold: int = 1  # consecutive failures (requests or probes) that eject
    base_backoff_s: float = 1.0
    max_backoff_s: float = 30.0

    def backoff(self, ejections: int) -> float:
        return min(self.max_backoff_s, self.base_backoff_s * 2 ** max(0, ejections - 1))

    def on_success(self, r: Replica) -> None:
        r.failures = 0
        if not r.ejected_until:
            r.ejections = 0

    def on_failure(self, r: Replica, now: float) -> bool:
        """Count a failure; returns True when this failure ejects the replica."""
        r.failures += 1
        if r.ejected_until or r.failures < self.failure_threshold:
            return False
        r.ejections += 1
        r.ejected_until = now + self.backoff(r.ejections)
        return True

    def on_probe(self, r: Replica, ok: bool, now: float) -> str:
        """Apply an active /health probe. Returns "ejected", "returned" or "" (no change)."""
        if not ok:
            if r.ejected_until:
                # Still down: stay out, and wait longer before the next chance.
                if now >= r.ejected_until:
                    r.ejections += 1
                    r.ejected_until = now + self.backoff(r.ejections)
                return ""
            r.failures = self.failure_threshold - 1
            return "ejected" if self.on_failure(r, now) else ""
        if r.ejected_until and now >= r.ejected_until:
            r.ejected_until = 0.0
            r.failures = 0
            r.returned_at = now  # slow start from here
            return "returned"
        return ""
