"""Assemble and start the compliance service (used by ``__main__`` and by the transport tests)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import redis.asyncio as aioredis
from advisor.v1 import compliance_pb2_grpc as pb_grpc

from services.common.embeddings import SentenceEmbedder
from services.common.grpc_server import GrpcService, start_grpc_server
from services.common.metrics import GrpcServerMetrics
from services.common.redis_client import make_redis
from services.compliance.audit import AuditSink
from services.compliance.classifier import ExemplarClassifier, Exemplars
from services.compliance.core import ComplianceCore
from services.compliance.engine import EngineHolder
from services.compliance.metrics import ComplianceMetrics
from services.compliance.server import SERVICE_NAME, ComplianceServicer
from services.compliance.settings import ComplianceSettings
from services.compliance.suitability import Questionnaire

log = logging.getLogger(__name__)


def build_classifier(settings: ComplianceSettings) -> ExemplarClassifier | None:
    """Load the embedding model once (seconds); ``None`` when disabled (rules-only mode)."""
    if not settings.classifier_enabled:
        log.warning("classifier disabled: rules only")
        return None
    embedder = SentenceEmbedder.load(settings.classifier_threads, settings.classifier_int8)
    exemplars = Exemplars.load(settings.rules_dir / "exemplars.yaml")
    return ExemplarClassifier(embedder, exemplars, settings.classifier_threshold, settings.classifier_margin)


@dataclass
class Running:
    service: GrpcService
    core: ComplianceCore
    redis: aioredis.Redis
    executor: ThreadPoolExecutor
    tasks: list[asyncio.Task[None]] = field(default_factory=list)

    async def close(self, grace_s: float = 0.0) -> None:
        for task in self.tasks:
            task.cancel()
        await self.service.drain(grace_s)
        self.executor.shutdown(wait=False, cancel_futures=True)
        with contextlib.suppress(Exception):
            await self.redis.aclose()


async def _reload_loop(engines: EngineHolder, every_s: float) -> None:
    while True:
        await asyncio.sleep(every_s)
        await asyncio.to_thread(engines.reload)


async def start(settings: ComplianceSettings, classifier: ExemplarClassifier | None,
                metrics: ComplianceMetrics | None = None, engines: EngineHolder | None = None) -> Running:
    metrics = metrics or ComplianceMetrics.create()
    redis = make_redis(settings.redis_url)
    executor = ThreadPoolExecutor(max_workers=max(1, settings.classifier_threads), thread_name_prefix="classifier")
    engines = engines or EngineHolder(settings.rules_dir)
    sink = AuditSink(redis, settings.audit_stream)
    core = ComplianceCore(engines, sink, Questionnaire.load(settings.rules_dir / "questionnaire.yaml"), metrics,
                          classifier, executor, settings.audit_each_release)
    servicer = ComplianceServicer(core)
    service = await start_grpc_server(
        settings,
        [lambda server: pb_grpc.add_ComplianceServicer_to_server(servicer, server)],
        [SERVICE_NAME],
        GrpcServerMetrics.create(metrics.registry),
    )

    async def on_change(ready: bool) -> None:
        metrics.redis_up.set(1 if ready else 0)
        await service.set_serving(ready)

    running = Running(service, core, redis, executor)
    running.tasks.append(asyncio.create_task(sink.monitor(settings.redis_check_s, on_change)))
    if settings.rules_reload_s > 0:
        running.tasks.append(asyncio.create_task(_reload_loop(engines, settings.rules_reload_s)))
    return running
