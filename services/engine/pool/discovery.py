"""Where the replicas are: a static list, or the EndpointSlices of a Kubernetes Service.

EndpointSlices are read through the official ``kubernetes`` client's asyncio API (``kubernetes.aio``): list,
then watch from the list's resourceVersion; each watch lasts ``resync_s`` and is followed by a fresh list
(resync), and a 410 Gone (history compacted) also leads to a fresh list. The slice bookkeeping is plain code
(``SliceState``) over the objects' JSON form, tested on its own.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import aiohttp

log = logging.getLogger(__name__)


class StaticDiscovery:
    def __init__(self, urls: Iterable[str]) -> None:
        self.urls = [u.strip().rstrip("/") for u in urls if u.strip()]

    async def run(self, on_change: Callable[[list[str]], None]) -> None:
        on_change(self.urls)


class SliceState:
    """Ready endpoints of a Service's slices, as base URLs (``scheme://address:port``)."""

    def __init__(self, port_name: str = "http", scheme: str = "http") -> None:
        self.port_name = port_name
        self.scheme = scheme
        self._slices: dict[str, list[str]] = {}

    def replace(self, slices: Iterable[Mapping[str, Any]]) -> None:
        self._slices = {s["metadata"]["name"]: self._urls(s) for s in slices}

    def apply(self, kind: str, obj: Mapping[str, Any]) -> None:
        name = obj["metadata"]["name"]
        if kind == "DELETED":
            self._slices.pop(name, None)
        elif kind in ("ADDED", "MODIFIED"):
            self._slices[name] = self._urls(obj)

    def urls(self) -> list[str]:
        return sorted({u for urls in self._slices.values() for u in urls})

    def _urls(self, s: Mapping[str, Any]) -> list[str]:
        port = next(
            (p.get("port") for p in s.get("ports") or () if (p.get("name") or "") == self.port_name), None
        )
        if port is None:
            return []
        out = []
        for ep in s.get("endpoints") or ():
            # Ready unset means ready (the API's own rule); a terminating endpoint is not ready.
            if (ep.get("conditions") or {}).get("ready") is False:
                continue
            for address in ep.get("addresses") or ():
                host = f"[{address}]" if ":" in address else address
                out.append(f"{self.scheme}://{host}:{port}")
        return out


class EndpointSliceDiscovery:
    def __init__(
        self,
        api: Any,  # kubernetes.aio.client.DiscoveryV1Api
        service: str,
        namespace: str,
        *,
        port_name: str = "http",
        scheme: str = "http",
        resync_s: int = 300,
        retry_s: float = 2.0,
    ) -> None:
        self._api = api
        self._namespace = namespace
        self._selector = f"kubernetes.io/service-name={service}"
        self._resync_s = resync_s
        self._retry_s = retry_s
        self.state = SliceState(port_name, scheme)

    async def run(self, on_change: Callable[[list[str]], None]) -> None:
        from kubernetes.aio.client.exceptions import ApiException

        last: list[str] | None = None

        def emit() -> None:
            nonlocal last
            urls = self.state.urls()
            if urls != last:
                last = urls
                on_change(urls)

        while True:
            try:
                version = await self._list()
                emit()
                await self._watch(version, emit)
            except ApiException as err:
                if err.status != 410:
                    log.warning("endpointslice discovery failed", extra={"status": err.status})
                    await asyncio.sleep(self._retry_s)
            except (aiohttp.ClientError, TimeoutError, OSError, ValueError) as err:
                # The API server is unreachable: keep the last known members and try again.
                log.warning("endpointslice discovery failed", extra={"reason": str(err)})
                await asyncio.sleep(self._retry_s)

    async def _list(self) -> str:
        result = await self._api.list_namespaced_endpoint_slice(self._namespace, label_selector=self._selector)
        raw = self._api.api_client.sanitize_for_serialization(result)
        self.state.replace(raw.get("items") or [])
        return str(raw.get("metadata", {}).get("resourceVersion") or "")

    async def _watch(self, version: str, emit: Callable[[], None]) -> None:
        from kubernetes.aio import watch

        async with watch.Watch() as w:
            stream = w.stream(
                self._api.list_namespaced_endpoint_slice,
                self._namespace,
                label_selector=self._selector,
                resource_version=version,
                timeout_seconds=self._resync_s,
            )
            async for event in stream:
                self.state.apply(event["type"], event["raw_object"])
                emit()


def make_k8s_api(host: str = "") -> Any:
    """A DiscoveryV1Api: in-cluster credentials, or a plain ``host`` URL (tests, a local proxy)."""
    from kubernetes.aio import client, config

    configuration = client.Configuration()
    if host:
        configuration.host = host
    else:
        config.load_incluster_config(client_configuration=configuration)
    return client.DiscoveryV1Api(client.ApiClient(configuration))
