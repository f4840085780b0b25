"""Transport: one real grpc.aio server on an ephemeral port, the typed client, and the audit stream on a real
Redis (pytest-redis); plus fail-closed behaviour against a Redis server this test kills."""

from __future__ import annotations

import asyncio
import shutil
import socket
import subprocess
from collections.abc import AsyncIterator, Iterator

import grpc
import orjson
import pytest
import pytest_asyncio
import redis.asyncio as aioredis
from grpc_health.v1 import health_pb2, health_pb2_grpc

from services.common.errors import FailedPrecondition, InvalidArgument
from services.compliance.client import CallContext, ComplianceClient, ComplianceUnavailable
from services.compliance.rulebook import Rulebook, RulebookHolder, Rulebooks
from services.compliance.runtime import Running, start
from services.compliance.settings import ComplianceSettings

pytestmark = pytest.mark.asyncio(loop_scope="module")
CTX = CallContext(tenant="default", user_id="alice", session_id="s-12345678", turn_id="t1", locale="zh-CN",
                  model="smol")


def _holder(rulebook: Rulebook) -> RulebookHolder:
    """The session's compiled rulebook, no tenant documents (every tenant gets the base rulebook)."""
    holder = RulebookHolder.__new__(RulebookHolder)
    holder._tenants, holder.current = None, Rulebooks(rulebook)
    return holder


def settings_for(redis_url: str) -> ComplianceSettings:
    return ComplianceSettings(REDIS_URL=redis_url, host="127.0.0.1", port=0, metrics_port=0, rules_reload_s=0,
                              redis_check_s=0.05, classifier_enabled=False, log_json=False)


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def running(redis_server, rulebook: Rulebook) -> AsyncIterator[Running]:  # type: ignore[no-untyped-def]
    holder = _holder(rulebook)
    url = f"redis://{redis_server.host}:{redis_server.port}/0"
    service = await start(settings_for(url), rulebooks=holder)
    yield service
    await service.close()


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def client(running: Running) -> AsyncIterator[ComplianceClient]:
    channel = grpc.aio.insecure_channel(f"127.0.0.1:{running.service.port}")
    yield ComplianceClient(channel)
    await channel.close()


async def audit_events(running: Running) -> list[dict[str, object]]:
    entries = await running.redis.xrange("advisor:audit")
    return [orjson.loads(fields[b"e"]) for _, fields in entries]


async def test_check_input_blocks_redacts_and_audits(running: Running, client: ComplianceClient) -> None:
    bad = await client.check_input(CTX, "怎么洗钱不被发现？")
    assert not bad.allowed and bad.action == "block" and "zh.crime.laundering" in bad.rule_ids and bad.message
    ok = await client.check_input(CTX, "我的手机13800138000，想定投指数基金")
    assert ok.allowed and ok.action == "rewrite" and ok.redacted_text == "我的手机[PHONE]，想定投指数基金"
    events = {e["event_id"]: e for e in await audit_events(running)}
    assert "zh.crime.laundering" in events[bad.event_id]["rule_ids"]
    assert events[ok.event_id]["text"] == "我的手机[PHONE]，想定投指数基金"  # never the raw number
    assert "13800138000" not in orjson.dumps(list(events.values())).decode()


async def test_review_stream_releases_then_blocks_with_notice(running: Running, client: ComplianceClient) -> None:
    review = await client.open_review(CTX, "advice")
    shown = ""
    for chunk in ["根据您的风险承受能力，", "建议以指数基金为主做长期配置，", "这个组合稳赚", "不赔，", "后面的话。"]:
        result = await review.send(chunk)
        shown += result.text
        if result.blocked:
            break
    assert result.blocked and "已停止显示" in result.notice and "zh.promise.guarantee" in result.rule_ids
    assert "稳赚" not in shown and review.done
    events = await audit_events(running)
    blocked = [e for e in events if e["kind"] == "output" and e["action"] == "block"]
    assert blocked and blocked[-1]["turn_id"] == "t1"
    assert blocked[-1]["text"] == shown and blocked[-1]["detail"]["ended"] == "blocked"  # the whole shown answer
    assert not [e for e in events if e["kind"] == "release"]  # one record per answer, not one per segment


async def _turn_events(running: Running, turn_id: str) -> list[dict[str, object]]:
    return [e for e in await audit_events(running) if e["turn_id"] == turn_id]


