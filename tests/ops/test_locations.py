"""Where a finding about an entity or fact points when no quote places it: the line of the
file that defines its id, in every way the loaded files write one."""

from __future__ import annotations

from pathlib import Path

from kzfacts.services.audit.locations import _id_lines


def test_ids_are_found_in_block_flow_toml_and_json_lines(tmp_path: Path) -> None:
    path = tmp_path / "entities.yaml"
    path.write_text(
        "- id: evgeniy-zhovtis\n"
        "  name: Evgeniy Zhovtis\n"
        '- {id: vladimir-kozlov, name: "Vladimir Kozlov", kind: person}\n'
        "- { id: 'roza-tuletaeva' , name: Roza Tuletaeva}\n"
        'id = "hrw-2009-stalled-reforms"\n'
        '  {"id": "zhanaozen-events", "name": "Zhanaozen events"},\n'
        "  name: not an id: vladimir-kozlov\n"
        "- {name: Nobody, id: after-the-name}\n",
        encoding="utf-8",
    )
    assert _id_lines(path) == [
        (1, "evgeniy-zhovtis"),
        (3, "vladimir-kozlov"),
        (4, "roza-tuletaeva"),
        (5, "hrw-2009-stalled-reforms"),
        (6, "zhanaozen-events"),
    ]


def test_an_unreadable_file_defines_nothing(tmp_path: Path) -> None:
    assert _id_lines(tmp_path / "missing.yaml") == []
