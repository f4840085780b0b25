"""What one client instance knows about one replica: its own in-flight count, the last scrape, its health."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(eq=False, slots=True)
class Replica:
    url: str
    index: int = 0  # position in the pool's member list (ring points refer to it)
    inflight: int = 0  # this client's requests to the replica that have not finished
    prefilling: int = 0  # of those, the ones still waiting for their first token (queued or in prefill)
    # Last /metrics scrape (vllm:num_requests_running + waiting, kv usage), and our in-flight count then.
    scraped_running: float = 0.0
    scraped_waiting: float = 0.0
    kv_usage: float = 0.0
    scraped_at: float = 0.0  # monotonic seconds; 0 = never scraped
    inflight_at_scrape: int = 0
    # Health.
    failures: int = 0  # consecutive failed requests or probes
    ejections: int = 0  # consecutive ejections (drives the backoff)
    ejected_until: float = 0.0  # 0 = in service
    returned_at: float = 0.0  # when it came back from ejection (slow start); 0 = never ejected

    def load(self, now: float, max_age_s: float) -> float:
        """Requests at the replica: the scrape plus what this client sent or finished since then.

        The scrape counts every client's requests but is up to one interval old; adding our own change since then
        means a burst of our picks raises the estimate at once, so a stale scrape cannot herd traffic onto a
        replica that looked idle. A scrape older than ``max_age_s`` is ignored (only our own count is known).
        Requests still before their first token count twice: a replica's queue of prompts to prefill is what
        delays the next one, and a request count alone cannot tell a long prefill queue from a decoding batch.
        """
        own = self.inflight  # (no max()/float() calls: this runs for every replica on every decision)
        if not self.scraped_at or now - self.scraped_at > max_age_s:
            return own + self.prefilling
        estimate = self.scraped_running + self.scraped_waiting + own - self.inflight_at_scrape
        return (estimate if estimate > own else own) + self.prefilling

    def warmth(self, now: float, slow_start_s: float) -> float:
        """Share of a full load a returning replica may take: ramps from 0.1 to 1 over ``slow_start_s``."""
        if not self.returned_at or slow_start_s <= 0:
            return 1.0
        return min(1.0, max(0.1, (now - self.returned_at) / slow_start_s))
