"""Which schema a database has, read without loading Alembic (every command checks it first)."""

from __future__ import annotations

from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine

SCHEMA_REVISION = "0003"
"""The head of migrations/versions; a test holds the two equal."""
KNOWN_REVISIONS = frozenset({"0001", "0002", "0003"})


def stored_revision(engine: Engine) -> str | None:
    """The revision recorded in the database, or None for a database without kzfacts' schema."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        value = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return str(value) if value is not None else None
