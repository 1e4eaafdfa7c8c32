"""The vague-words table, the status phrases, and the short renderings of values."""

from __future__ import annotations

import datetime
import math

import pytest

from kzfacts.values import (
    STATUS_NAMES,
    STATUSES,
    VAGUE_BOUNDS,
    ValueType,
    find_values,
    parse_value,
    render_vague_table,
)
from kzfacts.values import vague as vague_module

CANONICAL = [
    "imprisoned",
    "released",
    "detained",
    "arrested",
    "charged",
    "convicted",
    "acquitted",
    "amnestied",
    "pardoned",
    "fined",
    "suspended-sentence",
    "in-psychiatric-care",
    "on-trial",
    "under-investigation",
    "in-exile",
    "deceased",
    "registered",
    "denied-registration",
    "suspended",
    "closed",
    "liquidated",
    "blocked",
]


def test_the_docstring_table_is_the_table() -> None:
    assert vague_module.__doc__ is not None
    assert render_vague_table() in vague_module.__doc__


@pytest.mark.parametrize(
    ("words", "kind", "low", "high"),
    [
        ("about N", "times", 0.9, 1.1),
        ("some N", "times", 0.9, 1.1),
        ("approx. N", "times", 0.9, 1.1),
        ("nearly N", "times", 0.9, 1.0),
        ("close to N", "times", 0.9, 1.0),
        ("more than N", "more-than", 0.0, math.inf),
        ("over N", "more-than", 0.0, math.inf),
        ("at least N", "at-least", 0.0, math.inf),
        ("up to N", "at-most", 0.0, math.inf),
        ("fewer than N", "fewer-than", 0.0, math.inf),
        ("dozens", "fixed", 24.0, 99.0),
        ("several", "fixed", 3.0, 9.0),
        ("a few", "fixed", 2.0, 5.0),
        ("hundreds", "fixed", 200.0, 999.0),
        ("thousands", "fixed", 2000.0, 9999.0),
        ("early <month>", "days-of-month", 1.0, 10.0),
        ("mid <month>", "days-of-month", 11.0, 20.0),
        ("late <month>", "days-of-month", 21.0, 31.0),
        ("early <year>", "months-of-year", 1.0, 4.0),
        ("late <year>", "months-of-year", 9.0, 12.0),
        ("first part of <year>", "months-of-year", 1.0, 6.0),
        ("first half of <year>", "months-of-year", 1.0, 6.0),
    ],
)
def test_vague_bounds(words: str, kind: str, low: float, high: float) -> None:
    bound = VAGUE_BOUNDS[words]
    assert (bound.kind, bound.low, bound.high) == (kind, low, high)


def test_statuses_are_the_canonical_list() -> None:
    assert list(STATUSES) == CANONICAL
    assert list(STATUS_NAMES) == CANONICAL


def test_every_status_phrase_states_its_status() -> None:
    for name, phrases in STATUSES.items():
        for phrase in phrases:
            found = find_values(f"It was reported that they {phrase} last spring.")
            statuses = [v.category for v in found if v.type == ValueType.STATUS]
            assert statuses == [name], (phrase, statuses)


@pytest.mark.parametrize(
    "sentence",
    [
        "she was not acquitted",
        "he has not yet been released",
        "the group was never registered",
        "they weren't detained",
        "no one was arrested",
    ],
)
def test_a_negation_right_before_a_status_suppresses_it(sentence: str) -> None:
    assert find_values(sentence, ValueType.STATUS) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Not everyone agreed, but she was acquitted",
        "without delay. She was acquitted",
        "the verdict, which no court reviewed, acquitted",
    ],
)
def test_a_negation_in_another_clause_does_not(sentence: str) -> None:
    assert [v.category for v in find_values(sentence, ValueType.STATUS)] == ["acquitted"]


def test_has_not_been_granted_registration_is_a_denial() -> None:
    (value,) = find_values("the other one has not been granted registration", ValueType.STATUS)
    assert value.category == "denied-registration"


@pytest.mark.parametrize(
    ("text", "kind", "shown"),
    [
        ("4 years", ValueType.DURATION, "4 years"),
        ("7 years 6 months", ValueType.DURATION, "7 years 6 months"),
        ("from two to seven days", ValueType.DURATION, "2–7 days"),
        ("up to ten days", ValueType.DURATION, "≤ 10 days"),
        ("more than five years", ValueType.DURATION, "> 5 years"),
        ("an hour", ValueType.DURATION, "1 hour"),
        ("more than a dozen", ValueType.COUNT, "13 or more"),
        ("some 100", ValueType.COUNT, "90–110"),
        ("fewer than 10", ValueType.COUNT, "up to 9"),
        ("2,000 to 5,000", ValueType.COUNT, "2,000–5,000"),
        ("about 5", ValueType.COUNT, "4.5–5.5"),
        ("2012-03-15", ValueType.DATE, "2012-03-15"),
        ("2011-12", ValueType.DATE, "Dec 2011"),
        ("2011", ValueType.DATE, "2011"),
        ("2009 to 2012", ValueType.DATE, "2009–2012"),
        ("early October 2005", ValueType.DATE, "Oct 2005 (early: 1–10 Oct)"),
        ("late 2011", ValueType.DATE, "2011 (late: Sep–Dec)"),
        ("in the first part of 2012", ValueType.DATE, "2012 (first half: Jan–Jun)"),
        ("December 1-2, 2009", ValueType.DATE, "1–2 Dec 2009"),
        ("2014-06 to 2014-08", ValueType.DATE, "Jun 2014 – Aug 2014"),
        ("from early 2011 to early 2012", ValueType.DATE, "Jan 2011 – Apr 2012"),
        ("2012-03-14 to 2012-04-02", ValueType.DATE, "2012-03-14 to 2012-04-02"),
        ("on May 1", ValueType.DATE, "2005-05-01 (year from the source's date)"),
        ("more than 81 million tenge", ValueType.MONEY, "> 81,000,000 KZT"),
        ("at least 81000000 KZT", ValueType.MONEY, "≥ 81,000,000 KZT"),
        ("approx. U.S.$623,000", ValueType.MONEY, "560,700–685,300 USD"),
        ("145 000 EUR", ValueType.MONEY, "145,000 EUR"),
        ("over 30%", ValueType.PERCENT, "> 30%"),
        ("12.5%", ValueType.PERCENT, "12.5%"),
        ("was shut down", ValueType.STATUS, "closed"),
    ],
)
def test_describe(text: str, kind: ValueType, shown: str) -> None:
    assert parse_value(text, kind, reference=datetime.date(2005, 10, 11)).describe() == shown