async def test_one_output_record_per_answer_and_one_per_decision(running: Running, client: ComplianceClient) -> None:
    ctx = CallContext(tenant="default", user_id="alice", session_id="s-12345678", turn_id="t-decide", locale="zh-CN")
    review = await client.open_review(ctx, "advice")
    shown = ""
    for chunk in ["长期来看，指数基金分散了个股风险。", "这只基金一定会", "涨吗？要看市场。", "定投可以平滑成本。"]:
        result = await review.send(chunk)
        shown += result.text
        if "存在上涨可能但并不确定" in result.text:  # the rewrite was audited before the rewritten text came back
            decisions = [e for e in await _turn_events(running, "t-decide") if e["kind"] == "decision"]
            assert decisions and "zh.promise.certainty" in decisions[0]["rule_ids"]
    final = await review.finish()
    shown += final.text
    assert "一定会涨" not in shown and "存在上涨可能但并不确定" in shown
    events = await _turn_events(running, "t-decide")
    kinds = sorted(str(e["kind"]) for e in events)
    assert kinds == ["decision", "output"]  # 4 chunks, several segments: two records
    output = next(e for e in events if e["kind"] == "output")
    assert output["text"] == shown and output["detail"]["ended"] == "finished"
    assert output["detail"]["decisions"] == 1 and output["detail"]["segments"] >= 2


async def test_cancelled_answer_still_gets_its_output_record(running: Running, client: ComplianceClient) -> None:
    ctx = CallContext(tenant="default", user_id="alice", session_id="s-12345678", turn_id="t-gone", locale="en")
    review = await client.open_review(ctx, "general")
    shown = (await review.send("Index funds spread risk across many companies. Costs matter too. ")).text
    shown += (await review.send("Rebalancing once a year keeps the mix you chose. And")).text
    assert shown
    await review.aclose()  # the user went away mid-answer: no finish

    async def recorded() -> bool:
        return any(e["kind"] == "output" for e in await _turn_events(running, "t-gone"))

    await _wait_for(recorded, 10)
    output = next(e for e in await _turn_events(running, "t-gone") if e["kind"] == "output")
    assert output["text"] == shown and output["detail"]["ended"] == "cancelled"


async def test_review_stream_final_carries_disclaimer(client: ComplianceClient) -> None:
    async with await client.open_review(CallContext(locale="en"), "general") as review:
        shown = (await review.send("Diversify across stocks and bonds, ")).text
        shown += (await review.send("and rebalance once a year.")).text
        final = await review.finish()
    assert shown + final.text == "Diversify across stocks and bonds, and rebalance once a year."
    assert final.final and "not investment advice" in final.disclaimer


async def test_suitability_assessment_and_confirmation(running: Running, client: ComplianceClient) -> None:
    version, questions = await client.get_questionnaire("en")
    assert version and len(questions) == 10 and questions[0].options
    assessment = await client.assess_risk(CTX, {q.id: "b" for q in questions})
    assert assessment.level == "C3" and assessment.suitable_product_levels == ("R1", "R2", "R3")
    warn = await client.check_suitability(CTX, "C3", "R5", "p1", "科技成长基金")
    assert warn.decision == "warn" and warn.requires_confirmation
    confirmation = await client.record_confirmation(CTX, "C3", "R5", "p1", warn.message)
    assert confirmation.confirmation_id in {e["event_id"] for e in await audit_events(running)}
    refuse = await client.check_suitability(CTX, "C1", "R3")
    assert refuse.decision == "refuse"
    with pytest.raises(FailedPrecondition):
        await client.record_confirmation(CTX, "C1", "R3", "p2", refuse.message)
    with pytest.raises(InvalidArgument):
        await client.assess_risk(CTX, {"q1_age": "a"})


async def test_redact_pii_rpc(client: ComplianceClient) -> None:
    assert await client.redact_pii("mail me at a.b@example.com") == "mail me at [EMAIL]"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _redis_on(port: int) -> subprocess.Popen[bytes]:
    binary = shutil.which("redis-server") or "/usr/bin/redis-server"
    return subprocess.Popen([binary, "--port", str(port), "--save", "", "--appendonly", "no"],
                            stdout=subprocess.DEVNULL)


@pytest.fixture
def killable_redis() -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    port = _free_port()
    proc = _redis_on(port)
    yield proc, port
    if proc.poll() is None:
        proc.kill()
        proc.wait()


async def _health(port: int) -> int:
    async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
        reply = await health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(service=""))
        return int(reply.status)


