"""Locust load shapes over the plans in plans.py. Every shape returns None when its plan ends, so a run stops
by itself (bounded in time and in users) whatever the command line says.

The locustfile picks one via ``LOADTEST_SHAPE`` (constant, step_ramp, spike, soak) and ``LOADTEST_SHAPE_PARAMS``
(JSON); the classes here are abstract so that importing this module never selects a shape by itself.
"""

from __future__ import annotations

import json
import os
from typing import ClassVar

from locust import LoadTestShape

from loadtests import plans


class PlanShape(LoadTestShape):
    abstract: ClassVar[bool] = True
    plan: ClassVar[plans.Plan]

    def tick(self) -> tuple[int, float] | None:
        stage = self.plan.at(self.get_run_time())
        return None if stage is None else (stage.users, stage.spawn_rate)


def shape_from_env() -> type[PlanShape] | None:
    """A concrete shape class for the plan named in the environment, or None (then --users/--run-time apply)."""
    name = os.environ.get("LOADTEST_SHAPE", "")
    if not name:
        return None
    plan = plans.build(name, json.loads(os.environ.get("LOADTEST_SHAPE_PARAMS", "{}")))
    return type(f"{name.title().replace('_', '')}Shape", (PlanShape,), {"abstract": False, "plan": plan})
