"""An incremental audit re-checks only what changed, and reports exactly what a full audit does."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.cli.test_warm_audit import write_letters
from tests.conftest import Run


def audit(run: Run, database: str | None, *extra: str) -> dict[str, Any]:
    options = ["--db", database] if database else []
    result = run(*options, "audit", "--format", "json", *extra)
    assert result.exit_code in (0, 1), result.stderr
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def comparable(report: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    return sorted(
        (f["code"], f["fact"] or "", f["source"] or "", f["message"]) for f in report["findings"]
    )


def change_the_corpus(run: Run, root: Path) -> None:
    """Edit one source (a quote altered, others moved) and add a fact to another."""
    appeal = next((root / "seeds").glob("001_*.txt"))
    text = appeal.read_text(encoding="utf-8")
    appeal.write_text(
        "A new opening paragraph.\n\n"
        + text.replace("some 100 were wounded", "some 200 were wounded"),
        encoding="utf-8",
    )
    added = run(
        "fact", "add", "--id", "zhovtis-again",
        "--source", "hrw-2009-stalled-reforms", "--subject", "Evgeniy Zhovtis",
        "--predicate", "sentence_length", "--value", "5 years",
        "--quote", "the fair trial violations in Evgeniy Zhovtis's case",
    )  # fmt: skip
    assert added.exit_code == 1  # value-unsupported: nothing written
    added = run(
        "fact", "add", "--id", "yesergepov-sentencing-2009",
        "--source", "hrw-2009-stalled-reforms", "--subject", "Ramazan Yesergepov",
        "--predicate", "status", "--value", "convicted",
        "--quote", "concern regarding the adoption of the internet law, the sentencing of journalist Ramazan Yesergepov",
    )  # fmt: skip
    assert added.exit_code == 0, added.stderr


def test_incremental_audit_equals_full_audit(
    run: Run, seeded: Path, clone_database: Callable[[], str]
) -> None:
    database = None  # the test's own database (KZFACTS_DB)
    first = audit(run, database)
    assert first["summary"]["full"] is True
    assert first["summary"]["facts_rechecked"] == first["summary"]["facts_checked"]

    change_the_corpus(run, seeded)
    twin = clone_database()

    incremental = audit(run, database)
    full = audit(run, twin, "--full")
    assert incremental["summary"]["full"] is False
    assert full["summary"]["full"] is True
    listed = run("fact", "list", "--source", "nhc-iphr-2012-eu-appeal", "--format", "json").stdout
    appeal = json.loads(listed)
    wounded = sorted(f["id"] for f in appeal if "some 100 were wounded" in f["quote"])
    assert len(wounded) == 2  # the death toll and the injured count share one sentence
    assert incremental["summary"]["facts_rechecked"] == len(appeal) + 1
    assert full["summary"]["facts_rechecked"] == full["summary"]["facts_checked"]
    assert comparable(incremental) == comparable(full)
    codes = [f["code"] for f in incremental["findings"]]
    altered = sorted(f["fact"] for f in incremental["findings"] if f["code"] == "quote-altered")
    assert altered == wounded
    assert codes.count("source-changed") == 1
    assert codes.count("quote-moved") == len(appeal) - 2

    again_incremental = audit(run, database)
    again_full = audit(run, twin, "--full")
    assert again_incremental["summary"]["facts_rechecked"] == 0
    assert comparable(again_incremental) == comparable(again_full)
    assert [f["code"] for f in again_incremental["findings"]] == ["quote-altered", "quote-altered"]


def test_nothing_changed_rechecks_nothing(run: Run, seeded: Path) -> None:
    audit(run, None)
    second = audit(run, None)
    assert second["summary"]["facts_rechecked"] == 0
    assert second["findings"] == []


def test_a_source_still_missing_is_not_rechecked(
    run: Run, seeded: Path, clone_database: Callable[[], str]
) -> None:
    audit(run, None)
    next((seeded / "seeds").glob("000_*.txt")).unlink()
    first = audit(run, None)
    missing = [f for f in first["findings"] if f["code"] == "source-missing"]
    assert len(missing) == 8  # the source itself and its 7 facts
    second = audit(run, None)
    assert second["summary"]["facts_rechecked"] == 0
    assert comparable(second) == comparable(first)
    assert comparable(second) == comparable(audit(run, clone_database(), "--full"))


def placed(report: dict[str, Any]) -> list[str]:
    """Every finding whole (its place in its file, its sides' places), in the order reported."""
    return [json.dumps(f, sort_keys=True) for f in report["findings"]]


def test_contradictions_of_moved_facts_are_carried_and_placed_again(
    run: Run, seeded: Path, clone_database: Callable[[], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two letters disagree on a sentence; a line is added at the top of one, so its fact moves
    to the next line. No value changed: the contradiction is the last audit's, its side in the
    edited letter placed again — what a full audit reports, byte for byte. A fact edited since
    (its value) takes the contradiction pass again."""
    from kzfacts.services.audit import run as audit_run

    folder = write_letters(seeded)
    assert run("load", str(folder)).exit_code == 0
    audit(run, None)
    passes: list[int] = []

    def counted(original: Callable[..., Any]) -> Callable[..., Any]:
        def pass_counted(*args: Any) -> Any:
            passes.append(1)
            return original(*args)

        return pass_counted

    # The audit's own pass, or the placing of the one its worker made (a full audit's).
    monkeypatch.setattr(audit_run, "contradictions", counted(audit_run.contradictions))
    monkeypatch.setattr(audit_run, "placed", counted(audit_run.placed))
    letter = seeded / "letters" / "letter-a.txt"
    letter.write_text("A new first line.\n" + letter.read_text(encoding="utf-8"), "utf-8")
    twin = clone_database()
    incremental = audit(run, None)
    full = audit(run, twin, "--full")
    assert passes == [1]  # the full audit's alone
    assert placed(incremental) == placed(full)
    contradiction = next(f for f in incremental["findings"] if f["code"] == "contradiction")
    sides = {side["fact"]: side["location"] for side in contradiction["sides"]}
    assert sides["nurlanova-four"]["file"] == "letters/letter-a.txt"
    assert (sides["nurlanova-four"]["line"], sides["nurlanova-four"]["column"]) == (3, 1)
    assert (sides["nurlanova-five"]["line"], sides["nurlanova-five"]["column"]) == (2, 1)

    edited = run("fact", "edit", "nurlanova-five", "--value", "about 5 years")
    assert edited.exit_code == 0, edited.output
    twin = clone_database()
    assert placed(audit(run, None)) == placed(audit(run, twin, "--full"))
    assert passes == [1, 1, 1]
