"""Server-sent event encodings: the app's domain events and OpenAI ``chat.completion.chunk`` frames."""

from __future__ import annotations

from typing import Any

import orjson
from advisor.v1 import dialogue_pb2 as pb

HEARTBEAT = b": keep-alive\n\n"
SSE_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no", "Connection": "keep-alive"}


def frame(event: str, data: Any) -> bytes:
    return b"event: " + event.encode() + b"\ndata: " + orjson.dumps(data) + b"\n\n"


def usage_dict(u: pb.Usage) -> dict[str, int]:
    return {
        "prompt_tokens": u.prompt_tokens,
        "completion_tokens": u.completion_tokens,
        "cached_prompt_tokens": u.cached_prompt_tokens,
    }


def domain_frame(event: pb.ConverseEvent) -> bytes:
    kind = event.WhichOneof("event")
    if kind == "delta":
        return frame("delta", {"text": event.delta.text})
    if kind == "done":
        d = event.done
        return frame(
            "done",
            {
                "turn_id": d.turn_id,
                "finish_reason": d.finish_reason,
                "model": d.model,
                "usage": usage_dict(d.usage),
                "timings": {
                    "ttft_ms": round(d.timings.ttft_ms, 2),
                    "engine_ttft_ms": round(d.timings.engine_ttft_ms, 2),
                    "total_ms": round(d.timings.total_ms, 2),
                },
                "intent": d.intent,
                "tools": [{"tool": t.tool, "ms": round(t.ms, 2), "status": t.status} for t in d.tools],
                "compliance": {
                    "action": d.compliance.action or "pass",
                    "rule_ids": list(d.compliance.rule_ids),
                    "withheld_numbers": d.compliance.withheld_numbers,
                },
            },
        )
    if kind == "card":
        return frame("card", {"kind": event.card.kind, "data": orjson.loads(event.card.json or "{}")})
    if kind == "notice":
        n = event.notice
        return frame("notice", {"level": n.level, "code": n.code, "text": n.text})
    e = event.error
    return frame("error", {"code": e.code, "message": e.message, "retryable": e.retryable})


class OpenAIChunks:
    """Builds OpenAI-compatible stream frames for one completion."""

    def __init__(self, completion_id: str, model: str, created: int) -> None:
        self._head = {"id": completion_id, "object": "chat.completion.chunk", "created": created, "model": model}

    def _chunk(self, delta: dict[str, str], finish_reason: str | None) -> bytes:
        body = {**self._head, "choices": [{"index": 0, "delta": delta, "finish_reason": finish_reason}]}
        return b"data: " + orjson.dumps(body) + b"\n\n"

    def role(self) -> bytes:
        return self._chunk({"role": "assistant", "content": ""}, None)

    def content(self, text: str) -> bytes:
        return self._chunk({"content": text}, None)

    def finish(self, reason: str) -> bytes:
        return self._chunk({}, reason or "stop")

    def usage(self, u: pb.Usage) -> bytes:
        usage = {
            "prompt_tokens": u.prompt_tokens,
            "completion_tokens": u.completion_tokens,
            "total_tokens": u.prompt_tokens + u.completion_tokens,
            "prompt_tokens_details": {"cached_tokens": u.cached_prompt_tokens},
        }
        return b"data: " + orjson.dumps({**self._head, "choices": [], "usage": usage}) + b"\n\n"

    @staticmethod
    def error(code: str, message: str) -> bytes:
        return b"data: " + orjson.dumps({"error": {"code": code, "message": message}}) + b"\n\n"

    DONE = b"data: [DONE]\n\n"
