"""The assumptions of the autoscaling replay, in one place (docs/autoscaling.md explains each figure).

Traffic: 1,000,000 daily active users, 8 turns each a day, on a diurnal curve with a market-hours shape plus a
news spike. Per-pod figures: gateway and dialogue from the measured costs in ENVIRONMENT.md; the GPU pool from
an assumed vLLM throughput for a 7B model on one 48 GB GPU.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

DAY_S = 86_400


@dataclass(frozen=True)
class Traffic:
    daily_active_users: int = 1_000_000
    turns_per_user: float = 8.0
    # (hour of peak, width in hours, relative height): morning and afternoon market sessions, evening reading.
    peaks: tuple[tuple[float, float, float], ...] = ((10.5, 1.2, 1.0), (14.0, 1.0, 0.9), (21.0, 1.6, 0.8))
    night_floor: float = 0.12
    # A news spike: arrivals multiply by spike_factor from spike_start_h for spike_minutes, reached over
    # spike_ramp_minutes (news spreads through the app's push notifications within minutes).
    spike_start_h: float = 14.5
    spike_minutes: float = 20.0
    spike_ramp_minutes: float = 3.0
    spike_factor: float = 1.8

    def shape(self, t: float) -> float:
        h = (t / 3600.0) % 24
        return self.night_floor + sum(a * math.exp(-0.5 * ((h - c) / w) ** 2) for c, w, a in self.peaks)

    def spike(self, t: float) -> float:
        start = self.spike_start_h * 3600
        end = start + self.spike_minutes * 60
        if t < start or t > end:
            return 1.0
        ramp = min(1.0, (t - start) / (60.0 * self.spike_ramp_minutes), (end - t) / (60.0 * self.spike_ramp_minutes))
        return 1.0 + (self.spike_factor - 1.0) * ramp

    def scale(self) -> float:
        """Turns/s per unit of shape, so that the day (without the spike) totals DAU x turns."""
        total_shape = sum(self.shape(t + 0.5) for t in range(0, DAY_S, 60)) * 60
        return self.daily_active_users * self.turns_per_user / total_shape

    def rates(self) -> list[float]:
        """Arrivals in turns/s for every second of the day."""
        k = self.scale()
        return [k * self.shape(t) * self.spike(t) for t in range(DAY_S)]


@dataclass(frozen=True)
class Engine:
    """One vLLM replica: Qwen2.5-7B-Instruct (bf16) on one 48 GB GPU (L40S class), prefix caching on."""

    output_tokens: int = 250  # per turn
    prompt_tokens: int = 1_500  # per turn; a session's earlier turns are a cached prefix
    prefix_hit: float = 0.7  # share of prompt tokens found in the prefix cache (session-affine routing)
    prefill_tokens_per_s: float = 12_000.0  # uncached prompt tokens per second per replica
    single_stream_tokens_per_s: float = 60.0  # decode speed of one sequence alone
    batch_half_speed: float = 64.0  # running sequences at which each one decodes at half that speed
    max_num_seqs: int = 128
    kv_tokens: int = 420_000  # KV-cache capacity in tokens after weights (about 25 GB at 57 KiB/token)
    tokens_per_sequence: int = 3_000  # KV held by one running sequence (history + answer)
    cold_start_s: float = 240.0  # pod scheduled on a warm GPU node to /health ready (weights from the volume)

    def decode_rate(self, running_per_replica: float) -> float:
        """Tokens/s of each running sequence when ``running_per_replica`` share the GPU."""
        return self.single_stream_tokens_per_s / (1.0 + running_per_replica / self.batch_half_speed)

    def prefill_s(self, running_per_replica: float) -> float:
        uncached = self.prompt_tokens * (1.0 - self.prefix_hit)
        return uncached / self.prefill_tokens_per_s * (1.0 + running_per_replica / self.batch_half_speed)

    def kv_usage(self, running_per_replica: float) -> float:
        return min(1.0, running_per_replica * self.tokens_per_sequence / self.kv_tokens)


@dataclass(frozen=True)
class Rule:
    """One autoscaled workload: the HPA (or KEDA-made HPA) settings the chart renders."""

    min_replicas: int
    max_replicas: int
    scale_down_window_s: float
    scale_down_pods: int  # at most this many pods removed per scale_down_period_s ...
    scale_down_period_s: float
    scale_down_percent: float  # ... or this share of the current replicas, whichever the chart's policy says
    scale_up_pods: int  # at most max(this, scale_up_percent of current) added per scale_up_period_s
    scale_up_percent: float
    scale_up_period_s: float
    startup_s: float
    tolerance: float = 0.1  # the HPA controller's default --horizontal-pod-autoscaler-tolerance


# The values in values-prod.yaml / values.yaml (the tests in deploy/tests/test_replay.py hold them equal).
ENGINE_RULE = Rule(4, 48, 900, 2, 180, 0.0, 4, 0.5, 60, Engine().cold_start_s)
GATEWAY_RULE = Rule(3, 30, 300, 0, 60, 0.10, 4, 1.0, 30, 20)
DIALOGUE_RULE = Rule(3, 60, 300, 0, 60, 0.10, 4, 1.0, 30, 20)
ENGINE_TARGETS = {"waiting_per_replica": 2.0, "running_per_replica": 40.0, "kv_usage": 0.75}
# Per-pod targets and CPU per turn as measured on the platform as it runs (issue 21, docs/capacity.md): a
# 250-token app-mix turn costs the gateway 13.0 and dialogue 32.5 CPU-ms (planner, tools, review, one audit record
# per answer); at 65% of a core and a 7 s turn that sustains 350 and 140 open streams per pod.
GATEWAY_STREAMS_PER_POD = 250
DIALOGUE_STREAMS_PER_POD = 90
GATEWAY_CORE_S_PER_TURN = 0.0130
DIALOGUE_CORE_S_PER_TURN = 0.0325

# Objectives and the capacity plan's ceiling for the pool.
TTFT_OBJECTIVE_S = 2.5
TTFT_OBJECTIVE_QUANTILE = 0.99
CAPACITY_PLAN_MAX_GPU_REPLICAS = 48
