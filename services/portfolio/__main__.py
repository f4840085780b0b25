"""Run the portfolio-tool service: ``python -m services.portfolio``."""

from __future__ import annotations

import asyncio

from advisor.v1 import portfolio_pb2_grpc as pb_grpc
from prometheus_client import CollectorRegistry

from services.common.grpc_server import serve_until_signalled, start_grpc_server
from services.common.logs import configure_logging
from services.common.metrics import GrpcServerMetrics, start_metrics_listener
from services.portfolio.compute import Compute
from services.portfolio.metrics import PortfolioMetrics
from services.portfolio.server import SERVICE_NAME, PortfolioServicer
from services.portfolio.settings import PortfolioSettings


async def serve(settings: PortfolioSettings) -> None:
    registry = CollectorRegistry()
    start_metrics_listener(settings.metrics_port, registry)
    compute = Compute(settings.workers, settings.cache_bytes, settings.max_waiting, settings.data_dir,
                      PortfolioMetrics.create(registry))
    try:
        await compute.start()
        servicer = PortfolioServicer(compute)
        service = await start_grpc_server(
            settings,
            [lambda server: pb_grpc.add_PortfolioServicer_to_server(servicer, server)],
            [SERVICE_NAME],
            GrpcServerMetrics.create(registry),
        )
        await serve_until_signalled(service, settings.drain_grace_s)
    finally:
        compute.close()


def main() -> None:
    settings = PortfolioSettings()
    configure_logging(settings.service_name, settings.log_level, settings.log_json)
    asyncio.run(serve(settings))


if __name__ == "__main__":
    main()
