"""Comparing values: does a quote support a fact, and can two facts both be true?

A fact may be as vague as its source, never more precise: the interval its quote states must
lie inside the fact's interval. Two facts contradict only when their intervals cannot meet;
values that cannot be compared (different currencies, different types) never contradict.
"""

from __future__ import annotations

from kzfacts.values.model import Value, ValueType
from kzfacts.values.statuses import STATUS_CONFLICTS


def supports(stated: Value, claimed: Value) -> bool:
    """True when what the source states lies inside what the fact claims."""
    if stated.type != claimed.type or stated.unit != claimed.unit:
        return False
    if stated.type == ValueType.STATUS:
        return stated.category == claimed.category
    return claimed.low <= stated.low and stated.high <= claimed.high


def overlaps(a: Value, b: Value) -> bool:
    """False only when both cannot be true: disjoint intervals, or statuses in conflict."""
    if a.type != b.type or a.unit != b.unit:
        return True
    if a.type == ValueType.STATUS:
        if a.category == b.category or a.category is None or b.category is None:
            return True
        return frozenset((a.category, b.category)) not in STATUS_CONFLICTS
    return a.low <= b.high and b.low <= a.high
