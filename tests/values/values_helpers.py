"""Shared helpers for the values tests: values flattened to plain tuples that compare exactly."""

from __future__ import annotations

import datetime
import math

from kzfacts.values import Value, ValueType

Flat = tuple[str, str, object, object]


def day(iso: str) -> float:
    return float(datetime.date.fromisoformat(iso).toordinal())


def flat(value: Value) -> Flat:
    """(type, words, low, high): dates as ISO days, statuses as their category."""
    if value.type == ValueType.DATE:
        low = datetime.date.fromordinal(int(value.low)).isoformat()
        high = datetime.date.fromordinal(int(value.high)).isoformat()
        return (value.type.value, value.text, low, high)
    if value.type == ValueType.STATUS:
        return (value.type.value, value.text, value.category, None)
    return (value.type.value, value.text, value.low, value.high)


YEAR = 365.25
MONTH = 30.4375
INF = math.inf
#: what "more than N" leaves for an amount (duration, money, percent): just above N
ABOVE = math.nextafter
