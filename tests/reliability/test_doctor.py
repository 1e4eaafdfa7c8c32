"""`kzfacts doctor`: each problem planted with raw sqlite3 (as another tool could leave it),
then found, explained with what to do, and exit code 1."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from kzfacts.store.models import metadata
from tests.conftest import Run
from tests.reliability.reliability_helpers import (
    LETTER_2009,
    assert_no_traceback,
    assert_refused,
    snapshot,
)

pytestmark = pytest.mark.sqlite_only

LETTER_FACTS = [
    "eu-us-osce-statements-2009-date",
    "kazakhstan-february-2009-reforms-date",
    "kazakhstan-osce-chairmanship-year-2009",
    "osce-ministerial-council-athens-2009-date",
    "yesergepov-status-2009",
    "zhovtis-sentence-length-2009",
    "zhovtis-status-2009",
]


def head() -> str:
    from kzfacts.store import migrate
    from kzfacts.store.engine import make_engine, resolve_url

    engine = make_engine(resolve_url(None))
    try:
        revision = migrate.head_revision(engine)
    finally:
        engine.dispose()
    assert revision is not None
    return revision


def plant(database: Path, *statements: str) -> None:
    """Raw SQL with foreign keys off, as SQLite's default connection runs it."""
    db = sqlite3.connect(database, isolation_level=None)
    try:
        assert db.execute("PRAGMA foreign_keys").fetchone() == (0,)
        for statement in statements:
            db.execute(statement)
    finally:
        db.close()


def report(seeded: Path, *lines: str) -> list[str]:
    return [
        f"database {seeded / 'kzfacts.db'}",
        f"ok       schema: at revision {head()}, the newest this kzfacts knows",
        "ok       integrity: PRAGMA integrity_check: ok",
        TABLES_OK,
        *lines,
    ]


TABLES_OK = f"ok       tables: all {len(metadata.sorted_tables)} tables complete"
REFERENCES = sum(len(t.foreign_keys) for t in metadata.sorted_tables)
FACTS_OK = "ok       facts: no fact restates another"
FOREIGN_KEYS_OK = f"ok       foreign keys: no orphan rows ({REFERENCES} kinds of reference checked)"


def sources_ok(seeded: Path) -> str:
    return (
        f"ok       sources: 5 source files readable under {seeded}; every fact's source is "
        "registered"
    )


def doctor(run: Run, code: int) -> list[str]:
    result = run("doctor")
    assert_no_traceback(result)
    assert result.exit_code == code, result.stdout
    assert result.stderr == ""
    return result.stdout.splitlines()


def test_a_healthy_database_passes(run: Run, seeded: Path) -> None:
    before = snapshot()
    assert doctor(run, 0) == report(
        seeded, FOREIGN_KEYS_OK, sources_ok(seeded), FACTS_OK, "no problems found"
    )
    assert snapshot() == before


def test_orphan_alias(run: Run, seeded: Path) -> None:
    plant(
        seeded / "kzfacts.db",
        "INSERT INTO alias (id, entity_id, name) VALUES (9001, 'ghost', 'Ghost Person')",
    )
    assert doctor(run, 1) == report(
        seeded,
        "problem  foreign keys: 1 orphan alias row: alias.entity_id names a missing entity "
        "(alias 9001 → 'ghost')",
        "         fix: restore the missing entity rows (from a backup or `kzfacts dump` output), "
        "or delete the orphans: DELETE FROM alias WHERE entity_id NOT IN (SELECT id FROM entity)",
        sources_ok(seeded),
        FACTS_OK,
        "1 problem found",
    )


def test_orphan_findings_of_a_deleted_audit_run(run: Run, seeded: Path) -> None:
    plant(
        seeded / "kzfacts.db",
        "INSERT INTO finding (id, run_id, code, severity, message) "
        "VALUES (1, 77, 'quote-altered', 'error', 'x'), (2, 77, 'contradiction', 'warning', 'y')",
    )
    assert doctor(run, 1) == report(
        seeded,
        "problem  foreign keys: 2 orphan finding rows: finding.run_id names a missing auditrun "
        "(finding 1 → 77, finding 2 → 77)",
        "         fix: restore the missing auditrun rows (from a backup or `kzfacts dump` output), "
        "or delete the orphans: DELETE FROM finding WHERE run_id NOT IN (SELECT id FROM auditrun)",
        sources_ok(seeded),
        FACTS_OK,
        "1 problem found",
    )


