"""Runs the CPU-bound tools off the event loop, in a pool of worker processes, with a result cache.

The event loop only decodes, looks up the cache and awaits: health checks and other RPCs are answered while
the workers compute. Identical requests (same method, same bytes) are answered from a bounded LRU cache.
A bounded number of computations may wait for a worker; beyond that new ones are refused with
RESOURCE_EXHAUSTED (the client retries) instead of queueing without limit.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
from collections import OrderedDict
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from services.common.errors import ResourceExhausted, Unavailable
from services.portfolio import dispatch
from services.portfolio.metrics import PortfolioMetrics

log = logging.getLogger(__name__)
WORKER_NICE = 10  # workers yield the core to the event loop


class ResultCache:
    """LRU of encoded results, bounded by total bytes (keys included)."""

    def __init__(self, max_bytes: int) -> None:
        self._max = max_bytes
        self._size = 0
        self._items: OrderedDict[tuple[str, bytes], bytes] = OrderedDict()
        self.hits = 0
        self.misses = 0

    def get(self, key: tuple[str, bytes]) -> bytes | None:
        found = self._items.get(key)
        if found is None:
            self.misses += 1
            return None
        self._items.move_to_end(key)
        self.hits += 1
        return found

    def put(self, key: tuple[str, bytes], value: bytes) -> None:
        cost = len(key[1]) + len(value)
        if cost > self._max or key in self._items:
            return
        self._items[key] = value
        self._size += cost
        while self._size > self._max:
            (_, old_payload), old_value = self._items.popitem(last=False)
            self._size -= len(old_payload) + len(old_value)


class Compute:
    """``workers == 0`` runs the tools in one background thread (tests, tiny deployments)."""

    def __init__(
        self, workers: int, cache_bytes: int, max_waiting: int, data_dir: str = "",
        metrics: PortfolioMetrics | None = None,
    ) -> None:
        self._metrics = metrics
        self._workers = workers
        self._data_dir = data_dir
        self._cache = ResultCache(cache_bytes)
        self._slots = asyncio.Semaphore(max(1, workers) + max_waiting)
        self._executor = self._new_executor()

    def _new_executor(self) -> Executor:
        if self._workers == 0:
            dispatch.init_worker(self._data_dir)
            return ThreadPoolExecutor(max_workers=1, thread_name_prefix="portfolio-compute")
        return ProcessPoolExecutor(
            max_workers=self._workers,
            mp_context=multiprocessing.get_context("spawn"),  # never fork a process that runs gRPC
            initializer=dispatch.init_worker,
            initargs=(self._data_dir, WORKER_NICE),
        )

    async def start(self) -> None:
        """Start every worker and load the data in each before the service reports SERVING."""
        loop = asyncio.get_running_loop()
        warmups = [loop.run_in_executor(self._executor, dispatch.warm) for _ in range(max(1, self._workers))]
        await asyncio.gather(*warmups)

    @property
    def cache(self) -> ResultCache:
        return self._cache

    async def call(self, method: str, payload: bytes) -> bytes:
        key = (method, payload)
        cached = self._cache.get(key)
        if self._metrics:
            self._metrics.cache.labels(result="miss" if cached is None else "hit").inc()
        if cached is not None:
            return cached
        if self._slots.locked():
            if self._metrics:
                self._metrics.rejected.inc()
            raise ResourceExhausted("the portfolio service is busy, retry shortly", code="overloaded",
                                    retry_after_s=1.0)
        async with self._slots:
            ok, result, seconds = await self._run(method, payload)
        if self._metrics:
            self._metrics.compute.labels(method=method).observe(seconds)
        if not ok:
            assert isinstance(result, tuple)
            dispatch.raise_outcome(result)
        assert isinstance(result, bytes)
        self._cache.put(key, result)
        return result

    async def _run(self, method: str, payload: bytes) -> tuple[bool, bytes | tuple[str, str, str], float]:
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._executor, dispatch.run_timed, method, payload)
        except BrokenProcessPool:
            log.error("a compute worker died; starting a new pool")
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = self._new_executor()
            raise Unavailable("a compute worker failed; retry", code="compute_unavailable") from None

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)
