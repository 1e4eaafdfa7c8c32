"""Reading a records file: a line is walked for lone surrogates only when it holds a \\u escape,
the one way a JSON line can carry one; every other line reads as it did. A file with lines that
cannot be read is refused naming each of them, so that one pass over it fixes them all."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kzfacts.services.errors import Refused
from kzfacts.services.records.read import read_records

SEED_QUOTE = "Evgeniy Zhovtis, was sentenced to four years' imprisonment following an unfair trial"


def test_lines_without_an_escape_read_as_parsed(tmp_path: Path) -> None:
    path = tmp_path / "facts.jsonl"
    records = [
        {"id": "a", "quote": SEED_QUOTE, "subject": "Евгений Жовтис"},  # raw UTF-8, no escape
        {"id": "b", "quote": "a backslash-u as text: \\ud800"},  # an escaped backslash
        {"id": "c", "quote": "Zhovtis \u00e9"},  # an escape, no surrogate
    ]
    lines = [
        json.dumps(records[0], ensure_ascii=False),
        json.dumps(records[1]),
        json.dumps(records[2]),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert "\\u" not in lines[0] and "\\\\ud800" in lines[1] and "\\u00e9" in lines[2]
    assert read_records(path) == [(1, records[0]), (2, records[1]), (3, records[2])]


@pytest.mark.parametrize("escape", ["\\ud800", "\\uDC00", "\\udbff"])
def test_a_lone_surrogate_escape_is_still_refused(tmp_path: Path, escape: str) -> None:
    path = tmp_path / "facts.jsonl"
    path.write_text(
        json.dumps({"id": "a", "quote": SEED_QUOTE}) + "\n"
        + '{"id": "b", "quote": "' + SEED_QUOTE + " " + escape + '"}\n',
        encoding="utf-8",
    )  # fmt: skip
    with pytest.raises(Refused) as refused:
        read_records(path)
    code = int(escape[2:], 16)
    assert str(refused.value) == (
        f"{path}:2: a string holds a lone surrogate (U+{code:04X}), which is not a character: "
        "fix the \\u escape; nothing was imported"
    )


def refusal_of(tmp_path: Path, text: str) -> str:
    """The one-line refusal of a records file holding `text`."""
    path = tmp_path / "facts.jsonl"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(Refused) as refused:
        read_records(path)
    return str(refused.value)


GOOD_LINE = json.dumps({"id": "a", "quote": SEED_QUOTE})


def test_every_line_that_cannot_be_read_is_named(tmp_path: Path) -> None:
    text = f'{{"id": \n{GOOD_LINE}\n{{bad\n{{"id": "\\ud800"}}\n'
    assert refusal_of(tmp_path, text) == (
        f"{tmp_path / 'facts.jsonl'}: 3 lines cannot be read (line 1: not valid JSON "
        "(Expecting value, column 8); line 3: not valid JSON (Expecting property name enclosed "
        "in double quotes, column 2); line 4: a string holds a lone surrogate (U+D800), which "
        "is not a character): fix or remove them; nothing was imported"
    )


def test_past_ten_bad_lines_the_rest_are_counted(tmp_path: Path) -> None:
    message = refusal_of(tmp_path, "\n".join(["{"] * 12 + [GOOD_LINE]))
    assert message.startswith(f"{tmp_path / 'facts.jsonl'}: 12 lines cannot be read (line 1: ")
    assert "line 10: not valid JSON" in message and "line 11:" not in message
    assert message.endswith("; and 2 more): fix or remove them; nothing was imported")


def test_one_bad_line_among_good_ones_is_named_with_its_fix(tmp_path: Path) -> None:
    assert refusal_of(tmp_path, f"{GOOD_LINE}\n{{bad\n{GOOD_LINE}\n") == (
        f"{tmp_path / 'facts.jsonl'}:2: not valid JSON (Expecting property name enclosed in "
        "double quotes, column 2): fix or remove the line; nothing was imported"
    )
