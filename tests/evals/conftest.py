"""The evaluation runner's tests. Marker ``evals``: they run in the default ``make test-unit`` run (only ``e2e`` is
deselected there); ``pytest -m evals`` picks them alone."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "evals: the evaluation runner (graders, and a short run on the simulator)")
