"""Restoring a dump (its format is described in `maintenance.dump`): one transaction into an
empty, initialised database; any bad line and nothing is written.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    Integer,
    LargeBinary,
    Table,
    func,
    insert,
    select,
    text,
)
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from sqlalchemy.types import TypeDecorator

from kzfacts.services.errors import Refused
from kzfacts.services.maintenance.doctor import find_orphans
from kzfacts.services.maintenance.dump import FORMAT, FORMAT_VERSION, sqlite_in_transaction, tables
from kzfacts.store.models import metadata

# Tables `kzfacts init` fills (the predicate vocabulary): restored over, not refused.
VOCABULARY = frozenset({"predicate"})
BATCH = 500
INTEGER_RANGE = (-(2**63), 2**63 - 1)
MAX_FLOAT_INTEGER = 2**1023
NON_FINITE = {"Infinity": math.inf, "-Infinity": -math.inf, "NaN": math.nan}


@dataclass
class RestoreResult:
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def _from_portable(table: Table, column: str, value: Any) -> Any:
    """A JSON value back into the column's Python type; ValueError when it cannot be."""
    if value is None:
        return None
    kind = table.c[column].type
    if isinstance(kind, TypeDecorator):
        kind = kind.impl_instance
    if isinstance(kind, DateTime):
        if not isinstance(value, str):
            raise ValueError("expected an ISO 8601 date and time")
        moment = datetime.fromisoformat(value)
        return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    if isinstance(kind, Date):
        if not isinstance(value, str):
            raise ValueError("expected an ISO 8601 date")
        return date.fromisoformat(value)
    if isinstance(kind, LargeBinary):
        if not isinstance(value, str):
            raise ValueError("expected base64 text")
        try:
            return base64.b64decode(value, validate=True)
        except binascii.Error:
            raise ValueError("expected base64 text") from None
    if isinstance(kind, Boolean):
        if not isinstance(value, bool):
            raise ValueError("expected true or false")
        return value
    if isinstance(kind, Integer):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError("expected an integer")
        if not INTEGER_RANGE[0] <= value <= INTEGER_RANGE[1]:
            raise ValueError("an integer out of the 64-bit range a database column holds")
        return value
    if isinstance(kind, Float):
        if isinstance(value, str) and value in NON_FINITE:
            return NON_FINITE[value]
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError("expected a number")
        if isinstance(value, int) and abs(value) > MAX_FLOAT_INTEGER:
            raise ValueError("a number too large for a floating-point column")
        return float(value)
    if not isinstance(value, str):
        raise ValueError("expected a string")
    if not _is_unicode(value):
        raise ValueError("not valid Unicode text (a lone surrogate)")
    if table.name == "source" and column == "path" and _leaves_root(value):
        raise ValueError("a path leading outside the sources root")
    return value


