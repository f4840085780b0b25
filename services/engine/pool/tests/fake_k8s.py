"""A faithful fake of the Kubernetes API for EndpointSlices: list and watch over real HTTP (aiohttp).

What it keeps of the real API server's behaviour, because the discovery client depends on it:
- ``GET /apis/discovery.k8s.io/v1/namespaces/{ns}/endpointslices``: an ``EndpointSliceList`` with
  ``metadata.resourceVersion``; ``labelSelector`` equality terms (``a=b,c=d``) filter items.
- ``watch=true``: newline-delimited JSON events ``{"type": ADDED|MODIFIED|DELETED|ERROR, "object": ...}`` over
  a chunked response. With a ``resourceVersion``, the events after it are replayed and then live ones follow;
  without one (or "0"), the current objects come first as synthetic ADDED events. A resourceVersion older than
  the kept history gets an ERROR event carrying a ``Status`` with code 410 (Expired), as a real server does.
  ``timeoutSeconds`` ends the stream cleanly.
- every change bumps one global resourceVersion, stored in the object's ``metadata.resourceVersion``.
Not modelled: field selectors, bookmarks, pagination, auth (any bearer token is accepted).
"""

from __future__ import annotations

import asyncio
import copy
import json
from typing import Any

from aiohttp import web

PATH = "/apis/discovery.k8s.io/v1/namespaces/{namespace}/endpointslices"


def endpoint_slice(
    name: str, service: str, addresses: list[str], *, port: int = 8000, port_name: str = "http",
    ready: bool = True, namespace: str = "default",
) -> dict[str, Any]:
    """An EndpointSlice object in the API's JSON form."""
    return {
        "apiVersion": "discovery.k8s.io/v1",
        "kind": "EndpointSlice",
        "metadata": {"name": name, "namespace": namespace, "labels": {"kubernetes.io/service-name": service}},
        "addressType": "IPv4",
        "endpoints": [{"addresses": [a], "conditions": {"ready": ready}} for a in addresses],
        "ports": [{"name": port_name, "port": port, "protocol": "TCP"}],
    }


def _matches(obj: dict[str, Any], selector: str) -> bool:
    labels = obj["metadata"].get("labels") or {}
    for term in filter(None, selector.split(",")):
        key, _, value = term.partition("=")
        if labels.get(key.strip()) != value.strip().lstrip("="):
            return False
    return True


class FakeKubeAPI:
    def __init__(self, history_limit: int = 1000) -> None:
        self.version = 1
        self.objects: dict[tuple[str, str], dict[str, Any]] = {}
        self.history: list[tuple[int, str, dict[str, Any]]] = []  # (resourceVersion, type, object)
        self.history_limit = history_limit
        self.requests: list[dict[str, str]] = []  # the query of every request, for tests
        self.expire_watches = 0  # answer this many next watches with 410, as if their version were compacted
        self._changed = asyncio.Condition()
        self.app = web.Application()
        self.app.router.add_get(PATH, self._handle)

    # -- mutations, as a controller would make them -----------------------------------------------------------

    async def apply(self, obj: dict[str, Any]) -> None:
        obj = copy.deepcopy(obj)
        ns = obj["metadata"].get("namespace", "default")
        key = (ns, obj["metadata"]["name"])
        kind = "MODIFIED" if key in self.objects else "ADDED"
        await self._record(kind, key, obj)

    async def delete(self, name: str, namespace: str = "default") -> None:
        obj = self.objects[(namespace, name)]
        await self._record("DELETED", (namespace, name), copy.deepcopy(obj))

    def compact(self) -> None:
        """Forget the event history (as etcd compaction does): older resourceVersions now get 410."""
        self.history.clear()

    async def _record(self, kind: str, key: tuple[str, str], obj: dict[str, Any]) -> None:
        self.version += 1
        obj["metadata"]["resourceVersion"] = str(self.version)
        if kind == "DELETED":
            self.objects.pop(key, None)
        else:
            self.objects[key] = obj
        self.history.append((self.version, kind, obj))
        del self.history[: -self.history_limit]
        async with self._changed:
            self._changed.notify_all()

    # -- HTTP ---------------------------------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        query = dict(request.query)
        self.requests.append(query)
        ns, selector = request.match_info["namespace"], query.get("labelSelector", "")
        if query.get("watch") in ("true", "1"):
            return await self._watch(request, ns, selector, query)
        items = [o for (n, _), o in sorted(self.objects.items()) if n == ns and _matches(o, selector)]
        return web.json_response({
            "kind": "EndpointSliceList", "apiVersion": "discovery.k8s.io/v1",
            "metadata": {"resourceVersion": str(self.version)}, "items": items,
        })

    async def _watch(self, request: web.Request, ns: str, selector: str, query: dict[str, str]) -> web.StreamResponse:
        resp = web.StreamResponse(headers={"Content-Type": "application/json"})
        resp.enable_chunked_encoding()
        await resp.prepare(request)
        timeout = float(query.get("timeoutSeconds") or 1800)
        since = int(query.get("resourceVersion") or 0)

        def wanted(obj: dict[str, Any]) -> bool:
            return obj["metadata"].get("namespace", "default") == ns and _matches(obj, selector)

        async def send(kind: str, obj: dict[str, Any]) -> None:
            await resp.write(json.dumps({"type": kind, "object": obj}).encode() + b"\n")

        if since == 0:
            for _key, obj in sorted(self.objects.items()):
                if wanted(obj):
                    await send("ADDED", obj)
            since = self.version
        elif self.expire_watches or (since < self.version and (not self.history or self.history[0][0] > since + 1)):
            self.expire_watches = max(0, self.expire_watches - 1)
            await send("ERROR", {"kind": "Status", "apiVersion": "v1", "status": "Failure", "reason": "Expired",
                                 "message": f"too old resource version: {since} ({self.version})", "code": 410})
            return resp
        try:
            async with asyncio.timeout(timeout):
                while True:
                    for version, kind, obj in list(self.history):
                        if version > since:
                            since = version
                            if wanted(obj):
                                await send(kind, obj)
                    async with self._changed:
                        if self.version == since:
                            await self._changed.wait()
        except TimeoutError:
            pass
        await resp.write_eof()
        return resp
