"""Whatever the text, answer() returns a TableAnswer (never raises) and a clarify/decline carries no number."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from evals.own.tables.cases import T1, T3, T13
from services.portfolio.tables.api import answer

WORDS = ["收盘价", "最高", "最低", "平均", "涨幅", "多少", "几天", "9月3日", "9月30日", "2024-09-10", "到", "买入",
         "卖出",
         "1000股", "10万元", "融资", "利率5%", "杠杆2倍", "回撤", "波动率", "哪天", "成交量", "超过", "10", "%", "之差",
         "close", "highest", "return", "from", "Sep 3", "to", "Sep 20", "how many", "days", "above", "shares",
         "volume", "average", "ratio", "of", "the", "on", "保留3位小数", "in percent", "以来", "截至", "月末", "和"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=10), st.sampled_from([T1, T3, T13, None, "", "|a|b|"]))
def test_word_salad_never_raises(words: list[str], table: str | None) -> None:
    got = answer(" ".join(words), table, "zh")
    assert got.status in ("answered", "clarify", "decline")
    if got.status != "answered":
        assert got.value is None and got.formatted == "" and got.reason
    else:
        assert got.formatted and got.card["operands"] is not None
    assert not got.reason.startswith("internal_error"), got.reason


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200), st.text(max_size=300))
def test_arbitrary_text_never_raises(question: str, table: str) -> None:
    got = answer(question, table, "en")
    assert got.status in ("answered", "clarify", "decline")
