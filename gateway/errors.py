"""The gateway's one error shape.

Every error response is JSON: ``{"error": {"code": "...", "message": "...", "request_id": "..."}}`` with the
HTTP status named in docs/api.md; 503 and 429 carry ``Retry-After``. No traceback ever reaches a client.
"""

from __future__ import annotations

import logging
import random
from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from services.common.errors import HTTP_STATUS_FOR_GRPC, DomainError

log = logging.getLogger(__name__)


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, retry_after_s: float | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.retry_after_s = retry_after_s


# The statuses every authenticated JSON route can answer besides its own (the OpenAPI spec lists them all).
COMMON_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": "`malformed_json` (not JSON, or nested deeper than the parser allows) or "
                         "`invalid_encoding` (not UTF-8)"},
    401: {"description": "`missing_token`, `invalid_token` or `expired_token`"},
    413: {"description": "`body_too_large`"},
    422: {"description": "`invalid_request`: a field is missing, has the wrong type or breaks a limit (named)"},
    429: {"description": "`rate_limited` (user or tenant bucket empty); see Retry-After"},
    503: {"description": "a dependency is down or the gateway is full; see Retry-After"},
}


def error_response(request_id: str, err: ApiError, headers: dict[str, str] | None = None) -> Response:
    body = {"error": {"code": err.code, "message": err.message, "request_id": request_id}}
    headers = dict(headers or {})  # X-Request-ID is added to every response by the edge middleware
    if err.retry_after_s is not None:
        # spread the retries of shed clients over [t, 2t) so they do not all come back in the same second
        headers["Retry-After"] = str(max(1, round(err.retry_after_s * (1 + random.random()))))
    return Response(orjson.dumps(body), status_code=err.status, media_type="application/json", headers=headers)


def from_domain_error(err: DomainError) -> ApiError:
    """The gateway's one mapping of a service failure onto HTTP (docs/api.md): the status follows the gRPC
    status, the code is the service's stable code; anything the contract does not name is a 502 whose details
    are logged, never shown."""
    status = HTTP_STATUS_FOR_GRPC.get(err.status, 502)
    if status == 502:
        log.error("upstream error", extra={"grpc_code": err.status.name, "details": err.message})
        return ApiError(502, "upstream_error", "an internal service failed")
    retry_after = (err.retry_after_s or 2.0) if status in (429, 503) else None
    return ApiError(status, err.code, err.message, retry_after)


def request_id_of(request: Request) -> str:
    return getattr(request.state, "request_id", "")


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(request: Request, err: ApiError) -> Response:
        return error_response(request_id_of(request), err)

    @app.exception_handler(DomainError)
    async def _domain_error(request: Request, err: DomainError) -> Response:
        return error_response(request_id_of(request), from_domain_error(err))

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, err: RequestValidationError) -> Response:
        errors = err.errors()
        if any(e.get("type") == "json_invalid" for e in errors):
            return error_response(request_id_of(request), ApiError(400, "malformed_json", "the body is not valid JSON"))
        first = errors[0] if errors else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
        message = f"{where}: {first.get('msg', 'invalid value')}" if where else str(first.get("msg", "invalid body"))
        return error_response(request_id_of(request), ApiError(422, "invalid_request", message))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, err: StarletteHTTPException) -> Response:
        # Every 400 Starlette raises is a body it could not parse (e.g. JSON nested past the parser's depth).
        codes = {404: "not_found", 405: "method_not_allowed", 400: "malformed_json"}
        code = codes.get(err.status_code, "http_error")
        message = "the body is not valid JSON" if err.status_code == 400 else str(err.detail)
        return error_response(request_id_of(request), ApiError(err.status_code, code, message),
                              headers=dict(err.headers or {}))  # 405 keeps its Allow header

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, err: Exception) -> Response:
        log.exception("unhandled error")
        return error_response(request_id_of(request), ApiError(500, "internal", "an internal error occurred"))
