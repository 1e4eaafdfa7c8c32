"""What every command needs: the database (checked to be at the schema head) and the sources root.

SQLAlchemy loads when a command first asks for the engine; `quick_read` reads and `quick_write`
writes an SQLite file with the standard library instead, for the commands an editor runs all day.
"""

from __future__ import annotations

import functools
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ParamSpec, TypeVar

import typer

from kzfacts.services.errors import BadPath, Refused
from kzfacts.store import sqlite
from kzfacts.store.errors import ConfigError

if TYPE_CHECKING:
    from sqlalchemy.engine import URL, Engine
    from sqlmodel import Session

    from kzfacts.api import FactDB
    from kzfacts.services.facts.storage import FactStore

P = ParamSpec("P")
R = TypeVar("R")


def fail(message: str, code: int) -> typer.Exit:
    """Print one line on stderr and return the exit to raise."""
    typer.echo(f"kzfacts: {message}", err=True)
    return typer.Exit(code)


@dataclass
class AppContext:
    database: str  # --db, KZFACTS_DB or the default: a file path or a URL
    root_option: Path | None
    snapshot_only: bool = False  # verify against the database's snapshots, not source files
    _url: URL | None = None
    _db: FactDB | None = None

    @property
    def url(self) -> URL:
        """The database's SQLAlchemy URL (loads SQLAlchemy)."""
        if self._url is None:
            from kzfacts.store.engine import resolve_url

            self._url = resolve_url(self.database)
        return self._url

    @functools.cached_property
    def sqlite_file(self) -> Path | None:
        """The SQLite file `--db` names as a plain path; None for a URL."""
        return sqlite.database_file(self.database)

    @property
    def root(self) -> Path:
        from kzfacts.services.sources.files import default_root

        return self.root_option.resolve() if self.root_option else default_root(self.sqlite_path())

    def sqlite_path(self) -> Path | None:
        """The database's SQLite file, whether `--db` names it as a path or as a URL."""
        if self.sqlite_file is not None:
            return self.sqlite_file
        from kzfacts.store.engine import sqlite_path

        return sqlite_path(self.url)

    @property
    def label(self) -> str:
        if self.sqlite_file is not None:
            return str(self.sqlite_file)
        from kzfacts.store.schema import database_label

        return database_label(self.url)

    def dispose(self) -> None:
        """Close pooled connections when the command ends (a server counts them)."""
        if self._db is not None:
            self._db.close()
            self._db = None

    def engine(self) -> Engine:
        return self.db().engine

    def ready_engine(self) -> Engine:
        """The engine, after checking the schema is exactly what this kzfacts expects."""
        return self.db().require_head()

    def db(self) -> FactDB:
        """The database through the Python API; its schema is checked when first used, so that
        a command refuses bad input before it looks at the database, as it always has."""
        if self._db is None:
            from kzfacts.api import FactDB

            # An SQLite file's engine (and SQLAlchemy) is made when a command first needs it.
            url = None if self.sqlite_file is not None else self.url
            self._db = FactDB(
                None, url, self.root, snapshot_only=self.snapshot_only, file=self.sqlite_file
            )
        return self._db

    def write(self) -> AbstractContextManager[Session]:
        return self.db().write()

    def dry_run(self) -> AbstractContextManager[Session]:
        """Work as `write` does, then throw it away (see `FactDB.throwaway`)."""
        return self.db().throwaway()

    def read(self) -> AbstractContextManager[Session]:
        return self.db().read()

    @contextmanager
    def quick_read(self) -> Iterator[sqlite3.Connection | Session]:
        """A read for a command that must start fast: an SQLite file through the standard
        library, checked to be at the schema head as `read` checks it (SQLAlchemy never
        loads); a database named by a URL through `read`."""
        if self.sqlite_file is None:
            with self.read() as session:
                yield session
            return
        with closing(sqlite.open_at_head(self.sqlite_file)) as connection:
            yield connection

    @contextmanager
    def quick_write(self, *, keep: bool = True) -> Iterator[FactStore]:
        """One write for a command that must start fast (`fact add`): an SQLite file through
        the standard library, checked to be at the schema head, in one BEGIN IMMEDIATE …
        COMMIT (SQLAlchemy never loads); a database named by a URL through `write`. With
        `keep` false (a dry run) nothing is kept."""
        if self.sqlite_file is None:
            from kzfacts.store.session_store import SessionStore

            with self.write() as session:
                yield SessionStore(session)
                if not keep:
                    session.rollback()
            return
        from kzfacts.store.sqlite_store import SqliteStore

        with sqlite.write_transaction(self.sqlite_file, keep=keep) as connection:
            yield SqliteStore(connection)


