"""A bounded fuzz of the public API from its own OpenAPI spec (issue 25): every operation gets bodies and path
values of wrong types, wrong shapes, extremes and junk; the gateway must answer each with a documented status
(listed for that operation in the spec, or one every route may answer) and the one JSON error shape, never a 5xx.

Seeded and bounded (a few hundred requests against the local platform), so it runs in the default test tier."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path
from typing import Any

import httpx

from devstack.platform import Platform

# Statuses any route may answer without listing them: the edge (404 unknown route, 405, 413), auth (401), the rate
# limiter (429), and a turn's stream opening (200 for the SSE routes).
ALWAYS = {200, 201, 400, 401, 404, 405, 413, 422, 429}
API_DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"
# Every error code docs/api.md's tables list ("| 404 | `job_not_found` | ..." or "| 409 | `a` / `b` | ..."): an
# answer with any other code is undocumented.
DOCUMENTED_CODES = {code for row in re.findall(r"^\| *[45]\d\d *\|([^|]*)\|", API_DOC.read_text(), re.MULTILINE)
                    for code in re.findall(r"`([a-z_]+)`", row)}
JUNK: list[Any] = [None, True, 0, -1, 1e308, "", "x" * 5000, "é\u0000\ud7ff", [], {}, [[[[]]]], {"a": {"b": {}}},
                   "NaN", 12345678901234567890, [1, "a", None], {"text": None}, {"messages": "hi"}]


def _bodies(rng: random.Random, schema_fields: list[str]) -> list[bytes]:
    bodies = [b"", b"{", b"null", b"[]", b'"text"', b"\xff\xfe", json.dumps(JUNK).encode()]
    for _ in range(12):
        body = {f: rng.choice(JUNK) for f in rng.sample(schema_fields, k=min(len(schema_fields), rng.randint(1, 3)))}
        if rng.random() < 0.3:
            body[rng.choice(["extra", "__proto__", "text"])] = rng.choice(JUNK)
        bodies.append(json.dumps(body).encode())
    return bodies


def _fields(spec: dict[str, Any], op: dict[str, Any]) -> list[str]:
    ref = (op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})).get("$ref", "")
    schema = spec["components"]["schemas"].get(ref.rsplit("/", 1)[-1], {}) if ref else {}
    return list(schema.get("properties", {})) or ["text", "messages", "holdings", "answers", "locale"]


async def test_fuzzing_the_spec_finds_no_5xx_and_no_undocumented_response(
    client: httpx.AsyncClient, platform: Platform
) -> None:
    rng = random.Random(20261207)
    spec = (await client.get("/openapi.json")).json()
    sid = (await client.post("/v1/sessions", json={"locale": "en"}, headers=platform.auth())).json()["session_id"]
    seen: list[tuple[str, str, int]] = []
    for path, ops in spec["paths"].items():
        if not path.startswith("/v1/"):
            continue  # the operational endpoints take no input
        for method, op in ops.items():
            listed = {int(s) for s in op.get("responses", {}) if s.isdigit()}
            for value in (sid, "x" * 300, "%00", "../../etc", "0"):
                url = path.replace("{session_id}", value)
                bodies = _bodies(rng, _fields(spec, op)) if method in ("post", "put", "patch") else [b""]
                for body in bodies:
                    r = await client.request(method.upper(), url, content=body or None,
                                             headers={**platform.auth(), "content-type": "application/json"})
                    seen.append((method, path, r.status_code))
                    assert r.status_code < 500, (method, url, body[:200], r.text[:300])
                    assert r.status_code in listed | ALWAYS, (method, path, r.status_code, r.text[:300])
                    if r.status_code >= 400:
                        error = r.json()["error"]
                        assert error["code"] in DOCUMENTED_CODES, (method, path, error)
                        assert "Traceback" not in r.text
                if "{session_id}" not in path:
                    break
    assert len(seen) > 100
