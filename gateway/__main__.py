"""Run the gateway: ``python -m gateway`` (uvicorn with uvloop and httptools)."""

from __future__ import annotations

import uvicorn

from gateway.app import create_app
from gateway.settings import GatewaySettings
from services.common.logs import configure_logging


def main() -> None:
    settings = GatewaySettings()
    settings.check()
    configure_logging(settings.service_name, settings.log_level, settings.log_json)
    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        loop="uvloop",
        http="httptools",
        access_log=False,
        log_config=None,
        timeout_graceful_shutdown=10,
        backlog=4096,
    )


if __name__ == "__main__":
    main()