def test_findings_about_a_fact_deleted_by_hand_are_unlinked_as_the_key_would(
    run: Run, seeded: Path
) -> None:
    plant(
        seeded / "kzfacts.db",
        "INSERT INTO auditrun (id, started_at, sources_checked, facts_checked, errors, warnings, "
        "full, facts_rechecked, entities_fingerprint, tool_version) "
        "VALUES (1, '2026-01-01 00:00:00', 5, 1, 1, 0, 1, 1, '', '0.1.0')",
        "INSERT INTO finding (id, run_id, code, severity, fact_id, message) "
        "VALUES (1, 1, 'quote-altered', 'error', 'ghost-fact', 'x')",
    )
    assert doctor(run, 1) == report(
        seeded,
        "problem  foreign keys: 1 orphan finding row: finding.fact_id names a missing fact "
        "(finding 1 → 'ghost-fact')",
        "         fix: restore the missing fact rows (from a backup or `kzfacts dump` output), "
        "or unlink them: UPDATE finding SET fact_id = NULL WHERE fact_id NOT IN "
        "(SELECT id FROM fact)",
        sources_ok(seeded),
        FACTS_OK,
        "1 problem found",
    )


def test_facts_whose_source_row_is_gone(run: Run, seeded: Path) -> None:
    plant(
        seeded / "kzfacts.db",
        f"DELETE FROM sourceversion WHERE source_id = '{LETTER_2009}'",
        f"DELETE FROM source WHERE id = '{LETTER_2009}'",
    )
    named = ", ".join(repr(f) for f in LETTER_FACTS[:5]) + " and 2 more"
    assert doctor(run, 1) == report(
        seeded,
        FOREIGN_KEYS_OK,
        f"problem  sources: 7 facts cite source {LETTER_2009!r}, which is not registered ({named})",
        f"         fix: register it again: kzfacts source add PATH --id {LETTER_2009}",
        FACTS_OK,
        "1 problem found",
    )


def test_source_file_missing(run: Run, seeded: Path) -> None:
    letter = next((seeded / "seeds").glob("000_*.txt"))
    letter.unlink()
    assert doctor(run, 1) == report(
        seeded,
        FOREIGN_KEYS_OK,
        f"problem  sources: source {LETTER_2009!r}: file seeds/{letter.name} is missing from "
        f"{seeded} (7 facts cite it)",
        f"         fix: put the file back at {letter}, or pass --root (KZFACTS_ROOT) naming the "
        "folder the sources moved to",
        FACTS_OK,
        "1 problem found",
    )


def test_source_file_no_longer_text(run: Run, seeded: Path) -> None:
    letter = next((seeded / "seeds").glob("000_*.txt"))
    letter.write_bytes(b"\x00\x01binary")
    assert doctor(run, 1) == report(
        seeded,
        FOREIGN_KEYS_OK,
        f"problem  sources: source {LETTER_2009!r}: source file seeds/{letter.name} is binary: "
        "convert it to UTF-8 text first (7 facts cite it)",
        f"         fix: put the registered text back at {letter}",
        FACTS_OK,
        "1 problem found",
    )


def test_schema_behind(run: Run, seeded: Path) -> None:
    plant(seeded / "kzfacts.db", "UPDATE alembic_version SET version_num = '0001'")
    assert doctor(run, 1) == [
        f"database {seeded / 'kzfacts.db'}",
        f"problem  schema: revision 0001 is behind this kzfacts (revision {head()})",
        "         fix: run `kzfacts init` to upgrade it",
        "ok       integrity: PRAGMA integrity_check: ok",
        "skipped  rows: foreign keys and sources not checked: fix the schema first",
        "1 problem found",
    ]


def test_schema_newer_than_the_program(run: Run, seeded: Path) -> None:
    plant(seeded / "kzfacts.db", "UPDATE alembic_version SET version_num = '9999_future'")
    assert doctor(run, 1)[1:3] == [
        f"problem  schema: revision 9999_future is newer than this kzfacts knows (its newest is "
        f"{head()})",
        "         fix: upgrade kzfacts (pip install -U kzfacts)",
    ]


