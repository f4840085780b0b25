"""Pure-ASGI edge middleware: request ids, body size limit (413) and UTF-8 check (400) before any parsing.

The body is read here once (bounded by ``max_body_bytes``) and replayed to the app, so an oversized or
undecodable body is rejected before a route or a service ever sees it.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import orjson

from gateway.metrics import GatewayMetrics

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

REQUEST_ID_RE = re.compile(rb"^[A-Za-z0-9._-]{1,64}$")


class EdgeMiddleware:
    def __init__(
        self, app: ASGIApp, *, max_body_bytes: int, metrics: GatewayMetrics, path_limits: dict[str, int] | None = None
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.path_limits = path_limits or {}  # larger bodies for routes that carry data (price series)
        self.requests = metrics.requests

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        given = headers.get(b"x-request-id", b"")
        request_id = given.decode() if REQUEST_ID_RE.match(given) else secrets.token_hex(8)
        scope.setdefault("state", {})["request_id"] = request_id
        raw_id = request_id.encode()

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (b"x-request-id", raw_id)]
                # Label by route template (bounded), never by the raw path with its ids.
                route = getattr(scope.get("route"), "path", "unmatched")
                self.requests.labels(route=route, status=str(message["status"])).inc()
            await send(message)

        if scope["method"] in ("GET", "HEAD", "OPTIONS", "DELETE"):
            await self.app(scope, receive, send_with_id)
            return
        limit = self.path_limits.get(scope["path"], self.max_body_bytes)
        declared = headers.get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await self._reject(send_with_id, request_id, 413, "body_too_large", self._too_large(limit))
            return
        body = bytearray()
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > limit:
                await self._reject(send_with_id, request_id, 413, "body_too_large", self._too_large(limit))
                return
        content_type = headers.get(b"content-type", b"application/json")
        if b"json" in content_type:
            try:
                bytes(body).decode("utf-8")
            except UnicodeDecodeError:
                await self._reject(send_with_id, request_id, 400, "invalid_encoding", "the body is not valid UTF-8")
                return
        await self.app(scope, _replay(bytes(body), receive), send_with_id)

    @staticmethod
    def _too_large(limit: int) -> str:
        return f"the body is larger than {limit} bytes"

    @staticmethod
    async def _reject(send: Send, request_id: str, status: int, code: str, message: str) -> None:
        body = orjson.dumps({"error": {"code": code, "message": message, "request_id": request_id}})
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
            }
        )
        await send({"type": "http.response.body", "body": body})


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()  # after the body: wait for the client's disconnect, as Starlette expects

    return replay
