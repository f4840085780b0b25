"""Historical VaR and CVaR against empyrical when returns tie at the cutoff (daily returns of prices quoted to
a few decimals repeat often), where "mean of the returns at or below the percentile" and empyrical's "mean of
the floor((n - 1) a) + 1 smallest" differ."""

from __future__ import annotations

import empyrical as ep
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.portfolio import risk

TICKS = st.sampled_from([-0.05, -0.03, -0.02, -0.01, 0.0, 0.01, 0.02])


def test_a_tie_at_the_cutoff() -> None:
    r = np.array([-0.05, -0.03, -0.03, -0.03] + [0.01] * 17)  # n = 21: k = 1 at 95 %
    est = risk.historical(r, 0.95)
    assert est.cvar == pytest.approx(0.04, rel=1e-12)  # mean of the two smallest, not of all four <= -0.03
    assert est.cvar == pytest.approx(-ep.conditional_value_at_risk(r, cutoff=0.05), rel=1e-12)


@settings(max_examples=200, deadline=None)
@given(st.lists(TICKS, min_size=30, max_size=400), st.sampled_from([0.95, 0.99]))
def test_historical_var_and_cvar_match_empyrical_with_ties(values: list[float], confidence: float) -> None:
    r = np.array(values)
    est = risk.historical(r, confidence)
    cutoff = round(1 - confidence, 12)
    assert est.var == pytest.approx(-ep.value_at_risk(r, cutoff=cutoff), rel=1e-12, abs=1e-15)
    assert est.cvar == pytest.approx(-ep.conditional_value_at_risk(r, cutoff=cutoff), rel=1e-12, abs=1e-15)
    assert est.cvar >= est.var - 1e-15
