"""What every command needs: the database (checked to be at the schema head) and the sources root."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import ParamSpec, TypeVar

import typer
from sqlalchemy.engine import URL, Engine
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlmodel import Session

from kzfacts.api import FactDB
from kzfacts.services.errors import Refused
from kzfacts.services.sources.registry import default_root
from kzfacts.store.engine import ConfigError, make_engine, sqlite_path
from kzfacts.store.schema import database_label

P = ParamSpec("P")
R = TypeVar("R")


def fail(message: str, code: int) -> typer.Exit:
    """Print one line on stderr and return the exit to raise."""
    typer.echo(f"kzfacts: {message}", err=True)
    return typer.Exit(code)


@dataclass
class AppContext:
    url: URL
    root_option: Path | None
    snapshot_only: bool = False  # verify against the database's snapshots, not source files
    _engine: Engine | None = None
    _db: FactDB | None = None

    @property
    def root(self) -> Path:
        return (
            self.root_option.resolve() if self.root_option else default_root(sqlite_path(self.url))
        )

    @property
    def label(self) -> str:
        return database_label(self.url)

    def dispose(self) -> None:
        """Close pooled connections when the command ends (a server counts them)."""
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None
            self._db = None

    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = make_engine(self.url)
        return self._engine

    def ready_engine(self) -> Engine:
        """The engine, after checking the schema is exactly what this kzfacts expects."""
        return self.db().require_head()

    def db(self) -> FactDB:
        """The database through the Python API; its schema is checked when first used, so that
        a command refuses bad input before it looks at the database, as it always has."""
        if self._db is None:
            self._db = FactDB(self.engine(), self.url, self.root, snapshot_only=self.snapshot_only)
        return self._db

    def write(self) -> AbstractContextManager[Session]:
        return self.db().write()

    def dry_run(self) -> AbstractContextManager[Session]:
        """Work as `write` does, then throw it away (see `FactDB.throwaway`)."""
        return self.db().throwaway()

    def read(self) -> AbstractContextManager[Session]:
        return self.db().read()


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
        except Refused as exc:
            raise fail(str(exc), 1) from None
        except ConfigError as exc:
            raise fail(str(exc), 2) from None
        except FileNotFoundError as exc:
            raise fail(str(exc), 2) from None
        except OperationalError as exc:
            raise fail(_describe_db_error(exc, _database_label(args, kwargs)), 2) from None
        except SQLAlchemyError as exc:
            raise fail(f"database error: {_first_line(exc)}", 2) from None

    return wrapper


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


def _database_label(args: tuple[object, ...], kwargs: dict[str, object]) -> str:
    for value in (*args, *kwargs.values()):
        root = getattr(value, "find_root", None)
        context = root().obj if root is not None else None
        if isinstance(context, AppContext):
            return context.label
    return "(unknown)"


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc)
    return text.splitlines()[0] if text else type(exc).__name__


def _describe_db_error(exc: OperationalError, database: str) -> str:
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
