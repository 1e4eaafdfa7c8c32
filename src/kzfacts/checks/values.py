"""Value checks: is a fact's value what its quote says?"""

from __future__ import annotations

import math
from datetime import date

from kzfacts.checks.findings import Code, Finding
from kzfacts.text.normalize import plain_forms
from kzfacts.values import (
    Value,
    ValueParseError,
    ValueType,
    find_values,
    parse_value,
    supports,
)


def stored_bounds(value: Value) -> tuple[float | None, float | None]:
    """Bounds as stored: an open end is NULL (portable; not every database stores infinity)."""
    low = None if math.isinf(value.low) else value.low
    high = None if math.isinf(value.high) else value.high
    return low, high


def value_detail(value: Value) -> str | None:
    parts = []
    if value.precision:
        parts.append(f"precision={value.precision}")
    if value.category:
        parts.append(f"category={value.category}")
    if value.year_inferred:
        parts.append("year inferred from the source's publication date")
    return "; ".join(parts) or None


def parse_fact_value(
    text: str, value_type: str, reference: date | None, fact_id: str | None = None
) -> tuple[Value | None, Finding | None]:
    try:
        return parse_value(text, ValueType(value_type), reference=reference), None
    except ValueParseError as exc:
        return None, Finding(Code.VALUE_INVALID, f"value {text!r}: {exc}", fact_id)


def parse_validity(as_of: str | None, reference: date | None) -> tuple[date, date] | None:
    """The dates a fact's value held, from its as_of; None when absent or unreadable."""
    if not as_of:
        return None
    try:
        value = parse_value(as_of, ValueType.DATE, reference=reference)
    except ValueParseError:
        return None
    return date.fromordinal(int(value.low)), date.fromordinal(int(value.high))


def check_support(
    quote: str,
    value: Value,
    value_type: str,
    reference: date | None,
    fact_id: str | None = None,
    source_id: str | None = None,
) -> Finding | None:
    """`value-unsupported` unless some value the quote states lies inside the fact's value."""
    stated = find_values(plain_forms(quote), ValueType(value_type), reference=reference)
    if any(supports(mention, value) for mention in stated):
        return None
    if stated:
        says = ", ".join(f"{m.text!r} = {m.describe()}" for m in stated)
        message = (
            f"the quote does not support value {value.text!r} ({value.describe()}): "
            f"it states {says} — a fact may be as vague as its source, never more precise"
        )
    else:
        message = (
            f"the quote does not support value {value.text!r}: it states no {value_type} — "
            "quote the words that state the value"
        )
    return Finding(
        Code.VALUE_UNSUPPORTED,
        message,
        fact_id,
        source_id,
        {"value": value.text, "stated": [m.text for m in stated]},
    )
