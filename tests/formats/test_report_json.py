"""The audit's JSON report is written by `indented_json`, which must give the very text of
`json.dumps(data, ensure_ascii=False, indent=2, default=str)` (the standard library's own
indented encoder, several times slower): on a real audit of the seed corpus, and on any
JSON-like value."""

from __future__ import annotations

import json
from datetime import date
from enum import IntEnum
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kzfacts.checks.findings import Code, Severity
from kzfacts.formats.report import indented_json
from tests.conftest import Run


def standard(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)


def test_a_seed_audit_report_is_the_standard_text(seeded: Path, run: Run) -> None:
    appeal = next((seeded / "seeds").glob("001_*.txt"))
    text = appeal.read_text(encoding="utf-8")
    appeal.write_text(text.replace("some 100 were wounded", "some 200 were wounded"), "utf-8")
    printed = run("audit", "--format", "json").stdout
    report = json.loads(printed)
    assert {f["code"] for f in report["findings"]} >= {"quote-altered", "source-changed"}
    assert printed == standard(report) + "\n"
    assert indented_json(report) == standard(report)


class Level(IntEnum):
    LOW = 1


scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text()
    | st.sampled_from([Code.QUOTE_ALTERED, Severity.ERROR, Level.LOW, date(2009, 11, 18)])
)
keys = st.text() | st.integers() | st.floats(allow_nan=False) | st.booleans() | st.none()
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.lists(inner, max_size=3).map(tuple)
        | st.dictionaries(keys, inner, max_size=4)
    ),
    max_leaves=30,
)


@settings(max_examples=400, deadline=None)
@given(values)
def test_any_value_is_written_as_the_standard_library_writes_it(value: Any) -> None:
    assert indented_json(value) == standard(value)


def test_what_the_standard_library_refuses_is_refused() -> None:
    circular: list[Any] = [1]
    circular.append({"again": circular})
    with pytest.raises(ValueError, match="Circular reference detected"):
        standard(circular)
    with pytest.raises(ValueError, match="Circular reference detected"):
        indented_json(circular)
    message = "keys must be str, int, float, bool or None, not tuple"
    for encode in (standard, indented_json):
        with pytest.raises(TypeError, match=message):
            encode({(1, 2): "pair"})
