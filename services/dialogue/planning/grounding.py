"""Numeric grounding: every number in a streamed answer must come from a tool fact or from the user.

The model phrases numbers; it never computes them. A number it writes is accepted when it equals an allowed
value within the rounding the model wrote it with (12.3% stands for anything in [12.25%, 12.35%)), in any of the
usual forms: ratio or percent, plain or scaled by 万/亿/k/m, with or without thousands separators. Anything else is
withheld and replaced by a marker, and counted. Numbers can be split across streamed chunks, so the filter holds
back a trailing partial number until the next chunk shows where it ends.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from services.common.text.numerals import SCALE, normalise_digits

# A number as the model writes it, with the scale word or percent sign that follows it.
_NUMBER = re.compile(
    r"(?<![A-Za-z0-9_.,])(?P<sign>[-−+])?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s?"
    r"(?P<suffix>%|％|个百分点|万亿|亿|万|千|(?:[kKmM]|bn|million|billion)(?![A-Za-z]))?"
)
# Numbers that are labels, not quantities: list markers, risk levels, dates, years, fund codes, per-cent of 100.
_A, _Z = r"(?<![A-Za-z0-9])", r"(?![A-Za-z0-9])"  # ASCII word edges: CJK characters count as \w for \b
_LABELS = re.compile(
    r"(?:^|\n)\s*\d{1,2}[.)、]\s|" + _A + r"[CR][1-5]" + _Z
    + "|" + _A + r"(?:19|20)\d{2}[-/年]\d{1,2}(?:[-/月]\d{1,2}日?)?"
    r"|" + _A + r"(?:19|20)\d{2}(?:年|" + _Z + r")|" + _A + r"\d{6}(?:\.[A-Z]{2})?" + _Z + r"|第\s?\d+"
    r"|\d+\s?(?:st|nd|rd|th)" + _Z + "|" + _A + r"\d\s?(?:种|条|步|things|ways|reasons|steps|tips|points)"
)
MARKER = {"zh": "〔数字待核实〕", "en": "[unverified figure removed]"}
HOLD_BACK = 24  # characters kept back at a chunk's end: the longest number+suffix we expect to be split


@dataclass
class Facts:
    """The values an answer may state: tool outputs and the user's own numbers."""

    values: list[float] = field(default_factory=list)

    def add(self, *values: float) -> None:
        self.values.extend(float(v) for v in values)

    def extend(self, values: Iterable[float]) -> None:
        self.values.extend(float(v) for v in values)


def _candidates(number: str, suffix: str | None, sign: str | None) -> list[tuple[float, float]]:
    """The values a written number may stand for, each with the half-width of its rounding interval."""
    digits = number.replace(",", "")
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    value = float(digits) * (-1 if sign in ("-", "−") else 1)
    half_ulp = 0.5 * 10 ** (-decimals)
    if suffix in ("%", "％", "个百分点"):
        return [(value / 100, half_ulp / 100), (value, half_ulp)]  # 12.3% grounds a ratio 0.123 or a figure 12.3
    if suffix:
        return [(value * SCALE[suffix], half_ulp * SCALE[suffix])]
    return [(value, half_ulp)]


def is_grounded(number: str, suffix: str | None, sign: str | None, facts: Facts) -> bool:
    for cand, tol in _candidates(number, suffix, sign):
        for fact in facts.values:
            # the model may drop the sign of a loss ("a drawdown of 12%"), so magnitudes count too
            if min(abs(cand - fact), abs(cand - abs(fact))) <= tol * (1 + 1e-9) + 1e-12:
                return True
    return False


def _label_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _LABELS.finditer(text)]


def check(text: str, facts: Facts, marker: str) -> tuple[str, list[str]]:
    """Return the text with ungrounded numbers replaced by ``marker``, and the numbers that were withheld."""
    text = normalise_digits(text)
    labels = _label_spans(text)
    withheld: list[str] = []
    out: list[str] = []
    pos = 0
    for m in _NUMBER.finditer(text):
        if any(s <= m.start("num") < e for s, e in labels):
            continue
        if is_grounded(m["num"], m["suffix"], m["sign"], facts):
            continue
        withheld.append(m.group(0).strip())
        out += [text[pos: m.start()], marker]
        pos = m.end()
    out.append(text[pos:])
    return "".join(out), withheld


class GroundingFilter:
    """Streams text through :func:`check`, holding back a possibly split number at each chunk's end."""

    def __init__(self, facts: Facts, locale: str) -> None:
        self._facts = facts
        self._marker = MARKER["zh" if locale.startswith("zh") else "en"]
        self._pending = ""
        self.withheld: list[str] = []

    def feed(self, chunk: str) -> str:
        text = self._pending + chunk
        cut = _safe_cut(text)
        self._pending = text[cut:]
        return self._release(text[:cut])

    def flush(self) -> str:
        text, self._pending = self._pending, ""
        return self._release(text)

    def _release(self, text: str) -> str:
        if not text:
            return ""
        checked, withheld = check(text, self._facts, self._marker)
        self.withheld += withheld
        return checked


def _safe_cut(text: str) -> int:
    """The last position where no number (or its date/label context) can continue into the next chunk."""
    cut = len(text)
    tail_start = max(0, cut - HOLD_BACK)
    # back up over any trailing run of characters a number, scale word, date or label could still extend
    while cut > tail_start and re.match(r"[\d.,%％\-−+/年月日万亿千kKmMbnilo个百分点CR第 ]", text[cut - 1]):
        cut -= 1
    return cut
