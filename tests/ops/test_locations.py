"""Where a finding about an entity or fact points when no quote places it: the line of the
file that defines its id, in every way the loaded files write one."""

from __future__ import annotations

from pathlib import Path

from kzfacts.checks.findings import Location
from kzfacts.services.audit.locations import LineIndex, _id_lines
from kzfacts.text.normalize import line_and_column


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


def test_the_line_index_places_every_offset_as_counting_from_the_start_does() -> None:
    """The audit indexes a source's line breaks once; each offset gets the line and column
    `line_and_column` counts (LF, CRLF and a lone CR each end a line; an offset between the CR
    and LF of a pair, before the text and past its end), on a seed text and on mixed breaks."""
    seed = (Path(__file__).parents[2] / "seeds" / "001_a1ab934a03b6f5dc.txt").read_text("utf-8")
    mixed = "one\r\ntwo\rthree\n\nfour\r\n\r\nfive\r"
    for text in (seed, mixed, "", "no break"):
        index = LineIndex(text)
        for offset in range(-2, len(text) + 3):
            assert index.line_and_column(offset) == line_and_column(text, offset), offset
    # The first offsets of a text of line feeds alone are counted, not looked up in the index.
    for offset in range(0, len(seed) + 1, 97):
        counted = LineIndex(seed)
        assert counted.line_and_column(offset) == line_and_column(seed, offset), offset
        assert counted._breaks is None
    index = LineIndex(mixed)
    # the CR of "one\r\n", between it and its LF, after the pair; after a lone CR; the blank line
    assert [index.line_and_column(o) for o in (3, 4, 5, 9, 15, 16, 21, 24)] == [
        (1, 4), (2, 1), (2, 1), (3, 1), (4, 1), (5, 1), (6, 1), (7, 1),
    ]  # fmt: skip
    assert index.locate("a.txt", 5, 9) == Location("a.txt", 2, 1, 3, 1)
    assert index.locate("a.txt", 16) == Location("a.txt", 5, 1)
