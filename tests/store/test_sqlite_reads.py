"""`fact list` on an SQLite file reads it with the standard library: the same facts, the same
bytes and the same refusals as the SQLAlchemy path (which `--db sqlite:///FILE` still takes)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from contextlib import closing
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlmodel import Session
from typer.testing import Result

from kzfacts.api import FactDB
from kzfacts.services.facts.queries import fact_columns, select_facts
from kzfacts.store.columns import AUDIT_COLUMNS, DATE_COLUMNS, FACT_COLUMNS, TIME_COLUMNS
from kzfacts.store.models import Fact, FactAudit
from kzfacts.store.schema import SCHEMA_REVISION
from tests.conftest import Run, as_unprivileged

pytestmark = pytest.mark.sqlite_only  # drives the SQLite file both ways

LISTS = [
    [],
    ["--format", "json"],
    ["--source", "hrw-2009-stalled-reforms"],
    ["--subject", "zhovtis"],
    ["--subject", "ZHOVTIS", "--format", "json"],
    ["--subject", "Kazakhstan"],
    ["--subject", "%"],
    ["--subject", "_"],
    ["--predicate", "sentence_length", "--format", "json"],
    ["--predicate", "sentence_length", "--source", "hrw-2009-stalled-reforms"],
    ["--broken"],
    ["--broken", "--format", "json"],
]


@pytest.fixture
def audited(run: Run, seeded: Path) -> Path:
    """The seed database after an audit (so every audit column is set), with one fact marked
    broken as an audit would mark it."""
    assert run("audit").exit_code == 0
    with closing(sqlite3.connect(seeded / "kzfacts.db")) as db, db:
        db.execute(
            "UPDATE factaudit SET audit_status = 'error', audit_codes = 'quote-altered' "
            "WHERE fact_id = 'zhovtis-sentence-length-2009'"
        )
    return seeded / "kzfacts.db"


def test_the_column_list_is_the_models() -> None:
    fields = Fact.model_fields
    assert tuple(fields) == FACT_COLUMNS
    assert tuple(FactAudit.model_fields) == ("fact_id", *AUDIT_COLUMNS)
    both = {**fields, **FactAudit.model_fields}
    moments = {n for n, f in both.items() if f.annotation in (datetime, datetime | None)}
    assert moments == TIME_COLUMNS
    assert {n for n, f in fields.items() if f.annotation == date | None} == DATE_COLUMNS


@pytest.mark.parametrize("arguments", LISTS, ids=lambda a: " ".join(a) or "all")
def test_fact_list_prints_the_same_bytes_as_through_sqlalchemy(
    run: Run, audited: Path, arguments: list[str]
) -> None:
    quick = run("--db", str(audited), "fact", "list", *arguments)
    through_orm = run("--db", f"sqlite:///{audited}", "fact", "list", *arguments)
    assert quick.exit_code == through_orm.exit_code == 0
    assert quick.stdout == through_orm.stdout
    assert quick.stderr == through_orm.stderr


def test_the_standard_library_reads_the_columns_the_orm_reads(audited: Path) -> None:
    db = FactDB.open(audited)
    try:
        with Session(db.engine) as session, sqlite3.connect(audited) as connection:
            facts = select_facts(session)
            assert len(facts) == 173
            assert fact_columns(connection) == [f.to_columns() for f in facts]
            assert fact_columns(connection, broken=True) == fact_columns(session, broken=True)
            (broken,) = fact_columns(connection, broken=True)
    finally:
        db.close()
    assert broken["id"] == "zhovtis-sentence-length-2009"
    assert broken["audit_codes"] == "quote-altered"
    assert broken["last_verified_at"].endswith("Z")
    assert datetime.fromisoformat(broken["created_at"]).utcoffset() is not None


def test_fact_list_on_a_file_loads_no_sqlalchemy(audited: Path) -> None:
    """An import check in a fresh interpreter; a URL still goes through SQLAlchemy."""
    code = (
        "import sys\n"
        "from kzfacts.__main__ import run\n"
        "run()\n"
        "print(sorted(m for m in sys.modules if m.startswith(('sqlalchemy', 'sqlmodel'))))\n"
    )

    def loaded(database: str) -> list[str]:
        done = subprocess.run(
            [sys.executable, "-c", code, "--db", database, "fact", "list", "--format", "json"],
            capture_output=True, text=True, check=True, timeout=60,
        )  # fmt: skip
        return eval(done.stdout.rstrip("\n").rpartition("\n")[2])  # a list literal printed above

    assert loaded(str(audited)) == []
    assert "sqlalchemy" in loaded(f"sqlite:///{audited}")


def assert_one_line(result: Result, message: str) -> None:
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"kzfacts: {message}\n"


def test_a_missing_file_is_refused_in_one_line(run: Run, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "kzfacts.db"
    assert_one_line(
        run("--db", str(missing), "fact", "list"),
        f"no database at {missing}: run `kzfacts init` (or pass --db)",
    )
    assert not missing.parent.exists()


@pytest.mark.parametrize(
    ("revision", "says"),
    [
        ("0006", f"schema is behind (0006 < {SCHEMA_REVISION}): run `kzfacts init`"),
        ("9999", "has schema 9999, newer than this kzfacts knows: upgrade kzfacts (pip install -U kzfacts)"),
    ],
)  # fmt: skip
def test_a_schema_not_at_the_head_is_refused_as_through_sqlalchemy(
    run: Run, seeded: Path, revision: str, says: str
) -> None:
    database = seeded / "kzfacts.db"
    with sqlite3.connect(database) as db:
        db.execute("UPDATE alembic_version SET version_num = ?", (revision,))
    quick = run("--db", str(database), "fact", "list")
    assert_one_line(quick, f"database {database} {says}")
    through_orm = run("--db", f"sqlite:///{database}", "fact", "list")
    assert (through_orm.exit_code, through_orm.stderr) == (2, quick.stderr)


def test_a_file_without_the_schema_or_not_a_database_is_refused(run: Run, tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()
    assert_one_line(
        run("--db", str(empty), "fact", "list"),
        f"database {empty} has no kzfacts schema: run `kzfacts init`",
    )
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"not a database, only text " * 100)
    assert_one_line(
        run("--db", str(garbage), "fact", "list"),
        f"{garbage} is not an SQLite database: check --db / KZFACTS_DB, or give a new file name "
        "for `kzfacts init` to create",
    )


def test_fact_list_reads_a_database_on_a_read_only_mount(audited: Path) -> None:
    """A folder that cannot be written: the file is opened immutable, read-only, as the engine
    opens it, and lists what it lists from a writable folder."""
    with closing(sqlite3.connect(audited)) as db:  # the last connection removes the log
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert sorted(p.name for p in audited.parent.glob("kzfacts.db*")) == ["kzfacts.db"]
    prefix = as_unprivileged()
    command = [*prefix, sys.executable, "-m", "kzfacts", "--db", str(audited), "fact", "list"]
    audited.parent.chmod(0o555)
    try:
        read_only = subprocess.run(command, capture_output=True, text=True, timeout=60)
    finally:
        audited.parent.chmod(0o755)
    assert (read_only.returncode, read_only.stderr) == (0, "173 facts\n")
    assert sorted(p.name for p in audited.parent.glob("kzfacts.db*")) == ["kzfacts.db"]
    writable = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert read_only.stdout == writable.stdout
