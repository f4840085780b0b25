"""The client kit against a real server: idle channels survive the servers' ping policy, retries and the one
status → domain error mapping.

The idle test runs the production policy scaled down 30x (pings every second instead of every 30 s) and idles
for 8 pings: a client that pings more often than the server permits is sent GOAWAY ``too_many_pings`` after three
strikes, its channel drops to IDLE, and a call arriving at that moment fails (the 503 of issue 25). The control
case shows the check catches exactly that mismatch.
"""

from __future__ import annotations

import asyncio

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from services.common import errors
from services.common.grpc_client import Keepalive, Options, domain_error, make_channel
from services.common.grpc_server import start_grpc_server
from services.common.settings import GrpcServiceSettings

SCALED = Keepalive(ping_every_ms=1_000, ping_timeout_ms=1_000)


class _ServerWithoutPingPolicy(Keepalive):
    """The server options before issue 25: the server pings but keeps gRPC's default 5-minute minimum for
    receiving pings, stricter than its clients' keepalive."""

    def server_options(self) -> Options:
        return [("grpc.keepalive_time_ms", self.ping_every_ms), ("grpc.http2.max_pings_without_data", 0)]


async def _idle_then_state(server_keepalive: Keepalive) -> tuple[grpc.ChannelConnectivity, str]:
    svc = await start_grpc_server(GrpcServiceSettings(port=0), [], [], keepalive=server_keepalive)
    channel = make_channel(f"127.0.0.1:{svc.port}", keepalive=SCALED)
    try:
        stub = health_pb2_grpc.HealthStub(channel)
        await stub.Check(health_pb2.HealthCheckRequest(), timeout=2)
        await asyncio.sleep(8)  # 8 client pings without data: 3 strikes would have closed the connection
        state = channel.get_state()
        reply = await stub.Check(health_pb2.HealthCheckRequest(), timeout=2)
        return state, health_pb2.HealthCheckResponse.ServingStatus.Name(reply.status)
    finally:
        await channel.close()
        await svc.server.stop(0)


async def test_idle_channel_keeps_its_connection() -> None:
    state, status = await _idle_then_state(SCALED)
    assert state == grpc.ChannelConnectivity.READY  # the same connection: no GOAWAY, nothing to reconnect
    assert status == "SERVING"


async def test_control_mismatched_ping_policy_loses_the_connection() -> None:
    state, _ = await _idle_then_state(_ServerWithoutPingPolicy(SCALED.ping_every_ms, SCALED.ping_timeout_ms))
    assert state != grpc.ChannelConnectivity.READY


def test_server_accepts_pings_at_twice_the_client_rate() -> None:
    for ka in (Keepalive(), SCALED):
        server = dict(ka.server_options())
        client = dict(ka.client_options())
        assert int(server["grpc.http2.min_recv_ping_interval_without_data_ms"]) * 2 <= int(
            client["grpc.keepalive_time_ms"])


def _register(server: grpc.aio.Server) -> None:
    async def fail(request: bytes, context: grpc.aio.ServicerContext) -> bytes:
        code = request.decode()
        if code == "unavailable_named":
            raise errors.Unavailable("store down", code="session_store_unavailable", retry_after_s=3)
        if code == "invalid":
            raise errors.InvalidArgument("text: too long", code="message_too_long")
        raise RuntimeError("boom")

    handlers = {"Fail": grpc.unary_unary_rpc_method_handler(fail, lambda b: b, lambda b: b)}
    server.add_generic_rpc_handlers([grpc.method_handlers_generic_handler("test.Thing", handlers)])


@pytest.mark.parametrize(("what", "cls", "code", "retry"), [
    ("unavailable_named", errors.Unavailable, "session_store_unavailable", 3.0),
    ("invalid", errors.InvalidArgument, "message_too_long", None),
    ("crash", errors.UpstreamError, "upstream_error", None),
])
async def test_status_maps_to_domain_error(what: str, cls: type[errors.DomainError], code: str,
                                           retry: float | None) -> None:
    svc = await start_grpc_server(GrpcServiceSettings(port=0), [_register], ["test.Thing"])
    channel = make_channel(f"127.0.0.1:{svc.port}")
    try:
        with pytest.raises(grpc.aio.AioRpcError) as caught:
            await channel.unary_unary("/test.Thing/Fail")(what.encode(), timeout=2)
        err = domain_error(caught.value, "thing")
        assert type(err) is cls and err.code == code and err.retry_after_s == retry
    finally:
        await channel.close()
        await svc.server.stop(0)


async def test_unreachable_service_is_service_unavailable_after_retries() -> None:
    channel = make_channel("127.0.0.1:1", idempotent_services=["test.Thing"])
    try:
        with pytest.raises(grpc.aio.AioRpcError) as caught:
            await channel.unary_unary("/test.Thing/Fail")(b"x", timeout=2)
    finally:
        await channel.close()
    err = domain_error(caught.value, "thing")
    assert isinstance(err, errors.Unavailable)
    assert err.code == "service_unavailable" and err.retry_after_s == 2.0
    assert "127.0.0.1" not in err.message
