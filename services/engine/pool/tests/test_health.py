"""Ejection with backoff, return through the probe, and the scrape parser."""

from __future__ import annotations

from services.engine.pool.health import HealthPolicy
from services.engine.pool.replica import Replica
from services.engine.pool.scrape import parse_load


def test_failure_ejects_with_doubling_backoff_and_a_probe_brings_it_back_with_slow_start() -> None:
    h, r = HealthPolicy(failure_threshold=2, base_backoff_s=1, max_backoff_s=4), Replica("http://a")
    assert not h.on_failure(r, 10.0)  # one failure is not enough
    assert h.on_failure(r, 10.0) and r.ejected_until == 11.0
    assert h.on_probe(r, True, 10.5) == ""  # healthy again, but the backoff has not passed
    assert h.on_probe(r, True, 11.0) == "returned" and not r.ejected_until and r.returned_at == 11.0
    assert r.warmth(11.0, 10) == 0.1 and r.warmth(16.0, 10) == 0.5 and r.warmth(30.0, 10) == 1.0
    # Fails again right after returning: the second ejection waits twice as long, then caps.
    h.on_failure(r, 12.0)
    assert h.on_failure(r, 12.0) and r.ejected_until == 14.0
    assert h.on_probe(r, False, 14.0) == "" and r.ejected_until == 18.0  # still down: 4 s (the cap)
    assert h.on_probe(r, True, 18.0) == "returned"
    h.on_success(r)
    assert r.ejections == 0 and r.failures == 0


def test_a_failed_probe_ejects_a_replica_in_service() -> None:
    h, r = HealthPolicy(failure_threshold=3), Replica("http://a")
    assert h.on_probe(r, False, 5.0) == "ejected" and r.ejected_until == 6.0


def test_parse_vllm_metrics_sums_series_and_reads_kv_usage() -> None:
    text = """# HELP vllm:num_requests_running Requests in the running batch
# TYPE vllm:num_requests_running gauge
vllm:num_requests_running{engine="0",model_name="m"} 3.0
vllm:num_requests_running{engine="1",model_name="m"} 2.0
vllm:num_requests_waiting{engine="0",model_name="m"} 7.0
vllm:kv_cache_usage_perc{engine="0",model_name="m"} 0.42
vllm:num_requests_waiting_by_reason{reason="x"} 99
vllm:time_to_first_token_seconds_count{model_name="m"} 12.0
"""
    sample = parse_load(text)
    assert (sample.running, sample.waiting, sample.kv_usage) == (5.0, 7.0, 0.42)
    assert parse_load("vllm:gpu_cache_usage_perc 0.5\nvllm:num_requests_running 1\n").kv_usage == 0.5
