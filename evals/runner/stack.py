"""Where the evaluated platform comes from: a deployment given by URL and token, or a local stack started here.

``local_stack`` is the one place that starts the platform; it wraps today's in-process wiring
(``devstack.platform.start_platform``) so it can be repointed in one edit.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

# The local stack as `make run` starts it (simulator in its deterministic "facts" mode), with limits raised so
# a batch of evaluation sessions is not rate limited. Short mode also speeds up the simulator's decoding.
SIM_SETTINGS = {"response_mode": "facts"}
SHORT_SIM_SETTINGS = {"response_mode": "facts", "token_rate": "2000"}
EVAL_GATEWAY = {"rate_user_per_s": "1000", "rate_user_burst": "1000", "log_level": "WARNING"}
_USER_CHARS = re.compile(r"[^A-Za-z0-9_.@-]")


@dataclass
class Deployment:
    url: str
    token_for: Callable[[str], str]  # user id -> bearer token
    per_item_users: bool  # a fresh user per item (profiles do not leak between items)
    description: str
    compliance: str = ""  # host:port of the compliance service's gRPC (the output suite); local stack only


@contextlib.contextmanager
def local_stack(engine: str, log_dir: Path, short: bool) -> Iterator[Deployment]:
    """Start the whole platform on ephemeral ports (engine "sim" or "vllm"), stop it on exit."""
    from devstack.platform import start_platform  # the platform's code is needed only for a local stack

    platform = start_platform(
        log_dir, engine=engine, sim=SHORT_SIM_SETTINGS if short else SIM_SETTINGS, gateway=EVAL_GATEWAY,
        embeddings=True, persist_redis=False, echo=lambda line: print(line, flush=True),
    )
    try:
        yield Deployment(platform.gateway_url, lambda user: platform.token(user, ttl_s=6 * 3600), True,
                         f"local stack, engine {engine}", f"127.0.0.1:{platform.ports['compliance']}")
    finally:
        platform.stack.stop_all()


def remote(url: str, token: str, jwt_secret: str) -> Deployment:
    """A running deployment. With its JWT secret, a token is minted for a fresh user per item; with a token only,
    every item runs as that one user (a risk level recorded by one item is then seen by the next)."""
    if jwt_secret:
        from gateway.auth import issue_token
        from gateway.settings import GatewaySettings

        settings = GatewaySettings(jwt_secret=jwt_secret)
        return Deployment(url, lambda user: issue_token(settings, user, settings.tenant_default, 6 * 3600), True,
                          url)
    if not token:
        raise SystemExit("a target needs a token: EVAL_TOKEN=<bearer token> (or EVAL_JWT_SECRET to mint users)")
    return Deployment(url, lambda _user: token, False, url)


def from_env_token() -> tuple[str, str]:
    return os.environ.get("EVAL_TOKEN", ""), os.environ.get("EVAL_JWT_SECRET", "")


def user_id(run_tag: str, item_id: str) -> str:
    return _USER_CHARS.sub("_", f"ev-{run_tag}-{item_id}")[:64]
