"""`kzfacts check`: drafts about the seed corpus, through the real CLI on the seeded database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kzfacts import FactDB
from tests.cli.test_startup import loaded_after
from tests.conftest import BACKEND, PROJECT, Run

EXAMPLES = PROJECT / "docs" / "examples"

DRAFT = """\
---
title: A draft about the seed corpus
---

# Rights defenders

Evgeniy Zhovtis was sentenced to four years' imprisonment [@zhovtis-sentence-length-2009].
Natalia Sokolova was released on 8 March 2012 [@sokolova-release-date].
In Zhanaozen, some 100 people were wounded in December 2011.
Vladimir Kozlov was jailed [@kozlov-sentence-2012].
Human Rights Watch said Zhovtis got five years [@zhovtis-sentence-length-2009; @zhovtis-status-2009].

<!-- kzfacts ignore-next-line reason="a figure from our own newsroom" -->
Our newsroom counted 40 protesters.

<!-- kzfacts off -->
Nobody checks the 7 claims in here.
<!-- kzfacts on -->

```console
$ kzfacts check --for 10 minutes
```
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def check_json(run: Run, *args: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    result = run("check", *args, "--format", "json")
    return result.exit_code, json.loads(result.stdout)


def places(report: dict) -> list[tuple[str, str, int, int, str | None]]:  # type: ignore[type-arg]
    return [(f["code"], f["file"], f["line"], f["column"], f["fact"]) for f in report["findings"]]


def test_a_draft_with_every_kind_of_problem(run: Run, seeded: Path) -> None:
    write(seeded, "draft.md", DRAFT)
    code, report = check_json(run, "draft.md")
    assert code == 1
    assert places(report) == [
        ("unsourced-claim", "draft.md", 9, 15, None),
        ("unknown-fact", "draft.md", 10, 29, "kozlov-sentence-2012"),
        ("claim-mismatch", "draft.md", 11, 37, "zhovtis-sentence-length-2009"),
    ]
    unsourced, unknown, mismatch = report["findings"]
    assert unsourced["claims"] == ["some 100", "December 2011"]
    assert [s["fact"] for s in unsourced["suggestions"]] == [
        "zhanaozen-events-2011-date-2012",
        "zhanaozen-events-2011-date-2014",
        "zhanaozen-events-2011-injured-2012",
    ]
    assert unknown["did_you_mean"] == []
    assert (mismatch["end_line"], mismatch["end_column"]) == (11, 47)
    assert mismatch["stated"] == ["five years"]
    assert mismatch["quote"] == (
        "the country's leading human rights defender, Evgeniy Zhovtis, "
        "was sentenced to four years' imprisonment"
    )
    assert report["summary"] == {
        "files": 1,
        "sentences": 8,
        "claims": 6,
        "citations": 5,
        "suppressions": 2,
        "suppressed": 2,
        "facts": 173,
        "errors": 3,
        "warnings": 0,
        "info": 0,
        "by_code": {"claim-mismatch": 1, "unknown-fact": 1, "unsourced-claim": 1},
    }


def test_a_cited_fact_the_last_audit_broke(run: Run, seeded: Path) -> None:
    source = next((seeded / "seeds").glob("000_*.txt"))
    source.write_text(
        source.read_text(encoding="utf-8").replace("four years'", "three years'"),
        encoding="utf-8",
    )
    assert run("audit").exit_code == 1
    write(seeded, "draft.md", "Zhovtis got four years [@zhovtis-sentence-length-2009].\n")
    code, report = check_json(run, "draft.md")
    assert code == 1
    assert places(report) == [
        ("cites-broken-fact", "draft.md", 1, 25, "zhovtis-sentence-length-2009")
    ]
    assert report["findings"][0]["audit_codes"] == ["quote-altered"]
    assert report["findings"][0]["source"] == "hrw-2009-stalled-reforms"


def test_text_report_names_file_line_and_column(run: Run, seeded: Path) -> None:
    write(seeded, "draft.md", DRAFT)
    result = run("check", "draft.md")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "draft.md"
    assert lines[1].split()[:3] == ["error", "unsourced-claim", "9:15:"]
    assert lines[2].split()[:3] == ["error", "unknown-fact", "10:29:"]
    assert "[@kozlov-sentence-2012]" in lines[2]  # brackets survive: no Rich markup
    assert lines[-1] == (
        "checked 1 file: 8 sentences, 6 claims, 5 citations; 2 suppressions silenced 2 findings"
    )
    assert result.stderr == ""


def test_the_example_draft_passes_and_the_broken_one_fails(run: Run, seeded: Path) -> None:
    clean = run("check", str(EXAMPLES / "draft.md"))
    assert clean.exit_code == 0, clean.stdout
    code, report = check_json(run, str(EXAMPLES / "draft-broken.md"))
    assert code == 1
    assert [(f["code"], f["line"], f["column"]) for f in report["findings"]] == [
        ("claim-mismatch", 4, 18),
        ("unknown-fact", 5, 63),
        ("unsourced-claim", 6, 55),
    ]
    assert report["findings"][1]["did_you_mean"] == ["zhanaozen-events-2011-death-toll-2012"]


def test_github_and_sarif_formats_carry_the_location(run: Run, seeded: Path) -> None:
    write(seeded, "draft.md", "Zhovtis got five years [@zhovtis-sentence-length-2009].\n")
    github = run("check", "draft.md", "--format", "github")
    assert github.exit_code == 1
    assert github.stdout.startswith(
        "::error file=draft.md,line=1,col=13,endLine=1,endColumn=23,title=claim-mismatch::"
    )
    sarif = json.loads(run("check", "draft.md", "--format", "sarif").stdout)
    result = sarif["runs"][0]["results"][0]
    assert result["ruleId"] == "claim-mismatch"
    assert result["locations"][0]["physicalLocation"]["region"]["startColumn"] == 13


def test_fail_on_and_several_files(run: Run, seeded: Path) -> None:
    write(seeded, "a.md", "Zhovtis got four years [@zhovtis-sentence-length-2009].\n")
    write(seeded, "b.txt", "Nothing to check here.\n")
    code, report = check_json(run, "a.md", "b.txt", "--fail-on", "warning")
    assert (code, report["findings"], report["summary"]["files"]) == (0, [], 2)


def test_missing_or_unreadable_draft_is_a_usage_error(run: Run, seeded: Path) -> None:
    missing = run("check", "nowhere.md")
    assert (missing.exit_code, missing.stdout) == (2, "")
    assert missing.stderr == "kzfacts: no such draft file: nowhere.md\n"
    (seeded / "binary.md").write_bytes(b"\xff\xfe\x00bad")
    binary = run("check", "binary.md")
    assert (binary.exit_code, binary.stderr) == (
        2,
        "kzfacts: cannot read binary.md: not UTF-8 text\n",
    )
    folder = run("check", "seeds")
    assert folder.exit_code == 2
    assert folder.stderr.startswith("kzfacts: seeds is a folder")


def test_bad_directive_is_reported_on_stderr(run: Run, seeded: Path) -> None:
    write(seeded, "draft.md", "<!-- kzfacts disable -->\nNo claims here.\n")
    result = run("check", "draft.md")
    assert result.exit_code == 0
    assert result.stderr.startswith("kzfacts: draft.md:1: unreadable directive")


SQLITE_AND_ORM = """\
Evgeniy Zhovtis was sentenced to five years [@zhovtis-sentence-length-2009].
Natalia Sokolova was released on 8 March [@sokolova-release-date].
Natalia Sokolova was released on 9 March [@sokolova-release-date].
In Zhanaozen, some 100 people were wounded in December 2011.
The toll rose [@zhanaozen-death-toll] and Kozlov was jailed [@kozlov-sentence-2012].
Zhovtis was sentenced in 2009 [@zhovtis-status-2009].
Natalia Sokolova got six years [@sokolova-sentence-length-2011].
"""


@pytest.mark.skipif(BACKEND != "sqlite", reason="an SQLite file read with sqlite3 or the ORM")
def test_an_sqlite_file_is_checked_without_sqlalchemy_as_the_orm_checks_it(
    run: Run, seeded: Path
) -> None:
    """`check` reads an SQLite file named by its path with `sqlite3`, and a URL through the
    ORM: the same findings and bytes in every format, broken, removed and unknown facts and a
    yearless date read in its source's year included."""
    source = next((seeded / "seeds").glob("000_*.txt"))
    source.write_text(
        source.read_text(encoding="utf-8").replace("four years'", "three years'"),
        encoding="utf-8",
    )
    assert run("audit").exit_code == 1
    removed = run("fact", "remove", "zhovtis-status-2009", "--reason", "status disputed")
    assert removed.exit_code == 0, removed.stdout + removed.stderr
    write(seeded, "draft.md", SQLITE_AND_ORM)
    path, url = str(seeded / "kzfacts.db"), f"sqlite:///{seeded / 'kzfacts.db'}"
    for output_format in ("text", "json", "claimreview"):
        by_path = run("--db", path, "check", "draft.md", "--format", output_format)
        by_url = run("--db", url, "check", "draft.md", "--format", output_format)
        assert (by_path.exit_code, by_path.stdout) == (by_url.exit_code, by_url.stdout)
    code, report = check_json(run, "draft.md")  # KZFACTS_DB: the file's path
    assert code == 1
    assert places(report) == [
        ("claim-mismatch", "draft.md", 1, 34, "zhovtis-sentence-length-2009"),
        ("cites-broken-fact", "draft.md", 1, 46, "zhovtis-sentence-length-2009"),
        ("claim-mismatch", "draft.md", 3, 34, "sokolova-release-date"),  # at "9 March"
        ("unsourced-claim", "draft.md", 4, 15, None),
        ("unknown-fact", "draft.md", 5, 16, "zhanaozen-death-toll"),
        ("unknown-fact", "draft.md", 5, 62, "kozlov-sentence-2012"),
        ("cites-removed-fact", "draft.md", 6, 32, "zhovtis-status-2009"),
    ]
    assert report["findings"][2]["stated"] == ["9 March"]  # 8 March is the fact's, in 2012
    assert report["findings"][4]["did_you_mean"] == ["zhanaozen-events-2011-death-toll-2012"]
    assert report["findings"][6]["reason"] == "status disputed"
    with FactDB.open(path) as by_file, FactDB.open(url) as by_engine:
        assert by_file.check_draft(Path("draft.md")) == by_engine.check_draft(Path("draft.md"))
    output, modules = loaded_after("--db", path, "check", "draft.md")
    assert "sqlalchemy" not in modules
    assert output + "\n" == run("--db", url, "check", "draft.md").stdout


@pytest.mark.skipif(BACKEND != "sqlite", reason="an SQLite file read with sqlite3")
def test_only_the_cited_facts_are_read_with_their_quote_and_source(
    run: Run, seeded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check reads the category, quote and source of the facts the draft cites alone (a
    few ids at a time here): the same findings as with every fact read in full, broken, removed, unknown
    and mismatched facts included."""
    from contextlib import closing

    from kzfacts.services import drafts as service
    from kzfacts.store import sqlite

    source = next((seeded / "seeds").glob("000_*.txt"))
    source.write_text(
        source.read_text(encoding="utf-8").replace("four years'", "three years'"),
        encoding="utf-8",
    )
    assert run("audit").exit_code == 1
    assert run("fact", "remove", "zhovtis-status-2009", "--reason", "disputed").exit_code == 0
    monkeypatch.setattr(service, "CITED_AT_ONCE", 2)
    drafts = [("draft.md", SQLITE_AND_ORM)]
    with closing(sqlite.open_at_head(seeded / "kzfacts.db")) as connection:
        full = service.load_fact_base(connection)
        with service.DraftCheck(drafts) as checking:
            cited = checking.cited
            lean = service.load_fact_base(connection, cited)
            (lean_result,) = checking.run(lean)
    with service.DraftCheck(drafts) as checking:
        (full_result,) = checking.run(full)
    assert cited == {
        "zhovtis-sentence-length-2009",
        "sokolova-release-date",
        "zhanaozen-death-toll",
        "kozlov-sentence-2012",
        "zhovtis-status-2009",
        "sokolova-sentence-length-2011",
    }
    assert list(lean.facts) == list(full.facts)  # the same facts in the same order
    for fact_id, fact in full.facts.items():
        if fact_id in cited:
            assert lean.facts[fact_id] == fact
        else:  # the columns that find and name a suggestion, nothing else
            uncited = lean.facts[fact_id]
            assert tuple(uncited) == tuple(fact)[:7]  # type: ignore[arg-type]
            assert (uncited.value_category, uncited.quote, uncited.source_id) == (None, None, None)
    zhovtis = lean.facts["zhovtis-sentence-length-2009"]
    assert (zhovtis.source_id, zhovtis.value) == ("hrw-2009-stalled-reforms", "4 years")
    assert zhovtis.quote == (
        "the country's leading human rights defender, Evgeniy Zhovtis, was sentenced to "
        "four years' imprisonment"
    )
    assert lean_result == full_result
    assert [(f.code.value, f.fact) for f in lean_result.findings] == [
        ("claim-mismatch", "zhovtis-sentence-length-2009"),
        ("cites-broken-fact", "zhovtis-sentence-length-2009"),
        ("claim-mismatch", "sokolova-release-date"),
        ("unsourced-claim", None),
        ("unknown-fact", "zhanaozen-death-toll"),
        ("unknown-fact", "kozlov-sentence-2012"),
        ("cites-removed-fact", "zhovtis-status-2009"),
    ]
    assert lean_result.findings[0].detail["quote"] == zhovtis.quote
    assert lean_result.findings[1].source == "hrw-2009-stalled-reforms"
