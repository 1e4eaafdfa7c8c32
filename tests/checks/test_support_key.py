"""A value and subject that passed are not checked again on the same evidence (the audit's fast
path), and only on it: another entity, or the same entity under other names, is checked anew.
On a real seed passage, with the seed corpus's own entities."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date

from kzfacts.checks.fact import FactInput, FactResult, SourceContext, StoredCheck
from kzfacts.checks.facts import verify_fact
from kzfacts.checks.findings import Code
from kzfacts.checks.subjects import EntityNames, catalog_of
from tests.checks.test_subjects import seed_catalog, source

# 001: "Natalia Sokolova, a lawyer advising striking oil workers who \n\nwas imprisoned for six
# years in August 2011 ..."
QUOTE = "Natalia Sokolova, a lawyer advising striking oil workers who was imprisoned for six years"
FACT = FactInput(
    id="sokolova-sentence", source="001", subject="", predicate="sentence_length", value="6 years",
    quote=QUOTE, entity="natalia-sokolova",
)  # fmt: skip
SOURCE = SourceContext("duration", date(2012, 3, 14))


def verified(
    fact: FactInput = FACT, support_key: str | None = None, **catalog_names: EntityNames
) -> FactResult:
    text = source("001")
    catalog = seed_catalog()
    if catalog_names:
        entities = {e.id: e for e in catalog.entities} | catalog_names
        catalog = catalog_of(entities.values())
    stored = StoredCheck(None, None, None, None, support_key=support_key)
    sha = hashlib.sha256(text.raw.encode()).hexdigest()
    return verify_fact(fact, SOURCE, text, sha, catalog, stored)


def parts(result: FactResult) -> dict[str, str]:
    return {part.name: part.found for part in result.parts}


def test_a_passed_value_and_subject_are_not_checked_again_on_the_same_evidence() -> None:
    first = verified()
    assert first.findings == ()
    assert parts(first)["subject"] == "Natalia Sokolova is named in the quote"
    again = verified(support_key=first.support_key)
    assert again.support_key == first.support_key
    assert parts(again)["value"] == "'6 years': supported (unchanged)"
    assert parts(again)["subject"] == "named (unchanged)"


def test_the_stored_key_does_not_carry_over_to_another_entity() -> None:
    key = verified().support_key
    other = verified(replace(FACT, entity="evgeniy-zhovtis"), key)
    assert [f.code for f in other.findings] == [Code.SUBJECT_MISMATCH]
    assert parts(other)["subject"] == "names Natalia Sokolova, Igor Viniavskii instead"
    assert other.support_key is None  # a subject that failed leaves nothing to skip next time


def test_an_entity_renamed_since_the_check_is_checked_again() -> None:
    key = verified().support_key
    renamed = EntityNames("natalia-sokolova", "Natalia Sokolova", "person", ("N. Sokolova",))
    again = verified(FACT, key, **{"natalia-sokolova": renamed})
    assert again.support_key not in (None, key)
    assert parts(again)["subject"] == "Natalia Sokolova is named in the quote"
