"""Fixtures: the chart rendered by Helm's own engine for each environment (the deploy tool venv has Helm; in the
project venv, where only the live-scrape test runs, rendering tests skip)."""

from __future__ import annotations

from typing import Any

import pytest

Obj = dict[str, Any]


@pytest.fixture(scope="session", params=["dev", "prod"])
def env(request: pytest.FixtureRequest) -> str:
    return str(request.param)


_CACHE: dict[str, list[Obj]] = {}


def rendered(env: str) -> list[Obj]:
    pytest.importorskip("helm_python", reason="needs the deploy tool venv (scripts/deploy_check.sh)")
    from deploy import render as chart

    if env not in _CACHE:
        _CACHE[env] = chart.render(env)
    return _CACHE[env]


@pytest.fixture(scope="session")
def objects(env: str) -> list[Obj]:
    return rendered(env)


def by_kind(objs: list[Obj], kind: str) -> list[Obj]:
    return [o for o in objs if o["kind"] == kind]


def one(objs: list[Obj], kind: str, name: str) -> Obj:
    found = [o for o in objs if o["kind"] == kind and o["metadata"]["name"] == name]
    assert len(found) == 1, f"expected one {kind}/{name}, found {len(found)}"
    return found[0]


def component(obj: Obj) -> str:
    return str(obj["metadata"]["labels"]["app.kubernetes.io/component"])


def pod_spec(obj: Obj) -> Obj:
    return obj["spec"]["template"]["spec"]  # type: ignore[no-any-return]
