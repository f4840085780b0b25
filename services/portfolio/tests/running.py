"""A real portfolio-tool gRPC server on an ephemeral port, with the client the platform uses."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from advisor.v1 import portfolio_pb2_grpc as pb_grpc

from services.common.grpc_server import GrpcService, start_grpc_server
from services.portfolio.client import PortfolioClient
from services.portfolio.compute import Compute
from services.portfolio.server import SERVICE_NAME, PortfolioServicer
from services.portfolio.settings import PortfolioSettings


@dataclass
class Running:
    service: GrpcService
    client: PortfolioClient
    compute: Compute

    @property
    def target(self) -> str:
        return f"127.0.0.1:{self.service.port}"


@asynccontextmanager
async def running_service(workers: int = 0, timeout_s: float = 30.0) -> AsyncIterator[Running]:
    settings = PortfolioSettings(port=0, workers=workers, metrics_port=0)
    compute = Compute(settings.workers, settings.cache_bytes, settings.max_waiting, settings.data_dir)
    await compute.start()
    servicer = PortfolioServicer(compute)
    service = await start_grpc_server(
        settings, [lambda server: pb_grpc.add_PortfolioServicer_to_server(servicer, server)], [SERVICE_NAME]
    )
    client = PortfolioClient.connect(f"127.0.0.1:{service.port}", timeout_s=timeout_s)
    try:
        yield Running(service, client, compute)
    finally:
        await client.close()
        await service.drain(0.5)
        compute.close()
