"""The simulator's metrics, under vLLM's names and labels so routers and dashboards read both alike."""

from __future__ import annotations

from dataclasses import dataclass

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from services.common.metrics import LATENCY_BUCKETS


@dataclass
class SimMetrics:
    registry: CollectorRegistry
    running: Gauge
    waiting: Gauge
    kv_usage: Gauge
    prefix_queries: Counter
    prefix_hits: Counter
    prompt_tokens: Counter
    generation_tokens: Counter
    success: Counter
    ttft: Histogram
    e2e: Histogram
    model_name: str

    def finished(self, reason: str) -> None:
        self.success.labels(model_name=self.model_name, finished_reason=reason).inc()

    @classmethod
    def create(cls, model_name: str) -> SimMetrics:
        reg = CollectorRegistry()
        labels = {"model_name": model_name}

        def gauge(name: str, doc: str) -> Gauge:
            return Gauge(name, doc, list(labels), registry=reg).labels(**labels)

        def counter(name: str, doc: str) -> Counter:
            return Counter(name, doc, list(labels), registry=reg).labels(**labels)

        def histogram(name: str, doc: str) -> Histogram:
            return Histogram(
                name, doc, list(labels), buckets=LATENCY_BUCKETS, registry=reg
            ).labels(**labels)

        success = Counter(
            "vllm:request_success", "Finished requests by finish reason", ["model_name", "finished_reason"],
            registry=reg,
        )
        return cls(
            registry=reg,
            running=gauge("vllm:num_requests_running", "Requests in the running batch"),
            waiting=gauge("vllm:num_requests_waiting", "Requests waiting to be scheduled"),
            kv_usage=gauge("vllm:kv_cache_usage_perc", "KV-cache usage, 1 = full"),
            prefix_queries=counter("vllm:prefix_cache_queries", "Prompt tokens looked up in the prefix cache"),
            prefix_hits=counter("vllm:prefix_cache_hits", "Prompt tokens found in the prefix cache"),
            prompt_tokens=counter("vllm:prompt_tokens", "Prefilled prompt tokens"),
            generation_tokens=counter("vllm:generation_tokens", "Generated tokens"),
            success=success,
            model_name=model_name,
            ttft=histogram("vllm:time_to_first_token_seconds", "Time to first token"),
            e2e=histogram("vllm:e2e_request_latency_seconds", "Arrival to finish"),
        )