def test_no_schema(run: Run, tmp_path: Path) -> None:
    sqlite3.connect(tmp_path / "kzfacts.db").close()
    assert doctor(run, 1) == [
        f"database {tmp_path / 'kzfacts.db'}",
        "problem  schema: the database has no kzfacts schema",
        "         fix: run `kzfacts init`",
        "ok       integrity: PRAGMA integrity_check: ok",
        "skipped  rows: foreign keys and sources not checked: fix the schema first",
        "1 problem found",
    ]


def test_damaged_index(run: Run, seeded: Path) -> None:
    """An index that no longer matches its table, as a torn write or a bad disk leaves it."""
    plant(
        seeded / "kzfacts.db",
        "PRAGMA writable_schema = ON",
        "UPDATE sqlite_master SET sql = replace(sql, '(updated_at)', '(subject)') "
        "WHERE name = 'ix_fact_updated_at'",
        "PRAGMA writable_schema = OFF",
    )
    database = seeded / "kzfacts.db"
    assert doctor(run, 1) == [
        f"database {database}",
        f"ok       schema: at revision {head()}, the newest this kzfacts knows",
        "problem  integrity: PRAGMA integrity_check: row 1 missing from index "
        "ix_fact_updated_at (and at least 99 more)",
        "         fix: the file is damaged: put back a backup, or salvage its rows with "
        f"`sqlite3 {database} .recover` into a new file",
        TABLES_OK,
        FOREIGN_KEYS_OK,
        sources_ok(seeded),
        FACTS_OK,
        "1 problem found",
    ]


def not_sqlite(database: Path) -> str:
    return (
        f"{database} is not an SQLite database: check --db / KZFACTS_DB, or give a new file "
        "name for `kzfacts init` to create"
    )


