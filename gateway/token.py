"""Print a development bearer token: ``python -m gateway.token alice [tenant] [role]`` (what ``make token`` runs;
``make token USER=ann TENANT=harbor-securities ROLE=tenant_admin`` issues a tenant admin's token)."""

from __future__ import annotations

import os
import sys

from gateway.auth import ROLES, issue_token
from gateway.settings import GatewaySettings


def main() -> None:
    args = sys.argv[1:]
    user = args[0] if args else "alice"
    settings = GatewaySettings()
    tenant = args[1] if len(args) > 1 else settings.tenant_default
    role = args[2] if len(args) > 2 else os.environ.get("ROLE", "") or "user"
    if role not in ROLES:
        raise SystemExit(f"unknown role {role!r}; one of {', '.join(ROLES)}")
    print(issue_token(settings, user, tenant, role=role))


if __name__ == "__main__":
    main()
