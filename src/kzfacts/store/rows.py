"""The rows the fact writer reads and writes, and their SQL, written once for both ways kzfacts
opens a database: through a SQLAlchemy session (`store/session_store.py`, every database) and,
for an SQLite file, through the standard library (`store/sqlite_store.py`), so that `fact add`
starts without loading SQLAlchemy. This module imports none of it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any, NamedTuple


def utcnow() -> datetime:
    """The moment a row is stamped with, in UTC."""
    return datetime.now(UTC)


# Named tuples, not frozen dataclasses: each class is made at import, and each row (`fact add`
# reads every entity and alias) is made, in a fraction of the time.


class SourceRow(NamedTuple):
    """What the writer needs of a registered source: where its file is and when it speaks."""

    id: str
    path: str
    published: date | None
    published_precision: str | None
    covers: str | None


class PredicateRow(NamedTuple):
    name: str
    value_type: str


class EntityRow(NamedTuple):
    id: str
    name: str
    kind: str


class AliasRow(NamedTuple):
    entity_id: str
    name: str
    kind: str
    origin: str | None = None


SOURCE_BY_ID = "SELECT id, path, published, published_precision, covers FROM source WHERE id = :id"
OTHER_SOURCE_IDS = "SELECT id FROM source WHERE id != :id ORDER BY id"
FACT_IDS = "SELECT id FROM fact"
PREDICATES = "SELECT name, value_type FROM predicate ORDER BY name"
ENTITIES = "SELECT id, name, kind FROM entity ORDER BY id"
ALIASES = "SELECT entity_id, name, kind, origin FROM alias ORDER BY id"
ALIAS_OWNER = (
    "SELECT entity_id FROM alias WHERE name = :name AND entity_id != :entity_id "
    "AND kind != :surname ORDER BY id LIMIT 1"
)
"""Another entity that has `name` as a full alias (not a surname)."""


def source_row(values: Sequence[Any]) -> SourceRow:
    """A row of SOURCE_BY_ID; a date comes back as text from SQLite, as a date from a server."""
    source_id, path, published, precision, covers = values
    if isinstance(published, str):
        published = date.fromisoformat(published)
    return SourceRow(source_id, path, published, precision, covers)


def latest_versions(fact_ids: Sequence[str]) -> tuple[str, dict[str, str]]:
    """The SQL and parameters giving the highest version number each of `fact_ids` has had."""
    params = {f"id{n}": fact_id for n, fact_id in enumerate(fact_ids)}
    marks = ", ".join(f":{name}" for name in params)
    sql = (
        f"SELECT fact_id, max(version) FROM factversion WHERE fact_id IN ({marks}) GROUP BY fact_id"
    )
    return sql, params


def source_facts_sql(columns: Sequence[str]) -> str:
    """The `columns` (with `id` and `supersedes`) of the facts citing source `:id`, the
    earliest written first."""
    return (
        f"SELECT id, supersedes, {', '.join(columns)} FROM fact WHERE source_id = :id "
        "ORDER BY created_at, id"
    )


def insert_sql(table: str, columns: Sequence[str], *, positional: bool = False) -> str:
    """INSERT of one row of `columns` into `table`, with named parameters, or `?` for each
    column in order (run for many rows)."""
    names = ", ".join(columns)
    values = ", ".join("?" if positional else f":{name}" for name in columns)
    return f"INSERT INTO {table} ({names}) VALUES ({values})"