def app_context(ctx: typer.Context) -> AppContext:
    obj = ctx.find_root().obj
    assert isinstance(obj, AppContext)
    return obj


def handle_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn what a user can cause into one line and an exit code: never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            _refuse_undecodable(kwargs)
            return func(*args, **kwargs)
        except BadPath as exc:
            raise fail(str(exc), 2) from None
        except Refused as exc:
            raise fail(str(exc), 1) from None
        except ConfigError as exc:
            raise fail(str(exc), 2) from None
        except FileNotFoundError as exc:
            raise fail(str(exc), 2) from None
        except Exception as exc:
            described = _database_error(exc, args, kwargs)
            if described is None:
                raise
            raise fail(described, 2) from None

    return wrapper


def _database_error(
    exc: Exception, args: tuple[object, ...], kwargs: dict[str, object]
) -> str | None:
    """What an error of the database says on one line, through SQLAlchemy or the standard
    library alike; None for any other error. A file that is not an SQLite database, and one
    that is but is damaged, are named as such, as `kzfacts doctor` names them."""
    errors = sys.modules.get("sqlalchemy.exc")  # never loaded here: only checked when loaded
    if not isinstance(exc, sqlite3.Error) and (
        errors is None or not isinstance(exc, errors.SQLAlchemyError)
    ):
        return None
    context = _app_context(args, kwargs)
    file = context.sqlite_path() if context is not None else None
    refusal = sqlite.not_sqlite(file) if file is not None else None
    if refusal is not None:
        return str(refusal)
    label = context.label if context is not None else "(unknown)"
    if isinstance(exc, sqlite3.OperationalError) or (
        errors is not None and isinstance(exc, errors.OperationalError)
    ):
        return _describe_db_error(exc, label)
    if getattr(getattr(exc, "orig", exc), "sqlite_errorname", None) in _DAMAGED:
        text = _first_line(exc)
        return f"database {label} is damaged ({text}): run `kzfacts doctor` for what to do"
    return f"database error: {_first_line(exc)}"


_DAMAGED = frozenset({"SQLITE_CORRUPT", "SQLITE_NOTADB"})
"""What SQLite says of a database file it cannot read as one (its header aside)."""


def _refuse_undecodable(arguments: dict[str, object]) -> None:
    """A text argument holding bytes that are not UTF-8 (Python keeps them as lone surrogates)
    cannot be stored or compared: refused before the command runs."""
    for name, value in arguments.items():
        for text in value if isinstance(value, list | tuple) else [value]:
            if not isinstance(text, str):
                continue
            bad = next((c for c in text if "\udc80" <= c <= "\udcff"), None)
            if bad is not None:
                raise Refused(
                    f"--{name.replace('_', '-')} holds the byte 0x{ord(bad) - 0xDC00:02X}, which is "
                    "not UTF-8: pass the argument in UTF-8 (check the terminal's locale)"
                )


def _app_context(args: tuple[object, ...], kwargs: dict[str, object]) -> AppContext | None:
    """The command's context, from the typer context among its arguments."""
    for value in (*args, *kwargs.values()):
        root = getattr(value, "find_root", None)
        context = root().obj if root is not None else None
        if isinstance(context, AppContext):
            return context
    return None


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc)
    return text.splitlines()[0] if text else type(exc).__name__


def _describe_db_error(exc: Exception, database: str) -> str:
    text = _first_line(exc)
    lowered = text.lower()
    if "locked" in lowered or "busy" in lowered:
        return f"database {database} is locked by another process ({text}): wait and retry"
    if "readonly" in lowered or "read-only" in lowered:
        return (
            f"database {database} is read-only ({text}): this command must write to it; copy it "
            "to a writable folder, or check its file permissions (commands that only read, such "
            "as fact list, work)"
        )
    if "unable to open" in lowered and Path(database).is_dir():
        example = Path(database) / "kzfacts.db"
        return f"database {database} is a folder: give --db a database file, e.g. {example}"
    if "unable to open" in lowered:
        return f"cannot open database {database} ({text}): check --db and that its folder exists"
    return f"database error on {database} ({text}): check --db / KZFACTS_DB"


@contextmanager
def progress_bar(label: str) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on stderr when it is a terminal; nothing at all in CI or pipes."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.markup import escape
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    with Progress(
        f"[bold]{escape(label)}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as progress:
        task = progress.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        yield update
