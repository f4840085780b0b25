"""What one request or streamed turn came to: its timings and its outcome category.

Pure code, shared by the locustfile (which reports it to locust) and the analysis (which reads the records back).
Categories: ``ok``; ``shed`` (the platform refused early as designed: 429, or 503 ``overloaded`` with Retry-After);
``not_deployed`` (404 from an endpoint not built yet: reported apart, never a platform error); ``client_4xx``
(other 4xx, by status and code); ``server_5xx`` (incl. a 503 without Retry-After); ``stream_error`` (an ``error``
event ended the answer); ``stream_broken`` (the connection ended before ``done``/``error``); ``timeout``;
``connection`` (no HTTP response at all).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

from loadtests.sse import SseEvent


class Category(StrEnum):
    OK = "ok"
    SHED = "shed"
    NOT_DEPLOYED = "not_deployed"
    CLIENT_4XX = "client_4xx"
    SERVER_5XX = "server_5xx"
    STREAM_ERROR = "stream_error"
    STREAM_BROKEN = "stream_broken"
    TIMEOUT = "timeout"
    CONNECTION = "connection"


NOT_ERRORS = frozenset({Category.OK, Category.SHED, Category.NOT_DEPLOYED})


class LoadTestFailure(Exception):
    """Raised never, only reported: locust groups failures by the exception's type name and message."""


class Shed(LoadTestFailure):
    pass


class ClientError(LoadTestFailure):
    pass


class ServerError(LoadTestFailure):
    pass


class StreamError(LoadTestFailure):
    pass


class StreamBroken(LoadTestFailure):
    pass


class TurnTimeout(LoadTestFailure):
    pass


class ConnectionFailed(LoadTestFailure):
    pass


EXCEPTION_OF: dict[Category, type[LoadTestFailure]] = {
    Category.SHED: Shed,
    Category.CLIENT_4XX: ClientError,
    Category.SERVER_5XX: ServerError,
    Category.STREAM_ERROR: StreamError,
    Category.STREAM_BROKEN: StreamBroken,
    Category.TIMEOUT: TurnTimeout,
    Category.CONNECTION: ConnectionFailed,
}


@dataclass(frozen=True)
class Outcome:
    category: Category
    label: str  # what locust shows as the failure message, e.g. "429 rate_limited"
    status: int = 0

    @property
    def is_error(self) -> bool:
        return self.category not in NOT_ERRORS

    def exception(self) -> LoadTestFailure | None:
        kind = EXCEPTION_OF.get(self.category)
        return kind(self.label) if kind else None


OK = Outcome(Category.OK, "ok", 200)


def classify_http(status: int, error_code: str, retry_after: str | None, *, optional: bool = False) -> Outcome:
    """Classify a non-2xx answer. ``optional``: the endpoint may not be deployed yet (404 -> not_deployed).

    A 404 with the gateway's ``not_found`` code means the route does not exist; any other 404 (e.g.
    ``session_not_found``) is a real client error even on an optional endpoint.
    """
    label = f"{status} {error_code or 'no_code'}"
    if optional and status == 404 and error_code in ("not_found", ""):
        return Outcome(Category.NOT_DEPLOYED, label, status)
    if status == 429:
        return Outcome(Category.SHED, label, status)
    if status == 503 and error_code == "overloaded":
        if retry_after:
            return Outcome(Category.SHED, label, status)
        return Outcome(Category.SERVER_5XX, f"{label} without Retry-After", status)
    if 400 <= status < 500:
        return Outcome(Category.CLIENT_4XX, label, status)
    return Outcome(Category.SERVER_5XX, label, status)


@dataclass
class TurnTimer:
    """Timings of one streamed answer, fed its SSE events with a monotonic clock (seconds)."""

    started: float
    ttft_s: float | None = None
    gaps_s: list[float] = field(default_factory=list)
    deltas: int = 0
    tokens: int = 0
    terminal: str = ""  # "done" or "error" once the stream said how it ended
    timings: dict[str, float] = field(default_factory=dict)  # the dialogue's own: ttft_ms, engine_ttft_ms, total_ms
    error_code: str = ""
    _last: float | None = None

    def on_event(self, event: SseEvent, now: float) -> None:
        if event.event == "delta":
            self.deltas += 1
            if self.ttft_s is None:
                self.ttft_s = now - self.started
            if self._last is not None:
                self.gaps_s.append(now - self._last)
            self._last = now
        elif event.event == "done":
            self.terminal = "done"
            data = event.json()
            self.tokens = int((data.get("usage") or {}).get("completion_tokens") or 0)
            self.timings = {k: float(v) for k, v in (data.get("timings") or {}).items()}
        elif event.event == "error":
            self.terminal = "error"
            self.error_code = str(event.json().get("code") or "unknown")

    def outcome(self, *, timed_out: bool = False) -> Outcome:
        if self.terminal == "done":
            return OK
        if self.terminal == "error":
            return Outcome(Category.STREAM_ERROR, f"error event {self.error_code}", 200)
        if timed_out:
            return Outcome(Category.TIMEOUT, f"turn timed out after {self.deltas} deltas", 200)
        return Outcome(Category.STREAM_BROKEN, f"stream ended without done after {self.deltas} deltas", 200)


@dataclass
class Record:
    """One line of the records file the analysis reads (times: epoch seconds; durations: ms)."""

    kind: str  # "turn", "session", "history", "portfolio", "risk"
    t_start: float
    t_end: float
    category: str
    label: str
    status: int
    total_ms: float
    ttft_ms: float | None = None
    gaps_ms: list[float] = field(default_factory=list)
    tokens: int = 0
    timings: dict[str, float] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)
