"""Run the engine simulator: ``python -m services.engine.simulator`` (one uvicorn process, uvloop + httptools)."""

from __future__ import annotations

import uvicorn

from services.common.logs import configure_logging
from services.engine.simulator.app import create_app
from services.engine.simulator.settings import SimulatorSettings


def main() -> None:
    settings = SimulatorSettings()
    configure_logging(settings.service_name, settings.log_level, settings.log_json)
    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        loop="uvloop",
        http="httptools",
        access_log=False,
        log_config=None,
        backlog=8192,
        timeout_keep_alive=30,
    )


if __name__ == "__main__":
    main()
