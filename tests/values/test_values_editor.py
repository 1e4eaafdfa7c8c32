"""parse_value: the one value an editor writes in a fact, and the refusals that say why."""

from __future__ import annotations

import datetime

import pytest
from values_helpers import ABOVE, INF, MONTH, YEAR, day

from kzfacts.values import Value, ValueParseError, ValueType, parse_value

D, T, C, M, P, S = (
    ValueType.DURATION,
    ValueType.DATE,
    ValueType.COUNT,
    ValueType.MONEY,
    ValueType.PERCENT,
    ValueType.STATUS,
)
REF = datetime.date(2005, 10, 11)


def interval(value: Value) -> tuple[float, float]:
    return value.low, value.high


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("4 years", 4 * YEAR, 4 * YEAR),
        ("four years'", 4 * YEAR, 4 * YEAR),
        ("four years' imprisonment", 4 * YEAR, 4 * YEAR),
        ("seven-year term", 7 * YEAR, 7 * YEAR),
        ("a three-year suspended one", 3 * YEAR, 3 * YEAR),
        ("six months", 6 * MONTH, 6 * MONTH),
        ("7 years 6 months", 7 * YEAR + 6 * MONTH, 7 * YEAR + 6 * MONTH),
        ("four years and two months", 4 * YEAR + 2 * MONTH, 4 * YEAR + 2 * MONTH),
        ("from two to seven days", 2.0, 7.0),
        ("2 to 7 days", 2.0, 7.0),
        ("between 2 and 7 days", 2.0, 7.0),
        ("2-7 days", 2.0, 7.0),
        ("five years", 5 * YEAR, 5 * YEAR),
        ("3 years", 3 * YEAR, 3 * YEAR),
        ("48 months", 4 * YEAR, 4 * YEAR),
        ("a year and a half", 1.5 * YEAR, 1.5 * YEAR),
        ("one and a half years", 1.5 * YEAR, 1.5 * YEAR),
        ("1.5 years", 1.5 * YEAR, 1.5 * YEAR),
        ("half a year", 0.5 * YEAR, 0.5 * YEAR),
        ("two weeks", 14.0, 14.0),
        ("more than 5 years", ABOVE(5 * YEAR, INF), INF),
        ("at least 5 years", 5 * YEAR, INF),
        ("up to ten days", 0.0, 10.0),
        ("several years", 3 * YEAR, 9 * YEAR),
        ("about 10 years", 9 * YEAR, 11 * YEAR),
    ],
)
def test_durations(text: str, low: float, high: float) -> None:
    value = parse_value(text, D)
    assert (interval(value), value.unit, value.text) == ((low, high), "day", text)


