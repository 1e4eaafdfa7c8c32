"""Where the database is, and how to open it.

`--db` and `KZFACTS_DB` take a file path or any SQLAlchemy URL. Everything
specific to SQLite lives in `store/sqlite.py` (`configure`); the rest is portable SQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, create_engine

from kzfacts.store import sqlite
from kzfacts.store.errors import ConfigError as ConfigError

WRITE_OPTION = "kzfacts_write"


def resolve_url(db: str | None) -> URL:
    """`--db`, else KZFACTS_DB, else ./kzfacts.db; a plain path means an SQLite file."""
    value = sqlite.database_value(db)
    path = sqlite.database_file(value)
    if path is not None:
        return URL.create("sqlite", database=str(path))
    try:
        return make_url(value)
    except ArgumentError as exc:
        raise ConfigError(f"--db {value!r} is not a database URL: {exc}") from None


def is_sqlite(url: URL) -> bool:
    return url.get_backend_name() == "sqlite"


def sqlite_path(url: URL) -> Path | None:
    if is_sqlite(url) and url.database and url.database != ":memory:":
        return Path(url.database)
    return None


def _configure_sqlite(engine: Engine) -> None:
    """SQLite only: the settings of `sqlite.configure`, and write transactions that take the
    write lock when they begin (BEGIN IMMEDIATE)."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        sqlite.configure(dbapi_connection)

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        mode = connection.get_execution_options().get(WRITE_OPTION)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if mode else "BEGIN")


def _read_only_file(url: URL) -> URL:
    """The URL that opens a file on a read-only mount (see `sqlite.opened_read_only`)."""
    path = sqlite_path(url)
    if path is None or not sqlite.opened_read_only(path):
        return url
    return URL.create(
        "sqlite", database=f"file:{path}", query={"mode": "ro", "immutable": "1", "uri": "true"}
    )


def make_engine(url: URL) -> Engine:
    if is_sqlite(url):
        engine = create_engine(
            _read_only_file(url), connect_args={"timeout": sqlite.BUSY_TIMEOUT_MS / 1000}
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


def _writing(engine: Engine) -> Session:
    """A session that may write (objects stay readable after a commit)."""
    return Session(engine.execution_options(**{WRITE_OPTION: True}), expire_on_commit=False)


@contextmanager
def rolled_back(engine: Engine) -> Iterator[Session]:
    """A unit of work that is always rolled back: nothing it does is kept."""
    with _writing(engine) as session:
        try:
            yield session
        finally:
            session.rollback()


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """One unit of work: committed whole, or rolled back whole."""
    with _writing(engine) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
