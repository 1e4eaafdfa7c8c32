"""A quote that runs from the foot of one PDF page onto the next is cited on both ("pp. 7–8",
`last_page`), and its neighbour that ends at the foot of the page on that page alone.

The 2005 letter (seed 004) typeset as ten pages breaks a seed quote after "Of dozens of
incidents of state antagonism", the last line of page 7; page 8 opens with its running header,
its "Page 8 of 10" footer and "toward critical media observed by Human Rights Watch".
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from kzfacts import FactDB
from tests.conftest import Run, seed_text
from tests.sources.documents import write_pdf

SUBJECT = "incidents of state antagonism toward critical media"
ENTITY = "incidents-of-state-antagonism-toward-critical-media"
ACROSS = "Of dozens of incidents of state antagonism toward critical media observed by Human Rights Watch"
ON_PAGE_7 = "Of dozens of incidents of state antagonism"  # ends just before the form feed
FACTS = {"across": ACROSS, "on-page-7": ON_PAGE_7}


@pytest.fixture
def letter(run: Run, tmp_path: Path) -> Path:
    """The letter as a PDF, registered as `letter`."""
    assert run("init").exit_code == 0
    pdf = tmp_path / "letter.pdf"
    assert len(write_pdf(seed_text("004"), pdf)) == 10
    added = run("source", "add", str(pdf), "--id", "letter", "--published", "2005-11")
    assert added.exit_code == 0, added.stderr
    return pdf


def add_both(run: Run) -> list[str]:
    """Add the fact quoted across the page break, then its neighbour: what `fact add` prints."""
    printed = []
    for fact_id, quote in FACTS.items():
        entity = ["--new-entity"] if fact_id == "across" else ["--entity", ENTITY]
        added = run(
            "fact", "add", "--id", fact_id, "--source", "letter", "--subject", SUBJECT,
            "--predicate", "count", "--value", "dozens", "--quote", quote, *entity,
        )  # fmt: skip
        assert added.exit_code == 0, added.stderr
        printed.append(added.stdout)
    return printed


def test_fact_add_and_show_cite_the_pages_a_quote_covers(run: Run, letter: Path) -> None:
    assert add_both(run) == [
        f"added across: letter pp. 7–8, line 296, characters 23291-23427 (exact), entity {ENTITY}\n",
        f"added on-page-7: letter p. 7, line 296, characters 23291-23333 (exact), entity {ENTITY}\n",
    ]
    shown = {fact_id: run("fact", "show", fact_id).stdout for fact_id in FACTS}
    assert "\npage        7–8\n" in shown["across"]
    assert "\npage        7\n" in shown["on-page-7"]
    anchors = {
        fact_id: json.loads(run("fact", "show", fact_id, "--format", "json").stdout)["anchor"]
        for fact_id in FACTS
    }
    assert {k: (a["page"], a["last_page"]) for k, a in anchors.items()} == {
        "across": (7, 8),
        "on-page-7": (7, 7),
    }


def test_the_api_result_gives_the_first_and_the_last_page(letter: Path, tmp_path: Path) -> None:
    with FactDB.open(os.environ["KZFACTS_DB"], tmp_path) as db:
        results = [
            db.add_fact(
                fact_id, source="letter", subject=SUBJECT, predicate="count", value="dozens",
                quote=quote, entity=ENTITY if fact_id != "across" else None,
                new_entity=fact_id == "across",
            ).to_dict()
            for fact_id, quote in FACTS.items()
        ]  # fmt: skip
    assert [(r["id"], r["page"], r["last_page"]) for r in results] == [
        ("across", 7, 8),
        ("on-page-7", 7, 7),
    ]


def test_findings_name_the_pages_of_the_quote(run: Run, letter: Path) -> None:
    add_both(run)
    # A corrected edition says "scores": both quotes are altered where they stood.
    write_pdf(seed_text("004").replace("Of dozens of incidents", "Of scores of incidents"), letter)
    findings = json.loads(run("audit", "--format", "json").stdout)["findings"]
    assert [
        (f["fact"], f["page"], f["last_page"]) for f in findings if f["code"] == "quote-altered"
    ] == [("across", 7, 8), ("on-page-7", 7, 7)]
    text = run("audit", "--full").stdout
    assert "  error   quote-altered        across (pp. 7–8): the quote differs" in text
    assert "  error   quote-altered        on-page-7 (p. 7): the quote differs" in text
    sarif = json.loads(run("audit", "--full", "--format", "sarif").stdout)
    messages = sorted(r["message"]["text"] for r in sarif["runs"][0]["results"])
    assert [m.split(":")[0] for m in messages if not m.startswith("letter.pdf")] == [
        "across (pp. 7–8)",
        "on-page-7 (p. 7)",
    ]
    report = run("report", "--output", "-").stdout
    assert "<code>across</code> · pp. 7–8 · " in report
    assert "<code>on-page-7</code> · p. 7 · " in report
    diff = run("source", "diff", "letter")
    assert "  across (pp. 7–8 → pp. 7–8): changed\n" in diff.stdout
    assert "  on-page-7 (p. 7 → p. 7): changed\n" in diff.stdout
    passages = json.loads(run("source", "diff", "letter", "--format", "json").stdout)["passages"]
    assert [
        (p["fact"], p["old_page"], p["old_last_page"], p["new_page"], p["new_last_page"])
        for p in passages
    ] == [("across", 7, 8, 7, 8), ("on-page-7", 7, 7, 7, 7)]


def test_annotations_name_the_pages_of_the_quote(run: Run, letter: Path) -> None:
    """A finding in a PDF is annotated on the whole file: its message gives the pages, as the
    text report and SARIF do."""
    add_both(run)
    write_pdf(seed_text("004").replace("Of dozens of incidents", "Of scores of incidents"), letter)
    github = run("audit", "--full", "--format", "github")
    altered = "the quote differs from the source in protected words: 'dozens' → source 'scores'"
    assert github.stdout.splitlines()[1:] == [
        f"::error file=letter.pdf,title=quote-altered::across (pp. 7–8): {altered} (number)",
        f"::error file=letter.pdf,title=quote-altered::on-page-7 (p. 7): {altered} (number)",
        "kzfacts: audited 2 facts in 1 source: 2 errors, 1 warning, 0 notices (run 1)",
    ]


def test_exports_cite_the_pages_and_point_at_the_first(run: Run, letter: Path) -> None:
    add_both(run)
    claims = json.loads(run("fact", "export", "--format", "claim").stdout)["@graph"]
    assert {c["identifier"]: c["appearance"]["isPartOf"]["pagination"] for c in claims} == {
        "across": "pp. 7–8",
        "on-page-7": "p. 7",
    }
    # A PDF fragment names one page: the one the quote begins on.
    items = json.loads(run("fact", "export", "--format", "annotation").stdout)["first"]["items"]
    fragments = {
        item["id"]: [s["value"] for s in item["target"]["selector"] if "conformsTo" in s]
        for item in items
    }
    assert fragments == {
        "urn:kzfacts:fact:across": ["page=7"],
        "urn:kzfacts:fact:on-page-7": ["page=7"],
    }
