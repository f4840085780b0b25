"""Request builders of the user model: the one place to adjust what the load test sends.

``/v1/portfolio/analyze`` follows docs/api.md (AnalyzeRequest in JSON). ``/v1/profile/risk-assessment`` was not
routed yet when this was written: its body is the compliance questionnaire's answers (question id -> option id,
services/compliance/rules/questionnaire.yaml, as AssessRiskRequest carries them); align it with docs/api.md when
the route lands. Until then the gateway answers 404 and the run reports it as not_deployed.
"""

from __future__ import annotations

import random
from typing import Any

# Instruments the portfolio service ships price data for (services/portfolio/data), and a benchmark per market.
INSTRUMENTS = {
    "zh-CN": ("600036.SH", "600809.SH", "600085.SH", "002594.SZ"),  # one currency per portfolio: no HKD here
    "en": ("AAPL", "MSFT", "JPM", "JNJ", "KO", "PG", "PEP", "CVX", "HD", "LLY", "MRK", "WMT"),
}
BENCHMARK = {"zh-CN": "000001.SH", "en": "SP500"}
START_DATES = {"zh-CN": ("2012-01-01", "2014-01-01", "2015-06-01"), "en": ("2015-01-01", "2018-01-01", "2020-01-01")}
QUESTIONNAIRE = ("q1_age", "q2_income", "q3_assets", "q4_share", "q5_experience", "q6_knowledge", "q7_horizon",
                 "q8_goal", "q9_loss", "q10_reaction")  # each answered with option a-d

# What users ask: general questions (answered by the engine), questions about their holdings (a portfolio tool
# call, then the engine) and savings projections with the numbers given (a projection tool, then the engine).
QUESTIONS = {
    "en": (
        "How risky is an index fund compared with a single stock?",
        "Should I keep an emergency fund before investing?",
        "Explain the difference between a bond fund and a money market fund.",
        "I hold AAPL 60% and KO 40%. How volatile is my portfolio and what was its worst drawdown?",
        "My portfolio is MSFT 50%, JNJ 30%, PG 20%. How risky is it?",
        "If I invest 2000 a month for 10 years, how much could I have?",
    ),
    "zh-CN": (
        "什么是指数基金?适合长期持有吗?",
        "投资之前应该先留出应急资金吗?",
        "债券基金和货币基金有什么区别?",
        "我持有600036 60%和600809 40%,这个组合的波动和最大回撤是多少?",
        "我的持仓是AAPL 50%、MSFT 50%,风险高吗?",
        "每月定投2000元,投资10年,大概能积累多少?",
    ),
}


def locale(rng: random.Random) -> str:
    return "zh-CN" if rng.random() < 0.7 else "en"  # most of the app's users read Chinese


def new_session(loc: str) -> dict[str, Any]:
    return {"locale": loc}


def chat_message(rng: random.Random, loc: str) -> dict[str, Any]:
    return {"text": rng.choice(QUESTIONS[loc]), "locale": loc}


def portfolio_analyze(rng: random.Random, loc: str) -> dict[str, Any]:
    picks = rng.sample(INSTRUMENTS[loc], rng.randint(2, 4))
    raw = [rng.uniform(0.5, 2.0) for _ in picks]
    weights = [round(w / sum(raw), 4) for w in raw]
    weights[-1] = round(1.0 - sum(weights[:-1]), 4)  # weights must add up to 1
    return {
        "holdings": [{"instrument": i, "weight": w} for i, w in zip(picks, weights, strict=True)],
        "benchmark": BENCHMARK[loc],
        "risk_free_rate": 0.02,
        "start_date": rng.choice(START_DATES[loc]),  # inside the shipped history (CN ends 2017, US 2022)
    }


def risk_assessment(rng: random.Random, loc: str) -> dict[str, Any]:
    return {"answers": {q: rng.choice("abcd") for q in QUESTIONNAIRE}}
