"""Run the dialogue service: ``python -m services.dialogue``."""

from __future__ import annotations

import asyncio
import contextlib
import functools
from typing import Any

import aiohttp
from advisor.v1 import dialogue_pb2_grpc as pb_grpc
from redis.asyncio import Redis

from services.common.embeddings import SentenceEmbedder
from services.common.grpc_server import serve_until_signalled, start_grpc_server
from services.common.logs import configure_logging
from services.common.metrics import GrpcServerMetrics, start_metrics_listener
from services.common.redis_client import make_redis
from services.common.tenants import TenantsHolder, base_rules
from services.compliance.client import ComplianceClient
from services.compliance.rules import load_rules
from services.dialogue.engine_client import EngineClient
from services.dialogue.knowledge import KnowledgeBase
from services.dialogue.metrics import DialogueMetrics
from services.dialogue.pipeline import TurnPipeline
from services.dialogue.planning import learned
from services.dialogue.planning.intent import IntentClassifier
from services.dialogue.planning.plan import Planner
from services.dialogue.profile_store import ProfileStore
from services.dialogue.risk_profile import RiskProfiles
from services.dialogue.server import SERVICE_NAME, DialogueServicer
from services.dialogue.session_store import SessionStore
from services.dialogue.settings import DialogueSettings
from services.dialogue.tools import GrpcTools
from services.dialogue.turn import TurnDeps
from services.engine.pool.discovery import EndpointSliceDiscovery, make_k8s_api
from services.engine.pool.metrics import PoolMetrics
from services.engine.pool.pool import EnginePool
from services.portfolio.client import PortfolioClient

# The broad index a savings projection bootstraps from when the user gives no rate, by the user's language.
DEFAULT_INSTRUMENTS = {"zh": "000001.SH", "en": "SP500"}


def start_pool(
    settings: DialogueSettings, http: aiohttp.ClientSession, metrics: DialogueMetrics
) -> tuple[EnginePool, Any]:
    """The engine pool client and, with EndpointSlice discovery, the Kubernetes API client it watches with."""
    pool = EnginePool(
        http, settings.engine_pool_config(), urls=settings.engine_url_list,
        metrics=PoolMetrics.create(metrics.registry),
    )
    if settings.engine_discovery == "static":
        pool.start()
        return pool, None
    if not settings.engine_service:
        raise ValueError("ENGINE_SERVICE_NAME is required with ENGINE_DISCOVERY=endpointslices")
    k8s_api = make_k8s_api(settings.engine_k8s_api)
    pool.start(
        EndpointSliceDiscovery(
            k8s_api, settings.engine_service, settings.engine_namespace,
            port_name=settings.engine_port_name, resync_s=settings.engine_resync_s,
        )
    )
    return pool, k8s_api


def turn_deps(
    settings: DialogueSettings, redis: Redis, portfolio: PortfolioClient, compliance: ComplianceClient
) -> TurnDeps:
    """Planner (rules, plus the embedding layer when enabled), tools over gRPC, the compliance client, profiles.
    The planner's learned layer is built by ``serve``'s warm step, not here."""
    embedder = SentenceEmbedder.load() if settings.intent_embeddings else None
    load = functools.partial(learned.cached, settings.intent_model_cache_dir)
    planner = Planner(IntentClassifier(embedder, load=load), DEFAULT_INSTRUMENTS)
    profiles = ProfileStore(redis, ttl_s=settings.profile_ttl_s)
    knowledge = KnowledgeBase.load(embedder=embedder)  # its entries are encoded once serving (serve)
    # dialogue reads the persona, tools and shelf; the whole document is checked as compliance checks it
    base = base_rules(load_rules(settings.compliance_rules_dir).rules)
    tenants = TenantsHolder(settings.tenants_dir, base, settings.default_tenant)
    return TurnDeps(
        planner=planner,
        tools=GrpcTools(portfolio, compliance, profiles, timeout_s=settings.tool_timeout_s, tenants=tenants),
        compliance=compliance,
        profiles=profiles,
        knowledge=knowledge,
        tenants=tenants,
    )


async def serve(settings: DialogueSettings) -> None:
    metrics = DialogueMetrics.create()
    start_metrics_listener(settings.metrics_port, metrics.registry)
    redis = make_redis(settings.redis_url)
    http = aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=settings.engine_max_connections, keepalive_timeout=60),
    )
    pool, k8s_api = start_pool(settings, http, metrics)
    portfolio = PortfolioClient.connect(settings.portfolio_target, timeout_s=settings.tool_timeout_s)
    compliance = ComplianceClient.connect(settings.compliance_target)
    try:
        engine = EngineClient(
            http,
            pool,
            model=settings.engine_model,
            stall_timeout_s=settings.engine_stall_timeout_s,
            connect_timeout_s=settings.engine_connect_timeout_s,
        )
        store = SessionStore(redis, ttl_s=settings.session_ttl_s, max_turns=settings.max_stored_turns)
        deps = turn_deps(settings, redis, portfolio, compliance)
        # the planner's learned layer: read from its cache or trained, in a thread while the server starts; a
        # turn that comes first waits for it (classify_async)
        background = [asyncio.create_task(deps.planner.classifier.warm_async())] if deps.planner else []
        risk = RiskProfiles(compliance, deps.profiles) if deps.profiles else None
        servicer = DialogueServicer(store, TurnPipeline(store, engine, settings, metrics, deps), risk)
        service = await start_grpc_server(
            settings,
            [lambda server: pb_grpc.add_DialogueServicer_to_server(servicer, server)],
            [SERVICE_NAME],
            GrpcServerMetrics.create(metrics.registry),
        )
        if deps.knowledge:
            background.append(asyncio.create_task(deps.knowledge.warm_async()))  # ~5 s of CPU
        if deps.tenants is not None and settings.tenants_reload_s > 0:
            background.append(asyncio.create_task(deps.tenants.watch(settings.tenants_reload_s)))
        await serve_until_signalled(service, settings.drain_grace_s)
        for task in background:
            task.cancel()
    finally:
        await portfolio.close()
        await compliance.close()
        await pool.close()
        if k8s_api is not None:
            await k8s_api.api_client.close()
        await http.close()
        with contextlib.suppress(Exception):
            await redis.aclose()


def main() -> None:
    settings = DialogueSettings()
    configure_logging(settings.service_name, settings.log_level, settings.log_json)
    asyncio.run(serve(settings))


if __name__ == "__main__":
    main()
