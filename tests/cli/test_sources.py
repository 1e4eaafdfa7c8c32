"""`kzfacts init` and `kzfacts source …` through the real CLI on a temporary database."""

from __future__ import annotations

import json
from pathlib import Path

from kzfacts.store.schema import SCHEMA_REVISION
from tests.conftest import Run


def test_init_is_idempotent(run: Run, tmp_path: Path) -> None:
    first = run("init")
    assert first.exit_code == 0, first.stderr
    assert f"upgraded to {SCHEMA_REVISION}" in first.stdout
    second = run("init")
    assert second.exit_code == 0
    assert f"already at {SCHEMA_REVISION}" in second.stdout


def test_command_on_missing_database_says_run_init(run: Run) -> None:
    result = run("source", "list")
    assert result.exit_code == 2
    assert "run `kzfacts init`" in result.stderr
    assert "Traceback" not in result.output


def test_bad_database_url_is_a_configuration_error(run: Run) -> None:
    result = run("--db", "nosuchdriver://x", "source", "list")
    assert result.exit_code == 2
    assert "kzfacts:" in result.stderr


def test_source_add_stores_sha_and_length(run: Run, tmp_path: Path) -> None:
    (tmp_path / "doc.txt").write_text(
        "He was sentenced to four years in prison.\n", encoding="utf-8"
    )
    run("init")
    result = run(
        "source", "add", "doc.txt", "--id", "doc", "--title", "A doc", "--published", "2012-03"
    )
    assert result.exit_code == 0, result.stderr
    shown = json.loads(run("source", "show", "doc", "--format", "json").stdout)
    assert shown["sha256"] == "688e13cacb630237e93057a22142db8cb67359e6285f08575fd78111538ef0ab"
    assert shown["length"] == 42
    assert shown["path"] == "doc.txt"
    assert shown["published"] == "2012-03-01"
    assert shown["published_precision"] == "month"
    assert shown["facts"] == 0


def test_source_add_refusals(run: Run, tmp_path: Path) -> None:
    run("init")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"PK\x03\x04\x00\x00binary")
    (tmp_path / "latin1.txt").write_bytes("Zhovtis was sentenced \xe0 four years".encode("latin-1"))
    (tmp_path / "ok.txt").write_text("Some text of a source.", encoding="utf-8")
    cases = {
        "empty.txt": "is empty",
        "binary.txt": "is binary",
        "latin1.txt": "is not UTF-8",
    }
    for name, message in cases.items():
        result = run("source", "add", name, "--id", "x")
        assert result.exit_code == 1, name
        assert message in result.stderr, (name, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1
    missing = run("source", "add", "missing.txt", "--id", "x")  # names no file: a usage error
    assert (missing.exit_code, missing.stderr) == (
        2, "kzfacts: source file missing.txt does not exist: check the path\n"
    )  # fmt: skip
    (tmp_path / "folder").mkdir()
    folder = run("source", "add", "folder", "--id", "x")
    assert (folder.exit_code, folder.stderr) == (
        2, "kzfacts: source folder is not a regular file: give the path of a text file\n"
    )  # fmt: skip
    assert run("source", "add", "ok.txt", "--id", "ok").exit_code == 0
    duplicate = run("source", "add", "ok.txt", "--id", "ok")
    assert duplicate.exit_code == 1
    assert "already registered" in duplicate.stderr
    listed = json.loads(run("source", "list", "--format", "json").stdout)
    assert [s["id"] for s in listed] == ["ok"]


def test_source_outside_the_root_is_refused(run: Run, tmp_path: Path) -> None:
    run("init")
    outside = tmp_path.parent / f"{tmp_path.name}-outside.txt"
    outside.write_text("Text outside the root.", encoding="utf-8")
    result = run("source", "add", str(outside), "--id", "out")
    assert result.exit_code == 1
    assert "outside the sources root" in result.stderr


def test_predicate_vocabulary_is_seeded_by_a_migration(run: Run) -> None:
    run("init")
    predicates = json.loads(run("predicate", "list", "--format", "json").stdout)
    by_name = {p["name"]: p for p in predicates}
    assert {
        "sentence_length", "sentence_date", "release_date", "arrest_date", "event_date",
        "law_adopted_date", "law_in_force_date", "registration_date", "death_toll",
        "injured_count", "detained_count", "participant_count", "count", "amount",
        "percentage", "status",
    } <= set(by_name)  # fmt: skip
    assert by_name["sentence_length"]["value_type"] == "duration"
    assert by_name["sentence_length"]["changes_over_time"] is True
    assert by_name["release_date"]["changes_over_time"] is False
    assert by_name["amount"]["value_type"] == "money"
