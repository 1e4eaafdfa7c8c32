"""Properties of the parsers and comparisons, checked on generated input (hypothesis)."""

from __future__ import annotations

import calendar
import datetime
import math
from fractions import Fraction
from itertools import pairwise

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from kzfacts.values import (
    STATUS_NAMES,
    VAGUE_BOUNDS,
    Value,
    ValueParseError,
    ValueType,
    find_values,
    number_to_words,
    overlaps,
    parse_value,
    supports,
)

settings.register_profile("values", deadline=None)
settings.load_profile("values")

#: Pieces of the grammar, so generated text reaches the parsers' inner paths.
TOKENS = [
    *[
        "0",
        "1",
        "2",
        "7",
        "12",
        "16",
        "29",
        "30",
        "31",
        "100",
        "355",
        "1,000",
        "2,000",
        "145",
        "000",
        "7000",
        "1999",
        "2002",
        "2011",
        "2012",
        "2099",
        "1850",
    ],
    *[
        "1.5",
        "0.3",
        "12.5",
        "1-2",
        "2009-2012",
        "2011-12",
        "2012-03-15",
        "2012-02-30",
        "2009-12-01",
        "%",
        "$",
        "€",
        "₸",
        "+",
        "≥",
        ">",
        "<",
        "≤",
    ],
    *[
        "one",
        "two",
        "seven",
        "twelve",
        "twenty",
        "twenty-five",
        "eighty",
        "hundred",
        "thousand",
        "million",
        "billion",
    ],
    *[
        "a",
        "an",
        "half",
        "dozen",
        "dozens",
        "several",
        "few",
        "couple",
        "and",
        "to",
        "-",
        "–",
        "from",
        "between",
        "or",
        "more",
        "less",
    ],
    *[
        "about",
        "some",
        "approx.",
        "approx",
        "nearly",
        "close",
        "over",
        "more",
        "than",
        "at",
        "least",
        "up",
        "fewer",
        "under",
    ],
    *[
        "January",
        "February",
        "May",
        "June",
        "August",
        "October",
        "December",
        "Sept.",
        "march",
        "may",
    ],
    *[
        "early",
        "mid",
        "mid-",
        "late",
        "the",
        "first",
        "second",
        "part",
        "half",
        "of",
        "end",
        "beginning",
        "quarter",
        "summer",
    ],
    *[
        "this",
        "last",
        "next",
        "later",
        "earlier",
        "week",
        "month",
        "year",
        "years",
        "months",
        "days",
        "day",
        "hours",
        "ago",
    ],
    *["tenge", "KZT", "USD", "EUR", "U.S.$", "U.S.", "dollars", "euros", "percent", "per", "cent"],
    *[
        "not",
        "never",
        "no",
        "n't",
        "was",
        "were",
        "has",
        "been",
        "imprisoned",
        "released",
        "acquitted",
        "registered",
    ],
    *[
        "denied",
        "registration",
        "shut",
        "down",
        "fled",
        "Kazakhstan",
        "serving",
        "suspended",
        "one",
    ],
    *[",", ".", ";", "(", ")", "'", "’", "\n", "http://x.org/2012/03", "www.a.kz/1999"],
]
TEXT = st.one_of(
    st.text(max_size=120),
    st.lists(st.sampled_from(TOKENS), max_size=24).map(" ".join),
    st.lists(st.sampled_from(TOKENS), max_size=24).map("".join),
)
REFERENCES = st.one_of(
    st.none(), st.dates(min_value=datetime.date(1, 1, 1), max_value=datetime.date(9999, 12, 31))
)
DATES = st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2099, 12, 31))


@given(TEXT, st.sampled_from(list(ValueType)), REFERENCES)
@example("February 29", ValueType.DATE, datetime.date(2005, 1, 1))
@example("a year ago", ValueType.DATE, datetime.date(1, 1, 1))
@example("next year", ValueType.DATE, datetime.date(9999, 12, 31))
@example("9" * 40, ValueType.COUNT, None)
def test_parse_value_raises_nothing_but_value_parse_error(
    text: str, kind: ValueType, reference: datetime.date | None
) -> None:
    try:
        value = parse_value(text, kind, reference=reference)
    except ValueParseError as error:
        assert str(error) and "\n" not in str(error)
    else:
        assert (value.type, value.text, value.start, value.end) == (kind, text, 0, len(text))
        assert value.low <= value.high and not math.isnan(value.low)


@given(TEXT, REFERENCES)
@example("from early \n\n2011 to early 2012, close to 600", datetime.date(2012, 3, 20))
@example("http://x.org/2012/03 and 2012", None)
def test_find_values_slices_back_in_order_without_overlap(
    text: str, reference: datetime.date | None
) -> None:
    values = find_values(text, reference=reference)
    for value in values:
        assert text[value.start : value.end] == value.text
        assert value.low <= value.high and not math.isnan(value.low)
    assert all(a.end <= b.start for a, b in pairwise(values))


@given(st.integers(min_value=0, max_value=999_999_999), st.booleans())
@example(0, False)
@example(999_999_999, True)
@example(100_000_001, True)
def test_written_numbers_round_trip(n: int, conjunction: bool) -> None:
    words = number_to_words(n, conjunction=conjunction)
    value = parse_value(words, ValueType.COUNT)
    assert (value.low, value.high) == (n, n)
    (found,) = find_values(f"Police detained {words} people.", ValueType.COUNT)
    assert (found.text, found.low, found.high) == (words, n, n)


