"""JWT bearer authentication. Tokens carry the user (``sub``) and the tenant (``tnt``)."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

import jwt
from advisor.v1 import dialogue_pb2 as pb

from gateway.errors import ApiError
from gateway.settings import GatewaySettings

ID_RE = re.compile(r"^[A-Za-z0-9_.@-]{1,64}$")
ROLES = ("user", "tenant_admin")  # the optional "role" claim; absent means "user"


@dataclass(frozen=True)
class Principal:
    user_id: str
    tenant: str
    role: str = "user"

    def caller(self, request_id: str) -> pb.Caller:
        """Who is asking, as the services receive it."""
        return pb.Caller(tenant=self.tenant, user_id=self.user_id, request_id=request_id)


def issue_token(
    settings: GatewaySettings, user_id: str, tenant: str, ttl_s: int | None = None, role: str = "user"
) -> str:
    now = int(time.time())
    claims: dict[str, object] = {
        "sub": user_id,
        "tnt": tenant,
        "iat": now,
        "exp": now + (ttl_s if ttl_s is not None else settings.dev_token_ttl_s),
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
    }
    if role != "user":
        claims["role"] = role
    return jwt.encode(claims, settings.jwt_secret, algorithm="HS256")


def authenticate(settings: GatewaySettings, authorization: str | None) -> Principal:
    if not authorization:
        raise ApiError(401, "missing_token", "an Authorization: Bearer <token> header is required")
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise ApiError(401, "invalid_token", "the Authorization header must be 'Bearer <token>'")
    try:
        claims = jwt.decode(
            token.strip(),
            settings.jwt_secret,
            algorithms=["HS256"],
            audience=settings.jwt_audience,
            issuer=settings.jwt_issuer,
            leeway=settings.jwt_leeway_s,
            options={"require": ["exp", "sub", "tnt"]},
        )
    except jwt.ExpiredSignatureError as err:
        raise ApiError(401, "expired_token", "the token has expired") from err
    except jwt.PyJWTError as err:
        raise ApiError(401, "invalid_token", "the token is not valid") from err
    user, tenant, role = str(claims["sub"]), str(claims["tnt"]), str(claims.get("role", "user"))
    if not ID_RE.match(user) or not ID_RE.match(tenant):
        raise ApiError(401, "invalid_token", "the token names an invalid user or tenant")
    if role not in ROLES:
        raise ApiError(401, "invalid_token", "the token names an unknown role")
    return Principal(user_id=user, tenant=tenant, role=role)
