"""The restatement rule on fact rows: one statement (entity, predicate, value read, time,
event) quoted from overlapping spans of one source, each with the neighbour it must let be."""

from __future__ import annotations

from datetime import date
from typing import Any

from kzfacts.checks.restatements import Statements, restated, restatements

SENTENCE = dict(
    source_id="nhc-iphr-2012-eu-appeal", entity_id="natalia-sokolova",
    predicate="sentence_length", value_low=2191.5, value_high=2191.5, value_unit="day",
    value_category=None, valid_from=date(2011, 8, 1), valid_to=date(2011, 8, 31),
    event_key=None, position_start=8786, position_end=8858, supersedes=None,
)  # fmt: skip
"""The seed's `sokolova-sentence-length-2011`, "was imprisoned for six years in August 2011
for “inciting social hatred”", as its row holds it."""


def row(fact_id: str, **changed: Any) -> dict[str, Any]:
    return {**SENTENCE, "id": fact_id, **changed}


def test_an_overlapping_span_stating_the_same_is_a_restatement() -> None:
    # "who was imprisoned for six years in August 2011": starts before, ends inside
    assert restatements([row("first"), row("again", position_start=8770, position_end=8829)]) == [
        ("again", "first")
    ]


def test_the_same_statement_from_spans_that_only_touch_is_none() -> None:
    assert restatements([row("first"), row("next", position_start=8858, position_end=8900)]) == []


def test_another_entity_predicate_value_time_or_event_is_another_statement() -> None:
    others = [
        row("other-entity", entity_id="igor-viniavskii"),
        row("other-predicate", predicate="event_date"),
        row("other-value", value_low=1095.75, value_high=1095.75),  # "three-year"
        row("other-time", valid_from=date(2012, 3, 1), valid_to=date(2012, 3, 31)),
        row("other-event", event_key="sokolova-trial"),
        row("other-source", source_id="hrw-2009-stalled-reforms"),
    ]
    assert restatements([row("first"), *others]) == []


def test_times_that_overlap_are_one_time() -> None:
    """One fact held "in March 2012", the other on the source's date, 20 March 2012."""
    month = row("month", valid_from=date(2012, 3, 1), valid_to=date(2012, 3, 31))
    day = row("day", valid_from=date(2012, 3, 20), valid_to=date(2012, 3, 20))
    timeless = row("timeless", valid_from=None, valid_to=None)
    assert restatements([month, day]) == [("day", "month")]
    assert restatements([row("first"), day]) == []  # August 2011, not March 2012
    assert restatements([day, timeless]) == [("timeless", "day")]


def test_a_row_read_back_from_sqlite_holds_its_dates_as_text() -> None:
    stored = row("first", valid_from="2011-08-01", valid_to="2011-08-31")
    assert restatements([stored, row("again")]) == [("again", "first")]


def test_a_revision_is_no_restatement_of_the_fact_it_revises_either_way() -> None:
    revision = row("revision", supersedes="first")
    assert restatements([row("first"), revision]) == []
    assert restatements([revision, row("first")]) == []  # the first one edited after it
    assert restatements([row("first"), revision, row("again")]) == [("again", "first")]
    assert restated(row("again"), "first") == (
        "notice: 'again' states what 'first' states already (the same words of "
        "'nhc-iphr-2012-eu-appeal', entity, predicate, value and time): remove one with "
        "`kzfacts fact remove`, or give it --supersedes first if it revises that fact"
    )


def test_an_unanchored_fact_is_never_compared() -> None:
    seen = Statements()
    assert seen.first_of(row("unanchored", position_start=None, position_end=None)) is None
    assert seen.first_of(row("first")) is None
    assert seen.first_of(row("first")) is None  # a fact is not its own restatement
    assert seen.first_of(row("again")) == "first"
