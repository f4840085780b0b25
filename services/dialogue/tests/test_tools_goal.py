"""The facts a solved goal gives the answer: the solved quantity first, the real value only with inflation."""

from __future__ import annotations

from services.dialogue.tools import goal_facts

RESULT = {"solved_for": "monthly", "monthly_amount": 1234.5, "months": 120, "months_exact": 120.0, "final_value": 2e5,
          "real_value": 1.6e5, "total_contributed": 148_140.0, "annual_return": 0.05, "inflation": 0.0,
          "currency": "USD", "reached": True}


def test_the_solved_monthly_amount_comes_first_and_no_real_value_without_inflation() -> None:
    facts = goal_facts(RESULT)
    assert [(f.label, f.value) for f in facts] == [("monthly amount needed", 1234.5),
                                                    ("total contributed", 148_140.0)]
    assert facts[0].unit == "USD" and "10 years" in facts[0].note


def test_real_value_with_inflation_and_months_when_solving_time() -> None:
    real = goal_facts({**RESULT, "solved_for": "final_value", "inflation": 0.02})
    assert ("real value", 1.6e5) in [(f.label, f.value) for f in real] and "inflation 2.00%" in real[0].note
    assert all(not f.note for f in real[1:])
    months = goal_facts({**RESULT, "solved_for": "months", "months": 97, "months_exact": 96.3})
    assert (months[0].label, months[0].value) == ("months needed", 97.0)
    assert not goal_facts({**RESULT, "solved_for": "months", "reached": False, "months": 0})[0].label.startswith("m")


class _Portfolio:
    async def list_instruments(self) -> dict[str, object]:
        return {"instruments": [{"id": "600036.SH", "name": "China Merchants Bank", "name_zh": "招商银行",
                                 "kind": "stock"}]}

    async def analyze(self, body: object, **kw: object) -> dict[str, object]:
        metrics = [{"name": n, "value": 0.1, "unit": "fraction"} for n in ("cagr", "volatility", "sharpe")]
        return {"metrics": metrics, "window": {"start": "2011-01-04", "end": "2017-07-26", "as_of": "2017-07-26"}}


async def test_the_data_window_is_said_once_not_on_every_metric() -> None:
    from services.compliance.client import CallContext
    from services.dialogue.planning.calls import ANALYZE, ToolCall
    from services.dialogue.tools import GrpcTools

    tools = GrpcTools(_Portfolio(), None, None)  # type: ignore[arg-type]  # only the portfolio is used
    call = ToolCall(ANALYZE, {"holdings": [{"instrument": "招商银行", "weight": 1.0}]})
    outcome = await tools.run(call, CallContext("t", "u", locale="zh-CN"))
    assert outcome.status == "ok" and [bool(f.note) for f in outcome.facts] == [True, False, False]


class _Windowed(_Portfolio):
    """The catalogue gives each instrument its data window; the bodies the analysis was asked with are kept."""

    def __init__(self) -> None:
        self.bodies: list[dict[str, object]] = []

    async def list_instruments(self) -> dict[str, object]:
        return {"instruments": [{"id": "600036.SH", "name": "China Merchants Bank", "name_zh": "招商银行",
                                 "kind": "stock", "start": "2011-01-04", "end": "2017-07-26"}]}

    async def analyze(self, body: object, **kw: object) -> dict[str, object]:
        self.bodies.append(dict(body))  # type: ignore[call-overload]
        return await super().analyze(body, **kw)


async def test_an_analysis_window_is_sent_when_the_data_reaches_it() -> None:
    from services.compliance.client import CallContext
    from services.dialogue.planning.calls import ANALYZE, ToolCall
    from services.dialogue.tools import GrpcTools

    portfolio = _Windowed()
    tools = GrpcTools(portfolio, None, None)  # type: ignore[arg-type]  # only the portfolio is used
    ctx = CallContext("t", "u", locale="zh-CN")
    for start in ("2015-01-01", "2019-01-01"):
        call = ToolCall(ANALYZE, {"holdings": [{"instrument": "600036.SH", "weight": 1.0}], "start_date": start})
        assert (await tools.run(call, ctx)).status == "ok"
    # 2019 is after the data ends (2017-07-26): the whole shipped window, whose dates the card states
    assert [b.get("start_date") for b in portfolio.bodies] == ["2015-01-01", None]
