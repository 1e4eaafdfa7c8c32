"""An SQLite database file opened with the standard library, exactly as the engine opens it.

Commands an editor runs all day (`fact list`, `fact add`) read and write an SQLite file through
`sqlite3` alone, so that they start without loading SQLAlchemy; `store/engine.py` opens the
same file with the same settings (`configure`), and a server database always goes through it.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager, suppress
from datetime import date, datetime
from pathlib import Path
from typing import Any

from kzfacts.store.errors import ConfigError
from kzfacts.store.schema import check_head, missing_database, single_revision

DEFAULT_DB = "kzfacts.db"
BUSY_TIMEOUT_MS = 10_000
HEADER = b"SQLite format 3\x00"
"""The 16 bytes every SQLite database file begins with."""


def database_value(db: str | None) -> str:
    """`--db`, else KZFACTS_DB, else ./kzfacts.db."""
    return db or os.environ.get("KZFACTS_DB") or DEFAULT_DB


def database_file(value: str) -> Path | None:
    """The SQLite file a database value names when it is a plain path; None for a URL."""
    if "://" in value:
        return None
    return Path(value).expanduser().resolve()


def not_sqlite(path: Path) -> ConfigError | None:
    """The refusal of a file that is not an SQLite database at all (a text file given as
    --db), which SQLite reports only as "file is not a database", the words it has for some
    damaged databases too; told apart by the header. None for a file that begins with it
    (damaged or not), an empty one (SQLite makes it a database) or one that cannot be read."""
    try:
        with path.open("rb") as file:
            head = file.read(len(HEADER))
    except OSError:
        return None
    if not head or head == HEADER:
        return None
    return ConfigError(
        f"{path} is not an SQLite database: check --db / KZFACTS_DB, or give a new file name "
        "for `kzfacts init` to create"
    )


def configure(connection: sqlite3.Connection) -> None:
    """Foreign keys, a busy timeout, the write-ahead log for concurrent editors; kzfacts emits
    BEGIN itself (BEGIN IMMEDIATE for a write, so that two editors queue behind the timeout
    instead of failing when a read turns into a write)."""
    connection.isolation_level = None
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    # A read-only database keeps its journal mode; reads still work.
    with suppress(sqlite3.OperationalError):
        cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def opened_read_only(path: Path) -> bool:
    """A database in a folder that cannot be written (a read-only mount), with no write-ahead
    log left open, is opened immutable and read-only: SQLite could not create the log's index
    next to it. Commands that read work; a write is refused with its own message."""
    if not path.is_file() or os.access(path.parent, os.W_OK):
        return False
    return not Path(f"{path}-wal").exists()


def connect(path: Path) -> sqlite3.Connection:
    """The file opened as the engine opens it (settings of `configure`)."""
    read_only = opened_read_only(path)
    connection = sqlite3.connect(
        f"file:{path}?mode=ro&immutable=1" if read_only else path,
        timeout=BUSY_TIMEOUT_MS / 1000,
        uri=read_only,
    )
    configure(connection)
    return connection


def open_at_head(path: Path) -> sqlite3.Connection:
    """The file opened once its schema is exactly this kzfacts' head, refused with the words of
    `schema.require_head` otherwise."""
    if not path.exists():
        raise missing_database(path)
    connection = connect(path)
    try:
        recorded = connection.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        ).fetchone()
        values = (
            [str(row[0]) for row in connection.execute("SELECT version_num FROM alembic_version")]
            if recorded
            else []
        )
        check_head(single_revision(values, f"sqlite:///{path}"), str(path))
    except BaseException:
        connection.close()
        raise
    return connection


@contextmanager
def write_transaction(path: Path, *, keep: bool = True) -> Iterator[sqlite3.Connection]:
    """One write to the file at the schema head, as the engine writes: BEGIN IMMEDIATE (the
    write lock taken at once), COMMIT when the block ends, ROLLBACK when it raises or when
    `keep` is false (a dry run)."""
    with closing(open_at_head(path)) as connection:
        connection.execute("BEGIN IMMEDIATE")
        try:
            yield connection
        except BaseException:
            if connection.in_transaction:  # SQLite ends it itself after some errors
                connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT" if keep else "ROLLBACK")


def stored(value: Any) -> Any:
    """A value as SQLAlchemy stores it in an SQLite file, so that a row written through the
    standard library reads back through the ORM unchanged: a moment as
    'YYYY-MM-DD HH:MM:SS.ffffff' (its UTC fields, without the offset), a date as ISO text."""
    if isinstance(value, datetime):
        return (
            f"{value.year:04d}-{value.month:02d}-{value.day:02d} "
            f"{value.hour:02d}:{value.minute:02d}:{value.second:02d}.{value.microsecond:06d}"
        )
    if isinstance(value, date):
        return value.isoformat()
    return value
