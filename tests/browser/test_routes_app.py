"""Who may get a dev token from the app's gateway routes (the served files are tested in test_app.py)."""

from __future__ import annotations

import pytest

from gateway.routes_app import dev_tokens_enabled
from gateway.settings import DEV_JWT_SECRET, GatewaySettings


@pytest.mark.parametrize(
    ("environment", "secret", "host", "enabled"),
    [
        ("dev", DEV_JWT_SECRET, "127.0.0.1", True),
        ("dev", DEV_JWT_SECRET, "::1", True),
        ("dev", DEV_JWT_SECRET, "10.1.2.3", False),  # not loopback
        ("dev", DEV_JWT_SECRET, "testclient", False),  # not an address
        ("dev", DEV_JWT_SECRET, None, False),
        ("dev", "a-real-secret-0123456789abcdef0123456789", "127.0.0.1", False),  # a real secret: never
        ("prod", DEV_JWT_SECRET, "127.0.0.1", False),
        ("staging", DEV_JWT_SECRET, "127.0.0.1", False),
    ],
)
def test_dev_tokens_only_with_the_dev_secret_in_dev_on_loopback(
    environment: str, secret: str, host: str | None, enabled: bool
) -> None:
    settings = GatewaySettings(environment=environment, jwt_secret=secret)
    assert dev_tokens_enabled(settings, host) is enabled

