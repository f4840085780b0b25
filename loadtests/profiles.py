"""The runs ``python -m loadtests.run --profile NAME`` knows: a plan, the users' think time, and the gateway's
admission settings for the run. Sizes are for this 2-core box; every one can be overridden on the command line."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Profile:
    plan: str
    params: dict[str, float]
    think_s: str = "1,3"
    gateway: dict[str, str] = field(default_factory=dict)
    count_shed_as_error: bool = True  # below capacity nothing should be shed


PROFILES: dict[str, Profile] = {
    # make loadtest: well below the knee, 45 s of load (~90 s with the stack's start); fails on errors or slow TTFT.
    "smoke": Profile("constant", {"users": 20, "duration_s": 45, "spawn_rate": 10}),
    # Step ramp to saturation (<= 4 min): finds the knee.
    "ramp": Profile("step_ramp", {"start": 10, "step": 10, "max_users": 120, "step_s": 20, "spawn_rate": 50}),
    # Overload: a quiet base (the unloaded TTFT), 2x the knee's users, then back to base (<= 2 min).
    "overload": Profile(
        "spike", {"base": 10, "peak": 60, "base_s": 25, "spike_s": 70, "recover_s": 25}, count_shed_as_error=False
    ),
    # Bounded 10-minute soak near the knee: no process may die, no memory may grow without bound.
    "soak": Profile("soak", {"users": 30, "duration_s": 600, "ramp_s": 30}, count_shed_as_error=False),
}


def with_overrides(profile: Profile, params: dict[str, Any], gateway: dict[str, str], think_s: str) -> Profile:
    return Profile(
        profile.plan,
        {**profile.params, **{k: float(v) for k, v in params.items() if v is not None}},
        think_s or profile.think_s,
        {**profile.gateway, **gateway},
        profile.count_shed_as_error,
    )
