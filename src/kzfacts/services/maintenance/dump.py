"""Dumping the whole database as one portable JSONL file: the file format and its writer.

Line 1 is a header: the dump format's version, the schema revision and the kzfacts version
that wrote it, and how many rows of each table follow (a dump cut short is refused, not half
restored). Every other line is one row, `{"table": ..., "row": {...}}`, tables in foreign-key
order, dates and datetimes as ISO 8601 strings, the snapshots' compressed texts in base64;
the file is plain ASCII (JSON escapes).
"""

from __future__ import annotations

import base64
import json
import math
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any, TextIO

from sqlalchemy import Table, func, select
from sqlalchemy.engine import Connection

from kzfacts import __version__
from kzfacts.store.models import metadata, utcnow

FORMAT = "kzfacts-dump"
FORMAT_VERSION = 1


def tables() -> list[Table]:
    """The tables in foreign-key order: every row's parents come before it."""
    return list(metadata.sorted_tables)


def _portable(value: Any) -> Any:
    if isinstance(value, bytes):  # a snapshot's compressed text
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    return value


def sqlite_in_transaction(connection: Connection) -> bool:
    """Whether the SQLite connection already holds a transaction (the restore asks it too)."""
    return bool(getattr(connection.connection.dbapi_connection, "in_transaction", False))


def _begin_snapshot(connection: Connection) -> None:
    """Read every table from one snapshot, even while an editor writes."""
    if connection.dialect.name != "sqlite":
        connection.execution_options(isolation_level="REPEATABLE READ")
        return
    connection.exec_driver_sql("SELECT 1")  # kzfacts's engine emits BEGIN here
    if not sqlite_in_transaction(connection):
        connection.exec_driver_sql("BEGIN")


def _fact_order(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Facts sorted so that a fact comes after the one it supersedes."""
    by_id = {row["id"]: row for row in rows}
    placed: set[str] = set()
    ordered: list[dict[str, Any]] = []
    for row in rows:
        chain = []
        current: dict[str, Any] | None = row
        while current is not None and current["id"] not in placed:
            chain.append(current)
            placed.add(current["id"])
            superseded = current.get("supersedes")
            current = by_id.get(superseded) if superseded is not None else None
        ordered.extend(reversed(chain))
    return ordered


def _rows(connection: Connection, table: Table) -> Iterator[dict[str, Any]]:
    statement = select(table).order_by(*table.primary_key.columns)
    result = (dict(row._mapping) for row in connection.execute(statement))
    if table.name == "fact":
        yield from _fact_order(list(result))
    else:
        yield from result


def write_dump(connection: Connection, revision: str | None, out: TextIO) -> dict[str, int]:
    """Write the header and every row; returns the row count of each table."""
    _begin_snapshot(connection)
    try:
        counts = {
            t.name: int(connection.execute(select(func.count()).select_from(t)).scalar_one())
            for t in tables()
        }
        header = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "schema": revision,
            "kzfacts": __version__,
            "dumped_at": utcnow().isoformat(),
            "rows": counts,
        }
        out.write(json.dumps(header) + "\n")
        for table in tables():
            for row in _rows(connection, table):
                line = {"table": table.name, "row": {k: _portable(v) for k, v in row.items()}}
                out.write(json.dumps(line, allow_nan=False) + "\n")
    finally:
        connection.rollback()
    return counts
