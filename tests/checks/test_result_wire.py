"""The form an import's workers send a verified fact back in: the same result, rebuilt."""

from __future__ import annotations

import pickle
from dataclasses import fields, replace
from datetime import date

from kzfacts.checks.fact import FactInput, FactResult, Part
from kzfacts.checks.findings import Code, Finding
from kzfacts.checks.result_wire import from_wire, to_wire
from kzfacts.checks.values import Evidence
from kzfacts.text.anchor import Anchor
from kzfacts.values import Value, ValueType
from kzfacts.values.date_specs import YearRule
from kzfacts.verify import verify_fact
from tests.conftest import seed_text

FACT = FactInput("f", "appeal", "Natalia Sokolova", "released", "2012-03-08", "q", entity="ns")


def round_trip(result: FactResult) -> FactResult:
    """As a worker sends it (pickled, its fact left out) and the import's process rebuilds it."""
    return from_wire(result.fact, pickle.loads(pickle.dumps(to_wire(result))))


def test_every_field_set_comes_back_equal() -> None:
    finding = Finding(Code.QUOTE_INEXACT, "differs", "f", "appeal", {"quote": "q"})
    result = FactResult(
        FACT,
        (finding,),
        Anchor(10, 20, "exact text", "before ", " after"),
        "inexact",
        '[{"quote": "a"}]',
        True,
        "key.read.stamp",
        (Part("quote", "inexact at 10-20", (finding,)), Part("value", "supported")),
        Value(ValueType.DATE, 1.0, 2.0, "8 March", "date", "day", "cat", True, "2012", 3, 9),
        (10, 20),
        Evidence(
            "was released on 8 March",
            0,
            23,
            YearRule(
                date(2012, 3, 20),
                date(2012, 12, 31),
                (date(2012, 1, 1), date(2012, 12, 31)),
                "2012",
                (2012, "in 2012"),
                "20 March 2012",
            ),
        ),
        7,
        2,
        3,
        ("created entity 'ns'",),
        date(2012, 3, 8),
        date(2012, 3, 9),
    )
    back = round_trip(result)
    assert back == result
    placed = result.placed(8, (4, 5), ("notice",))
    assert placed == replace(result, line=8, page=4, last_page=5, messages=("notice",))
    unpaged = result.placed(8, None, ())
    assert (unpaged.page, unpaged.last_page) == (None, None)
    assert back.fact is FACT  # the planned fact itself: it is not sent


def test_results_of_real_checks_come_back_equal() -> None:
    """Accepted, refused, with and without a value or evidence, on the 2012 appeal (seed 001)."""
    text = seed_text("001")
    cases = [
        ("was released from prison on 8 March 2012", "2012-03-08", "date"),
        ("was released from prison on 8 March 2012", "2012-03-09", "date"),  # unsupported
        ("was released from prison on 9 March 2012", "2012-03-09", "date"),  # altered
        ("released from prison", "2012-03-08", "date"),  # too short
        ("was released from prison on 8 March 2012", "not a date", "date"),  # unreadable
    ]
    for quote, value, value_type in cases:
        result = verify_fact(quote, value, value_type, text, published=date(2012, 3, 20))
        placed = replace(result, line=220, page=None, messages=("notice",))
        assert round_trip(placed) == placed, quote


def test_the_wire_knows_every_field_of_what_it_sends() -> None:
    """A field added to a result, or to what it holds, must be added to the wire too."""
    assert [f.name for f in fields(FactResult)] == [
        "fact", "findings", "anchor", "verdict", "detail", "not_found", "support_key", "parts",
        "value", "position", "evidence", "line", "page", "last_page", "messages", "valid_from",
        "valid_to",
    ]  # fmt: skip
    assert [f.name for f in fields(Part)] == ["name", "found", "findings"]
    assert [f.name for f in fields(Anchor)] == ["start", "end", "exact", "prefix", "suffix"]
    assert [f.name for f in fields(Value)] == [
        "type", "low", "high", "text", "unit", "precision", "category", "year_inferred",
        "year_from", "start", "end",
    ]  # fmt: skip
    assert [f.name for f in fields(Evidence) if f.init] == [
        "text",
        "start",
        "end",
        "years",
        "around",
    ]
    assert [f.name for f in fields(YearRule)] == [
        "reference", "latest", "covers", "covers_label", "stated", "published_label",
    ]  # fmt: skip
