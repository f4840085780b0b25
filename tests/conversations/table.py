"""Loading the conversation table (tests/conversations/table.yaml)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

TABLE = Path(__file__).with_name("table.yaml")


def conversations() -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = yaml.safe_load(TABLE.read_text(encoding="utf-8"))
    return data


def args_match(expected: dict[str, Any], actual: dict[str, Any]) -> bool:
    """Every expected argument present with the same value (numbers compared as floats)."""
    for key, want in expected.items():
        got = actual.get(key)
        if isinstance(want, int | float) and not isinstance(want, bool):
            if not isinstance(got, int | float) or abs(float(got) - float(want)) > 1e-9 * max(1.0, abs(want)):
                return False
        elif str(got) != str(want):
            return False
    return True
