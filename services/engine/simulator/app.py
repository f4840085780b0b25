"""The simulator's OpenAI-compatible HTTP surface, as a raw ASGI app (no framework on the hot path).

Endpoints: POST /v1/chat/completions (stream or not), GET /v1/models, GET /health, GET /metrics,
GET/POST /admin/faults (read or change fault injection at run time), and the token endpoints routers use to
match prefixes on token ids: POST /tokenize, /detokenize and /v1/chat/completions/render (vLLM's shapes; see
tokens.Vocab). Their ids are the very tokens the prefix cache hashes in blocks.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import orjson
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from services.engine.simulator.engine import Sequence, SimEngine
from services.engine.simulator.metrics import SimMetrics
from services.engine.simulator.phrasing import answer, pieces
from services.engine.simulator.settings import SimulatorSettings
from services.engine.simulator.tokens import WORD_JSON, Vocab, prompt_tokens, tokenize, word_stream

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]

SSE_HEADERS = [(b"content-type", b"text/event-stream"), (b"cache-control", b"no-cache")]
JSON_HEADERS = [(b"content-type", b"application/json")]


class BadRequest(Exception):
    pass


class InjectedCrash(Exception):
    """Raised mid-stream to cut the connection without a proper end (fault injection)."""


async def _respond(send: Send, status: int, body: bytes, headers: list[tuple[bytes, bytes]] = JSON_HEADERS) -> None:
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _error(message: str, status: int) -> bytes:
    kind = "BadRequestError" if status == 400 else "InternalServerError"
    return orjson.dumps({"object": "error", "message": message, "type": kind, "param": None, "code": status})


async def _read_body(receive: Receive, limit: int = 8 * 1024 * 1024) -> bytes:
    body = bytearray()
    while True:
        message = await receive()
        body += message.get("body", b"")
        if len(body) > limit:
            raise BadRequest("request body too large")
        if not message.get("more_body"):
            return bytes(body)


TOKEN_ROUTES = {
    ("POST", "/tokenize"): "tokenize_request",
    ("POST", "/detokenize"): "detokenize_request",
    ("POST", "/v1/chat/completions/render"): "render_request",
}


def _json_object(raw: bytes) -> dict[str, Any]:
    try:
        req = orjson.loads(raw)
    except orjson.JSONDecodeError as err:
        raise BadRequest(f"malformed JSON: {err}") from err
    if not isinstance(req, dict):
        raise BadRequest("expected a JSON object")
    return req


def _messages(req: dict[str, Any]) -> list[dict[str, str]]:
    messages = req.get("messages")
    if not isinstance(messages, list) or not messages:
        raise BadRequest("'messages' must be a non-empty list")
    for m in messages:
        if not isinstance(m, dict) or not isinstance(m.get("content"), str) or "role" not in m:
            raise BadRequest("each message needs a 'role' and a string 'content'")
    return messages


class SimulatorApp:
    def __init__(self, settings: SimulatorSettings) -> None:
        self.settings = settings
        self.metrics = SimMetrics.create(settings.served_model_name)
        self.engine = SimEngine(settings, self.metrics)
        self.vocab = Vocab()
        self._runner: asyncio.Task[None] | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        self.start()  # no-op once running; servers without lifespan support (tests) start here
        route = (scope["method"], scope["path"])
        try:
            if route == ("POST", "/v1/chat/completions"):
                await self._chat(receive, send)
            elif route in TOKEN_ROUTES and self.settings.token_endpoints:
                req = _json_object(await _read_body(receive))
                await _respond(send, 200, orjson.dumps(getattr(self, TOKEN_ROUTES[route])(req)))
            elif route == ("GET", "/health"):
                await _respond(send, 200, b"", [])
            elif route == ("GET", "/v1/models"):
                await _respond(send, 200, self._models())
            elif route == ("GET", "/metrics"):
                body = generate_latest(self.metrics.registry)
                await _respond(send, 200, body, [(b"content-type", CONTENT_TYPE_LATEST.encode())])
            elif scope["path"] == "/admin/faults" and scope["method"] in ("GET", "POST"):
                await self._faults(scope["method"], receive, send)
            else:
                await _respond(send, 404, _error(f"no route {scope['method']} {scope['path']}", 404))
        except BadRequest as err:
            await _respond(send, 400, _error(str(err), 400))

    def start(self) -> None:
        if self._runner is None:
            self._runner = asyncio.create_task(self.engine.run())

    def stop(self) -> None:
        if self._runner:
            self._runner.cancel()

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        await _lifespan([self], receive, send)

    def _models(self) -> bytes:
        name = self.settings.served_model_name
        return orjson.dumps(
            {
                "object": "list",
                "data": [{"id": name, "object": "model", "created": 0, "owned_by": "simulator",
                          "root": name, "max_model_len": self.settings.max_model_len}],
            }
        )

    async def _faults(self, method: str, receive: Receive, send: Send) -> None:
        if method == "POST":
            try:
                changes = orjson.loads(await _read_body(receive))
                if not isinstance(changes, dict):
                    raise BadRequest("expected a JSON object of fault settings")
                self.engine.set_faults(changes)
            except (orjson.JSONDecodeError, ValueError, TypeError) as err:
                raise BadRequest(str(err)) from err
        await _respond(send, 200, orjson.dumps(self.engine.faults))

    def _max_tokens(self, req: dict[str, Any]) -> int:
        max_tokens = req.get("max_tokens") or req.get("max_completion_tokens") or self.settings.default_max_tokens
        if not isinstance(max_tokens, int) or max_tokens < 1:
            raise BadRequest("'max_tokens' must be a positive integer")
        return int(max_tokens)

    def tokenize_request(self, req: dict[str, Any]) -> dict[str, Any]:
        """POST /tokenize: ``prompt`` (text) or ``messages`` (chat template, generation prompt by default)."""
        if "messages" in req:
            tokens = prompt_tokens(_messages(req))
            if req.get("add_generation_prompt") is False:
                tokens = tokens[:-3]  # the assistant prefix ("<|im_start|>", "assistant", "\n")
        elif isinstance(req.get("prompt"), str):
            tokens = tokenize(req["prompt"])
        else:
            raise BadRequest("expected 'prompt' (a string) or 'messages'")
        out: dict[str, Any] = {"count": len(tokens), "max_model_len": self.settings.max_model_len,
                               "tokens": self.vocab.ids(tokens), "token_strs": None}
        if req.get("return_token_strs"):
            out["token_strs"] = tokens
        return out

    def detokenize_request(self, req: dict[str, Any]) -> dict[str, Any]:
        """POST /detokenize: ``tokens`` (ids) back to text."""
        ids = req.get("tokens")
        if not isinstance(ids, list) or not all(isinstance(i, int) and i >= 0 for i in ids):
            raise BadRequest("'tokens' must be a list of non-negative integers")
        try:
            return {"prompt": self.vocab.text(ids)}
        except KeyError as err:
            raise BadRequest(f"unknown token id {err.args[0]}") from err

    def render_request(self, req: dict[str, Any]) -> dict[str, Any]:
        """POST /v1/chat/completions/render: the chat request as vLLM's GenerateRequest (token ids + sampling)."""
        prompt = self._check_prompt(prompt_tokens(_messages(req)), self._max_tokens(req))
        sampling = {"max_tokens": self._max_tokens(req), "temperature": req.get("temperature", 1.0),
                    "top_p": req.get("top_p", 1.0), "seed": req.get("seed")}
        return {"request_id": uuid.uuid4().hex, "token_ids": self.vocab.ids(prompt), "sampling_params": sampling,
                "model": self.settings.served_model_name, "stream": bool(req.get("stream"))}

    def _parse(self, raw: bytes) -> tuple[dict[str, Any], list[str], int]:
        req = _json_object(raw)
        messages = _messages(req)
        max_tokens = self._max_tokens(req)
        return req, self._check_prompt(prompt_tokens(messages), max_tokens), max_tokens

    def _check_prompt(self, prompt: list[str], max_tokens: int) -> list[str]:
        if len(prompt) + max_tokens > self.settings.max_model_len:
            raise BadRequest(
                f"This model's maximum context length is {self.settings.max_model_len} tokens. However, you "
                f"requested {len(prompt) + max_tokens} tokens ({len(prompt)} in the messages, {max_tokens} in "
                "the completion). Please reduce the length of the messages or completion."
            )
        return prompt

    async def _chat(self, receive: Receive, send: Send) -> None:
        req, prompt, max_tokens = self._parse(await _read_body(receive))
        engine = self.engine
        if engine.faults["fault_latency_ms"]:
            await asyncio.sleep(engine.faults["fault_latency_ms"] / 1000)
        if engine.roll("fault_error_rate"):
            await _respond(send, 500, _error("injected engine error", 500))
            return
        seed = req.get("seed")
        rng = word_stream(prompt, seed if isinstance(seed, int) else self.settings.seed)
        seq = Sequence(prompt, max_tokens, rng, hang=engine.roll("fault_hang_rate"))
        vocab = WORD_JSON
        if self.settings.response_mode == "facts":
            script = pieces(answer(req["messages"], invent=engine.roll("fault_invent_number_rate")))
            vocab, seq.script_len = [orjson.dumps(p)[1:-1] for p in script], len(script)
        engine.submit(seq)
        watcher = asyncio.create_task(self._watch_disconnect(receive, seq))
        try:
            if req.get("stream"):
                include_usage = bool((req.get("stream_options") or {}).get("include_usage"))
                await self._stream(send, seq, include_usage, vocab)
            else:
                await self._complete(send, seq, vocab)
        finally:
            watcher.cancel()
            engine.abort(seq)  # no-op when it finished normally

    async def _watch_disconnect(self, receive: Receive, seq: Sequence) -> None:
        while (await receive())["type"] != "http.disconnect":
            pass
        self.engine.abort(seq)

    async def _next_tokens(self, seq: Sequence) -> list[int]:
        if not seq.pending and not seq.done:
            seq.waiter = asyncio.get_running_loop().create_future()
            await seq.waiter
        taken, seq.pending = seq.pending, []
        return taken

    def _usage(self, seq: Sequence) -> dict[str, Any]:
        n = len(seq.prompt)
        return {
            "prompt_tokens": n,
            "completion_tokens": seq.generated,
            "total_tokens": n + seq.generated,
            "prompt_tokens_details": {"cached_tokens": seq.cached_tokens},
        }

    async def _stream(self, send: Send, seq: Sequence, include_usage: bool, vocab: list[bytes]) -> None:
        head = {"id": f"chatcmpl-{uuid.uuid4().hex}", "object": "chat.completion.chunk",
                "created": int(time.time()), "model": self.settings.served_model_name}
        base = orjson.dumps(head)[:-1]
        prefix = b"data: " + base + b',"choices":[{"index":0,"delta":{"content":"'
        suffix = b'"},"logprobs":null,"finish_reason":null}]}\n\n'
        await send({"type": "http.response.start", "status": 200, "headers": SSE_HEADERS})
        role = {**head, "choices": [{"index": 0, "delta": {"role": "assistant", "content": ""},
                                     "logprobs": None, "finish_reason": None}]}
        await send({"type": "http.response.body", "body": b"data: " + orjson.dumps(role) + b"\n\n",
                    "more_body": True})
        crash_after = int(self.engine.faults["fault_crash_after_tokens"])
        sent = 0
        while True:
            taken = await self._next_tokens(seq)
            if seq.finish_reason == "abort":
                return
            if crash_after and sent + len(taken) >= crash_after:
                taken = taken[: crash_after - sent]
                body = b"".join(prefix + vocab[i] + suffix for i in taken)
                await send({"type": "http.response.body", "body": body, "more_body": True})
                raise InjectedCrash(f"injected crash after {crash_after} tokens")
            sent += len(taken)
            body = b"".join(prefix + vocab[i] + suffix for i in taken)
            if seq.done:
                end = {**head, "choices": [{"index": 0, "delta": {}, "logprobs": None,
                                            "finish_reason": seq.finish_reason}]}
                body += b"data: " + orjson.dumps(end) + b"\n\n"
                if include_usage:
                    body += b"data: " + orjson.dumps({**head, "choices": [], "usage": self._usage(seq)}) + b"\n\n"
                await send({"type": "http.response.body", "body": body + b"data: [DONE]\n\n"})
                return
            await send({"type": "http.response.body", "body": body, "more_body": True})

    async def _complete(self, send: Send, seq: Sequence, vocab: list[bytes]) -> None:
        words: list[int] = []
        while not seq.done:
            words += await self._next_tokens(seq)
        if seq.finish_reason == "abort":
            return
        words += seq.pending
        text = orjson.loads(b'"' + b"".join(vocab[i] for i in words) + b'"')
        body = {
            "id": f"chatcmpl-{uuid.uuid4().hex}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": self.settings.served_model_name,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text},
                         "logprobs": None, "finish_reason": seq.finish_reason}],
            "usage": self._usage(seq),
        }
        await _respond(send, 200, orjson.dumps(body))


async def _lifespan(apps: list[SimulatorApp], receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            for app in apps:
                app.start()
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            for app in apps:
                app.stop()
            await send({"type": "lifespan.shutdown.complete"})
            return


class FleetApp:
    """Several independent simulated replicas in one process, one per listening port (by the local port)."""

    def __init__(self, settings: SimulatorSettings) -> None:
        self.replicas = {
            settings.port + i: SimulatorApp(settings.model_copy(update={"port": settings.port + i,
                                                                        "seed": settings.seed + i}))
            for i in range(settings.replicas)
        }

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(list(self.replicas.values()), receive, send)
            return
        app = self.replicas.get((scope.get("server") or ("", 0))[1])
        if app is None:
            await _respond(send, 404, _error("no replica on this port", 404))
            return
        await app(scope, receive, send)


def create_app(settings: SimulatorSettings) -> SimulatorApp | FleetApp:
    return SimulatorApp(settings) if settings.replicas <= 1 else FleetApp(settings)


