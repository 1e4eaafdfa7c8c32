"""Rows print their columns in their table's order, however SQLAlchemy loaded them."""

from __future__ import annotations

import json

from kzfacts.store.models import Entity, Source, in_table_order
from tests.conftest import Run


def test_columns_follow_the_table_not_the_order_attributes_were_set() -> None:
    source = Source(id="hrw", path="seeds/004.txt")
    fields = list(Source.model_fields)
    for name in reversed(fields):  # as a lazy load or an edit touches them
        setattr(source, name, getattr(source, name))
    assert list(source.model_dump()) != fields  # what made the order change between runs
    assert list(in_table_order(source)) == fields
    assert in_table_order(source, json=True)["path"] == "seeds/004.txt"


def test_source_show_and_entity_list_print_keys_in_table_order(seeded: object, run: Run) -> None:
    shown = json.loads(
        run("source", "show", "hrw-2005-presidential-election", "--format", "json").stdout
    )
    assert list(shown)[: len(Source.model_fields)] == list(Source.model_fields)
    entities = json.loads(run("entity", "list", "--format", "json").stdout)
    assert list(entities[0]) == [*Entity.model_fields, "facts"]
