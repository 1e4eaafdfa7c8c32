"""Every example in docs/api.md runs, as written, against a copy of the loaded seed corpus."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs" / "api.md"


def _examples(text: str) -> int:
    return len(re.findall(r"^>>> ", text, re.M))


@pytest.mark.sqlite_only  # the examples open the SQLite file kzfacts.db of the seed copy
def test_every_example_in_docs_api_md_runs(seeded: Path) -> None:
    text = DOCS.read_text(encoding="utf-8")
    parser = doctest.DocTestParser()
    test = parser.get_doctest(text, {}, "docs/api.md", str(DOCS), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0
    assert result.attempted == _examples(text) > 30
