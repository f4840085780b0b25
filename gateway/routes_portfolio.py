"""The portfolio-tool on the public API: ``POST /v1/portfolio/analyze``.

The body is AnalyzeRequest in JSON (validated here for shape: types, finite numbers, no unknown fields); the
portfolio-tool service checks its meaning and refuses bad input with ``<field>: <reason>``, which becomes a 422
``invalid_argument`` error naming the field. The answer is AnalyzeResponse in JSON: every figure with its unit,
method, conventions, data window and as-of date.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request

from gateway.auth import Principal
from gateway.deps import Deps, limited_principal
from gateway.errors import COMMON_ERRORS, request_id_of
from services.portfolio.http_models import AnalyzeBody, AnalyzeResult

ANALYZE_PATH = "/v1/portfolio/analyze"

router = APIRouter(tags=["portfolio"])
Limited = Annotated[Principal, Depends(limited_principal)]

ERRORS: dict[int | str, dict[str, Any]] = {
    **COMMON_ERRORS,
    400: {"description": "the body is not valid JSON or not UTF-8"},
    401: {"description": "missing, invalid or expired token"},
    413: {"description": "body over GATEWAY_PORTFOLIO_MAX_BODY_BYTES (2 MiB)"},
    422: {"description": "invalid field: the message names it and the reason (e.g. "
                         "`holdings[0].series.prices[7]: prices must be positive, got -1`)"},
    429: {"description": "rate limited, or the portfolio service is busy; see Retry-After"},
    503: {"description": "the portfolio service is unreachable; see Retry-After"},
    504: {"description": "the analysis exceeded GATEWAY_PORTFOLIO_TIMEOUT_S"},
}


@router.post(ANALYZE_PATH, response_model=AnalyzeResult, responses=ERRORS, summary="Performance and risk")
async def analyze(body: AnalyzeBody, request: Request, principal: Limited) -> dict[str, Any]:
    """Performance and risk of one series or a portfolio (weights or quantities) of shipped instruments
    (`instrument`) or the caller's own dated prices (`series`), optionally against a benchmark: cumulative
    return, CAGR, volatility, Sharpe, Sortino, maximum drawdown with dates, Calmar, beta, alpha, tracking
    error, information ratio, VaR and CVaR (historical, Gaussian, Cornish-Fisher at 95 % and 99 %),
    correlation matrix and each holding's contribution to risk. Definitions: docs/portfolio.md."""
    deps: Deps = request.app.state.deps
    return await deps.portfolio.analyze(body.model_dump(exclude_none=True), request_id=request_id_of(request))
