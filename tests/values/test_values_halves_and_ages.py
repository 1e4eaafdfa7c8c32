"""Halves as durations, counts and amounts ("seven-and-a-half years", "one and a half
thousand"), and ages that are neither durations nor counts ("an 18-year-old DVK worker")."""

from __future__ import annotations

import pytest
from values_helpers import MONTH, YEAR, flat

from kzfacts.values import ValueType, find_values, parse_value

T = ValueType


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the house style of Human Rights Watch and Amnesty International
        ("was sentenced to seven-and-a-half years in prison", ("seven-and-a-half years", 7.5)),
        ("a two-and-a-half-year sentence", ("two-and-a-half-year", 2.5)),
        ("held for a year and a half", ("a year and a half", 1.5)),
        ("held for a year-and-a-half", ("a year-and-a-half", 1.5)),
        ("held for one and a half years", ("one and a half years", 1.5)),
        ("held for one-and-a-half years", ("one-and-a-half years", 1.5)),
        ("held for 18 months", ("18 months", 1.5)),
    ],
)
def test_halves_are_durations(text: str, expected: tuple[str, float]) -> None:
    (value,) = [v for v in find_values(text) if v.type is T.DURATION]
    words, years = expected
    assert flat(value) == ("duration", words, years * YEAR, years * YEAR)


def test_eighteen_months_and_a_year_and_a_half_compare_as_equal() -> None:
    months = parse_value("18 months", T.DURATION)
    half = parse_value("seven-and-a-half years", T.DURATION)
    assert (months.low, months.high) == (18 * MONTH, 18 * MONTH) == (1.5 * YEAR, 1.5 * YEAR)
    assert (half.low, half.high) == (7.5 * YEAR, 7.5 * YEAR)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("one and a half thousand people", ("count", "one and a half thousand", 1500, 1500)),
        (
            "a fine of two-and-a-half million tenge",
            ("money", "two-and-a-half million tenge", 2.5e6),
        ),
        ("half a million dollars", ("money", "half a million dollars", 500_000)),
        ("half a dozen journalists", ("count", "half a dozen", 6, 6)),
    ],
)
def test_halves_of_numbers(text: str, expected: tuple[object, ...]) -> None:
    values = [v for v in find_values(text) if v.type in (T.COUNT, T.MONEY)]
    kind, words, low = expected[:3]
    assert [(v.type.value, v.text, v.low) for v in values][-1:] == [(kind, words, low)]


@pytest.mark.parametrize(
    "text",
    [
        # hrw-2005-presidential-election: an age, not a duration and not a count
        "police detained an 18-year-old DVK worker at a provincial DVK office",
        "her 14-year-old daughter",
        "a 14 year old boy",
        "boys aged 10-12 years old",
        "ten years of age",
    ],
)
def test_an_age_is_neither_a_duration_nor_a_count(text: str) -> None:
    assert [v for v in find_values(text) if v.type in (T.DURATION, T.COUNT)] == []


def test_the_honest_neighbour_of_an_age_is_a_duration() -> None:
    # hrw-2005-presidential-election: "serving the remainder of a seven-year term"
    (value,) = find_values("serving the remainder of a seven-year term", T.DURATION)
    assert flat(value) == ("duration", "seven-year", 7 * YEAR, 7 * YEAR)
    (value,) = find_values("was sentenced to 14 years in a strict regime colony", T.DURATION)
    assert flat(value) == ("duration", "14 years", 14 * YEAR, 14 * YEAR)