def damage_the_schema_table(database: Path) -> None:
    """Overwrite the first page of `alembic_version`, which every command reads first: the
    file keeps its SQLite header, and SQLite calls it malformed."""
    with closing(sqlite3.connect(database)) as db:
        (page,) = db.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'alembic_version'"
        ).fetchone()
        (size,) = db.execute("PRAGMA page_size").fetchone()
    with database.open("r+b") as file:
        file.seek((page - 1) * size)
        file.write(b"\xde\xad\xbe\xef" * (size // 4))


def test_not_a_database(run: Run, tmp_path: Path) -> None:
    """A text file is the wrong --db, not a damaged database: nothing to diagnose."""
    database = tmp_path / "kzfacts.db"
    database.write_text("these are not the pages you are looking for\n" * 100)
    assert_refused(run("doctor"), 2, not_sqlite(database))


def test_a_damaged_database_that_cannot_be_opened(run: Run, seeded: Path) -> None:
    database = seeded / "kzfacts.db"
    damage_the_schema_table(database)
    assert doctor(run, 1) == [
        f"database {database}",
        "problem  integrity: the database file is damaged (database disk image is malformed)",
        "         fix: the file is damaged: put back a backup, or salvage its rows with "
        f"`sqlite3 {database} .recover` into a new file",
        "1 problem found",
    ]


COMMANDS = [
    ["doctor"], ["audit"], ["audit", "--dry-run"], ["fact", "list"], ["fact", "export"],
    ["source", "list"], ["init"], ["dump"],
]  # fmt: skip


@pytest.mark.parametrize("url", [False, True], ids=["path", "url"])
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_text_file_is_not_an_sqlite_database_to_every_command(
    run: Run, tmp_path: Path, command: list[str], url: bool
) -> None:
    """Through the standard library (a path) and through SQLAlchemy (a URL) alike."""
    text = tmp_path / "notes.txt"
    text.write_text("a shopping list, not a database\n")
    db = f"sqlite:///{text}" if url else str(text)
    assert_refused(run("--db", db, *command), 2, not_sqlite(text))
    assert text.read_text() == "a shopping list, not a database\n"


@pytest.mark.parametrize("command", [c for c in COMMANDS if c != ["doctor"]], ids=" ".join)
def test_a_damaged_database_is_called_damaged_by_every_command(
    run: Run, seeded: Path, command: list[str]
) -> None:
    database = seeded / "kzfacts.db"
    damage_the_schema_table(database)
    assert_refused(
        run(*command),
        2,
        f"database {database} is damaged (database disk image is malformed): run `kzfacts "
        "doctor` for what to do",
    )


def test_several_problems_are_all_reported(run: Run, seeded: Path) -> None:
    plant(
        seeded / "kzfacts.db",
        "INSERT INTO alias (id, entity_id, name) VALUES (9001, 'ghost', 'Ghost Person')",
        "UPDATE fact SET supersedes = 'no-such-fact' WHERE id = 'zhovtis-status-2009'",
        f"DELETE FROM sourceversion WHERE source_id = '{LETTER_2009}'",
        f"DELETE FROM source WHERE id = '{LETTER_2009}'",
    )
    lines = doctor(run, 1)
    assert [line.split(":")[0] for line in lines if not line.startswith(" ")] == [
        f"database {seeded / 'kzfacts.db'}",
        "ok       schema",
        "ok       integrity",
        "ok       tables",
        "problem  foreign keys",
        "problem  foreign keys",
        "problem  sources",
        "ok       facts",
        "3 problems found",
    ]
    assert lines[6] == (
        "problem  foreign keys: 1 orphan fact row: fact.supersedes names a missing fact "
        "(fact 'zhovtis-status-2009' → 'no-such-fact')"
    )


def test_a_table_or_column_dropped_by_hand(run: Run, seeded: Path) -> None:
    plant(
        seeded / "kzfacts.db",
        "DROP TABLE distinction",
        "ALTER TABLE fact DROP COLUMN created_by",  # a column no view reads
    )
    assert doctor(run, 1)[3:] == [
        "problem  tables: the schema revision is right but table distinction, fact.created_by are "
        "missing",
        "         fix: the database was edited by hand: put back a backup, or restore "
        "`kzfacts dump` output into a new database",
        "skipped  rows: foreign keys and sources not checked: fix the tables first",
        "1 problem found",
    ]


def test_no_database_file(run: Run, tmp_path: Path) -> None:
    result = run("doctor")
    assert_no_traceback(result)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"kzfacts: no database at {tmp_path / 'kzfacts.db'}: run `kzfacts init` (or pass --db)\n"
    )
    assert not (tmp_path / "kzfacts.db").exists()


def test_a_fact_restating_another_in_the_same_words(run: Run, seeded: Path) -> None:
    """Two facts stating one value of one entity from overlapping spans of one source count the
    claim twice; the same value quoted from another passage does not, nor a revision of the fact
    it revises (it restates the other copy, which it does not name)."""
    restated = "zhovtis-sentence-length-2009"
    copy = (
        "INSERT INTO fact (id, entity_id, subject, predicate, value, value_low, value_high, "
        "value_unit, value_category, valid_from, valid_to, event_key, source_id, quote, "
        "position_start, position_end, supersedes, created_at, updated_at) "
        "SELECT '{id}', entity_id, subject, predicate, '{value}', value_low, value_high, "
        "value_unit, value_category, valid_from, valid_to, event_key, source_id, quote, "
        "position_start + {shift}, position_end + {shift}, {supersedes}, "
        "'2030-01-01 00:00:00', '2030-01-01 00:00:00' FROM fact WHERE id = '{restated}'"
    )
    plant(
        seeded / "kzfacts.db",
        copy.format(id="later", value="four years", shift=5, supersedes="NULL", restated=restated),
        copy.format(
            id="revision", value="4 years", shift=0, supersedes=f"'{restated}'", restated=restated
        ),
        copy.format(
            id="elsewhere", value="4 years", shift=100000, supersedes="NULL", restated=restated
        ),
    )
    assert doctor(run, 1)[-3:] == [
        "problem  facts: 2 facts restate another in the same words of its source "
        f"('later' restates {restated!r}, 'revision' restates 'later')",
        "         fix: remove each restatement (kzfacts fact remove ID --reason …), or, if it "
        "revises the first, say so: kzfacts fact edit ID --supersedes FIRST",
        "1 problem found",
    ]
