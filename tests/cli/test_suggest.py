"""`kzfacts suggest`: verified proposals for a source's uncited values, that `fact import` takes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from tests.conftest import SEEDS, Run, db_scalar

APPEAL = "nhc-iphr-2012-eu-appeal"


@pytest.fixture
def empty_base(tmp_path: Path, run: Run) -> Path:
    """The seed sources and entities, without a single fact."""
    shutil.copytree(SEEDS, tmp_path / "seeds", ignore=shutil.ignore_patterns("facts"))
    assert run("init").exit_code == 0
    loaded = run("load", "seeds")
    assert loaded.exit_code == 0, loaded.stderr
    return tmp_path


def test_suggestions_for_a_new_document_import_as_they_are(empty_base: Path, run: Run) -> None:
    result = run("suggest", APPEAL, "--out", "appeal.yaml", "--ignore", "seeds/ignored_mentions")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == (
        f"34 facts proposed for {APPEAL} (written to appeal.yaml): review them, then "
        "`kzfacts fact import`\n"
    )
    text = (empty_base / "appeal.yaml").read_text(encoding="utf-8")
    records = yaml.safe_load(text)
    release = next(r for r in records if r["id"] == "natalia-sokolova-release_date-8-march-2012")
    assert release == {
        "id": "natalia-sokolova-release_date-8-march-2012",
        "source": APPEAL,
        "subject": "Natalia Sokolova",
        "predicate": "release_date",
        "value": "8 March 2012",
        "quote": "Likewise it was a relief that Natalia Sokolova, a lawyer advising striking oil "
        "workers who was imprisoned for six years in August 2011 for “inciting social hatred” and "
        "conducting “illegal” assemblies, was released from prison on 8 March 2012",
        "note": "suggested, confidence 1.00 (named 'Natalia Sokolova'; predicate from 'released')",
        "entity": "natalia-sokolova",
    }
    assert "# line 222, confidence 1.00\n- id: natalia-sokolova-release_date-8-march-2012" in text
    imported = run("fact", "import", "appeal.yaml")
    assert imported.exit_code == 0, imported.stderr
    assert imported.stdout.startswith("imported 34 facts from appeal.yaml")
    assert db_scalar("select count(*) from fact") == 34
    # Now every value is cited or ignored: nothing left to suggest.
    again = run("suggest", APPEAL, "--ignore", "seeds/ignored_mentions", "--format", "jsonl")
    assert again.exit_code == 0
    assert again.stdout == ""
    assert again.stderr.startswith(f"0 facts proposed for {APPEAL}")


def test_jsonl_from_the_out_suffix_and_a_confidence_threshold(empty_base: Path, run: Run) -> None:
    result = run(
        "suggest", "hrw-2009-stalled-reforms", "--out", "letter.jsonl", "--min-confidence", "0.9",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    lines = (empty_base / "letter.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert [(r["entity"], r["predicate"], r["value"]) for r in records] == [
        ("evgeniy-zhovtis", "sentence_length", "four years"),
    ]
    assert run("fact", "import", "letter.jsonl").exit_code == 0


def test_an_unknown_source_is_one_line(empty_base: Path, run: Run) -> None:
    result = run("suggest", "no-such-source")
    assert result.exit_code == 1
    assert result.stderr == "kzfacts: unknown source 'no-such-source': see `kzfacts source list`\n"


def test_suggest_into_a_missing_folder_is_refused(empty_base: Path, run: Run) -> None:
    result = run("suggest", APPEAL, "--out", "nowhere/appeal.yaml")
    assert result.exit_code == 2
    assert result.stderr == (
        "kzfacts: folder nowhere does not exist: create it or choose another --out\n"
    )
