from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp import web

from services.engine.pool.tests.fake_k8s import FakeKubeAPI


@pytest.fixture
async def kube() -> AsyncIterator[tuple[FakeKubeAPI, str]]:
    """A fake Kubernetes API server on an ephemeral port, and its base URL."""
    api = FakeKubeAPI(history_limit=50)
    runner = web.AppRunner(api.app, shutdown_timeout=0.1)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    yield api, f"http://127.0.0.1:{port}"
    await runner.cleanup()
