"""gRPC status -> HTTP error mapping, using real AioRpcError objects as grpc.aio raises them."""

from __future__ import annotations

import grpc
from grpc.aio import AioRpcError, Metadata

from gateway.errors import ApiError, from_domain_error
from services.common.errors import ERROR_CODE_KEY, RETRY_AFTER_KEY
from services.common.grpc_client import domain_error


def _err(code: grpc.StatusCode, details: str, trailers: tuple[tuple[str, str], ...] = ()) -> AioRpcError:
    return AioRpcError(code, Metadata(), Metadata(*trailers), details=details)


def from_rpc_error(err: AioRpcError) -> ApiError:
    """What a client of the kit raises, as the gateway's handler answers it."""
    return from_domain_error(domain_error(err, "dialogue"))


def test_domain_code_and_retry_after_come_from_trailers() -> None:
    api = from_rpc_error(_err(grpc.StatusCode.UNAVAILABLE, "store down",
                              ((ERROR_CODE_KEY, "session_store_unavailable"), (RETRY_AFTER_KEY, "3"))))
    assert (api.status, api.code, api.message) == (503, "session_store_unavailable", "store down")
    assert api.retry_after_s == 3.0


def test_unreachable_service_does_not_echo_transport_details() -> None:
    api = from_rpc_error(_err(grpc.StatusCode.UNAVAILABLE, "failed to connect to all addresses; ipv4:127.0.0.1"))
    assert (api.status, api.code) == (503, "service_unavailable")
    assert "127.0.0.1" not in api.message and api.retry_after_s


def test_permission_denied_is_404_and_internal_is_502() -> None:
    assert from_rpc_error(_err(grpc.StatusCode.PERMISSION_DENIED, "x")).status == 404
    internal = from_rpc_error(_err(grpc.StatusCode.INTERNAL, "KeyError: 'secret'"))
    assert (internal.status, internal.code) == (502, "upstream_error") and "secret" not in internal.message
