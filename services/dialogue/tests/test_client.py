"""The dialogue client's mid-turn error events, from real AioRpcError objects as grpc.aio raises them."""

from __future__ import annotations

import grpc
from grpc.aio import AioRpcError, Metadata

from services.common.errors import ERROR_CODE_KEY, RETRY_AFTER_KEY
from services.dialogue.client import INTERRUPTED, error_event


def _err(code: grpc.StatusCode, details: str, trailers: tuple[tuple[str, str], ...] = ()) -> AioRpcError:
    return AioRpcError(code, Metadata(), Metadata(*trailers), details=details)


def test_dialogue_gone_mid_answer_says_the_answer_was_not_saved() -> None:
    event = error_event(_err(grpc.StatusCode.UNAVAILABLE, "Socket closed"))
    assert (event.error.code, event.error.message, event.error.retryable) == (
        "service_unavailable", INTERRUPTED, True)


def test_a_stable_code_from_the_service_is_kept() -> None:
    event = error_event(_err(grpc.StatusCode.UNAVAILABLE, "review down",
                             ((ERROR_CODE_KEY, "compliance_unavailable"), (RETRY_AFTER_KEY, "2"))))
    assert (event.error.code, event.error.message, event.error.retryable) == (
        "compliance_unavailable", "review down", True)


def test_an_internal_failure_shows_no_details() -> None:
    event = error_event(_err(grpc.StatusCode.INTERNAL, "KeyError: 'secret'"))
    assert event.error.code == "upstream_error" and "secret" not in event.error.message
    assert not event.error.retryable
