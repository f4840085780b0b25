"""The investors' web app at ``/app``: static files from ``gateway/webapp/`` (no build step) and, in a dev
gateway only, a dev sign-in that issues a short-lived token.

The app talks to the public API (``/v1/...``) like any client; nothing here bypasses auth or rate limits.
A dev token is issued only when all three hold: ``GATEWAY_ENVIRONMENT=dev``, the JWT secret is the published dev
secret (anyone can forge such a token anyway, so the endpoint adds no power), and the caller is on loopback.
Anywhere else the route answers 404, like an unknown route.
"""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse
from pydantic import BaseModel, Field
from starlette.responses import Response

from gateway.auth import ID_RE, issue_token
from gateway.errors import ApiError
from gateway.settings import DEV_JWT_SECRET, GatewaySettings

WEBAPP_DIR = Path(__file__).resolve().parent / "webapp"
DEV_TOKEN_TTL_S = 8 * 3600
TYPES = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
         ".css": "text/css; charset=utf-8", ".svg": "image/svg+xml", ".png": "image/png",
         ".json": "application/json", ".txt": "text/plain; charset=utf-8", ".webmanifest": "application/manifest+json"}
# Same origin only: no inline script, no third-party asset, no framing.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}

router = APIRouter(tags=["app"], include_in_schema=False)


class DevTokenBody(BaseModel):
    user: Annotated[str, Field(min_length=1, max_length=64)] = "alice"


def dev_tokens_enabled(settings: GatewaySettings, client_host: str | None) -> bool:
    """Whether this gateway may hand out a dev token to this caller (see the module's docstring)."""
    if settings.environment != "dev" or settings.jwt_secret != DEV_JWT_SECRET or not client_host:
        return False
    try:
        return ipaddress.ip_address(client_host).is_loopback
    except ValueError:
        return False


def _settings(request: Request) -> GatewaySettings:
    settings: GatewaySettings = request.app.state.deps.settings
    return settings


def _client_host(request: Request) -> str | None:
    return request.client.host if request.client else None


def _file(name: str) -> Response:
    path = (WEBAPP_DIR / name).resolve()
    if WEBAPP_DIR not in path.parents or not path.is_file() or path.suffix not in TYPES:
        raise ApiError(404, "not_found", "not found")
    return FileResponse(path, media_type=TYPES[path.suffix], headers=SECURITY_HEADERS)


@router.get("/app")
async def app_root() -> Response:
    return RedirectResponse("/app/", status_code=308)


@router.get("/app/")
async def app_index() -> Response:
    return _file("index.html")


@router.get("/app/config.json")
async def app_config(request: Request) -> Response:
    enabled = dev_tokens_enabled(_settings(request), _client_host(request))
    body: dict[str, Any] = {"dev_sign_in": enabled, "max_message_chars": _settings(request).max_message_chars}
    return JSONResponse(body, headers={"Cache-Control": "no-store"})


@router.post("/app/dev-token")
async def app_dev_token(body: DevTokenBody, request: Request) -> Response:
    settings = _settings(request)
    if not dev_tokens_enabled(settings, _client_host(request)):
        raise ApiError(404, "not_found", "not found")
    if not ID_RE.match(body.user):
        raise ApiError(422, "invalid_request", "user: letters, digits and _ . @ - only (1-64 characters)")
    token = issue_token(settings, body.user, settings.tenant_default, DEV_TOKEN_TTL_S)
    return JSONResponse({"token": token, "user": body.user, "expires_in_s": DEV_TOKEN_TTL_S},
                        headers={"Cache-Control": "no-store"})


@router.get("/app/{name:path}")
async def app_static(name: str) -> Response:
    return _file(name)
