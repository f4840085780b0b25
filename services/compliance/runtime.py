"""Assemble and start the compliance service (used by ``__main__`` and by the transport tests)."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import redis.asyncio as aioredis
from advisor.v1 import compliance_pb2_grpc as pb_grpc

from services.common.embeddings import SentenceEmbedder
from services.common.grpc_server import GrpcService, start_grpc_server
from services.common.metrics import GrpcServerMetrics
from services.common.redis_client import make_redis
from services.common.tenants import TenantsHolder, base_rules
from services.compliance.audit import AuditSink
from services.compliance.classifier import ExemplarClassifier, Exemplars
from services.compliance.core import ComplianceCore
from services.compliance.intent.model import IntentModel, load_corpus
from services.compliance.metrics import ComplianceMetrics
from services.compliance.normalize import Normaliser
from services.compliance.output.model import OutputModel, load_output_corpus
from services.compliance.rulebook import RulebookHolder
from services.compliance.rules import load_rules
from services.compliance.screening import RULES_ONLY, Layers
from services.compliance.server import SERVICE_NAME, ComplianceServicer
from services.compliance.settings import ComplianceSettings
from services.compliance.suitability import Questionnaire
from services.compliance.threshold_cache import ThresholdCache

log = logging.getLogger(__name__)


def build_layers(settings: ComplianceSettings, normaliser: Normaliser) -> Layers:
    """Train the intent model and load the embedding classifier once, before serving (seconds each)."""
    intent = None
    cache = ThresholdCache(settings.model_cache_dir)
    if settings.intent_enabled:
        intent = IntentModel.train(load_corpus(settings.intent_data_dir), normaliser,
                                   target_fpr=settings.intent_target_fpr, cache=cache)
        log.info("intent model trained", extra={"corpus": intent.digest, "threshold": round(intent.threshold, 4)})
    else:
        log.warning("intent model disabled")
    output = None
    if settings.output_model_enabled:
        output = OutputModel.train(load_output_corpus(intent_dir=settings.intent_data_dir), normaliser,
                                   target_fpr=settings.output_target_fpr, cache=cache)
        log.info("output model trained", extra={"corpus": output.digest, "threshold": round(output.threshold, 4)})
    else:
        log.warning("output model disabled: output review by rules only")
    return Layers(intent=intent, output=output, classifier=build_classifier(settings))


def build_rulebooks(settings: ComplianceSettings) -> RulebookHolder:
    """The base packs and every tenant's rulebook; an invalid tenant directory stops the start (it is logged)."""
    tenants = TenantsHolder(settings.tenants_dir, base_rules(load_rules(settings.rules_dir).rules),
                            settings.default_tenant)
    return RulebookHolder(settings.rules_dir, tenants=tenants)


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


async def _reload_loop(rulebooks: RulebookHolder, every_s: float) -> None:
    while True:
        await asyncio.sleep(every_s)
        await asyncio.to_thread(rulebooks.reload)


async def start(settings: ComplianceSettings, layers: Layers = RULES_ONLY,
                metrics: ComplianceMetrics | None = None, rulebooks: RulebookHolder | None = None) -> Running:
    metrics = metrics or ComplianceMetrics.create()
    redis = make_redis(settings.redis_url)
    executor = ThreadPoolExecutor(max_workers=max(1, settings.screening_threads), thread_name_prefix="screening")
    rulebooks = rulebooks or build_rulebooks(settings)
    sink = AuditSink(redis, settings.audit_stream)
    layers = dataclasses.replace(layers, executor=executor, budget_s=settings.screening_budget_s)
    core = ComplianceCore(rulebooks, sink, Questionnaire.load(settings.rules_dir / "questionnaire.yaml"), metrics,
                          layers, settings.audit_each_release)
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
        running.tasks.append(asyncio.create_task(_reload_loop(rulebooks, settings.rules_reload_s)))
    return running
