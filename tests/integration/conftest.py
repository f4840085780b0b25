from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from devstack.platform import Platform, start_platform

# A fast engine so turns take ~0.1 s; dialogue answers are short.
FAST_SIM = {"token_rate": "500", "seed": "7"}
SHORT_ANSWERS = {"default_max_tokens": "40", "log_level": "WARNING"}
GENEROUS_LIMITS = {"rate_user_per_s": "1000", "rate_user_burst": "1000"}


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    p = start_platform(tmp_path_factory.mktemp("platform"), sim=FAST_SIM, dialogue=SHORT_ANSWERS,
                       gateway=GENEROUS_LIMITS)
    yield p
    p.stack.stop_all()


@pytest.fixture
async def client(platform: Platform) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=platform.gateway_url, timeout=20) as c:
        yield c
