"""Print a development bearer token: ``python -m gateway.token alice [tenant]`` (what ``make token`` runs)."""

from __future__ import annotations

import sys

from gateway.auth import issue_token
from gateway.settings import GatewaySettings


def main() -> None:
    args = sys.argv[1:]
    user = args[0] if args else "alice"
    settings = GatewaySettings()
    tenant = args[1] if len(args) > 1 else settings.tenant_default
    print(issue_token(settings, user, tenant))


if __name__ == "__main__":
    main()
