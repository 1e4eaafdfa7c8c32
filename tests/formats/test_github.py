"""GitHub Actions workflow commands: exact lines, GitHub's escaping, the summary line."""

from __future__ import annotations

from pathlib import Path

from kzfacts.checks.findings import Code, Finding, Location
from kzfacts.formats.github import escape_data, escape_property, render_github
from tests.conftest import Run


def test_each_severity_becomes_its_command_with_location_and_title() -> None:
    findings = [
        Finding(
            Code.QUOTE_ALTERED,
            "'four' → source 'three' (number)",
            "zhovtis-sentence",
            "hrw-2009",
            location=Location("seeds/000.txt", 9, 541, 9, 645),
        ),
        Finding(
            Code.QUOTE_INEXACT,
            "ordinary words differ",
            "f2",
            "s",
            location=Location("seeds/001.txt", 2, 3),
        ),
        Finding(Code.QUOTE_MOVED, "moved", "f3", "s", location=Location("a.txt", 1, 1, 1, 5)),
        Finding(Code.DUPLICATE_ENTITY, "entities 'a' and 'b' are probably the same"),
    ]
    summary = {"errors": 1, "warnings": 2, "info": 1, "facts_checked": 7, "sources_checked": 2}
    assert render_github(findings, {**summary, "run": 4}).splitlines() == [
        "::error file=seeds/000.txt,line=9,col=541,endLine=9,endColumn=645,title=quote-altered"
        "::zhovtis-sentence: 'four' → source 'three' (number)",
        "::warning file=seeds/001.txt,line=2,col=3,title=quote-inexact::f2: ordinary words differ",
        "::notice file=a.txt,line=1,col=1,endLine=1,endColumn=5,title=quote-moved::f3: moved",
        "::warning title=duplicate-entity::entities 'a' and 'b' are probably the same",
        "kzfacts: audited 7 facts in 2 sources: 1 error, 2 warnings, 1 notice (run 4)",
    ]


def test_messages_and_properties_are_escaped() -> None:
    finding = Finding(
        Code.QUOTE_NOT_FOUND,
        'quote "100% true\r\nnext line" not found',
        location=Location("C:\\data\\a,b:c%.txt", 1, 2),
    )
    assert render_github([finding], {}).splitlines() == [
        "::error file=C%3A/data/a%2Cb%3Ac%25.txt,line=1,col=2,title=quote-not-found"
        '::quote "100%25 true%0D%0Anext line" not found',
        "kzfacts: 1 error, 0 warnings, 0 notices",
    ]


def test_escaping_order_keeps_percent_escapes_unambiguous() -> None:
    assert escape_data("%0A\n") == "%250A%0A"
    assert escape_property("a:b,c\n%") == "a%3Ab%2Cc%0A%25"


def test_no_findings_prints_only_the_summary() -> None:
    assert render_github([], {"errors": 0, "warnings": 0, "info": 0}) == (
        "kzfacts: 0 errors, 0 warnings, 0 notices"
    )


def test_audit_annotates_the_changed_source(run: Run, seeded: Path) -> None:
    letter = next((seeded / "seeds").glob("000_*.txt"))
    letter.write_text(
        letter.read_text(encoding="utf-8").replace("four years'", "three years'"),
        encoding="utf-8",
    )
    result = run("audit", "--format", "github")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert (
        "::error file=seeds/000_62835f79900889c0.txt,line=9,col=541,endLine=9,endColumn=645,"
        "title=quote-altered::zhovtis-sentence-length-2009: the quote differs from the source in "
        "protected words: 'four' → source 'three' (number)"
    ) in lines
    assert sum(line.startswith("::error ") for line in lines) == 2
    assert (
        lines[-1]
        == "kzfacts: audited 173 facts in 5 sources: 2 errors, 1 warning, 2 notices (run 1)"
    )
