"""The app's gateway routes without a browser: who may get a dev token, and what the static route serves."""

from __future__ import annotations

import httpx
import pytest

from gateway.routes_app import dev_tokens_enabled
from gateway.settings import DEV_JWT_SECRET, GatewaySettings
from tools.platform import Platform


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


def test_static_files_and_dev_token(browser_platform: Platform) -> None:
    with httpx.Client(base_url=browser_platform.gateway_url, timeout=10) as c:
        index = c.get("/app", follow_redirects=True)
        assert index.status_code == 200 and index.headers["content-type"].startswith("text/html")
        assert "default-src 'self'" in index.headers["content-security-policy"]
        assert c.get("/app/app.js").headers["content-type"].startswith("text/javascript")
        assert c.get("/app/../gateway/settings.py").status_code == 404
        assert c.get("/app/%2e%2e/routes_app.py").status_code == 404
        assert c.get("/app/missing.js").status_code == 404
        assert c.get("/app/config.json").json()["dev_sign_in"] is True
        token = c.post("/app/dev-token", json={"user": "bob"}).json()["token"]
        assert c.post("/v1/sessions", json={"locale": "en"}, headers={"Authorization": f"Bearer {token}"}) \
            .status_code == 201
        assert c.post("/app/dev-token", json={"user": "bad user!"}).status_code == 422
