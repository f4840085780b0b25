"""The one grpc.aio server bootstrap every service uses.

It adds the standard health service and reflection, maps :class:`DomainError` to status codes through one
interceptor, and drains on SIGTERM/SIGINT: health goes NOT_SERVING first (so load balancers stop sending),
then ``server.stop(grace)`` lets in-flight RPCs finish.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection

from services.common.errors import ERROR_CODE_KEY, RETRY_AFTER_KEY, DomainError
from services.common.grpc_client import KEEPALIVE, Keepalive
from services.common.metrics import GrpcServerMetrics
from services.common.settings import GrpcServiceSettings

log = logging.getLogger(__name__)

Registrar = Callable[[grpc.aio.Server], None]


async def _abort(context: grpc.aio.ServicerContext, err: DomainError) -> None:
    trailers: list[tuple[str, str]] = [(ERROR_CODE_KEY, err.code)]
    if err.retry_after_s is not None:
        trailers.append((RETRY_AFTER_KEY, f"{err.retry_after_s:g}"))
    context.set_trailing_metadata(tuple(trailers))
    await context.abort(err.status, err.message)


class DomainErrorInterceptor(grpc.aio.ServerInterceptor):
    """Turns DomainError into its status code (anything unexpected becomes INTERNAL, logged by grpc) and
    records every RPC's outcome and duration."""

    def __init__(self, metrics: GrpcServerMetrics | None = None) -> None:
        self._metrics = metrics

    def _record(self, method: str, code: str, started: float) -> None:
        if self._metrics is not None:
            self._metrics.record(method, code, time.perf_counter() - started)

    async def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], Awaitable[grpc.RpcMethodHandler]],
        handler_call_details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler:
        handler = await continuation(handler_call_details)
        if handler is None:
            return handler
        method = handler_call_details.method.rsplit("/", 1)[-1]
        if handler.unary_unary:
            inner_uu = handler.unary_unary

            async def unary_unary(request: Any, context: grpc.aio.ServicerContext) -> Any:
                started, code = time.perf_counter(), "OK"
                try:
                    return await inner_uu(request, context)
                except DomainError as err:
                    code = err.status.name
                    await _abort(context, err)
                except asyncio.CancelledError:
                    code = "CANCELLED"
                    raise
                except Exception:
                    code = "INTERNAL"
                    raise
                finally:
                    self._record(method, code, started)

            return grpc.unary_unary_rpc_method_handler(
                unary_unary, handler.request_deserializer, handler.response_serializer
            )
        if handler.unary_stream or handler.stream_stream:
            streaming = handler.unary_stream or handler.stream_stream

            async def stream(request: Any, context: grpc.aio.ServicerContext) -> AsyncIterator[Any]:
                started, code = time.perf_counter(), "OK"
                try:
                    async for item in streaming(request, context):
                        yield item
                except DomainError as err:
                    code = err.status.name
                    await _abort(context, err)
                except (asyncio.CancelledError, GeneratorExit):
                    code = "CANCELLED"
                    raise
                except Exception:
                    code = "INTERNAL"
                    raise
                finally:
                    self._record(method, code, started)

            make = (grpc.unary_stream_rpc_method_handler if handler.unary_stream
                    else grpc.stream_stream_rpc_method_handler)
            return make(stream, handler.request_deserializer, handler.response_serializer)
        return handler


@dataclass
class GrpcService:
    """A built, started server plus its health servicer; ``wait()`` blocks until drained."""

    server: grpc.aio.Server
    health: health.aio.HealthServicer
    port: int
    service_names: list[str] = field(default_factory=list)

    async def set_serving(self, serving: bool) -> None:
        status = health_pb2.HealthCheckResponse.SERVING if serving else health_pb2.HealthCheckResponse.NOT_SERVING
        for name in ["", *self.service_names]:
            await self.health.set(name, status)

    async def drain(self, grace_s: float) -> None:
        await self.set_serving(False)
        await self.server.stop(grace_s)


async def start_grpc_server(
    settings: GrpcServiceSettings,
    registrars: Iterable[Registrar],
    service_names: Iterable[str],
    metrics: GrpcServerMetrics | None = None,
    keepalive: Keepalive = KEEPALIVE,
) -> GrpcService:
    """Build, bind and start a server. ``settings.port == 0`` picks a free port (tests). The ping policy comes
    from the same :class:`Keepalive` as every client's, so idle channels are never closed for pinging."""
    options = [
        ("grpc.max_receive_message_length", settings.max_message_bytes),
        ("grpc.max_send_message_length", settings.max_message_bytes),
        ("grpc.so_reuseport", 0),
        *keepalive.server_options(),
    ]
    server = grpc.aio.server(
        interceptors=[DomainErrorInterceptor(metrics)],
        options=options,
        maximum_concurrent_rpcs=settings.max_concurrent_rpcs,
    )
    for register in registrars:
        register(server)
    health_servicer = health.aio.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    names = list(service_names)
    reflection.enable_server_reflection([*names, health.SERVICE_NAME, reflection.SERVICE_NAME], server)
    port = server.add_insecure_port(f"{settings.host}:{settings.port}")
    if port == 0:
        raise RuntimeError(f"could not bind {settings.host}:{settings.port}")
    await server.start()
    service = GrpcService(server=server, health=health_servicer, port=port, service_names=names)
    await service.set_serving(True)
    log.info("grpc server listening", extra={"port": port, "services": names})
    return service


async def serve_until_signalled(service: GrpcService, grace_s: float) -> None:
    """Run until SIGTERM/SIGINT, then drain: NOT_SERVING, stop(grace)."""
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    waiter = asyncio.create_task(service.server.wait_for_termination())
    stopper = asyncio.create_task(stop.wait())
    await asyncio.wait({waiter, stopper}, return_when=asyncio.FIRST_COMPLETED)
    if stop.is_set():
        log.info("signal received: draining", extra={"grace_s": grace_s})
        await service.drain(grace_s)
    stopper.cancel()
    await waiter
