"""Classification of answers and the timings of a streamed turn."""

from __future__ import annotations

import pytest

from loadtests.outcomes import Category, ClientError, ServerError, Shed, TurnTimer, classify_http
from loadtests.sse import SseEvent


@pytest.mark.parametrize(
    ("status", "code", "retry_after", "optional", "category"),
    [
        (429, "rate_limited", "1", False, Category.SHED),
        (503, "overloaded", "2", False, Category.SHED),
        (503, "overloaded", None, False, Category.SERVER_5XX),  # shedding must say when to come back
        (503, "session_store_unavailable", "2", False, Category.SERVER_5XX),  # a dependency down is no shedding
        (404, "not_found", None, True, Category.NOT_DEPLOYED),
        (404, "not_found", None, False, Category.CLIENT_4XX),
        (404, "session_not_found", None, True, Category.CLIENT_4XX),  # the route exists: a real 404
        (401, "invalid_token", None, False, Category.CLIENT_4XX),
        (422, "invalid_request", None, True, Category.CLIENT_4XX),
        (500, "internal", None, False, Category.SERVER_5XX),
        (504, "deadline_exceeded", None, False, Category.SERVER_5XX),
    ],
)
def test_http_classification(status: int, code: str, retry_after: str | None, optional: bool, category: str) -> None:
    outcome = classify_http(status, code, retry_after, optional=optional)
    assert outcome.category == category
    assert outcome.label.startswith(f"{status} {code}")
    assert outcome.is_error == (category not in (Category.SHED, Category.NOT_DEPLOYED))


def test_failures_reach_locust_as_typed_exceptions() -> None:
    assert isinstance(classify_http(429, "rate_limited", "1").exception(), Shed)
    assert isinstance(classify_http(401, "invalid_token", None).exception(), ClientError)
    assert isinstance(classify_http(502, "upstream_error", None).exception(), ServerError)
    assert str(classify_http(401, "invalid_token", None).exception()) == "401 invalid_token"
    assert classify_http(404, "not_found", None, optional=True).exception() is None


def _delta(text: str = "x") -> SseEvent:
    return SseEvent("delta", f'{{"text": "{text}"}}')


def test_timer_measures_ttft_from_the_first_delta_and_gaps_between_deltas() -> None:
    timer = TurnTimer(started=100.0)
    timer.on_event(SseEvent("card", '{"kind": "k", "data": {}}'), 100.01)  # a card is not a token
    timer.on_event(_delta(), 100.05)
    timer.on_event(_delta(), 100.15)
    timer.on_event(_delta(), 100.40)
    timer.on_event(SseEvent("done", '{"usage": {"completion_tokens": 12}}'), 100.41)
    assert timer.ttft_s == pytest.approx(0.05)
    assert timer.gaps_s == pytest.approx([0.10, 0.25])
    assert timer.tokens == 12
    assert timer.outcome().category == Category.OK


def test_timer_outcomes_when_the_stream_does_not_finish() -> None:
    broken = TurnTimer(started=0.0)
    broken.on_event(_delta(), 0.1)
    assert broken.outcome().category == Category.STREAM_BROKEN
    assert broken.outcome(timed_out=True).category == Category.TIMEOUT
    failed = TurnTimer(started=0.0)
    failed.on_event(_delta(), 0.1)
    failed.on_event(SseEvent("error", '{"code": "engine_failed", "message": "m", "retryable": true}'), 0.2)
    assert failed.outcome().category == Category.STREAM_ERROR
    assert failed.outcome().label == "error event engine_failed"
