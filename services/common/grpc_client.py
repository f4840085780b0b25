"""The one gRPC client kit: channels, keepalive that the servers accept, retries, status → domain error.

Every client in the platform (gateway → dialogue and portfolio, dialogue → portfolio and compliance) builds its
channel here, so the client's keepalive and the server's ping policy come from one :class:`Keepalive` and
cannot disagree: a client that pings more often than the server permits gets GOAWAY ``too_many_pings`` after a
few idle minutes, and the next call on that connection fails (issue 25).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from services.common import errors

DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024
Options = list[tuple[str, int | str]]


@dataclass(frozen=True)
class Keepalive:
    """Clients ping an idle connection every ``ping_every_ms`` (so a dead peer or a NAT that dropped it is found
    before the next user's call); servers accept pings twice as often as that, so ping strikes never add up."""

    ping_every_ms: int = 30_000
    ping_timeout_ms: int = 10_000

    def client_options(self) -> Options:
        return [
            ("grpc.keepalive_time_ms", self.ping_every_ms),
            ("grpc.keepalive_timeout_ms", self.ping_timeout_ms),
            ("grpc.keepalive_permit_without_calls", 1),
            ("grpc.http2.max_pings_without_data", 0),
        ]

    def server_options(self) -> Options:
        return [
            ("grpc.keepalive_time_ms", self.ping_every_ms),
            ("grpc.keepalive_timeout_ms", self.ping_timeout_ms),
            ("grpc.keepalive_permit_without_calls", 1),
            ("grpc.http2.max_pings_without_data", 0),
            ("grpc.http2.min_recv_ping_interval_without_data_ms", self.ping_every_ms // 2),
            ("grpc.http2.min_ping_interval_without_data_ms", self.ping_every_ms // 2),
        ]


KEEPALIVE = Keepalive()


def retry_config(services: Sequence[str], attempts: int = 3) -> str:
    """A service config retrying UNAVAILABLE (nothing reached the server, or it asked to be retried) on the named
    services' methods; only services whose every method is idempotent may be named."""
    policy = {"maxAttempts": attempts, "initialBackoff": "0.1s", "maxBackoff": "1s", "backoffMultiplier": 2,
              "retryableStatusCodes": ["UNAVAILABLE"]}
    return json.dumps({"methodConfig": [{"name": [{"service": s} for s in services], "retryPolicy": policy}]})


def make_channel(
    target: str,
    *,
    max_message_bytes: int = DEFAULT_MAX_MESSAGE_BYTES,
    keepalive: Keepalive = KEEPALIVE,
    idempotent_services: Sequence[str] = (),
) -> grpc.aio.Channel:
    """An insecure channel (the mesh or the cluster network provides TLS) with the platform's one option set."""
    options: Options = [
        *keepalive.client_options(),
        ("grpc.max_receive_message_length", max_message_bytes),
        ("grpc.max_send_message_length", max_message_bytes),
        ("grpc.enable_retries", 1),
    ]
    if idempotent_services:
        options.append(("grpc.service_config", retry_config(idempotent_services)))
    return grpc.aio.insecure_channel(target, options=options)


async def serving(channel: grpc.aio.Channel, timeout_s: float = 1.0) -> bool:
    """The peer's standard health check (grpc.health.v1): SERVING, or False for anything else or no answer."""
    try:
        reply = await health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(), timeout=timeout_s)
    except grpc.aio.AioRpcError:
        return False
    return bool(reply.status == health_pb2.HealthCheckResponse.SERVING)


def trailer(err: grpc.aio.AioRpcError, key: str) -> str:
    for k, v in err.trailing_metadata() or ():
        if k == key:
            return v if isinstance(v, str) else v.decode()
    return ""


_BY_STATUS: dict[grpc.StatusCode, type[errors.DomainError]] = {
    grpc.StatusCode.INVALID_ARGUMENT: errors.InvalidArgument,
    grpc.StatusCode.OUT_OF_RANGE: errors.InvalidArgument,
    grpc.StatusCode.NOT_FOUND: errors.NotFound,
    grpc.StatusCode.PERMISSION_DENIED: errors.PermissionDenied,
    grpc.StatusCode.FAILED_PRECONDITION: errors.FailedPrecondition,
    grpc.StatusCode.RESOURCE_EXHAUSTED: errors.ResourceExhausted,
    grpc.StatusCode.UNAVAILABLE: errors.Unavailable,
    grpc.StatusCode.DEADLINE_EXCEEDED: errors.DeadlineExceeded,
    grpc.StatusCode.CANCELLED: errors.Cancelled,
}


def domain_error(err: grpc.aio.AioRpcError, service: str) -> errors.DomainError:
    """The one mapping of a failed call to a domain error. The stable code a service put in its trailers wins;
    a service that could not be reached at all is ``service_unavailable`` without transport details; anything
    unexpected is ``upstream_error`` (the caller logs it, the client never sees the details)."""
    status = err.code()
    code = trailer(err, errors.ERROR_CODE_KEY) or None
    retry = trailer(err, errors.RETRY_AFTER_KEY)
    retry_after = float(retry) if retry else None
    cls = _BY_STATUS.get(status)
    if cls is None:
        return errors.UpstreamError(f"the {service} service failed: {status.name}: {err.details() or ''}")
    if cls in (errors.Unavailable, errors.ResourceExhausted) and code is None:
        return cls(f"the {service} service is temporarily unavailable", code="service_unavailable",
                   retry_after_s=retry_after or 2.0)
    return cls(err.details() or status.name, code=code, retry_after_s=retry_after)
