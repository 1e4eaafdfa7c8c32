"""Which schema a database has, read without loading Alembic (every command checks it first).

SQLAlchemy loads only for a database opened through it: `store/sqlite.py` checks an SQLite
file with the standard library and the same words (`single_revision`, `check_head`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kzfacts.store.errors import ConfigError

if TYPE_CHECKING:
    from sqlalchemy.engine import URL, Engine

SCHEMA_REVISION = "0011"
"""The head of migrations/versions; a test holds the two equal."""
KNOWN_REVISIONS = frozenset(
    {"0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009", "0010", "0011"}
)


def stored_revision(engine: Engine) -> str | None:
    """The revision recorded in the database, or None for a database without kzfacts' schema."""
    from sqlalchemy import inspect, text

    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        values = [
            str(v)
            for v in connection.execute(text("SELECT version_num FROM alembic_version")).scalars()
        ]
    return single_revision(values, engine.url.render_as_string(hide_password=True))


def single_revision(values: list[str], database: str) -> str | None:
    """The one revision a database records (None: none); refused when it records two."""
    if len(values) > 1:
        listed = ", ".join(sorted(values))
        raise ConfigError(
            f"database {database} records "
            f"{len(values)} schema revisions ({listed}) where there is one: it was edited by "
            "hand; delete the rows that do not match its tables (DELETE FROM alembic_version "
            "WHERE version_num = '…'), or restore a `kzfacts dump` into a new database"
        )
    return values[0] if values else None


def database_label(url: URL) -> str:
    """How messages name a database: its file, or its URL without the password."""
    from kzfacts.store.engine import sqlite_path

    path = sqlite_path(url)
    return str(path) if path else url.render_as_string(hide_password=True)


def missing_database(path: Path) -> ConfigError:
    return ConfigError(f"no database at {path}: run `kzfacts init` (or pass --db)")


def require_head(engine: Engine, url: URL) -> Engine:
    """The engine of the database at `url`, once its schema is exactly this kzfacts' head;
    otherwise ConfigError saying what to run. Never upgrades: `kzfacts init` is the one
    deliberate step. Every command and `FactDB.open` call this, so that the CLI and the
    Python API refuse the same databases with the same words."""
    from kzfacts.store.engine import sqlite_path

    path = sqlite_path(url)
    if path is not None and not path.exists():
        raise missing_database(path)
    check_head(stored_revision(engine), database_label(url))
    return engine


def check_head(current: str | None, label: str) -> None:
    """Refuse a recorded revision that is not this kzfacts' head, saying what to run."""
    if current == SCHEMA_REVISION:
        return
    if current is None:
        raise ConfigError(f"database {label} has no kzfacts schema: run `kzfacts init`")
    if current not in KNOWN_REVISIONS:
        raise ConfigError(
            f"database {label} has schema {current}, newer than this kzfacts knows: "
            "upgrade kzfacts (pip install -U kzfacts)"
        )
    raise ConfigError(
        f"database {label} schema is behind ({current} < {SCHEMA_REVISION}): run `kzfacts init`"
    )
