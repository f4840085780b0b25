"""The shared gRPC bootstrap on a real server: domain errors become status codes with the stable code in
trailers, health reports SERVING, and drain flips it to NOT_SERVING before the server stops."""

from __future__ import annotations

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from services.common.errors import ERROR_CODE_KEY, RETRY_AFTER_KEY, NotFound, Unavailable
from services.common.grpc_server import start_grpc_server
from services.common.settings import GrpcServiceSettings


def _identity(b: bytes) -> bytes:
    return b


async def _not_found(request: bytes, context: grpc.aio.ServicerContext) -> bytes:
    raise NotFound("no such thing", code="thing_not_found")


async def _stream_then_fail(request: bytes, context: grpc.aio.ServicerContext):  # type: ignore[no-untyped-def]
    yield b"one"
    raise Unavailable("store down", retry_after_s=3)


def _register(server: grpc.aio.Server) -> None:
    handlers = {
        "Get": grpc.unary_unary_rpc_method_handler(_not_found, _identity, _identity),
        "Stream": grpc.unary_stream_rpc_method_handler(_stream_then_fail, _identity, _identity),
    }
    server.add_generic_rpc_handlers([grpc.method_handlers_generic_handler("test.Thing", handlers)])


@pytest.fixture
async def service():  # type: ignore[no-untyped-def]
    svc = await start_grpc_server(GrpcServiceSettings(port=0), [_register], ["test.Thing"])
    yield svc
    await svc.server.stop(0)


async def test_domain_error_maps_to_status_and_trailers(service) -> None:  # type: ignore[no-untyped-def]
    async with grpc.aio.insecure_channel(f"127.0.0.1:{service.port}") as channel:
        call = channel.unary_unary("/test.Thing/Get")
        with pytest.raises(grpc.aio.AioRpcError) as info:
            await call(b"x", timeout=5)
    assert info.value.code() == grpc.StatusCode.NOT_FOUND
    assert info.value.details() == "no such thing"
    assert dict(info.value.trailing_metadata())[ERROR_CODE_KEY] == "thing_not_found"


async def test_stream_error_after_first_message(service) -> None:  # type: ignore[no-untyped-def]
    async with grpc.aio.insecure_channel(f"127.0.0.1:{service.port}") as channel:
        call = channel.unary_stream("/test.Thing/Stream")(b"x", timeout=5)
        assert await call.read() == b"one"
        with pytest.raises(grpc.aio.AioRpcError) as info:
            await call.read()
    assert info.value.code() == grpc.StatusCode.UNAVAILABLE
    trailers = dict(info.value.trailing_metadata())
    assert trailers[ERROR_CODE_KEY] == "unavailable"
    assert trailers[RETRY_AFTER_KEY] == "3"


async def test_health_serving_then_not_serving_on_drain(service) -> None:  # type: ignore[no-untyped-def]
    async with grpc.aio.insecure_channel(f"127.0.0.1:{service.port}") as channel:
        stub = health_pb2_grpc.HealthStub(channel)
        for name in ("", "test.Thing"):
            reply = await stub.Check(health_pb2.HealthCheckRequest(service=name), timeout=5)
            assert reply.status == health_pb2.HealthCheckResponse.SERVING
        await service.set_serving(False)
        reply = await stub.Check(health_pb2.HealthCheckRequest(service="test.Thing"), timeout=5)
        assert reply.status == health_pb2.HealthCheckResponse.NOT_SERVING