async def _wait_for(predicate, limit_s: float = 20.0) -> None:  # type: ignore[no-untyped-def]
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limit_s
    while not await predicate():
        assert loop.time() < deadline, "state not reached"
        await asyncio.sleep(0.05)


async def test_redis_down_fails_closed(killable_redis: tuple[subprocess.Popen[bytes], int], rulebook: Rulebook) -> None:
    proc, port = killable_redis
    probe = aioredis.Redis(port=port)
    await _wait_for(lambda: _ping(probe))
    holder = _holder(rulebook)
    svc = await start(settings_for(f"redis://127.0.0.1:{port}/0"), rulebooks=holder)
    channel = grpc.aio.insecure_channel(f"127.0.0.1:{svc.service.port}")
    client = ComplianceClient(channel, timeout_s=5, input_timeout_s=5, chunk_timeout_s=5)
    try:
        review = await client.open_review(CTX, "general")
        assert not (await review.send("长期投资需要耐心。" * 5)).blocked
        proc.kill()
        proc.wait()
        serving = health_pb2.HealthCheckResponse.SERVING

        async def not_serving() -> bool:
            return await _health(svc.service.port) != serving

        await _wait_for(not_serving)
        with pytest.raises(ComplianceUnavailable):
            await review.send("更多内容。" * 10)  # nothing more is released once audit is impossible
        with pytest.raises(ComplianceUnavailable):
            await client.check_input(CTX, "我想定投指数基金")
        with pytest.raises(ComplianceUnavailable):
            await _send_one(client)

        restarted = _redis_on(port)  # Redis back: the very next request is served, health returns to SERVING
        try:
            await _wait_for(lambda: _ping(probe))
            assert (await client.check_input(CTX, "我想定投指数基金")).allowed

            async def serving_again() -> bool:
                return await _health(svc.service.port) == serving

            await _wait_for(serving_again)
        finally:
            restarted.kill()
            restarted.wait()
    finally:
        await channel.close()
        await svc.close()
        await probe.aclose()


async def test_redis_lost_mid_answer_withholds_the_end_and_keeps_the_record(
    killable_redis: tuple[subprocess.Popen[bytes], int], rulebook: Rulebook,
) -> None:
    """Redis dies after text went out, before the answer's record was written: the end of the answer is withheld
    (UNAVAILABLE), and the record of what was shown is appended once Redis is back."""
    proc, port = killable_redis
    probe = aioredis.Redis(port=port)
    await _wait_for(lambda: _ping(probe))
    holder = _holder(rulebook)
    svc = await start(settings_for(f"redis://127.0.0.1:{port}/0"), rulebooks=holder)
    channel = grpc.aio.insecure_channel(f"127.0.0.1:{svc.service.port}")
    client = ComplianceClient(channel, timeout_s=5, input_timeout_s=5, chunk_timeout_s=5)
    ctx = CallContext(tenant="default", user_id="alice", session_id="s-12345678", turn_id="t-lost", locale="zh-CN")
    try:
        review = await client.open_review(ctx, "general")
        shown = (await review.send("长期投资需要耐心。分散配置可以降低波动。" * 4)).text
        assert shown
        proc.kill()
        proc.wait()


        async def rest() -> None:  # whichever step meets the failure first, nothing after it is released
            nonlocal shown
            shown += (await review.send("最后一句话。" * 6)).text
            await review.finish()

        with pytest.raises(ComplianceUnavailable):
            await rest()
        assert svc.core.sink.parked == 1
        restarted = _redis_on(port)
        try:
            await _wait_for(lambda: _ping(probe))

            async def appended() -> bool:
                return svc.core.sink.parked == 0

            await _wait_for(appended)
            entries = [orjson.loads(f[b"e"]) for _, f in await probe.xrange("advisor:audit")]
            output = [e for e in entries if e["turn_id"] == "t-lost" and e["kind"] == "output"]
            assert len(output) == 1 and output[0]["text"] == shown  # what was shown, not the withheld end
            assert output[0]["detail"]["ended"] in ("unavailable", "cancelled")
        finally:
            restarted.kill()
            restarted.wait()
    finally:
        await channel.close()
        await svc.close()
        await probe.aclose()


async def _send_one(client: ComplianceClient) -> None:
    review = await client.open_review(CTX, "general")
    await review.send("新的回答。")


async def _ping(client: aioredis.Redis) -> bool:
    try:
        return bool(await client.ping())
    except Exception:
        return False
