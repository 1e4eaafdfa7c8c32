"""`verify_fact`, the one pipeline of `fact add`, `fact import`, `load` and `audit`: every
part says what it found in the source, and a part that cannot stand stops the ones after it."""

from __future__ import annotations

from datetime import date
from functools import cache

from kzfacts.checks.fact import FactInput, FactResult, SourceContext
from kzfacts.checks.facts import verify_fact
from kzfacts.checks.subjects import EntityCatalog, EntityNames, catalog_of
from kzfacts.text.anchor import PreparedSource
from tests.conftest import seed_text

PUBLISHED = date(2012, 3, 20)  # the 2012 appeal (seed 001)
CATALOG: EntityCatalog = catalog_of(
    [
        EntityNames("natalia-sokolova", "Natalia Sokolova", "person"),
        EntityNames("evgeniy-zhovtis", "Evgeniy Zhovtis", "person"),
    ]
)


@cache
def appeal() -> PreparedSource:
    return PreparedSource(seed_text("001"))


def verify(quote: str, value: str, entity: str, **extra: object) -> FactResult:
    fact = FactInput(
        id="f", source="appeal", subject="", predicate="", quote=quote, value=value,
        entity=entity, **extra,  # type: ignore[arg-type]
    )  # fmt: skip
    return verify_fact(fact, SourceContext("date", PUBLISHED), appeal(), "sha", CATALOG)


QUOTE = "was released from prison on 8 March 2012"


def parts(result: FactResult) -> dict[str, str]:
    return {p.name: p.found for p in result.parts}


def test_every_part_says_what_it_found() -> None:
    result = verify(QUOTE, "2012-03-08", "natalia-sokolova", as_of="2012-03")
    assert result.findings == ()
    start = appeal().raw.index("was released from prison")
    assert parts(result) == {
        "time": "holds at 2012-03",
        "quote": f"exact at {start}-{start + len(QUOTE)}",
        "boundaries": "whole words",
        "value": "2012-03-08: supported",
        "subject": "Natalia Sokolova is named in the sentence",
    }
    assert result.position == (start, start + len(QUOTE))
    assert result.value is not None and result.value.text == "2012-03-08"


def test_a_value_the_quote_does_not_state_and_another_subject_are_both_reported() -> None:
    result = verify(QUOTE, "2012-03-09", "evgeniy-zhovtis")
    assert [f.code.value for f in result.findings] == ["value-unsupported", "subject-mismatch"]
    assert parts(result)["subject"] == "names Natalia Sokolova instead"


def test_a_cut_quote_stops_value_and_subject() -> None:
    result = verify("as released from prison on 8 March 2012", "2012-03-08", "natalia-sokolova")
    assert [f.code.value for f in result.findings] == ["quote-altered"]
    assert parts(result)["boundaries"] == (
        "the quote's 'as' cuts the source's word 'was' (boundary): start and end the quote on "
        "whole words"
    )
    assert parts(result)["value"] == "not checked: the quote does not stand"
    assert parts(result)["subject"] == "not checked"


def test_an_unreadable_as_of_is_a_time_finding() -> None:
    result = verify(QUOTE, "2012-03-08", "natalia-sokolova", as_of="31 February 2012")
    assert [f.code.value for f in result.findings] == ["value-invalid"]
    assert result.parts[0].name == "time"
    assert result.parts[0].findings[0].message.startswith("as_of '31 February 2012' is not a date")
