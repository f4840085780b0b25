"""Identifier formats shared by the edge and the services (validated before they reach a Redis key)."""

from __future__ import annotations

import re
import secrets

SESSION_ID_RE = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
TENANT_RE = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


def new_id() -> str:
    return secrets.token_urlsafe(16)
