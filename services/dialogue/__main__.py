"""Run the dialogue service: ``python -m services.dialogue``."""

from __future__ import annotations

import asyncio
import contextlib

import aiohttp
from advisor.v1 import dialogue_pb2_grpc as pb_grpc

from services.common.grpc_server import serve_until_signalled, start_grpc_server
from services.common.logs import configure_logging
from services.common.metrics import GrpcServerMetrics, start_metrics_listener
from services.common.redis_client import make_redis
from services.dialogue.conversation import Conversation
from services.dialogue.engine_client import EngineClient
from services.dialogue.metrics import DialogueMetrics
from services.dialogue.server import SERVICE_NAME, DialogueServicer
from services.dialogue.session_store import SessionStore
from services.dialogue.settings import DialogueSettings


async def serve(settings: DialogueSettings) -> None:
    metrics = DialogueMetrics.create()
    start_metrics_listener(settings.metrics_port, metrics.registry)
    redis = make_redis(settings.redis_url)
    http = aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=settings.engine_max_connections, keepalive_timeout=60),
    )
    try:
        engine = EngineClient(
            http,
            settings.engine_url_list,
            model=settings.engine_model,
            stall_timeout_s=settings.engine_stall_timeout_s,
            connect_timeout_s=settings.engine_connect_timeout_s,
        )
        store = SessionStore(redis, ttl_s=settings.session_ttl_s, max_turns=settings.max_stored_turns)
        servicer = DialogueServicer(Conversation(store, engine, settings, metrics))
        service = await start_grpc_server(
            settings,
            [lambda server: pb_grpc.add_DialogueServicer_to_server(servicer, server)],
            [SERVICE_NAME],
            GrpcServerMetrics.create(metrics.registry),
        )
        await serve_until_signalled(service, settings.drain_grace_s)
    finally:
        await http.close()
        with contextlib.suppress(Exception):
            await redis.aclose()


def main() -> None:
    settings = DialogueSettings()
    configure_logging(settings.service_name, settings.log_level, settings.log_json)
    asyncio.run(serve(settings))


if __name__ == "__main__":
    main()