@given(st.integers(min_value=0, max_value=10**12 - 1))
def test_digit_numbers_round_trip(n: int) -> None:
    for written in (f"{n}", f"{n:,}"):
        value = parse_value(written, ValueType.COUNT)
        assert (value.low, value.high) == (n, n)


@pytest.mark.parametrize("words", sorted(k for k in VAGUE_BOUNDS if k.endswith(" N")))
@given(n=st.integers(min_value=1, max_value=10**9))
def test_every_prefix_in_the_table_is_parsed_with_its_bounds(words: str, n: int) -> None:
    bound = VAGUE_BOUNDS[words]
    text = words.replace("N", str(n))
    value = parse_value(text, ValueType.COUNT)
    assert (value.low, value.high) == bound.apply(Fraction(n), Fraction(n), discrete=True)


@pytest.mark.parametrize("words", sorted(k for k in VAGUE_BOUNDS if k.startswith("N")))
@given(n=st.integers(min_value=1, max_value=10**9))
def test_every_suffix_in_the_table_is_parsed_with_its_bounds(words: str, n: int) -> None:
    bound = VAGUE_BOUNDS[words]
    value = parse_value(words.replace("N", str(n)), ValueType.COUNT)
    assert (value.low, value.high) == bound.apply(Fraction(n), Fraction(n), discrete=True)


@given(DATES)
def test_written_dates_cover_their_day(day: datetime.date) -> None:
    ordinal = float(day.toordinal())
    name = calendar.month_name[day.month]
    for written in (
        day.isoformat(),
        f"{day.day} {name} {day.year}",
        f"{name} {day.day}, {day.year}",
        f"{calendar.month_abbr[day.month]} {day.day}, {day.year}",
    ):
        value = parse_value(written, ValueType.DATE)
        assert (value.low, value.high, value.precision) == (ordinal, ordinal, "day"), written
    (found,) = find_values(f"On {name} {day.day}, {day.year}, the court ruled.")
    assert (found.low, found.high) == (ordinal, ordinal)


@given(DATES)
def test_months_and_years_cover_all_their_days(day: datetime.date) -> None:
    last = calendar.monthrange(day.year, day.month)[1]
    month = parse_value(f"{day:%Y-%m}", ValueType.DATE)
    assert (month.low, month.high) == (
        day.replace(day=1).toordinal(),
        day.replace(day=last).toordinal(),
    )
    year = parse_value(str(day.year), ValueType.DATE)
    assert (year.low, year.high) == (
        datetime.date(day.year, 1, 1).toordinal(),
        datetime.date(day.year, 12, 31).toordinal(),
    )


@given(DATES, DATES)
def test_a_date_without_a_year_takes_the_reference_year(
    day: datetime.date, reference: datetime.date
) -> None:
    text = f"on {calendar.month_name[day.month]} {day.day}"
    try:
        expected = float(day.replace(year=reference.year).toordinal())
    except ValueError:  # 29 February in a year without one
        with pytest.raises(ValueParseError):
            parse_value(text, ValueType.DATE, reference=reference)
        return
    value = parse_value(text, ValueType.DATE, reference=reference)
    assert (value.low, value.high, value.year_inferred) == (expected, expected, True)
    with pytest.raises(ValueParseError):
        parse_value(text, ValueType.DATE)


PREFIXES = st.sampled_from(["", "about ", "nearly ", "more than ", "at least ", "up to ", "over "])


def _phrase(kind: ValueType, prefix: str, n: int) -> str:
    return {
        ValueType.COUNT: f"{prefix}{n}",
        ValueType.DURATION: f"{prefix}{n} years",
        ValueType.MONEY: f"{prefix}{n} KZT",
        ValueType.PERCENT: f"{prefix}{n}%",
        ValueType.DATE: f"{1900 + n % 200}",
        ValueType.STATUS: STATUS_NAMES[n % len(STATUS_NAMES)],
    }[kind]


@given(st.sampled_from(list(ValueType)), PREFIXES, st.integers(min_value=1, max_value=10**6))
def test_supports_is_reflexive(kind: ValueType, prefix: str, n: int) -> None:
    value = parse_value(_phrase(kind, prefix, n), kind)
    assert supports(value, value) and overlaps(value, value)


BOUNDS = st.one_of(
    st.integers(min_value=0, max_value=50).map(float),
    st.just(math.inf),
    st.floats(min_value=0, max_value=50, allow_nan=False),
)


@st.composite
def counts(draw: st.DrawFn) -> Value:
    low, high = sorted((draw(BOUNDS), draw(BOUNDS)))
    return Value(ValueType.COUNT, low, high, "generated", "count")


@given(counts(), counts())
def test_supports_is_interval_containment_and_overlaps_intersection(a: Value, b: Value) -> None:
    assert supports(a, b) == (b.low <= a.low and a.high <= b.high)
    assert overlaps(a, b) == (a.low <= b.high and b.low <= a.high) == overlaps(b, a)
    if supports(a, b):
        assert overlaps(a, b)


@given(counts(), counts(), counts())
def test_supports_is_transitive(a: Value, b: Value, c: Value) -> None:
    if supports(a, b) and supports(b, c):
        assert supports(a, c)
