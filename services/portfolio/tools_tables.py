"""The table-QA tool (services/portfolio/tables) behind the AnswerTable RPC, over the shipped market data."""

from __future__ import annotations

import orjson
from advisor.v1 import portfolio_pb2 as pb

from services.portfolio.marketdata import MarketData
from services.portfolio.tables.api import answer
from services.portfolio.tables.model import Table, price_table


class ShippedTables:
    """The platform's market data as tables of daily closes, for questions that name an instrument."""

    def __init__(self, market: MarketData) -> None:
        self._market = market

    def instruments(self) -> list[str]:
        return list(self._market.instruments)

    def get(self, instrument_id: str) -> Table | None:
        found = self._market.instruments.get(instrument_id.upper())
        if found is None:
            return None
        label = f"{found.name} {found.name_zh} {instrument_id}"
        unit = {"CNY": "元", "HKD": "港元", "USD": "美元"}.get(found.series.currency, "")
        return price_table(label, found.series.dates, found.series.prices, unit, source=found.series.source)


def answer_table(request: pb.TableQuestionRequest, market: MarketData) -> pb.TableAnswerResponse:
    result = answer(request.question, request.tables or None, request.locale or "zh-CN", ShippedTables(market))
    return pb.TableAnswerResponse(
        status=result.status,
        value_json=orjson.dumps(result.value).decode(),
        formatted=result.formatted,
        explanation=result.explanation,
        card_json=orjson.dumps(result.card).decode(),
        operation=result.operation,
        reason=result.reason,
    )
