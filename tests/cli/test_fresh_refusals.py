"""A fresh audit whose folder does not load reports its refused records in the format asked
for, each at its record's line, so that a CI step's annotations and SARIF upload say why."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import SEEDS, Run
from tests.formats.test_sarif import valid

FACTS_FILE = "seeds/facts/hrw-2009-stalled-reforms.yaml"
WHY = "the quote differs from the source in protected words: 'four' → source 'five' (number)"


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    """The shipped seeds as a clone holds them."""
    shutil.copytree(SEEDS, tmp_path / "seeds")
    return tmp_path


def edited(clone: Path) -> Path:
    """The 2009 letter edited so that two of its facts' quotes no longer match."""
    (text,) = (clone / "seeds").glob("000_*.txt")
    body = text.read_text(encoding="utf-8")
    old = "was sentenced to four years' imprisonment"
    assert body.count(old) == 1
    text.write_text(body.replace(old, "was sentenced to five years' imprisonment"), "utf-8")
    return clone


def fresh(run: Run, clone: Path, output_format: str) -> tuple[int, str, str]:
    done = run(
        "--root", str(clone), "audit", "--fresh", str(clone / "seeds"), "--format", output_format
    )  # fmt: skip
    return done.exit_code, done.stdout, done.stderr


def test_refused_records_become_annotations_at_their_lines(run: Run, clone: Path) -> None:
    code, out, err = fresh(run, edited(clone), "github")
    assert code == 1
    assert out.splitlines() == [
        f"::error file={FACTS_FILE},line=25,col=1,title=quote-altered::"
        f"zhovtis-sentence-length-2009: record 4 is refused: {WHY}",
        f"::error file={FACTS_FILE},line=34,col=1,title=quote-altered::"
        f"zhovtis-status-2009: record 5 is refused: {WHY}",
        "kzfacts: 2 errors, 0 warnings, 0 notices",
    ]
    assert err.splitlines()[-1] == (
        f"kzfacts: 2 bad record(s) in {clone / 'seeds'}: fix them, or the source texts their "
        "quotes no longer match"
    )
    lines = (clone / FACTS_FILE).read_text(encoding="utf-8").splitlines()
    assert (lines[24], lines[33]) == (
        "- id: zhovtis-sentence-length-2009",
        "- id: zhovtis-status-2009",
    )


def test_refused_records_make_a_sarif_log_code_scanning_accepts(run: Run, clone: Path) -> None:
    code, out, _ = fresh(run, edited(clone), "sarif")
    assert code == 1
    results = valid(json.loads(out))["runs"][0]["results"]
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]) for r in results] == [
        ("quote-altered", {"startLine": 25, "startColumn": 1}),
        ("quote-altered", {"startLine": 34, "startColumn": 1}),
    ]


def test_the_text_format_keeps_its_one_line_refusal(run: Run, clone: Path) -> None:
    code, out, err = fresh(run, edited(clone), "text")
    assert (code, out) == (1, "")
    assert err.splitlines()[0] == (
        f"{clone / 'seeds'}/facts/hrw-2009-stalled-reforms.yaml record 4 "
        f"('zhovtis-sentence-length-2009'): quote-altered: {WHY}"
    )


def test_the_seeds_as_shipped_load_and_pass(run: Run, clone: Path) -> None:
    code, out, _ = fresh(run, clone, "github")
    assert (code, out.splitlines()) == (
        0,
        ["kzfacts: audited 173 facts in 5 sources: 0 errors, 0 warnings, 0 notices (run 1)"],
    )
