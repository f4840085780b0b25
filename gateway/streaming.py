"""Streaming responses that always clean up: the gRPC call is cancelled and the admission slot released
whether the answer completes, fails, or the client disconnects (even before the first byte was written)."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass

from starlette.responses import StreamingResponse
from starlette.types import Receive, Scope, Send

from gateway.errors import ApiError
from gateway.metrics import GatewayMetrics
from gateway.sse import SSE_HEADERS


class StreamSlots:
    """Per-process bound on open answer streams; beyond it, shed load early with 503 + Retry-After."""

    def __init__(self, limit: int, retry_after_s: int, metrics: GatewayMetrics) -> None:
        self.limit = limit
        self.open = 0
        self._retry_after_s = retry_after_s
        self._metrics = metrics

    def acquire(self) -> None:
        if self.open >= self.limit:
            self._metrics.rejected.labels(reason="streams_full").inc()
            raise ApiError(503, "overloaded", "the service is at capacity, retry shortly", self._retry_after_s)
        self.open += 1
        self._metrics.streams_inflight.set(self.open)

    def release(self) -> None:
        self.open -= 1
        self._metrics.streams_inflight.set(self.open)


@dataclass
class StreamTrace:
    api: str
    started: float
    metrics: GatewayMetrics
    first_sent: bool = False
    outcome: str = "cancelled"

    def sent(self) -> None:
        if not self.first_sent:
            self.first_sent = True
            self.metrics.ttft.labels(api=self.api).observe(time.perf_counter() - self.started)

    def finish(self) -> None:
        self.metrics.stream_seconds.labels(api=self.api, outcome=self.outcome).observe(
            time.perf_counter() - self.started
        )


class ClosingStreamingResponse(StreamingResponse):
    def __init__(self, content: AsyncIterator[bytes], on_close: Callable[[], Awaitable[None]]) -> None:
        super().__init__(content, media_type="text/event-stream", headers=SSE_HEADERS)
        self._on_close = on_close

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            await self._on_close()
