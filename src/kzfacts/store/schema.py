"""Which schema a database has, read without loading Alembic (every command checks it first)."""

from __future__ import annotations

from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine

from kzfacts.store.engine import ConfigError

SCHEMA_REVISION = "0008"
"""The head of migrations/versions; a test holds the two equal."""
KNOWN_REVISIONS = frozenset({"0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008"})


def stored_revision(engine: Engine) -> str | None:
    """The revision recorded in the database, or None for a database without kzfacts' schema."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        values = [
            str(v)
            for v in connection.execute(text("SELECT version_num FROM alembic_version")).scalars()
        ]
    if len(values) > 1:
        listed = ", ".join(sorted(values))
        raise ConfigError(
            f"database {engine.url.render_as_string(hide_password=True)} records "
            f"{len(values)} schema revisions ({listed}) where there is one: it was edited by "
            "hand; delete the rows that do not match its tables (DELETE FROM alembic_version "
            "WHERE version_num = '…'), or restore a `kzfacts dump` into a new database"
        )
    return values[0] if values else None
