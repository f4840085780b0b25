"""`make chaos` in its short form (issue 25): dialogue and Redis are killed mid-answer under light load; the
platform recovers without a human, and no turn a client saw complete is missing from the audit archive or from
its session. The full run (every service) is `make chaos`."""

from __future__ import annotations

import asyncio
from pathlib import Path

from devstack.chaos import run


def test_dialogue_and_redis_crashes_lose_nothing(tmp_path: Path) -> None:
    result = asyncio.run(run(["dialogue", "redis"], users=2, recover_s=90, work=tmp_path))
    faults = {f["fault"]: f for f in result["faults"]}  # type: ignore[union-attr, index]
    assert faults["dialogue"]["recovered_s"] is not None and faults["redis"]["recovered_s"] is not None, result
    assert result["completed_turns"] and result["audit_missing"] == 0 and result["stored_missing"] == 0, result
