"""Dates written in digits, day first ("released on 15.03.2012"), as a source's text states
them: read whole, never as a decimal number and a year, and not where the order is ambiguous."""

from __future__ import annotations

import datetime

from kzfacts.values import ValueType, find_values


def _found(text: str) -> list[tuple[str, str, datetime.date | float]]:
    return [
        (
            v.text,
            v.type.value,
            datetime.date.fromordinal(int(v.low)) if v.type is ValueType.DATE else v.low,
        )
        for v in find_values(text)
    ]


def test_dotted_and_slashed_dates_in_running_text() -> None:
    assert _found("He was detained on 02.03.2012 and released on 15/03/2012.") == [
        ("detained", "status", 2.0),
        ("02.03.2012", "date", datetime.date(2012, 3, 2)),
        ("released", "status", 1.0),
        ("15/03/2012", "date", datetime.date(2012, 3, 15)),
    ]


def test_what_is_not_a_numeric_date() -> None:
    # ambiguous order, a version number, a decimal amount next to a year
    assert _found("the hearing of 03/04/2012") == []
    assert _found("version 1.2.2012.4 of the rules") == []
    assert _found("fined 15.03 million tenge in 2012") == [
        ("fined", "status", 9.0),
        ("15.03 million tenge", "money", 15_030_000.0),
        ("2012", "date", datetime.date(2012, 1, 1)),
    ]
