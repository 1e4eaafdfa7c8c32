"""The words that point a date ahead of its source (`ahead_cue`): which are read as such, and
which are not (a date told of the past keeps the year the source's date gives it)."""

from __future__ import annotations

import pytest

from kzfacts.checks.guessed_years import ahead_cue
from kzfacts.values import Value, ValueType

GUESSED = "the source's date (2005-10-11; no other year near it)"


def _december(year_from: str | None) -> Value:
    return Value(
        ValueType.DATE, 732281.0, 732311.0, "December", "date",
        precision="month", year_inferred=year_from is not None, year_from=year_from,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("before", "cue"),
    [
        ("In advance of the ", "In advance of"),
        ("we met ahead of their ", "ahead of"),
        ("arrests in the run-up to the ", "in the run-up to"),
        ("the upcoming ", "upcoming"),
        ("before the forthcoming ", "forthcoming"),
        ("The election is scheduled for ", "scheduled for"),
        ("The trial will begin on ", "will begin on"),
        ("He will remain in detention until ", "will remain in detention until"),
        ("elections will be held in\n", "will be held in"),
    ],
)
def test_words_pointing_ahead(before: str, cue: str) -> None:
    assert ahead_cue(before, _december(GUESSED)) == cue


@pytest.mark.parametrize(
    "before",
    [
        "After the ",  # told of the past
        "following the ",
        "since ",
        "In advance of the vote, police detained activists in ",  # the cue is not the date's
        "The court will decide whether the trial held in ",  # too far from "will"
        "",
    ],
)
def test_words_that_do_not(before: str) -> None:
    assert ahead_cue(before, _december(GUESSED)) is None


def test_only_a_year_the_source_date_gave() -> None:
    # a year from the text ("December" after "2004" in the quote) or stated is no guess
    assert ahead_cue("In advance of the ", _december("'2004' before it in the quote")) is None
    assert ahead_cue("In advance of the ", _december(None)) is None
