"""`read_common_form`: a plain count and an ISO day read without the scanners give exactly
what the scanners give, and every other wording is left to them (None).

The import reads every record's value; most are one of these two forms. Each test compares
with `parse._parse`, the scanners' reading, on every day of the years below and every count
up to 3,000, and the refusals next to them (a day the calendar lacks, a year outside
1900-2099, a sign, a separator) stay the scanners' to make."""

from __future__ import annotations

import datetime

import pytest

from kzfacts.values import Value, ValueParseError, ValueType, parse_value
from kzfacts.values.common_forms import read_common_form
from kzfacts.values.parse import _parse

#: A leap year, the first and last years read, and one of the seed letters' years.
YEARS = (1900, 2000, 2012, 2099)
PUBLISHED = datetime.date(2015, 2, 26)


def _scanned(text: str, value_type: ValueType, reference: datetime.date | None) -> Value | None:
    try:
        return _parse(text, value_type, reference)
    except ValueParseError:
        return None


@pytest.mark.parametrize("year", YEARS)
def test_every_iso_day_of_a_year_reads_as_the_scanners_read_it(year: int) -> None:
    day = datetime.date(year, 1, 1)
    read = 0
    while day.year == year:
        text = day.isoformat()
        common = read_common_form(text, ValueType.DATE)
        assert common is not None
        assert repr(common) == repr(_scanned(text, ValueType.DATE, PUBLISHED))
        assert repr(common) == repr(_scanned(text, ValueType.DATE, None))
        day += datetime.timedelta(days=1)
        read += 1
    assert read == (366 if year in (2000, 2012) else 365)


def test_an_iso_day_reads_as_its_own_day_with_its_words() -> None:
    assert read_common_form("2012-03-15", ValueType.DATE) == Value(
        ValueType.DATE, 734577.0, 734577.0, "2012-03-15", "date", precision="day", end=10
    )


@pytest.mark.parametrize(
    "text",
    ["2011-02-29", "2012-04-31", "2012-00-10", "2012-13-01", "2012-03-00", "2012-03-32",
     "1899-12-31", "2100-01-01", "2012-3-15", " 2012-03-15", "2012-03-15 ", "15 March 2012",
     "２０１２-03-15"],
)  # fmt: skip
def test_other_wordings_of_a_day_are_left_to_the_scanners(text: str) -> None:
    assert read_common_form(text, ValueType.DATE) is None


def test_a_day_the_calendar_lacks_is_refused_by_the_scanners() -> None:
    with pytest.raises(ValueParseError, match="could not read '2011-02-29' as a date"):
        parse_value("2011-02-29", ValueType.DATE)


def test_every_count_up_to_3000_reads_as_the_scanners_read_it() -> None:
    for number in range(3001):
        for text in (str(number), str(number).zfill(4)):
            common = read_common_form(text, ValueType.COUNT)
            assert common is not None
            assert repr(common) == repr(_scanned(text, ValueType.COUNT, None)), text


@pytest.mark.parametrize("number", [9_999, 10_000, 123_456, 1_000_000, 9_999_999])
def test_large_counts_read_as_the_scanners_read_them(number: int) -> None:
    common = read_common_form(str(number), ValueType.COUNT)
    assert common == Value(ValueType.COUNT, float(number), float(number), str(number), "count",
                           end=len(str(number)))  # fmt: skip
    assert repr(common) == repr(_scanned(str(number), ValueType.COUNT, None))


@pytest.mark.parametrize(
    ("text", "value_type"),
    [("10000000", ValueType.COUNT), ("-5", ValueType.COUNT), ("1,000", ValueType.COUNT),
     ("about 100", ValueType.COUNT), ("12 ", ValueType.COUNT), ("٣", ValueType.COUNT),
     ("753", ValueType.DATE), ("2012-03-15", ValueType.COUNT), ("4", ValueType.DURATION),
     ("2012", ValueType.DATE)],
)  # fmt: skip
def test_other_values_and_types_are_left_to_the_scanners(text: str, value_type: ValueType) -> None:
    assert read_common_form(text, value_type) is None


def test_a_negative_count_is_still_refused() -> None:
    with pytest.raises(ValueParseError, match="negative values are not allowed"):
        parse_value("-5", ValueType.COUNT)


def test_parse_value_reads_the_common_forms_without_the_scanners(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The shortcut is taken: with the scanners out of reach, the common forms still read."""
    from kzfacts.values import parse

    def no_scanning(text: str) -> None:
        raise AssertionError(f"scanned {text!r}")

    parse._parsed.cache_clear()  # what was read before is read again
    monkeypatch.setattr(parse._all_candidates, "read", no_scanning)
    monkeypatch.setattr(parse._all_candidates, "cached", no_scanning)
    assert parse_value("4821", ValueType.COUNT).low == 4821.0
    assert parse_value("2011-07-19", ValueType.DATE).low == datetime.date(2011, 7, 19).toordinal()
    with pytest.raises(AssertionError, match="scanned '4 years'"):
        parse_value("4 years", ValueType.DURATION)
