"""The figures a run reports, computed from records with known answers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from loadtests.analyze import Cpu, Threshold, cpu_fit, find_knee, load_records, pct, stage_windows, window_stats
from loadtests.outcomes import Record
from loadtests.plans import step_ramp


def _turn(t_end: float, category: str = "ok", ttft: float | None = 40.0, tokens: int = 101) -> Record:
    return Record("turn", t_end - 2, t_end, category, category, 200, 2040.0, ttft, [100.0, 120.0], tokens)


def test_percentiles_are_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert pct(values, 50) == 50 and pct(values, 99) == 99 and pct(values, 100) == 100
    assert pct([], 99) is None


def test_window_stats_counts_rates_and_cpu_per_turn() -> None:
    records = [_turn(10.0 + i * 0.1) for i in range(40)]  # 40 ok turns in 10..14 s
    records += [_turn(12.0, "shed", None, 0), _turn(12.5, "server_5xx", None, 0)]
    records += [Record("portfolio", 11, 11.01, "not_deployed", "404 not_found", 404, 4.0)]
    records += [_turn(30.0)]  # outside the window
    stats = window_stats(records, 10.0, 20.0, Cpu(seconds=0.4, t0=10.0, t1=15.0))
    assert stats["turns_ok"] == 40 and stats["turns"] == 42
    assert stats["goodput_turns_s"] == 4.0
    assert stats["error_rate"] == pytest.approx(1 / 42, abs=1e-4)  # not_deployed counts neither way
    assert stats["shed_rate"] == pytest.approx(1 / 42, abs=1e-4)
    assert stats["not_deployed"] == 1
    assert stats["ttft_ms_p99"] == 40.0 and stats["inter_token_gap_ms_p99"] == 120.0
    assert stats["tpot_ms_p50"] == 20.0  # (2040 - 40) / 100 tokens after the first
    assert stats["platform_cpu_ms_per_turn"] == 10.0  # 0.4 s over the 40 turns that ended in 10..15 s
    assert stats["platform_cpu_ms_per_100_tokens"] == pytest.approx(400 * 100 / (40 * 101), abs=0.01)


def _step(users: int, goodput: float, p99: float, errors: float = 0.0) -> dict[str, float]:
    return {"users": users, "goodput_turns_s": goodput, "ttft_ms_p99": p99, "error_rate": errors}


def test_knee_is_the_last_step_within_the_slo() -> None:
    steps = [_step(40, 8, 50), _step(80, 16, 60), _step(120, 24, 90), _step(160, 30, 140), _step(200, 31, 400)]
    result = find_knee(steps, ttft_p99_slo_ms=100, max_error_rate=0.01)
    assert result["knee"]["users"] == 120
    assert "160" in result["reason"]
    assert result["saturation"]["users"] == 200
    # Relative to the lightest step (2 x 50 ms): the same knee here; with a 40 ms SLO there is no SLO knee at all.
    assert result["knee_relative"]["users"] == 120 and result["relative_limit_ms"] == 100
    strict = find_knee(steps, ttft_p99_slo_ms=40, max_error_rate=0.01)
    assert strict["knee"] is None and strict["knee_relative"]["users"] == 120


def test_a_single_bad_step_between_good_ones_is_a_blip_not_the_knee() -> None:
    steps = [_step(40, 8, 50), _step(80, 16, 300), _step(120, 24, 60), _step(160, 30, 140), _step(200, 31, 150)]
    result = find_knee(steps, ttft_p99_slo_ms=100, max_error_rate=0.01)
    assert result["knee"]["users"] == 120
    assert "blips before" in result["reason"] and "80 users" in result["reason"]


def test_knee_when_goodput_stops_growing_or_errors_appear() -> None:
    flat = [_step(40, 8, 50), _step(80, 16, 50), _step(120, 17, 60)]  # the last step breaks: sustained
    assert find_knee(flat, 100, 0.01)["knee"]["users"] == 80
    failing = [_step(40, 8, 50), _step(80, 16, 50, errors=0.05), _step(120, 20, 50, errors=0.05)]
    assert find_knee(failing, 100, 0.01)["knee"]["users"] == 40


def test_stage_windows_skip_the_spawn_transient() -> None:
    plan = step_ramp(start=40, step=40, max_users=80, step_s=20, spawn_rate=10)
    assert stage_windows(plan, 1000.0, settle_s=5) == [(40, 1009.0, 1020.0), (80, 1029.0, 1040.0)]


def test_load_records_reads_every_process_file(tmp_path: Path) -> None:
    for pid, start in ((1, 50.0), (2, 49.0)):
        lines = [Record("test_start", start, start, "ok", "test_start", 0, 0.0), _turn(60.0 + pid)]
        (tmp_path / f"records-h-{pid}.jsonl").write_text("\n".join(json.dumps(r.to_json()) for r in lines) + "\n")
    start, records = load_records(tmp_path)
    assert start == 49.0 and len(records) == 2


def test_cpu_fit_separates_marginal_and_idle_cost() -> None:
    steps = [{"goodput_turns_s": x, "platform_cpu_cores": 0.05 + 0.03 * x} for x in (2.0, 5.0, 10.0, 20.0)]
    fit = cpu_fit(steps)
    assert fit is not None
    assert fit["marginal_cpu_ms_per_turn"] == 30.0 and fit["idle_cores"] == 0.05 and fit["r2"] == 1.0
    assert cpu_fit(steps[:2]) is None


def test_a_threshold_without_a_value_fails() -> None:
    assert not Threshold("ttft", None, 100).passed
    assert Threshold("ttft", 99.0, 100).passed and not Threshold("goodput", 0.5, 0.9, higher_is_worse=False).passed
