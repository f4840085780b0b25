from __future__ import annotations

import logging

import orjson

from services.common.logs import JsonFormatter, bind


def test_json_lines_carry_bound_ids_and_extras() -> None:
    formatter = JsonFormatter("svc")
    record = logging.makeLogRecord({"msg": "hello %s", "args": ("world",), "levelname": "INFO", "port": 5})
    with bind(request_id="r1", session_id="s1", tenant="t1"):
        line = orjson.loads(formatter.format(record))
    assert line["msg"] == "hello world"
    assert (line["request_id"], line["session_id"], line["tenant"]) == ("r1", "s1", "t1")
    assert line["service"] == "svc" and line["port"] == 5
    outside = orjson.loads(formatter.format(record))
    assert "request_id" not in outside


async def test_bind_closed_from_another_task_does_not_raise() -> None:
    """A cancelled gRPC stream closes the servicer's generator from another task (another context)."""
    import asyncio

    from services.common.logs import bind, request_id_var

    async def stream():  # type: ignore[no-untyped-def]
        with bind(request_id="r-1"):
            yield request_id_var.get()
            yield "never"

    gen = stream()
    assert await gen.__anext__() == "r-1"
    await asyncio.get_running_loop().create_task(gen.aclose())  # would raise ValueError before the fix
