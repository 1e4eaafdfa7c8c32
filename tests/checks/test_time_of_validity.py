"""When a fact holds: the date its quote states for it, read on real passages of the seeds."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from kzfacts.checks.events import StatedDate, Window, quote_date, widen
from kzfacts.checks.values import source_years
from kzfacts.values import ValueType, parse_value
from tests.conftest import seed_text

APPEAL_2012 = date(2012, 3, 20)
HRW_2005 = date(2005, 10, 11)


def stated(quote: str, predicate: str, value: str, value_type: ValueType, published: date):  # type: ignore[no-untyped-def]
    parsed = parse_value(value, value_type, reference=published)
    found = quote_date(quote, predicate, parsed, source_years(published, "day"))
    return None if found is None else (found.low, found.high, found.words)


@pytest.mark.parametrize(
    ("seed", "quote", "predicate", "value", "value_type", "published", "expected"),
    [
        (  # the date follows the predicate's word
            "001", "was imprisoned for six years in August 2011", "sentence_length", "6 years",
            ValueType.DURATION, APPEAL_2012, (date(2011, 8, 1), date(2011, 8, 31), "August 2011"),
        ),
        (  # the quote cuts the year off: August is the latest August before the source's date
            "001", "was imprisoned for six years in August", "sentence_length", "6 years",
            ValueType.DURATION, APPEAL_2012, (date(2011, 8, 1), date(2011, 8, 31), "August"),
        ),
        (  # two dates; both status words bind the release, not the custody
            "001", "been held in for custody since January 2012, was amnestied and released on 15 March 2012",
            "status", "released", ValueType.STATUS, APPEAL_2012,
            (date(2012, 3, 15), date(2012, 3, 15), "15 March 2012"),
        ),
        (  # the date precedes the predicate's word; the year comes from the publication date
            "004", "on January 29, a group of 2,000 to 5,000 people gathered to protest",
            "participant_count", "2,000 to 5,000", ValueType.COUNT, HRW_2005,
            (date(2005, 1, 29), date(2005, 1, 29), "January 29"),
        ),
        (  # a date fact holds at its own date, in the quote's words
            "004", "the January 6 court decision liquidating the DVK party", "closure_date",
            "2005-01-06", ValueType.DATE, HRW_2005,
            (date(2005, 1, 6), date(2005, 1, 6), "January 6"),
        ),
    ],
)  # fmt: skip
def test_a_date_bound_to_the_predicate_is_when_the_fact_holds(
    seed: str,
    quote: str,
    predicate: str,
    value: str,
    value_type: ValueType,
    published: date,
    expected: tuple[date, date, str],
) -> None:
    assert " ".join(quote.split()) in " ".join(seed_text(seed).split())
    assert stated(quote, predicate, value, value_type, published) == expected


@pytest.mark.parametrize(
    ("seed", "quote", "predicate", "value", "value_type", "published"),
    [
        (  # the date is in another sentence than the arrests
            "004", "on January 29, a group of 2,000 to 5,000 people gathered to protest the "
            "dissolution of the DVK. After the meeting, the crowd began walking towards Astana "
            "Square in the city center. In response, police arrested seven DVK members",
            "detained_count", "7", ValueType.COUNT, HRW_2005,
        ),
        (  # a date, but no word of the predicate: the chairmanship year dates no sentence
            "000", "Since the OSCE participating states decided to give Kazakhstan the 2010 "
            "chairmanship", "status", "registered", ValueType.STATUS, date(2009, 11, 18),
        ),
        (  # the sentence's length, no date at all
            "000", "Evgeniy Zhovtis, was sentenced to four years' imprisonment", "sentence_length",
            "4 years", ValueType.DURATION, date(2009, 11, 18),
        ),
    ],
)  # fmt: skip
def test_a_date_not_bound_to_the_predicate_leaves_the_fact_undated(
    seed: str, quote: str, predicate: str, value: str, value_type: ValueType, published: date
) -> None:
    assert " ".join(quote.split()) in " ".join(seed_text(seed).split())
    assert stated(quote, predicate, value, value_type, published) is None


def test_dates_widen_to_the_window_of_one_event() -> None:
    day = date(2012, 3, 8)
    assert widen(day, day, Window.DAY) == (day, day)
    assert widen(day, day, Window.MONTH) == (date(2012, 3, 1), date(2012, 3, 31))
    assert widen(date(2012, 2, 3), date(2012, 2, 3), Window.MONTH)[1] == date(2012, 2, 29)
    assert widen(day, day, Window.YEAR) == (date(2012, 1, 1), date(2012, 12, 31))
    assert widen(day, day, Window.ANY) == (date.min, date.max)


def test_a_quote_without_a_word_of_the_predicate_is_not_read_for_dates(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The chairmanship year dates no status: the quote's dates need not be read at all."""
    quote = "Since the OSCE participating states decided to give Kazakhstan the 2010 chairmanship"
    assert quote in " ".join(seed_text("000").split())
    parsed = parse_value("registered", ValueType.STATUS, reference=date(2009, 11, 18))

    def no_dates(*args: object, **kwargs: object) -> None:
        raise AssertionError("the quote's dates were read")

    monkeypatch.setattr("kzfacts.checks.events.find_values", no_dates)
    assert quote_date(quote, "status", parsed, source_years(date(2009, 11, 18), "day")) is None
    with pytest.raises(AssertionError, match="dates were read"):  # a word of the predicate
        quote_date(
            quote + " and the party was registered", "status", parsed, source_years(None, None)
        )


def test_a_year_the_sentence_before_states_dates_a_quote_without_one() -> None:
    """ "went bankrupt in July 2004. … distributed in June": June 2004, as the value check reads
    it, not the June before the letter's date (2005); the date says its year came from outside
    the quote, so that the writer reads the sentence before."""
    quote = "was released in June"
    parsed = parse_value("released", ValueType.STATUS)
    alone = quote_date(quote, "status", parsed, source_years(HRW_2005, "day"))
    assert alone == StatedDate(date(2005, 6, 1), date(2005, 6, 30), "June", inferred=True)
    before = replace(source_years(HRW_2005, "day"), stated=(2004, "July 2004"))
    assert quote_date(quote, "status", parsed, before) == StatedDate(
        date(2004, 6, 1), date(2004, 6, 30), "June", inferred=True
    )
    dated = quote_date("was released in June 2004", "status", parsed, source_years(HRW_2005, "day"))
    assert dated == StatedDate(date(2004, 6, 1), date(2004, 6, 30), "June 2004", inferred=False)


def test_a_date_the_quote_points_ahead_to_dates_nothing() -> None:
    # The letter's own "In advance of the December vote" binds no predicate; written as its
    # arrests might be, the December the arrests came ahead of may be the letter's next one:
    # the source's date gives it no year, and the arrests stay undated ...
    ahead = "police arrested seven DVK members ahead of the December vote"
    assert stated(ahead, "detained_count", "7", ValueType.COUNT, HRW_2005) is None
    # ... while a December the arrests were made in is the latest before the letter
    told = "police arrested seven DVK members in December"
    assert stated(told, "detained_count", "7", ValueType.COUNT, HRW_2005) == (
        date(2004, 12, 1), date(2004, 12, 31), "December",
    )  # fmt: skip
