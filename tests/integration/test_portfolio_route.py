"""``POST /v1/portfolio/analyze`` through real processes: Redis, the portfolio-tool service and the gateway,
each started by the same supervisor ``make run`` uses."""

from __future__ import annotations

import asyncio
import math
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass

import httpx
import pytest

from devstack.platform import start_edge
from devstack.stack import Stack
from gateway.auth import issue_token
from gateway.settings import GatewaySettings

SECRET = "portfolio-route-test-secret-0123456789"
TEN = ["AAPL", "MSFT", "JNJ", "JPM", "KO", "PG", "XOM", "WMT", "PFE", "HD"]


@dataclass
class Edge:
    stack: Stack
    url: str
    auth: dict[str, str]


@pytest.fixture(scope="module")
def edge(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Edge]:
    e = start_edge(tmp_path_factory.mktemp("portfolio-route"), SECRET)
    token = issue_token(GatewaySettings(jwt_secret=SECRET), "alice", "default", 600)
    yield Edge(e.stack, e.url, {"Authorization": f"Bearer {token}"})
    e.stack.stop_all()


@pytest.fixture
async def client(edge: Edge) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=edge.url, headers=edge.auth, timeout=30) as c:
        yield c


async def test_ten_asset_analysis_cites_units_window_and_as_of(client: httpx.AsyncClient) -> None:
    body = {"holdings": [{"instrument": i, "weight": 0.1} for i in TEN], "benchmark": "SP500",
            "risk_free_rate": 0.02, "start_date": "2012-12-28"}
    resp = await client.post("/v1/portfolio/analyze", json=body)
    assert resp.status_code == 200, resp.text
    result = resp.json()
    metrics = {m["name"]: m for m in result["metrics"]}
    assert {"cagr", "annual_volatility", "sharpe_ratio", "max_drawdown", "beta", "information_ratio"} <= set(metrics)
    assert metrics["cagr"]["unit"] == "fraction" and metrics["cagr"]["method"]
    assert result["window"] == {"start": "2012-12-28", "end": "2022-12-28", "observations": 2518,
                                "as_of": "2022-12-28", "source": result["window"]["source"], "currency": "USD"}
    assert result["conventions"]["periods_per_year"] == 252 and result["conventions"]["ddof"] == 1
    assert len(result["correlation"]["values"]) == 100
    assert math.isclose(sum(c["share"] for c in result["risk_contributions"]), 1.0, rel_tol=1e-9)
    assert resp.headers["x-request-id"]


async def test_own_chinese_style_series_in_cny(client: httpx.AsyncClient) -> None:
    dates = [f"2024-{m:02d}-{d:02d}" for m in range(1, 4) for d in range(1, 29)]
    prices = [3.0 * (1 + 0.002 * ((i * 7) % 11 - 5)) ** (i % 3) for i in range(len(dates))]
    resp = await client.post("/v1/portfolio/analyze", json={"holdings": [{"series": {
        "name": "我的基金", "dates": dates, "prices": prices}}]})
    assert resp.status_code == 200, resp.text
    assert resp.json()["window"]["currency"] == "CNY"
    assert resp.json()["window"]["as_of"] == dates[-1]


@pytest.mark.parametrize(("body", "status", "code", "needle"), [
    ({"holdings": [{"instrument": "NOPE"}]}, 422, "invalid_argument", "holdings[0].instrument"),
    ({"holdings": [{"series": {"dates": ["2024-01-01", "2024-01-02"], "prices": [1.0, -2.0]}}]}, 422,
     "invalid_argument", "holdings[0].series.prices[1]: prices must be positive"),
    ({"holdings": [{"instrument": "AAPL", "weight": 0.7}, {"instrument": "KO", "weight": 0.7}]}, 422,
     "invalid_argument", "weights must sum to 1"),
    ({"holdings": []}, 422, "invalid_request", "holdings"),
    ({"holdings": [{"instrument": "AAPL"}], "surprise": 1}, 422, "invalid_request", "surprise"),
])
async def test_bad_bodies_name_the_field(client: httpx.AsyncClient, body: dict, status: int, code: str,
                                         needle: str) -> None:
    resp = await client.post("/v1/portfolio/analyze", json=body)
    assert resp.status_code == status, resp.text
    error = resp.json()["error"]
    assert error["code"] == code and needle in error["message"], error


async def test_nan_is_refused_at_the_edge(client: httpx.AsyncClient) -> None:
    raw = '{"holdings": [{"instrument": "AAPL"}], "risk_free_rate": NaN}'
    resp = await client.post("/v1/portfolio/analyze", content=raw, headers={"Content-Type": "application/json"})
    assert resp.status_code in (400, 422) and "error" in resp.json()


async def test_needs_a_token(edge: Edge) -> None:
    async with httpx.AsyncClient(base_url=edge.url, timeout=10) as anonymous:
        resp = await anonymous.post("/v1/portfolio/analyze", json={"holdings": [{"instrument": "AAPL"}]})
    assert resp.status_code == 401


async def test_openapi_documents_the_route(client: httpx.AsyncClient) -> None:
    spec = (await client.get("/openapi.json")).json()
    op = spec["paths"]["/v1/portfolio/analyze"]["post"]
    assert {"200", "422", "503"} <= set(op["responses"])
    assert "AnalyzeBody" in str(op["requestBody"]) and "AnalyzeResult" in str(op["responses"]["200"])


async def test_portfolio_down_is_503_with_retry_after(edge: Edge, client: httpx.AsyncClient) -> None:
    portfolio = next(p for p in edge.stack.procs if p.name == "portfolio")
    edge.stack.stop(portfolio)
    try:
        resp = await client.post("/v1/portfolio/analyze", json={"holdings": [{"instrument": "KO"}]})
        assert resp.status_code == 503
        assert resp.json()["error"]["code"] == "service_unavailable" and resp.headers["retry-after"]
        assert "failed to connect" not in resp.text  # no transport detail leaks
    finally:
        edge.stack.restart(portfolio)
    for _ in range(100):  # the gateway's channel reconnects within its gRPC backoff; a client follows Retry-After
        resp = await client.post("/v1/portfolio/analyze", json={"holdings": [{"instrument": "KO"}]})
        if resp.status_code != 503:
            break
        await asyncio.sleep(0.2)
    assert resp.status_code == 200
