"""The value parser answers exactly as frozen in tests/data/values_golden.jsonl.gz.

The golden file is written by `values_golden.py` (its docstring says what it holds): seed
sentences, quotes and values, and a generated corpus and draft. It holds its inputs, so a
change of the generators in bench/ changes nothing here until the file is written again. Any change in an answer — a
value found or lost, a bound, an offset, an error message — fails here; a deliberate change
of a rule regenerates the file, and its diff is reviewed.
"""

from __future__ import annotations

import gzip
import json
from typing import Any

import pytest
import values_golden

from kzfacts.values import ValueType


def _rows() -> list[dict[str, Any]]:
    with gzip.open(values_golden.GOLDEN, "rt", encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


ROWS = _rows()


def test_the_golden_file_covers_every_kind_of_input() -> None:
    kinds = {row["kind"] for row in ROWS}
    assert kinds == {
        "seed-sentence",
        "seed-quote",
        "seed-value",
        "corpus-sentence",
        "corpus-quote",
        "corpus-value",
        "draft-sentence",
    }
    assert sum(bool(row["answers"]["reference"]) for row in ROWS) > 2000


@pytest.mark.parametrize("chunk", range(8))
def test_every_answer_is_the_golden_one(chunk: int) -> None:
    for row in ROWS[chunk::8]:
        value_type = ValueType(row["type"]) if row["type"] else None
        short = values_golden.is_short(row["kind"])
        got = json.loads(json.dumps(values_golden.answers(row["text"], value_type, short=short)))
        assert got == row["answers"], row["text"]
