"""Load plans as plain data: stages of (users, spawn rate) until a time. Used by the locust shapes (which run
them) and by the analysis (which cuts the records into the same stages). No locust import here on purpose."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Stage:
    start_s: float
    end_s: float
    users: int
    spawn_rate: float


@dataclass(frozen=True)
class Plan:
    name: str
    stages: tuple[Stage, ...]

    @property
    def duration_s(self) -> float:
        return self.stages[-1].end_s if self.stages else 0.0

    @property
    def max_users(self) -> int:
        return max((s.users for s in self.stages), default=0)

    def at(self, t: float) -> Stage | None:
        """The stage running at ``t`` seconds, or None when the plan is over (the shape then stops the run)."""
        for stage in self.stages:
            if t < stage.end_s:
                return stage
        return None


def _chain(name: str, parts: list[tuple[float, int, float]]) -> Plan:
    stages, t = [], 0.0
    for seconds, users, rate in parts:
        if seconds <= 0 or users < 0 or rate <= 0:
            raise ValueError(f"bad stage {seconds}s/{users} users/{rate} per s in plan {name}")
        stages.append(Stage(t, t + seconds, users, rate))
        t += seconds
    return Plan(name, tuple(stages))


def constant(users: int, duration_s: float, spawn_rate: float = 50.0) -> Plan:
    return _chain("constant", [(duration_s, users, spawn_rate)])


def step_ramp(start: int, step: int, max_users: int, step_s: float, spawn_rate: float = 100.0) -> Plan:
    """``start``, ``start+step``, ... up to ``max_users``, each held ``step_s``: finds the knee."""
    if start <= 0 or step <= 0 or max_users < start:
        raise ValueError("step ramp needs 0 < start <= max_users and step > 0")
    levels = list(range(start, max_users + 1, step))
    return _chain("step_ramp", [(step_s, n, spawn_rate) for n in levels])


def spike(base: int, peak: int, base_s: float, spike_s: float, recover_s: float, spawn_rate: float = 500.0) -> Plan:
    """Steady ``base``, a sudden jump to ``peak``, then back to ``base``: does admission shed, and recover?"""
    return _chain("spike", [(base_s, base, spawn_rate), (spike_s, peak, spawn_rate), (recover_s, base, spawn_rate)])


def soak(users: int, duration_s: float, ramp_s: float = 30.0) -> Plan:
    """A bounded soak: ramp to ``users`` over ``ramp_s`` then hold (memory and stability, not latency)."""
    return _chain("soak", [(ramp_s, users, max(users / ramp_s, 1.0)), (duration_s - ramp_s, users, 100.0)])


def build(name: str, params: dict[str, float]) -> Plan:
    """A plan by name from numeric parameters (what the locustfile reads from LOADTEST_SHAPE/_PARAMS)."""
    p = {k: float(v) for k, v in params.items()}
    if name == "constant":
        return constant(int(p["users"]), p["duration_s"], p.get("spawn_rate", 50.0))
    if name == "step_ramp":
        return step_ramp(int(p["start"]), int(p["step"]), int(p["max_users"]), p["step_s"], p.get("spawn_rate", 100.0))
    if name == "spike":
        return spike(int(p["base"]), int(p["peak"]), p["base_s"], p["spike_s"], p["recover_s"])
    if name == "soak":
        return soak(int(p["users"]), p["duration_s"], p.get("ramp_s", 30.0))
    raise ValueError(f"unknown plan {name!r}; known: constant, step_ramp, spike, soak")
