"""Reading a replica's Prometheus text: the three vLLM gauges that say how busy it is."""

from __future__ import annotations

from dataclasses import dataclass

RUNNING = "vllm:num_requests_running"
WAITING = "vllm:num_requests_waiting"
KV_USAGE = ("vllm:kv_cache_usage_perc", "vllm:gpu_cache_usage_perc")  # the second is vLLM's older name


@dataclass(frozen=True)
class LoadSample:
    running: float
    waiting: float
    kv_usage: float


def _value(line: str) -> float:
    # "name{labels} value [timestamp]": the value is the first field after the labels.
    rest = line[line.rindex("}") + 1 :] if "}" in line else line.split(" ", 1)[1]
    return float(rest.split()[0])


def parse_load(text: str) -> LoadSample:
    """Sum each gauge over its label sets (a data-parallel vLLM reports one series per engine)."""
    running = waiting = 0.0
    kv: list[float] = []
    for line in text.splitlines():
        if not line.startswith("vllm:"):
            continue
        name = line.split("{", 1)[0].split(" ", 1)[0]
        if name == RUNNING:
            running += _value(line)
        elif name == WAITING:
            waiting += _value(line)
        elif name in KV_USAGE:
            kv.append(_value(line))
    return LoadSample(running, waiting, max(kv) if kv else 0.0)
