"""The whole question set, and how an answer is scored against it."""

from __future__ import annotations

import re

from evals.own.tables.cases import Case, pingan_cases
from evals.own.tables.messy import all_messy
from evals.own.tables.more import (
    acme_cases,
    cmb_cases,
    flow_cases,
    moutai_cases,
    multi_cases,
    pingan_formats,
)
from evals.own.tables.variants import variant_cases


def all_cases() -> list[Case]:
    return (pingan_cases() + moutai_cases() + acme_cases() + cmb_cases() + pingan_formats() + multi_cases()
            + flow_cases() + all_messy() + variant_cases())


def normalise(text: str) -> str:
    """The answer as compared: digits, sign, point, % and date punctuation; units and separators dropped."""
    return re.sub(r"[^0-9.%\-/年月日]", "", text.replace(",", ""))


def score(case: Case, status: str, formatted: str) -> str:
    """exact | wrong | abstain. Asking when the right outcome is to ask (or decline) is exact."""
    if case.expected is None:
        if status == case.status or (status in ("clarify", "decline") and case.status in ("clarify", "decline")):
            return "exact"
        return "wrong" if status == "answered" else "abstain"
    if status != "answered":
        return "abstain"
    return "exact" if normalise(formatted) == normalise(case.expected) else "wrong"
