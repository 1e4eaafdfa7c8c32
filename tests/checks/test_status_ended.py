"""A status the quote says ended (`checks/status_ended.py`), on real passages of the 2012 appeal:
the fact that claims the status after its end is refused, its honest neighbours (held at a time
before the end, or the status that ended it, or two people's statuses in one sentence) are
accepted. And a status takes the date of its own words, not of the change that ended it."""

from __future__ import annotations

from datetime import date

import pytest

from kzfacts.checks.events import quote_date
from kzfacts.checks.status_ended import status_ended
from kzfacts.checks.values import evidence_at, source_years
from kzfacts.text.anchor import PreparedSource, anchor_quote
from kzfacts.values import ValueType, parse_value
from tests.conftest import seed_text

APPEAL_2012 = date(2012, 3, 20)
DIALOGUE_2014 = date(2014, 11, 1)
#: Igor Viniavskii, "who had been held in for custody since January 2012, was amnestied and
#: released on 15 March 2012"; the quote cut before its date
CUSTODY = "been held in for custody"
CUSTODY_DATED = (
    "been held in for custody since January 2012, was amnestied and released on 15 March"
)
#: Natalia Sokolova, who "was imprisoned for six years in August 2011 [...] was released from
#: prison on 8 March 2012"
PRISON = "was imprisoned for six years"


def ended(
    seed: str, quote: str, status: str, as_of: str | None = None, published: date = APPEAL_2012
) -> str | None:
    text = PreparedSource(seed_text(seed))
    anchoring = anchor_quote(quote, text)
    assert anchoring.accepted and anchoring.anchor is not None, quote
    years = source_years(published, "day")
    evidence = evidence_at(
        text.raw, anchoring.anchor.start, anchoring.anchor.end, years, dates=False
    )
    value = parse_value(status, ValueType.STATUS)
    return status_ended(quote, "status", as_of, value, evidence)


def test_custody_at_the_letter_s_date_is_refused() -> None:
    assert ended("001", CUSTODY, "detained") == (
        "the quote says 'held in for custody' ended: 'released' on '15 March 2012' follows it, "
        "before the source's date (2012-03-20) — give --as-of a date before 2012-03-15, or "
        "state 'released'"
    )
    assert ended("001", CUSTODY, "detained", as_of="2012-03-18") == (
        "the quote says 'held in for custody' ended: 'released' on '15 March 2012' follows it, "
        "before --as-of 2012-03-18 — give --as-of a date before 2012-03-15, or state 'released'"
    )


@pytest.mark.parametrize("as_of", ["2012-02", "2012-03-14", "2012"])
def test_custody_before_the_release_is_accepted(as_of: str) -> None:
    assert ended("001", CUSTODY, "detained", as_of=as_of) is None


def test_the_status_that_ended_it_and_a_dated_custody_are_accepted() -> None:
    assert ended("001", CUSTODY, "released") is None
    assert ended("001", CUSTODY_DATED, "released") is None
    # the quote dates the custody itself: the fact holds then, January 2012
    assert ended("001", CUSTODY_DATED, "detained") is None


def test_prison_the_sentence_says_ended() -> None:
    assert ended("001", PRISON, "imprisoned") == (
        "the quote says 'imprisoned' ended: 'released from prison' on '8 March 2012' follows it, "
        "before the source's date (2012-03-20) — give --as-of a date before 2012-03-08, or "
        "state 'released from prison'"
    )
    assert ended("001", PRISON, "imprisoned", as_of="2011-09") is None


def test_two_people_in_one_sentence_are_not_one_status_ending() -> None:
    # "Roza Tuletaeva and Vadim Kuramshin, who continue to serve prison sentences handed down in
    # unfair trials; Zinaida Mukhortova, who has again been forcibly placed in psychiatric care"
    quote = "Roza Tuletaeva and Vadim Kuramshin, who continue to serve prison sentences"
    assert ended("003", quote, "imprisoned", published=DIALOGUE_2014) is None


def test_a_status_takes_the_date_of_its_own_words() -> None:
    years = source_years(APPEAL_2012, "day")

    def held(status: str) -> tuple[date, date, str] | None:
        found = quote_date(CUSTODY_DATED, "status", parse_value(status, ValueType.STATUS), years)
        return None if found is None else (found.low, found.high, found.words)

    assert held("detained") == (date(2012, 1, 1), date(2012, 1, 31), "January 2012")
    assert held("released") == (date(2012, 3, 15), date(2012, 3, 15), "15 March")
