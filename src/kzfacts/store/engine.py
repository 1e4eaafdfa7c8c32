"""Where the database is, and how to open it.

`--db` and `KZFACTS_DB` take a file path or any SQLAlchemy URL. Everything
specific to SQLite lives in `_configure_sqlite`; the rest is portable SQL.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, create_engine

DEFAULT_DB = "kzfacts.db"
BUSY_TIMEOUT_MS = 10_000
WRITE_OPTION = "kzfacts_write"


class ConfigError(Exception):
    """A configuration the user must fix (bad URL, missing schema); exit code 2."""


def resolve_url(db: str | None) -> URL:
    """`--db`, else KZFACTS_DB, else ./kzfacts.db; a plain path means an SQLite file."""
    value = db or os.environ.get("KZFACTS_DB") or DEFAULT_DB
    if "://" in value:
        try:
            return make_url(value)
        except ArgumentError as exc:
            raise ConfigError(f"--db {value!r} is not a database URL: {exc}") from None
    return URL.create("sqlite", database=str(Path(value).expanduser().resolve()))


def is_sqlite(url: URL) -> bool:
    return url.get_backend_name() == "sqlite"


def sqlite_path(url: URL) -> Path | None:
    if is_sqlite(url) and url.database and url.database != ":memory:":
        return Path(url.database)
    return None


def _configure_sqlite(engine: Engine) -> None:
    """SQLite only: foreign keys, a busy timeout, the write-ahead log for concurrent editors, and
    write transactions that take the write lock when they begin (BEGIN IMMEDIATE), so that two
    editors queue behind the busy timeout instead of failing when a read turns into a write."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # kzfacts emits BEGIN itself (below)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        # A read-only database keeps its journal mode; reads still work.
        with suppress(sqlite3.OperationalError):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        mode = connection.get_execution_options().get(WRITE_OPTION)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if mode else "BEGIN")


def _read_only_file(url: URL) -> URL:
    """A database in a folder that cannot be written (a read-only mount), with no write-ahead
    log left open: opened immutable, read-only, since SQLite could not create the log's index
    next to it. Commands that read work; a write is refused with its own message."""
    path = sqlite_path(url)
    if path is None or not path.is_file() or os.access(path.parent, os.W_OK):
        return url
    if Path(f"{path}-wal").exists():
        return url
    return URL.create(
        "sqlite", database=f"file:{path}", query={"mode": "ro", "immutable": "1", "uri": "true"}
    )


def make_engine(url: URL) -> Engine:
    if is_sqlite(url):
        engine = create_engine(
            _read_only_file(url), connect_args={"timeout": BUSY_TIMEOUT_MS / 1000}
        )
        _configure_sqlite(engine)
        return engine
    try:
        return create_engine(url, pool_pre_ping=True)
    except ImportError as exc:
        hint = (
            "pip install 'kzfacts[postgresql]'"
            + ("" if url.drivername == "postgresql+psycopg" else " and use postgresql+psycopg://")
            if url.get_backend_name() == "postgresql"
            else f"install the Python driver SQLAlchemy uses for {url.drivername}://"
        )
        raise ConfigError(
            f"the database driver for {url.drivername}:// is not installed ({exc}): {hint}"
        ) from None


def scratch_copy(engine: Engine) -> Engine:
    """An in-memory copy of an SQLite database, for work that is thrown away (`audit --dry-run`):
    it writes nothing to the file, so it also works on a database that cannot be written."""
    copy = create_engine("sqlite://", poolclass=StaticPool)
    _configure_sqlite(copy)
    source, target = engine.raw_connection(), copy.raw_connection()
    try:
        source.driver_connection.backup(target.driver_connection)  # type: ignore[union-attr]
    finally:
        source.close()
        target.close()
    return copy


@contextmanager
def rolled_back(engine: Engine) -> Iterator[Session]:
    """A unit of work that is always rolled back: nothing it does is kept."""
    with Session(
        engine.execution_options(**{WRITE_OPTION: True}), expire_on_commit=False
    ) as session:
        try:
            yield session
        finally:
            session.rollback()


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """One unit of work: committed whole, or rolled back whole."""
    with Session(
        engine.execution_options(**{WRITE_OPTION: True}), expire_on_commit=False
    ) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
