"""The shipped fact base: complete, cited, and clean under audit."""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

from tests.conftest import SEEDS, Run


def test_every_seed_document_is_registered(seeded: Path) -> None:
    registered = tomllib.loads((SEEDS / "sources.toml").read_text(encoding="utf-8"))["source"]
    assert sorted(s["path"] for s in registered) == sorted(p.name for p in SEEDS.glob("*.txt"))


def test_seed_audit_is_clean(run: Run, seeded: Path) -> None:
    result = run("audit", "--format", "json")
    report = json.loads(result.stdout)
    assert result.exit_code == 0
    assert report["findings"] == []
    assert report["summary"]["facts_checked"] >= 170
    assert report["summary"]["sources_checked"] == 5


def test_every_value_mention_is_cited_or_ignored_with_a_reason(run: Run, seeded: Path) -> None:
    result = run("source", "coverage", "--ignore", "seeds/ignored_mentions", "--format", "json")
    report = json.loads(result.stdout)
    missing = {r["source"]: r["uncovered"] for r in report if r["uncovered"]}
    assert missing == {}, f"value mentions with no fact and no ignore entry: {missing}"
    assert result.exit_code == 0
    assert sum(r["mentions"] for r in report) >= 190


def test_a_new_document_without_facts_fails_coverage_and_names_its_mentions(
    run: Run, seeded: Path
) -> None:
    new = seeded / "seeds" / "005_new.txt"
    new.write_text("On 3 May 2013 police detained 42 protesters in Almaty.\n", encoding="utf-8")
    assert (
        run(
            "source", "add", "seeds/005_new.txt", "--id", "new-doc", "--published", "2013-05-04"
        ).exit_code
        == 0
    )
    result = run("source", "coverage", "--ignore", "seeds/ignored_mentions")
    assert result.exit_code == 1
    assert "new-doc: 2 value mentions, 2 not cited" in result.stdout
    assert "line 1: '3 May 2013' (date)" in result.stdout
    assert "line 1: '42' (count)" in result.stdout


def test_sokolova_reduced_sentence_is_a_revision_not_a_contradiction(
    run: Run, seeded: Path
) -> None:
    timeline = json.loads(run("entity", "show", "natalia-sokolova", "--format", "json").stdout)[
        "timeline"
    ]
    lengths = [
        (t["value"], t["supersedes"]) for t in timeline if t["predicate"] == "sentence_length"
    ]
    assert lengths == [("6 years", None), ("3 years", "sokolova-sentence-length-2011")]
    report = json.loads(run("audit", "--format", "json").stdout)
    assert [f for f in report["findings"] if f["code"] == "contradiction"] == []


def test_without_the_revision_link_the_two_sentences_contradict(
    run: Run, seeded: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other"
    shutil.copytree(SEEDS, other / "seeds")
    facts = other / "seeds" / "facts" / "nhc-iphr-2012-eu-appeal.yaml"
    text = facts.read_text(encoding="utf-8")
    facts.write_text(
        text.replace(
            "supersedes: sokolova-sentence-length-2011", "note: revision link removed"
        ).replace("as_of: 2012-03\n", "as_of: 2011-08\n"),
        encoding="utf-8",
    )
    assert run("--db", str(other / "k.db"), "init").exit_code == 0
    assert run("--db", str(other / "k.db"), "load", str(other / "seeds")).exit_code == 0
    report = json.loads(run("--db", str(other / "k.db"), "audit", "--format", "json").stdout)
    contradictions = [f for f in report["findings"] if f["code"] == "contradiction"]
    assert [sorted(s["fact"] for s in f["sides"]) for f in contradictions] == [
        ["sokolova-sentence-length-2011", "sokolova-sentence-length-2012"]
    ]


def test_load_twice_changes_nothing(run: Run, seeded: Path) -> None:
    before = run("fact", "list", "--format", "json").stdout
    again = run("load", "seeds")
    assert again.exit_code == 0
    assert "0 sources, 0 entities, 0 aliases, 0 facts added" in again.stdout
    assert run("fact", "list", "--format", "json").stdout == before