def _is_unicode(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _leaves_root(path: str) -> bool:
    """A stored source path must stay under the sources root: relative, with no `..`."""
    pure = PurePosixPath(path)
    return pure.is_absolute() or ".." in pure.parts or "\0" in path


def _shown(value: Any) -> str:
    """Text from the file, on one line: anything unprintable is shown escaped."""
    text = str(value)
    return text if text.isprintable() else repr(text)


def _parse(line: str, where: str) -> Any:
    try:
        return json.loads(line)
    except (ValueError, RecursionError) as exc:
        reason = exc.msg if isinstance(exc, json.JSONDecodeError) else type(exc).__name__
        raise Refused(
            f"{where}: not valid JSON ({reason}): the dump is damaged; nothing was restored"
        ) from None


def read_header(line: str, path: Path, known: set[str], head: str | None) -> dict[str, Any]:
    """The header line, refused unless this kzfacts can restore what follows."""
    header = _parse(line, f"{path}:1") if line.strip() else None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise Refused(
            f"{path} is not a kzfacts dump (its first line is not a kzfacts-dump header): "
            "give a file written by `kzfacts dump`"
        )
    version = header.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise Refused(f"{path}:1: the header has no format_version: the dump is damaged")
    if version > FORMAT_VERSION:
        raise Refused(
            f"{path} is dump format {version}, newer than this kzfacts reads "
            f"({FORMAT_VERSION}): upgrade kzfacts (pip install -U kzfacts)"
        )
    schema = header.get("schema")
    made_by = _shown(header.get("kzfacts", "?"))
    if schema != head:
        if schema not in known:
            raise Refused(
                f"{path} was dumped from schema {_shown(schema)} (kzfacts {made_by}), newer than this "
                "kzfacts knows: upgrade kzfacts (pip install -U kzfacts) to restore it"
            )
        raise Refused(
            f"{path} was dumped from schema {_shown(schema)} (kzfacts {made_by}), older than this "
            f"kzfacts's {head}: restore it with kzfacts {made_by}, then run `kzfacts init` "
            "with this one to upgrade"
        )
    counts = header.get("rows")
    if not isinstance(counts, dict) or not all(
        isinstance(n, int) and not isinstance(n, bool) for n in counts.values()
    ):
        raise Refused(f"{path}:1: the header has no row counts: the dump is damaged")
    return header


def _check_empty(connection: Connection, label: str, path: Path) -> None:
    filled = {
        t.name: n
        for t in tables()
        if t.name not in VOCABULARY
        and (n := int(connection.execute(select(func.count()).select_from(t)).scalar_one()))
    }
    if filled:
        held = ", ".join(f"{n} {name}" for name, n in filled.items())
        raise Refused(
            f"database {label} is not empty ({held}): restore only into a new database: "
            f"kzfacts --db NEW.db init && kzfacts --db NEW.db restore {path}"
        )


def _row(record: Any, where: str) -> tuple[Table, dict[str, Any]]:
    if (
        not isinstance(record, dict)
        or not isinstance(record.get("table"), str)
        or not isinstance(record.get("row"), dict)
        or set(record) != {"table", "row"}
    ):
        raise Refused(f'{where}: expected {{"table": ..., "row": {{...}}}}: the dump is damaged')
    table = metadata.tables.get(record["table"])
    if table is None:
        raise Refused(f"{where}: unknown table {record['table']!r}: the dump is damaged")
    row: dict[str, Any] = record["row"]
    unknown = sorted(set(row) - set(table.c.keys()))
    if unknown:
        raise Refused(
            f"{where}: table {table.name} has no column(s) {', '.join(map(_shown, unknown))}: "
            "the dump is damaged"
        )
    values = {}
    for column, value in row.items():
        try:
            values[column] = _from_portable(table, column, value)
        except ValueError as exc:
            raise Refused(
                f"{where}: {table.name}.{column} {value!r} cannot be read ({exc}): "
                "the dump is damaged"
            ) from None
    return table, values


class _Writer:
    """Inserts rows in batches; vocabulary rows replace the ones `kzfacts init` made."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.table: Table | None = None
        self.batch: list[dict[str, Any]] = []
        self.first_line = 0

    def add(self, table: Table, values: dict[str, Any], number: int, path: Path) -> None:
        if table is not self.table or len(self.batch) >= BATCH:
            self.flush(path)
            self.table, self.first_line = table, number
        if table.name in VOCABULARY:
            key = [table.c[c.name] == values.get(c.name) for c in table.primary_key.columns]
            self.connection.execute(table.delete().where(*key))
        self.batch.append(values)

    def flush(self, path: Path) -> None:
        if self.table is None or not self.batch:
            return
        try:
            self.connection.execute(insert(self.table), self.batch)
        except IntegrityError as exc:
            reason = str(exc.orig).splitlines()[0] if exc.orig else type(exc).__name__
            raise Refused(
                f"{path}: {self.table.name} rows from line {self.first_line} refused by the "
                f"database ({reason}): the dump is damaged; nothing was restored"
            ) from None
        self.batch = []


def _distrust_verdicts(connection: Connection) -> None:
    """A dump is a file anyone can edit: forget which quotes and values were verified and which
    entities the last audit compared, so that the first audit after a restore checks them all."""
    fact, run = metadata.tables["fact"], metadata.tables["auditrun"]
    connection.execute(fact.update().values(anchor_quote_sha256=None, support_key=None))
    connection.execute(run.update().values(entities_fingerprint=""))


def _reset_sequences(connection: Connection) -> None:
    """PostgreSQL: serial ids continue after the restored ones."""
    if connection.dialect.name != "postgresql":
        return
    for table in tables():
        key = next(iter(table.primary_key.columns))
        if isinstance(key.type, Integer) and key.autoincrement in (True, "auto"):
            connection.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', '{key.name}'), "
                    f"COALESCE((SELECT MAX({key.name}) FROM {table.name}), 0) + 1, false)"
                )
            )


def restore_dump(
    connection: Connection,
    lines: Iterator[str],
    path: Path,
    *,
    label: str,
    known: set[str],
    head: str | None,
) -> RestoreResult:
    """Restore every row within the caller's transaction; raise Refused on any bad line."""
    first = next(lines, "")
    if not first.strip():
        raise Refused(f"{path} is empty: give a file written by `kzfacts dump`")
    header = read_header(first, path, known, head)
    if connection.dialect.name == "sqlite":
        # Hold the write lock from the emptiness check to the commit; check references at the end.
        connection.exec_driver_sql("SELECT 1")  # kzfacts's engine emits BEGIN IMMEDIATE here
        if not sqlite_in_transaction(connection):
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        connection.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
    _check_empty(connection, label, path)
    result = RestoreResult()
    writer = _Writer(connection)
    for number, line in enumerate(lines, start=2):
        if not line.strip():
            continue
        table, values = _row(_parse(line, f"{path}:{number}"), f"{path}:{number}")
        writer.add(table, values, number, path)
        result.rows[table.name] = result.rows.get(table.name, 0) + 1
    writer.flush(path)
    _distrust_verdicts(connection)
    expected = {name: n for name, n in header["rows"].items() if n}
    if expected != result.rows:
        missing = [
            f"{n} {name} rows promised, {result.rows.get(name, 0)} found"
            for name, n in sorted(expected.items())
            if result.rows.get(name, 0) != n
        ] + [
            f"{n} {name} rows not in the header"
            for name, n in sorted(result.rows.items())
            if name not in expected
        ]
        raise Refused(
            f"{path} is truncated or damaged ({'; '.join(missing)}): nothing was restored"
        )
    orphans = find_orphans(connection)
    if orphans:
        o = orphans[0]
        raise Refused(
            f"{path}: {len(o.rows)} {o.table} row(s) point at {o.parent} rows missing from the "
            f"dump ({o.table}.{o.column} = {o.rows[0][1]!r}): the dump is damaged; nothing was "
            "restored"
        )
    _reset_sequences(connection)
    return result
