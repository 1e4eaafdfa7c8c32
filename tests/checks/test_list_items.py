"""A quote that lists several people (`checks/list_items.py`), on the 2014 dialogue letter's
list of imprisoned defenders: a status taken from another person's item is refused, each
person's own status is accepted, and an item that names no one ("; he received probation", the
2005 letter) keeps the subject of the item before it."""

from __future__ import annotations

from datetime import date

import pytest

from kzfacts.checks.list_items import item_subject
from kzfacts.checks.subjects import EntityNames
from kzfacts.checks.values import source_years
from kzfacts.values import ValueType, parse_value
from tests.conftest import seed_text

DIALOGUE = source_years(date(2014, 11, 1), "month")
LISTED = (
    "Roza Tuletaeva and Vadim Kuramshin, who continue to serve prison sentences handed down in "
    "unfair trials; Zinaida Mukhortova, who has again been forcibly placed in psychiatric care; "
    "and Yevgeniy Tankov"
)
PEOPLE = {
    "tuletaeva": EntityNames("roza-tuletaeva", "Roza Tuletaeva", "person"),
    "kuramshin": EntityNames("vadim-kuramshin", "Vadim Kuramshin", "person"),
    "mukhortova": EntityNames("zinaida-mukhortova", "Zinaida Mukhortova", "person"),
    "tankov": EntityNames("yevgeniy-tankov", "Yevgeniy Tankov", "person"),
}


def said_of(person: str, status: str, quote: str = LISTED) -> str | None:
    assert " ".join(quote.split()) in " ".join(seed_text("003").split())
    value = parse_value(status, ValueType.STATUS)
    found = item_subject(quote, value, DIALOGUE, PEOPLE[person], ())
    return None if found is None else found.message


def test_a_status_from_another_person_s_item_is_refused() -> None:
    assert said_of("mukhortova", "imprisoned") == (
        "the part of the quote that states 'serve prison sentences' ('Roza Tuletaeva and Vadim "
        "Kuramshin, who continue to serve p…') does not name Zinaida Mukhortova, and another "
        "part does ('Zinaida Mukhortova, who has again been forcibly placed in p…'): ';' parts "
        "what the quote says of each — quote the part about Zinaida Mukhortova"
    )
    # Tankov's item is cut before his sentence: the quote states it of no item of his
    assert said_of("tankov", "imprisoned") is not None
    assert said_of("kuramshin", "in-psychiatric-care") is not None


@pytest.mark.parametrize(
    ("person", "status"),
    [
        ("tuletaeva", "imprisoned"),
        ("kuramshin", "imprisoned"),  # by surname
        ("mukhortova", "in-psychiatric-care"),
    ],
)
def test_each_person_s_own_status_is_accepted(person: str, status: str) -> None:
    assert said_of(person, status) is None


@pytest.mark.parametrize(
    ("quote", "shown"),
    [
        (
            "continue to serve prison sentences handed down in unfair trials; Zinaida Mukhortova",
            "('continue to serve prison sentences handed down in unfair tr…') does not name "
            "Zinaida Mukhortova, and another part does ('Zinaida Mukhortova')",
        ),
        (
            "who continue to serve prison sentences handed down in unfair trials; Zinaida "
            "Mukhortova, who has again been forcibly placed in psychiatric care",
            "('who continue to serve prison sentences handed down in unfai…') does not name "
            "Zinaida Mukhortova, and another part does ('Zinaida Mukhortova, who has again been "
            "forcibly placed in p…')",
        ),
    ],
)
def test_an_item_cut_from_its_names_is_not_said_of_the_name_after_it(
    quote: str, shown: str
) -> None:
    # the quote leaves out whom the prison sentences are said of ("Roza Tuletaeva and Vadim
    # Kuramshin, who"): not of Mukhortova, named in the item after
    assert said_of("mukhortova", "imprisoned", quote) == (
        f"the part of the quote that states 'serve prison sentences' {shown}: ';' parts what "
        "the quote says of each — quote the part about Zinaida Mukhortova"
    )


def test_an_item_that_names_no_one_is_said_of_the_one_before() -> None:
    quote = (
        "Zinaida Mukhortova, who has again been forcibly placed in psychiatric care; and "
        "Yevgeniy Tankov, who was recently given a disproportionate prison sentence"
    )
    assert said_of("tankov", "imprisoned", quote) is None
    # The 2005 letter: "One suspect was arrested, tried, and convicted; he received probation"
    suspect = EntityNames("shymkent-suspect", "One suspect", "person")
    probation = "One suspect was arrested, tried, and convicted; he received probation"
    assert probation in seed_text("004")
    value = parse_value("suspended-sentence", ValueType.STATUS)
    years = source_years(date(2005, 10, 11), "day")
    assert item_subject(probation, value, years, suspect, ()) is None