@pytest.mark.parametrize(
    ("text", "first", "last", "precision", "inferred"),
    [
        ("2012-03-15", "2012-03-15", "2012-03-15", "day", False),
        ("2011-12", "2011-12-01", "2011-12-31", "month", False),
        ("2012-02", "2012-02-01", "2012-02-29", "month", False),
        ("2011", "2011-01-01", "2011-12-31", "year", False),
        ("15 March 2012", "2012-03-15", "2012-03-15", "day", False),
        ("March 15, 2012", "2012-03-15", "2012-03-15", "day", False),
        ("march 15 2012", "2012-03-15", "2012-03-15", "day", False),
        ("Sept. 17, 2003", "2003-09-17", "2003-09-17", "day", False),
        ("December 1-2, 2009", "2009-12-01", "2009-12-02", "range", False),
        ("2009-12-01 to 2009-12-02", "2009-12-01", "2009-12-02", "range", False),
        ("2014-06 to 2014-08", "2014-06-01", "2014-08-31", "range", False),
        ("2009 to 2012", "2009-01-01", "2012-12-31", "range", False),
        ("between 2009 and 2012", "2009-01-01", "2012-12-31", "range", False),
        ("early October", "2005-10-01", "2005-10-10", "part", True),
        ("early October 2005", "2005-10-01", "2005-10-10", "part", False),
        ("mid-October 2005", "2005-10-11", "2005-10-20", "part", False),
        ("late February 2012", "2012-02-21", "2012-02-29", "part", False),
        ("the end of March 2012", "2012-03-21", "2012-03-31", "part", False),
        ("late 2011", "2011-09-01", "2011-12-31", "part", False),
        ("early 2012", "2012-01-01", "2012-04-30", "part", False),
        ("mid-2012", "2012-05-01", "2012-08-31", "part", False),
        ("in the first part of 2012", "2012-01-01", "2012-06-30", "part", False),
        ("first half of 2012", "2012-01-01", "2012-06-30", "part", False),
        ("the second half of 2012", "2012-07-01", "2012-12-31", "part", False),
        ("the third quarter of 2012", "2012-07-01", "2012-09-30", "part", False),
        ("summer 2014", "2014-06-01", "2014-08-31", "part", False),
        ("August 2011", "2011-08-01", "2011-08-31", "month", False),
        ("October", "2005-10-01", "2005-10-31", "month", True),
        ("on May 1", "2005-05-01", "2005-05-01", "day", True),
        ("on January 29", "2005-01-29", "2005-01-29", "day", True),
        ("June 1-2", "2005-06-01", "2005-06-02", "range", True),
        ("the night of August 14", "2005-08-14", "2005-08-14", "day", True),
        ("in 2002", "2002-01-01", "2002-12-31", "year", False),
        ("the 1990s", "1990-01-01", "1999-12-31", "range", False),
        ("this summer", "2005-06-01", "2005-08-31", "part", True),
        ("last month", "2005-09-01", "2005-09-30", "month", True),
        ("a year ago", "2004-01-01", "2004-12-31", "year", True),
        ("two months ago", "2005-08-01", "2005-08-31", "month", True),
    ],
)
def test_dates(text: str, first: str, last: str, precision: str, inferred: bool) -> None:
    value = parse_value(text, T, reference=REF)
    assert (interval(value), value.unit, value.precision, value.year_inferred) == (
        (day(first), day(last)),
        "date",
        precision,
        inferred,
    )


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("16", 16.0, 16.0),
        ("some 100", 90.0, 110.0),
        ("about eighty", 72.0, 88.0),
        ("more than a dozen", 13.0, INF),
        ("close to 600", 540.0, 600.0),
        ("2,000 to 5,000", 2000.0, 5000.0),
        ("2000 to 5000", 2000.0, 5000.0),
        ("at least 50", 50.0, INF),
        ("fifty", 50.0, 50.0),
        ("dozens", 24.0, 99.0),
        ("nearly a thousand", 900.0, 1000.0),
        ("nearly 1000", 900.0, 1000.0),
        ("seven", 7.0, 7.0),
        ("five of the men", 5.0, 5.0),
        ("more than 12", 13.0, INF),
        ("about 100", 90.0, 110.0),
        ("over 30", 31.0, INF),
        ("a dozen", 12.0, 12.0),
        ("half a dozen", 6.0, 6.0),
        ("two dozen", 24.0, 24.0),
        ("several", 3.0, 9.0),
        ("a few", 2.0, 5.0),
        ("1,000", 1000.0, 1000.0),
        ("13 or more", 13.0, INF),
        ("13+", 13.0, INF),
        ("≥ 13", 13.0, INF),
        ("> 12", 13.0, INF),
        ("fewer than 10", 0.0, 9.0),
        ("up to 10", 0.0, 10.0),
        ("between 10 and 20", 10.0, 20.0),
        ("400 to 1000", 400.0, 1000.0),
        ("twenty-five", 25.0, 25.0),
        ("one hundred", 100.0, 100.0),
        ("one hundred and five", 105.0, 105.0),
        ("five million", 5e6, 5e6),
        ("2011", 2011.0, 2011.0),  # a count, when a count is what was asked for
        ("7000", 7000.0, 7000.0),
    ],
)
def test_counts(text: str, low: float, high: float) -> None:
    value = parse_value(text, C)
    assert (interval(value), value.unit) == ((low, high), "count")


@pytest.mark.parametrize(
    ("text", "low", "high", "currency"),
    [
        ("five million tenge", 5e6, 5e6, "KZT"),
        ("145 000 EUR", 145000.0, 145000.0, "EUR"),
        ("145000 EUR", 145000.0, 145000.0, "EUR"),
        ("U.S.$623,000", 623000.0, 623000.0, "USD"),
        ("approx. U.S.$623,000", 560700.0, 685300.0, "USD"),
        ("U.S. $40,000", 40000.0, 40000.0, "USD"),
        ("more than 81 million tenge", ABOVE(81e6, INF), INF, "KZT"),
        ("5000000 KZT", 5e6, 5e6, "KZT"),
        ("more than 81000000 KZT", ABOVE(81e6, INF), INF, "KZT"),
        ("623000 USD", 623000.0, 623000.0, "USD"),
        ("about 623000 USD", 560700.0, 685300.0, "USD"),
        ("about 40000 USD", 36000.0, 44000.0, "USD"),
        ("$40,000", 40000.0, 40000.0, "USD"),
        ("€1.5 million", 1.5e6, 1.5e6, "EUR"),
        ("0.3 million euros", 300000.0, 300000.0, "EUR"),
        ("$10,000 to $20,000", 10000.0, 20000.0, "USD"),
        ("10,000-20,000 tenge", 10000.0, 20000.0, "KZT"),
    ],
)
def test_money(text: str, low: float, high: float, currency: str) -> None:
    value = parse_value(text, M)
    assert (interval(value), value.unit) == ((low, high), currency)


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("over 30%", ABOVE(30.0, INF), INF),
        ("more than 30%", ABOVE(30.0, INF), INF),
        ("30%", 30.0, 30.0),
        ("30 percent", 30.0, 30.0),
        ("30 per cent", 30.0, 30.0),
        ("thirty percent", 30.0, 30.0),
        ("20-30%", 20.0, 30.0),
        ("20% to 30%", 20.0, 30.0),
        ("about 30%", 27.0, 33.0),
        ("at least 12.5%", 12.5, INF),
    ],
)
def test_percents(text: str, low: float, high: float) -> None:
    value = parse_value(text, P)
    assert (interval(value), value.unit) == ((low, high), "%")


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("imprisoned", "imprisoned"),
        ("in-psychiatric-care", "in-psychiatric-care"),
        ("in psychiatric care", "in-psychiatric-care"),
        ("Suspended sentence", "suspended-sentence"),
        ("suspended_sentence", "suspended-sentence"),
        ("denied-registration", "denied-registration"),
        ("was shut down", "closed"),
        ("fled Kazakhstan", "in-exile"),
        ("remains imprisoned", "imprisoned"),
        ("is serving", "imprisoned"),
        ("liquidated", "liquidated"),
    ],
)
def test_statuses(text: str, category: str) -> None:
    value = parse_value(text, S)
    assert (value.category, value.unit, value.low == value.high) == (category, "status", True)


