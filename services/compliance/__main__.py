"""Run the compliance service: ``python -m services.compliance``."""

from __future__ import annotations

import asyncio

from services.common.grpc_server import serve_until_signalled
from services.common.logs import configure_logging
from services.common.metrics import start_metrics_listener
from services.compliance.metrics import ComplianceMetrics
from services.compliance.rulebook import RulebookHolder
from services.compliance.runtime import build_layers, build_rulebooks, start
from services.compliance.screening import Layers
from services.compliance.settings import ComplianceSettings


async def serve(settings: ComplianceSettings, layers: Layers, rulebooks: RulebookHolder) -> None:
    metrics = ComplianceMetrics.create()
    start_metrics_listener(settings.metrics_port, metrics.registry)
    running = await start(settings, layers, metrics, rulebooks)
    try:
        await serve_until_signalled(running.service, settings.drain_grace_s)
    finally:
        await running.close()


def main() -> None:
    settings = ComplianceSettings()
    configure_logging(settings.service_name, settings.log_level, settings.log_json)
    rulebooks = build_rulebooks(settings)
    layers = build_layers(settings, rulebooks.normaliser)  # trained and loaded once, before serving, and passed in
    asyncio.run(serve(settings, layers, rulebooks))


if __name__ == "__main__":
    main()
