"""Plans are bounded: each ends by itself at its stated duration and never exceeds its user cap."""

from __future__ import annotations

import pytest

from loadtests import plans


def test_step_ramp_steps_and_stops() -> None:
    plan = plans.step_ramp(start=10, step=10, max_users=35, step_s=20)
    assert [s.users for s in plan.stages] == [10, 20, 30]
    assert plan.duration_s == 60
    assert plan.at(0).users == 10 and plan.at(25).users == 20 and plan.at(59.9).users == 30  # type: ignore[union-attr]
    assert plan.at(60) is None  # the shape then returns None and locust stops


def test_spike_and_soak_are_bounded() -> None:
    spike = plans.spike(base=5, peak=50, base_s=10, spike_s=30, recover_s=10)
    assert [s.users for s in spike.stages] == [5, 50, 5]
    assert spike.max_users == 50 and spike.at(50) is None
    soak = plans.build("soak", {"users": 100, "duration_s": 600, "ramp_s": 30})
    assert soak.duration_s == 600 and soak.max_users == 100 and soak.at(600) is None


@pytest.mark.parametrize(
    ("name", "params"),
    [("nope", {}), ("step_ramp", {"start": 0, "step": 1, "max_users": 5, "step_s": 1}),
     ("constant", {"users": 5, "duration_s": 0})],
)
def test_bad_plans_are_refused(name: str, params: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        plans.build(name, params)
