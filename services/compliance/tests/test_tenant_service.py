"""The compliance service with the repository's tenant documents, over real gRPC and a real Redis audit stream:
the caller's tenant picks the overlay, disclaimers, suitability policy and shelf, and every decision is audited
with the tenant."""

from __future__ import annotations

from collections.abc import AsyncIterator

import grpc
import orjson
import pytest
import pytest_asyncio

from services.common.errors import FailedPrecondition
from services.compliance.client import CallContext, ComplianceClient
from services.compliance.runtime import Running, start
from services.compliance.tests.test_server import settings_for

pytestmark = pytest.mark.asyncio(loop_scope="module")
HARBOR = CallContext(tenant="harbor-securities", user_id="ann", session_id="s-1", turn_id="t1", locale="en")
DEFAULT = CallContext(tenant="default", user_id="ann", session_id="s-2", turn_id="t1", locale="en")


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def running(redis_server) -> AsyncIterator[Running]:  # type: ignore[no-untyped-def]
    service = await start(settings_for(f"redis://{redis_server.host}:{redis_server.port}/0"))
    yield service
    await service.close()


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def client(running: Running) -> AsyncIterator[ComplianceClient]:
    channel = grpc.aio.insecure_channel(f"127.0.0.1:{running.service.port}")
    yield ComplianceClient(channel)
    await channel.close()


async def _review(client: ComplianceClient, ctx: CallContext, text: str) -> tuple[bool, str]:
    review = await client.open_review(ctx, "general")
    try:
        step = await review.send(text)
        if step.blocked:
            return True, ""
        final = await review.finish()
        return final.blocked, final.disclaimer
    finally:
        await review.aclose()


async def test_the_callers_tenant_picks_its_overlay_and_disclaimers(client: ComplianceClient) -> None:
    text = "You could use 3x leverage to boost returns, but it is risky."
    blocked, disclaimer = await _review(client, DEFAULT, text)
    assert not blocked and "Harbor" not in disclaimer
    blocked, _ = await _review(client, HARBOR, text)
    assert blocked
    blocked, disclaimer = await _review(client, HARBOR, "A bond fund holds many bonds.")
    assert not blocked and disclaimer.endswith("the product documents published by Harbor Securities prevail.")


async def test_the_shelf_rating_and_the_policy_decide(running: Running, client: ComplianceClient) -> None:
    # the caller claims R1 for the broker's R4 ETF: the shelf's rating is the one checked, and recorded
    verdict = await client.check_suitability(HARBOR, "C3", "R1", product_id="HB-CSI300", product_name="")
    assert verdict.decision == "refuse" and "Harbor CSI 300 ETF (R4)" in verdict.message
    with pytest.raises(FailedPrecondition):
        await client.record_confirmation(HARBOR, "C3", "R1", "HB-CSI300", verdict.message)
    base = await client.check_suitability(DEFAULT, "C3", "R4", product_id="510300.SH", product_name="")
    assert base.decision == "warn" and base.requires_confirmation
    await client.record_confirmation(DEFAULT, "C3", "R4", "510300.SH", base.message)
    events = [orjson.loads(f[b"e"]) for _, f in await running.redis.xrange("advisor:audit")]
    harbor = [e for e in events if e["kind"] == "suitability" and e["tenant"] == "harbor-securities"]
    assert harbor[-1]["detail"]["product_risk"] == "R4" and harbor[-1]["detail"]["shelf"] is True
