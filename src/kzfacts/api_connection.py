"""The connection part of `FactDB` (`kzfacts.api`): a kzfacts database opened or created at
its schema head, the folder its source paths are relative to, and its units of work.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Self

from kzfacts.services.sources.files import default_root
from kzfacts.store import sqlite
from kzfacts.store.errors import ConfigError

if TYPE_CHECKING:  # the services load when first used: opening a database stays cheap
    from sqlalchemy.engine import URL, Engine
    from sqlmodel import Session

    from kzfacts.services.facts.storage import FactStore


class Connection:
    """A kzfacts database at its schema head, and the folder its source paths are relative to.

    Open it with `open`; close it with `close()` or a `with` block.
    """

    def __init__(
        self,
        engine: Engine | None,
        url: URL | None,
        root: Path,
        *,
        snapshot_only: bool = False,
        file: Path | None = None,
    ) -> None:
        """`engine` and `url`, or an SQLite `file` alone: its engine (and SQLAlchemy) is made
        when first needed, and a warm audit needs none."""
        if url is None and file is None:
            raise ValueError("FactDB needs the database's URL or its SQLite file")
        self._engine = engine
        self._url = url
        self.file = file  # the SQLite file named as a plain path; None for a URL
        self.root = root
        self.snapshot_only = snapshot_only  # verify against stored snapshots, not source files
        self._checked = False

    @property
    def url(self) -> URL:
        """The database's SQLAlchemy URL (loads SQLAlchemy)."""
        if self._url is None:
            from kzfacts.store.engine import resolve_url

            self._url = resolve_url(str(self.file))
        return self._url

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine, made when first asked for."""
        if self._engine is None:
            from kzfacts.store.engine import make_engine

            self._engine = make_engine(self.url)
        return self._engine

    def check_head(self) -> None:
        """Refuse a database whose schema is not this kzfacts' head (checked once); an SQLite
        file with no engine yet is checked through the standard library."""
        if self._checked:
            return
        if self._engine is None and self.file is not None:
            sqlite.open_at_head(self.file).close()
        else:
            from kzfacts.store.schema import require_head

            require_head(self.engine, self.url)
        self._checked = True

    def require_head(self) -> Engine:
        """The engine, once the schema is checked to be this kzfacts' head (checked once)."""
        self.check_head()
        return self.engine

    @classmethod
    def open(
        cls,
        url_or_path: str | os.PathLike[str] | URL,
        root: str | os.PathLike[str] | None = None,
        *,
        snapshot_only: bool = False,
    ) -> Self:
        """Open the database at a file path (SQLite) or an SQLAlchemy URL. `root` is the folder
        source paths are relative to (default: KZFACTS_ROOT, else the database file's folder,
        or the working folder for a server database). Raises ConfigError, without changing
        anything, when the database is missing or its schema is not this kzfacts' (run
        `kzfacts init`)."""
        value = (
            sqlite.database_value(os.fspath(url_or_path))
            if isinstance(url_or_path, str | os.PathLike)
            else None
        )
        file = sqlite.database_file(value) if value is not None else None
        if file is not None:  # a plain path: SQLAlchemy loads when something needs the engine
            folder = Path(root).resolve() if root else default_root(file)
            db = cls(None, None, folder, snapshot_only=snapshot_only, file=file)
        else:
            from kzfacts.store.engine import make_engine, resolve_url, sqlite_path

            url = resolve_url(value) if value is not None else url_or_path
            assert not isinstance(url, str | os.PathLike)
            folder = Path(root).resolve() if root else default_root(sqlite_path(url))
            db = cls(make_engine(url), url, folder, snapshot_only=snapshot_only)
        try:
            db.check_head()
        except BaseException:
            db.close()
            raise
        return db

    @classmethod
    def init(
        cls,
        url_or_path: str | os.PathLike[str] | URL,
        root: str | os.PathLike[str] | None = None,
        *,
        snapshot_only: bool = False,
    ) -> Self:
        """Create the database, or upgrade its schema to this kzfacts' head, and open it: what
        `kzfacts init` does (idempotent; the one deliberate upgrade). Raises ConfigError, without
        changing anything, when a database file's folder is missing or the schema is newer than
        this kzfacts."""
        from sqlalchemy.engine import URL

        from kzfacts.store import migrate  # Alembic loads only when a schema is created
        from kzfacts.store.engine import make_engine, resolve_url, sqlite_path

        url = url_or_path if isinstance(url_or_path, URL) else resolve_url(os.fspath(url_or_path))
        path = sqlite_path(url)
        if path is not None and not path.parent.is_dir():
            raise ConfigError(f"folder {path.parent} does not exist: create it or choose another")
        folder = Path(root).resolve() if root else default_root(path)
        db = cls(make_engine(url), url, folder, snapshot_only=snapshot_only)
        try:
            before = migrate.current_revision(db.engine)
            if before is not None and before not in migrate.known_revisions(db.engine):
                raise ConfigError(
                    f"database {db.label} has schema {before}, newer than this kzfacts knows: "
                    "upgrade kzfacts"
                )
            migrate.upgrade(db.engine)
            db.require_head()
        except BaseException:
            db.close()
            raise
        return db

    @property
    def label(self) -> str:
        """The database as messages name it: its file, or its URL without the password."""
        if self._url is None:
            return str(self.file)
        from kzfacts.store.schema import database_label

        return database_label(self.url)

    def close(self) -> None:
        """Close the pooled connections (a server counts them)."""
        if self._engine is not None:
            self._engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # Units of work, for the services this class does not wrap.

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back when it raises."""
        from kzfacts.store.engine import transaction

        with transaction(self.require_head()) as session:
            yield session

    @contextmanager
    def _fact_store(self, *, keep: bool) -> Iterator[tuple[FactStore, bool]]:
        """The fact writer's store in one transaction, and whether worker processes may share
        its work: an SQLite file named by its path through the standard library (no
        SQLAlchemy), a database named by a URL through a session. Rolled back when the block
        raises or `keep` is false."""
        if self.file is None:
            from kzfacts.store.session_store import SessionStore

            with self.write() as session:
                yield SessionStore(session), False
                if not keep:
                    session.rollback()
            return
        from kzfacts.store.sqlite_store import SqliteStore

        with sqlite.write_transaction(self.file, keep=keep) as connection:
            yield SqliteStore(connection), True

    @contextmanager
    def read(self) -> Iterator[Session]:
        from sqlmodel import Session

        with Session(self.require_head()) as session:
            yield session

    @contextmanager
    def throwaway(self) -> Iterator[Session]:
        """Work as `write` does, then discard it; SQLite works on an in-memory copy, so a
        database on a read-only mount can be audited."""
        from kzfacts.store.engine import rolled_back, scratch_copy, sqlite_path

        engine = self.require_head()
        scratch = scratch_copy(engine) if sqlite_path(self.url) is not None else None
        try:
            with rolled_back(scratch or engine) as session:
                yield session
        finally:
            if scratch is not None:
                scratch.dispose()
