"""Incremental parser of a ``text/event-stream`` body (the gateway's SSE), fed raw bytes as they arrive.

Pure code (no locust import: importing locust monkey-patches the process with gevent), so it is tested directly.
Follows the WHATWG rules the gateway relies on: ``event:``/``data:`` fields, multi-line ``data``, comment lines
(``: keep-alive`` heartbeats), LF or CRLF line ends, and an event only dispatched at its blank line, so an event
split across network reads is never seen half-built.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class SseEvent:
    event: str
    data: str

    def json(self) -> Any:
        return json.loads(self.data)


class SseParser:
    def __init__(self) -> None:
        self._buffer = b""
        self._event = ""
        self._data: list[str] = []
        self.comments = 0  # heartbeats seen (a stream alive but silent)

    def feed(self, chunk: bytes) -> list[SseEvent]:
        """Consume bytes; return the events completed by them (possibly none)."""
        self._buffer += chunk
        events: list[SseEvent] = []
        while True:
            end = self._buffer.find(b"\n")
            if end < 0:
                return events
            raw, self._buffer = self._buffer[:end], self._buffer[end + 1 :]
            event = self._line(raw.rstrip(b"\r").decode("utf-8", errors="replace"))
            if event is not None:
                events.append(event)

    def _line(self, line: str) -> SseEvent | None:
        if line == "":
            if not self._data:
                self._event = ""
                return None
            event = SseEvent(self._event or "message", "\n".join(self._data))
            self._event, self._data = "", []
            return event
        if line.startswith(":"):
            self.comments += 1
            return None
        name, _, value = line.partition(":")
        value = value[1:] if value.startswith(" ") else value
        if name == "event":
            self._event = value
        elif name == "data":
            self._data.append(value)
        return None  # "id", "retry" and unknown fields carry nothing this client needs

    @property
    def pending(self) -> bool:
        """True when bytes or fields of an unfinished event are buffered (a stream cut mid-event)."""
        return bool(self._buffer.strip() or self._data)
