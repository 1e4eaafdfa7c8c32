"""A value and subject that passed are not checked again on the same evidence (the audit's fast
path), and only on it: another entity, or the same entity under other names, is checked anew.
On a real seed passage, with the seed corpus's own entities."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date

from kzfacts.checks.facts import FactItem, FactResult, verify_fact
from kzfacts.checks.findings import Code
from kzfacts.checks.subjects import EntityNames, catalog_of
from tests.checks.test_subjects import seed_catalog, source

# 001: "Natalia Sokolova, a lawyer advising striking oil workers who \n\nwas imprisoned for six
# years in August 2011 ..."
QUOTE = "Natalia Sokolova, a lawyer advising striking oil workers who was imprisoned for six years"
ITEM = FactItem(
    id="sokolova-sentence", source_id="001", quote=QUOTE, value="6 years",
    value_type="duration", reference=date(2012, 3, 14), hint=None, anchor_sha256=None,
    anchor_verdict=None, anchor_detail=None, predicate="sentence_length",
    entity_id="natalia-sokolova",
)  # fmt: skip


def verified(item: FactItem, **catalog_names: EntityNames) -> FactResult:
    text = source("001")
    catalog = seed_catalog()
    if catalog_names:
        entities = {e.id: e for e in catalog.entities} | catalog_names
        catalog = catalog_of(entities.values())
    return verify_fact(item, text, hashlib.sha256(text.raw.encode()).hexdigest(), catalog)


def parts(result: FactResult) -> dict[str, str]:
    return {part.name: part.found for part in result.parts}


def test_a_passed_value_and_subject_are_not_checked_again_on_the_same_evidence() -> None:
    first = verified(ITEM)
    assert first.findings == ()
    assert parts(first)["subject"] == "Natalia Sokolova is named in the quote"
    again = verified(replace(ITEM, support_key=first.support_key))
    assert again.support_key == first.support_key
    assert parts(again)["value"] == "'6 years': supported (unchanged)"
    assert parts(again)["subject"] == "named (unchanged)"


def test_the_stored_key_does_not_carry_over_to_another_entity() -> None:
    key = verified(ITEM).support_key
    other = verified(replace(ITEM, support_key=key, entity_id="evgeniy-zhovtis"))
    assert [f.code for f in other.findings] == [Code.SUBJECT_MISMATCH]
    assert parts(other)["subject"] == "names Natalia Sokolova, Igor Viniavskii instead"
    assert other.support_key is None  # a subject that failed leaves nothing to skip next time


def test_an_entity_renamed_since_the_check_is_checked_again() -> None:
    key = verified(ITEM).support_key
    renamed = EntityNames("natalia-sokolova", "Natalia Sokolova", "person", ("N. Sokolova",))
    again = verified(replace(ITEM, support_key=key), **{"natalia-sokolova": renamed})
    assert again.support_key not in (None, key)
    assert parts(again)["subject"] == "Natalia Sokolova is named in the quote"
