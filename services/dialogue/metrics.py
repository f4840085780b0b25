"""Prometheus metrics of the dialogue service, on a registry the process owns."""

from __future__ import annotations

from dataclasses import dataclass

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from services.common.metrics import LATENCY_BUCKETS


@dataclass
class DialogueMetrics:
    registry: CollectorRegistry
    turns: Counter
    ttft: Histogram
    chunk_tokens: Histogram
    context_trims: Counter
    explanations_failed: Counter
    streams_inflight: Gauge
    intents: Counter
    tool_seconds: Histogram
    ungrounded_numbers: Counter
    compliance_actions: Counter

    @classmethod
    def create(cls, registry: CollectorRegistry | None = None) -> DialogueMetrics:
        reg = registry or CollectorRegistry()
        return cls(
            registry=reg,
            streams_inflight=Gauge(
                "advisor_dialogue_streams_inflight", "Turns being answered right now (autoscaling signal)",
                registry=reg,
            ),
            context_trims=Counter(
                "advisor_dialogue_context_trims",
                "Prompts refused by the engine as too long and retried with less history",
                registry=reg,
            ),
            explanations_failed=Counter(
                "advisor_dialogue_explanations_failed",
                "Turns whose figures or definition were shown but whose explanation the engine could not write",
                registry=reg,
            ),
            turns=Counter("advisor_dialogue_turns", "Turns finished, by stored status", ["status"], registry=reg),
            ttft=Histogram(
                "advisor_dialogue_ttft_seconds",
                "Request received to first chunk sent",
                buckets=LATENCY_BUCKETS,
                registry=reg,
            ),
            intents=Counter(
                "advisor_dialogue_intents", "Planned turns by intent and the layer that decided", ["intent", "layer"],
                registry=reg,
            ),
            tool_seconds=Histogram(
                "advisor_dialogue_tool_seconds", "Tool calls made for turns, by tool and outcome", ["tool", "status"],
                buckets=LATENCY_BUCKETS, registry=reg,
            ),
            ungrounded_numbers=Counter(
                "advisor_dialogue_ungrounded_numbers",
                "Numbers in generated answers that no tool or user input grounded (withheld)",
                registry=reg,
            ),
            compliance_actions=Counter(
                "advisor_dialogue_compliance_actions", "Turns by the strongest compliance action", ["action"],
                registry=reg,
            ),
            chunk_tokens=Histogram(
                "advisor_dialogue_chunk_tokens",
                "Engine tokens coalesced into one streamed chunk",
                buckets=(1, 2, 4, 8, 16, 32, 64),
                registry=reg,
            ),
        )
