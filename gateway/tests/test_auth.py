from __future__ import annotations

import jwt
import pytest

from gateway.auth import authenticate, issue_token
from gateway.errors import ApiError
from gateway.settings import GatewaySettings

SETTINGS = GatewaySettings(jwt_secret="unit-test-secret-0123456789abcdef0123")


def _code(header: str | None) -> str:
    with pytest.raises(ApiError) as info:
        authenticate(SETTINGS, header)
    assert info.value.status == 401
    return info.value.code


def test_round_trip_carries_user_and_tenant() -> None:
    principal = authenticate(SETTINGS, f"Bearer {issue_token(SETTINGS, 'alice', 'bank-a')}")
    assert (principal.user_id, principal.tenant) == ("alice", "bank-a")


def test_rejections() -> None:
    assert _code(None) == "missing_token"
    assert _code("Token abc") == "invalid_token"
    assert _code(f"Bearer {issue_token(SETTINGS, 'alice', 'default', ttl_s=-60)}") == "expired_token"
    other = GatewaySettings(jwt_secret="another-secret-0123456789abcdef012345")
    assert _code(f"Bearer {issue_token(other, 'alice', 'default')}") == "invalid_token"
    wrong_aud = GatewaySettings(jwt_secret=SETTINGS.jwt_secret, jwt_audience="someone-else")
    assert _code(f"Bearer {issue_token(wrong_aud, 'alice', 'default')}") == "invalid_token"
    no_tenant = jwt.encode({"sub": "alice", "exp": 2**40, "iss": SETTINGS.jwt_issuer, "aud": SETTINGS.jwt_audience},
                           SETTINGS.jwt_secret, algorithm="HS256")
    assert _code(f"Bearer {no_tenant}") == "invalid_token"
    none_alg = jwt.encode({"sub": "alice", "tnt": "d", "exp": 2**40}, key=None, algorithm="none")
    assert _code(f"Bearer {none_alg}") == "invalid_token"
    assert _code(f"Bearer {issue_token(SETTINGS, 'alice:evil key', 'default')}") == "invalid_token"


def test_prod_refuses_the_dev_secret() -> None:
    with pytest.raises(SystemExit):
        GatewaySettings(environment="prod").check()