def test_the_value_keeps_the_words_as_given_and_spans_them() -> None:
    value = parse_value("  about 100 people ", C)
    assert (value.text, value.start, value.end) == ("  about 100 people ", 0, 19)


def test_a_datetime_reference_is_taken_as_its_day() -> None:
    value = parse_value("on May 1", T, reference=datetime.datetime(2005, 10, 11, 15, 30))
    assert interval(value) == (day("2005-05-01"), day("2005-05-01"))


@pytest.mark.parametrize(
    ("text", "kind", "message"),
    [
        ("four years", C, "'four years' is a duration, not a count"),
        ("five million tenge", C, "'five million tenge' is a money, not a count"),
        ("on May 1", T, "'on May 1' has no year: write one"),
        ("early October", T, "'early October' has no year"),
        ("this summer", T, "'this summer' has no year"),
        ("hello", C, "could not read 'hello' as a count; write one count such as '16'"),
        ("16", T, "could not read '16' as a date (it reads as a count)"),
        ("4 years and 5 years", D, "holds 2 duration values ('4 years', '5 years')"),
        ("4 years 2012", D, "could not read '2012' in '4 years 2012'"),
        ("   ", C, "empty count value"),
        ("not acquitted", S, "'not acquitted' is negated"),
        ("was amnestied and released", S, "states 2 statuses (amnestied, released)"),
        ("frobnicated", S, "could not read 'frobnicated' as a status; write one of: imprisoned"),
        ("February 30, 2012", T, "could not read"),
        ("30", P, "could not read '30' as a percent (it reads as a count)"),
        ("40,000", M, "could not read '40,000' as a money"),
    ],
)
def test_refusals_name_the_problem(text: str, kind: ValueType, message: str) -> None:
    with pytest.raises(ValueParseError) as caught:
        parse_value(text, kind)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_string_type_name_is_accepted() -> None:
    assert interval(parse_value("16", ValueType("count"))) == (16.0, 16.0)


@pytest.mark.parametrize("text", ["about 100", "~100", "~ 100", "≈100", "approx. 100"])
def test_a_tilde_or_an_approximate_sign_is_about(text: str) -> None:
    # "~100 people" states about 100, as "about 100" does: a fact of exactly 100 is more
    # precise than the source, and an editor's "~100" is as vague as "about 100"
    assert interval(parse_value(text, C)) == (90.0, 110.0)
    assert interval(parse_value(text.replace("100", "5 years"), D)) == (4.5 * YEAR, 5.5 * YEAR)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("15.03.2012", datetime.date(2012, 3, 15)),
        ("15.3.2012", datetime.date(2012, 3, 15)),
        ("02.03.2012", datetime.date(2012, 3, 2)),  # dots: day first, whatever the day
        ("15/03/2012", datetime.date(2012, 3, 15)),
        ("05/05/2012", datetime.date(2012, 5, 5)),
    ],
)
def test_a_date_written_day_first_with_dots_or_slashes(text: str, day: datetime.date) -> None:
    value = parse_value(text, T, reference=REF)
    assert (value.low, value.high, value.precision) == (day.toordinal(), day.toordinal(), "day")


@pytest.mark.parametrize("text", ["03/04/2012", "31.02.2012", "13/14/2012", "15.03.2012.1"])
def test_a_numeric_date_that_is_ambiguous_or_impossible_is_refused(text: str) -> None:
    # "03/04/2012" is the 3rd of April or March the 4th: write it out
    with pytest.raises(ValueParseError, match="as a date"):
        parse_value(text, T, reference=REF)
