"""Domain errors and the one mapping from them to gRPC status codes and HTTP statuses.

Core logic raises these plain exceptions; the gRPC interceptor turns them into status codes, and the gateway
turns status codes into HTTP responses. Nothing else in the code base decides how an error looks on the wire.
"""

from __future__ import annotations

import grpc


class DomainError(Exception):
    """Base class: ``code`` is a stable machine-readable reason, the message is safe to show a client."""

    status: grpc.StatusCode = grpc.StatusCode.INTERNAL
    code: str = "internal"
    retry_after_s: float | None = None

    def __init__(self, message: str, *, code: str | None = None, retry_after_s: float | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        if retry_after_s is not None:
            self.retry_after_s = retry_after_s


class InvalidArgument(DomainError):
    status = grpc.StatusCode.INVALID_ARGUMENT
    code = "invalid_argument"


class NotFound(DomainError):
    status = grpc.StatusCode.NOT_FOUND
    code = "not_found"


class PermissionDenied(DomainError):
    status = grpc.StatusCode.PERMISSION_DENIED
    code = "permission_denied"


class FailedPrecondition(DomainError):
    status = grpc.StatusCode.FAILED_PRECONDITION
    code = "failed_precondition"


class ResourceExhausted(DomainError):
    status = grpc.StatusCode.RESOURCE_EXHAUSTED
    code = "resource_exhausted"


class Unavailable(DomainError):
    """A dependency (Redis, the engine, another service) cannot be reached; the client may retry."""

    status = grpc.StatusCode.UNAVAILABLE
    code = "unavailable"
    retry_after_s = 2.0


class DeadlineExceeded(DomainError):
    status = grpc.StatusCode.DEADLINE_EXCEEDED
    code = "deadline_exceeded"


class Cancelled(DomainError):
    status = grpc.StatusCode.CANCELLED
    code = "cancelled"


class UpstreamError(DomainError):
    """Another service failed in a way its contract does not name (INTERNAL, UNKNOWN...)."""

    status = grpc.StatusCode.INTERNAL
    code = "upstream_error"


# gRPC status -> HTTP status, used by the gateway for errors that arrive from a service.
HTTP_STATUS_FOR_GRPC: dict[grpc.StatusCode, int] = {
    grpc.StatusCode.INVALID_ARGUMENT: 422,
    grpc.StatusCode.OUT_OF_RANGE: 422,
    grpc.StatusCode.NOT_FOUND: 404,
    grpc.StatusCode.PERMISSION_DENIED: 404,  # never confirm that someone else's resource exists
    grpc.StatusCode.UNAUTHENTICATED: 401,
    grpc.StatusCode.FAILED_PRECONDITION: 409,
    grpc.StatusCode.ALREADY_EXISTS: 409,
    grpc.StatusCode.RESOURCE_EXHAUSTED: 429,
    grpc.StatusCode.UNAVAILABLE: 503,
    grpc.StatusCode.DEADLINE_EXCEEDED: 504,
    grpc.StatusCode.CANCELLED: 499,
}

# Trailing metadata key carrying the stable error code and retry hint across the gRPC hop.
ERROR_CODE_KEY = "x-error-code"
RETRY_AFTER_KEY = "x-retry-after"
