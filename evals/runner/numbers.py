"""Numbers as a client sees them: the numeric leaves of a card, the numbers written in a text, and whether a
written number matches a value (within the rounding written, or a relative tolerance)."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

# A written number may be rounded: it matches a value within half a unit of its last written digit (scaled by
# its unit), or within this relative tolerance, whichever is larger.
REL_TOL = 0.005

_SCALES = {
    "%": 0.01, "％": 0.01, "万亿": 1e12, "亿": 1e8, "万": 1e4, "千": 1e3,
    "k": 1e3, "K": 1e3, "M": 1e6, "bn": 1e9, "B": 1e9,
    "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
}
_NUMBER = re.compile(
    r"(?<![A-Za-z0-9_.,])(?P<sign>[-−]?)(?P<digits>\d{1,3}(?:,\d{3})+|\d+)(?P<frac>\.\d+)?"
    r"(?P<unit>\s?(?:thousand|million|billion|trillion)\b|(?:%|％|万亿|亿|万|千|k|K|M|bn|B)(?![A-Za-z]))?"
)
_ISO_DATE = re.compile(r"\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{4}/\d{1,2}/\d{1,2}\b|\b\d{8}\b")


@dataclass(frozen=True)
class Written:
    """A number as written: its text, its value in plain units, and the half-unit of its last digit."""

    text: str
    value: float
    half_unit: float
    unit: str

    def candidates(self) -> list[tuple[float, float]]:
        """(value, half-unit) pairs: a percentage may be stored as a fraction or as a number of percent, a
        scaled number (万, million) in plain units or in its own unit."""
        if not self.unit:
            return [(self.value, self.half_unit)]
        scale = _SCALES[self.unit]
        return [(self.value, self.half_unit), (self.value / scale, self.half_unit / scale)]


def numeric_leaves(obj: Any, path: str = "") -> Iterator[tuple[str, float]]:
    """Every number in a card's data with its path; strings that are a number entirely count too."""
    if isinstance(obj, bool) or obj is None:
        return
    if isinstance(obj, int | float):
        if math.isfinite(float(obj)):
            yield path, float(obj)
    elif isinstance(obj, str):
        try:
            value = float(obj.replace(",", ""))
        except ValueError:
            return
        if math.isfinite(value):
            yield path, value
    elif isinstance(obj, dict):
        for key, value in obj.items():
            yield from numeric_leaves(value, f"{path}.{key}" if path else str(key))
    elif isinstance(obj, list | tuple):
        for i, value in enumerate(obj):
            yield from numeric_leaves(value, f"{path}[{i}]")


def grounding_values(obj: Any) -> list[float]:
    """Numeric leaves plus the numbers written inside string leaves (e.g. a card's ``formatted`` value)."""
    values = [v for _, v in numeric_leaves(obj)]
    for text in _strings(obj):
        values.extend(w.value for w in written_numbers(text, exempt=False))
    return values


def _strings(obj: Any) -> Iterator[str]:
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for value in obj.values():
            yield from _strings(value)
    elif isinstance(obj, list | tuple):
        for value in obj:
            yield from _strings(value)


def written_numbers(text: str, exempt: bool = True) -> list[Written]:
    """The numbers in a text. With ``exempt``, those that are not figures are left out: ISO dates, years
    (1900-2100 standing alone or before 年), parts of a date (before 月/日/号), and integers 0-10 (counts,
    list markers)."""
    if exempt:
        text = _ISO_DATE.sub(" ", text)
    found: list[Written] = []
    for m in _NUMBER.finditer(text):
        digits, frac = m.group("digits").replace(",", ""), m.group("frac") or ""
        unit = (m.group("unit") or "").strip()
        plain = float(digits + frac)
        if exempt and not unit and _not_a_figure(plain, bool(frac), text[m.end():m.end() + 1]):
            continue
        scale = _SCALES.get(unit, 1.0)
        decimals = len(frac) - 1 if frac else 0
        sign = -1.0 if m.group("sign") else 1.0
        found.append(Written(m.group(0), sign * plain * scale, 0.5 * 10.0**-decimals * scale, unit))
    return found


def _not_a_figure(value: float, has_fraction: bool, after: str) -> bool:
    if has_fraction:
        return False
    if after in ("月", "日", "号"):
        return True
    if 1900 <= value <= 2100 and after in ("年", "", " ", ",", ".", "，", "。", ")", "）"):
        return True
    return value <= 10


def matches(written: Written, value: float) -> bool:
    """Magnitudes are compared: "a loss of 5%" is grounded by -0.05."""
    target = abs(value)
    return any(
        abs(abs(candidate) - target) <= max(half_unit, REL_TOL * target) + 1e-12
        for candidate, half_unit in written.candidates()
    )


def ungrounded(text: str, sources: Iterable[float]) -> list[str]:
    """The numbers written in ``text`` that match none of ``sources``."""
    values = list(sources)
    return [w.text for w in written_numbers(text) if not any(matches(w, v) for v in values)]


def within(value: float, expected: float, rel_tol: float) -> bool:
    if expected == 0:
        return abs(value) <= rel_tol
    return abs(value - expected) <= rel_tol * abs(expected)
