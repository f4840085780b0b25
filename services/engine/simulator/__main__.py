"""Run the engine simulator: ``python -m services.engine.simulator`` (one uvicorn process, uvloop + httptools)."""

from __future__ import annotations

import socket

import uvicorn

from services.common.logs import configure_logging
from services.engine.simulator.app import create_app
from services.engine.simulator.settings import SimulatorSettings


def main() -> None:
    settings = SimulatorSettings()
    configure_logging(settings.service_name, settings.log_level, settings.log_json)
    config = uvicorn.Config(
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
    server = uvicorn.Server(config)
    if settings.replicas <= 1:
        server.run()
        return
    # One server, one socket per replica: the fleet app routes each request by the port it arrived on.
    sockets = []
    for i in range(settings.replicas):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((settings.host, settings.port + i))
        sockets.append(sock)
    server.run(sockets=sockets)


if __name__ == "__main__":
    main()
