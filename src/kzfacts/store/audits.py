"""The SQL an audit reads and writes, in one home for both ways kzfacts opens a database: the
ORM runs the shared statements (`LAST_FINDINGS`, `ENTITY_QUERIES`) through SQLAlchemy, and a
warm audit of an SQLite file runs them, and the rest here, through the standard library (this
module imports no SQLAlchemy)."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

LAST_FINDINGS = (
    "SELECT code, message, fact_id, source_id, detail, id, severity FROM finding "
    "WHERE run_id = :run ORDER BY id"
)
"""An earlier run's findings, in the order it reported them (what the next audit carries)."""
COPY_FINDINGS = (
    "INSERT INTO finding (run_id, code, severity, fact_id, source_id, message, detail) "
    "SELECT ?, code, severity, fact_id, source_id, message, detail FROM finding "
    "WHERE run_id = ? AND id BETWEEN ? AND ? ORDER BY id"
)
"""An earlier run's findings from one id to another, recorded again for a new run (parameters:
the new run's id, the earlier run's, the first and the last id): copied inside SQLite in one
statement, not passed through Python row by row (a warm audit carries thousands)."""

ENTITY_QUERIES = (
    ("e", "SELECT id, kind, name FROM entity ORDER BY id"),
    ("a", "SELECT entity_id, name FROM alias ORDER BY entity_id, name"),
    ("d", "SELECT entity_id, other_id FROM distinction ORDER BY entity_id, other_id"),
)
"""What the entities fingerprint covers: entities, aliases and distinctions, each in one order."""


def entities_fingerprint(rows_of: Callable[[str], Iterable[Iterable[Any]]]) -> str:
    """Changes whenever an entity, alias or distinction does: duplicates are recomputed then.
    `rows_of` runs one of `ENTITY_QUERIES` on the database."""
    digest = hashlib.sha256()
    for tag, sql in ENTITY_QUERIES:
        for row in rows_of(sql):
            digest.update(("\0".join((tag, *map(str, row))) + "\n").encode())
    return digest.hexdigest()


LAST_RUN = (
    "SELECT id, started_at, facts_checked, entities_fingerprint FROM auditrun "
    "ORDER BY id DESC LIMIT 1"
)
FACT_STATE = (
    "SELECT (SELECT count(*) FROM fact), EXISTS (SELECT 1 FROM fact WHERE source_id IS NULL) OR "
    "EXISTS (WITH RECURSIVE cited(id) AS (SELECT min(source_id) FROM fact UNION ALL SELECT "
    "(SELECT min(source_id) FROM fact WHERE source_id > cited.id) FROM cited WHERE cited.id IS "
    "NOT NULL) SELECT 1 FROM cited WHERE id IS NOT NULL AND id NOT IN (SELECT id FROM source)), "
    "EXISTS (SELECT 1 FROM fact WHERE updated_at > :since) OR EXISTS (SELECT 1 FROM fact WHERE "
    "anchor_quote_sha256 IS NULL)"
)
"""The facts: how many there are, whether any cites no registered source (an audit re-checks
those), and whether any was edited since `since` — a row written after the last
audit started, or with no record of the quote that was verified (restored), as
`services.audit.state.edited_since` asks it. Moments are stored as text in one format
(`stored_moment`), so the stored start of the last run compares as it is. Each is read from
an index, not the table: the cited sources one by one (`cited`, a seek per source rather than
a read of every fact's), and the facts without a verified quote from `ix_fact_unanchored`."""
FINDING_FACTS = "SELECT id FROM fact WHERE id IN (SELECT fact_id FROM finding WHERE run_id = :run)"
"""The facts an earlier run's findings are about that still exist."""
SOURCES = "SELECT id, path, sha256, registered_at FROM source ORDER BY id"
SOURCE_VERSIONS = "SELECT source_id, sha256 FROM sourceversion"
MISSING_BEFORE = (
    "SELECT source_id FROM finding WHERE run_id = :run AND code = :code AND fact_id IS NULL"
)


def stored_moment(moment: datetime) -> str:
    """A moment as SQLAlchemy stores a DateTime in SQLite (its fields as given, no zone): the
    same text whichever way the row is written, so that moments compare as text."""
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


def insert_rows(connection: sqlite3.Connection, table: str, rows: list[dict[str, Any]]) -> int:
    """Insert `rows` (each with the same columns) into `table`, moments written as
    `stored_moment` writes them; the id of the last row (0 for none)."""
    if not rows:
        return 0
    names = list(rows[0])
    sql = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})"
    connection.executemany(  # positional parameters: a fifth faster than named ones
        sql,
        (
            tuple(
                stored_moment(v) if isinstance(v, datetime) else v
                for v in map(row.__getitem__, names)
            )
            for row in rows
        ),
    )
    last = connection.execute("SELECT last_insert_rowid()").fetchone()
    return int(last[0])
