"""Input checks shared by every tool. Each failure is an InvalidArgument that names the field and the reason."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from services.common.errors import InvalidArgument

FloatArray = NDArray[np.float64]


def fail(field: str, reason: str) -> InvalidArgument:
    return InvalidArgument(f"{field}: {reason}", code="invalid_argument")


def finite(field: str, value: float) -> float:
    if not math.isfinite(value):
        raise fail(field, f"must be a finite number, got {value}")
    return float(value)


def in_range(field: str, value: float, lo: float, hi: float, *, lo_open: bool = False) -> float:
    finite(field, value)
    if value < lo or value > hi or (lo_open and value == lo):
        left = "(" if lo_open else "["
        raise fail(field, f"must be in {left}{lo:g}, {hi:g}], got {value:g}")
    return float(value)


def whole(field: str, value: float, lo: int, hi: int) -> int:
    finite(field, value)
    if value != int(value) or not lo <= value <= hi:
        raise fail(field, f"must be a whole number in [{lo}, {hi}], got {value:g}")
    return int(value)


def finite_array(field: str, values: Sequence[float] | FloatArray) -> FloatArray:
    arr = np.asarray(values, dtype=np.float64)
    bad = np.flatnonzero(~np.isfinite(arr))
    if bad.size:
        raise fail(f"{field}[{int(bad[0])}]", f"must be a finite number, got {arr[bad[0]]}")
    return arr


PRICE_MIN, PRICE_MAX = 1e-9, 1e12  # beyond these a "price" is a unit or data error, and ratios overflow


def positive_prices(field: str, values: Sequence[float] | FloatArray, min_points: int) -> FloatArray:
    arr = finite_array(field, values)
    bad = np.flatnonzero(arr <= 0)
    if bad.size:
        raise fail(f"{field}[{int(bad[0])}]", f"prices must be positive, got {arr[bad[0]]:g}")
    bad = np.flatnonzero((arr < PRICE_MIN) | (arr > PRICE_MAX))
    if bad.size:
        raise fail(f"{field}[{int(bad[0])}]", f"price {arr[bad[0]]:g} is outside [{PRICE_MIN:g}, {PRICE_MAX:g}]")
    if arr.size < min_points:
        raise fail(field, f"too short: {arr.size} prices, at least {min_points} are needed")
    return arr


def same_length(field: str, a: int, b: int, what: str) -> None:
    if a != b:
        raise fail(field, f"length {a} does not match {what} ({b})")


def max_items(field: str, count: int, limit: int) -> None:
    if count > limit:
        raise fail(field, f"too many items: {count}, at most {limit}")


def all_finite(field: str, *values: object) -> None:
    """The last guard before a result leaves the core: inputs that pass every check can still be so extreme
    (e.g. daily moves of many orders of magnitude, compounded) that a figure overflows. Then the request is
    refused, never answered with NaN or infinity."""
    for v in values:
        if not np.isfinite(np.asarray(v, dtype=np.float64)).all():
            raise fail(field, "the price moves are too extreme to compute finite figures; check the prices")
