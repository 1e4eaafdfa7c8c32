"""The fact writer's store over an SQLite file opened with the standard library: the SQL of
`store/rows.py`, run by `sqlite3` inside the caller's transaction (`sqlite.write_transaction`),
so that `fact add` on a file never loads SQLAlchemy."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from operator import itemgetter
from typing import Any

from kzfacts.store import rows
from kzfacts.store.rows import AliasRow, EntityRow, PredicateRow, SourceRow
from kzfacts.store.sqlite import stored


class SqliteStore:
    """Reads and inserts of the fact writer on one `sqlite3` connection."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection
        self._dated_columns: dict[str, set[str]] = {}

    def source(self, source_id: str) -> SourceRow | None:
        found = self.connection.execute(rows.SOURCE_BY_ID, {"id": source_id}).fetchone()
        return rows.source_row(found) if found is not None else None

    def other_source_ids(self, source_id: str) -> list[str]:
        return [r[0] for r in self.connection.execute(rows.OTHER_SOURCE_IDS, {"id": source_id})]

    def fact_ids(self) -> set[str]:
        return {r[0] for r in self.connection.execute(rows.FACT_IDS)}

    def predicates(self) -> list[PredicateRow]:
        return [PredicateRow(*r) for r in self.connection.execute(rows.PREDICATES)]

    def source_facts(self, source_id: str, columns: Sequence[str]) -> list[dict[str, Any]]:
        found = self.connection.execute(rows.source_facts_sql(columns), {"id": source_id})
        names = ("id", "supersedes", *columns)
        return [dict(zip(names, r, strict=True)) for r in found]

    def entities(self) -> list[EntityRow]:
        return [EntityRow(*r) for r in self.connection.execute(rows.ENTITIES)]

    def aliases(self) -> list[AliasRow]:
        return [AliasRow(*r) for r in self.connection.execute(rows.ALIASES)]

    def alias_owner(self, name: str, entity_id: str, surname: str) -> str | None:
        params = {"name": name, "entity_id": entity_id, "surname": surname}
        found = self.connection.execute(rows.ALIAS_OWNER, params).fetchone()
        return str(found[0]) if found is not None else None

    def latest_versions(self, fact_ids: list[str]) -> dict[str, int]:
        sql, params = rows.latest_versions(fact_ids)
        return {str(f): int(v) for f, v in self.connection.execute(sql, params)}

    @contextmanager
    def savepoint(self) -> Iterator[Callable[[], None]]:
        """SAVEPOINT, released when the block ends; the function given rolls back to it. When
        the block raises, the caller's transaction is rolled back whole."""
        self.connection.execute("SAVEPOINT fact_writes")

        def undo() -> None:
            self.connection.execute("ROLLBACK TO fact_writes")

        yield undo
        self.connection.execute("RELEASE fact_writes")

    def insert(self, table: str, values: list[dict[str, Any]]) -> None:
        """The rows bound by position, each a tuple of its columns in order: the driver binds
        them in about two thirds of the time it takes to look each name up in a row."""
        if not values:
            return
        columns = list(values[0])
        dated = [n for n, name in enumerate(columns) if name in self._dated(table)]
        get = itemgetter(*columns)  # a row's value itself when there is one column
        single = len(columns) == 1
        bound: list[Any] = [(get(row),) for row in values] if single else list(map(get, values))
        if dated:
            bound = _dates_stored(bound, dated)
        self.connection.executemany(rows.insert_sql(table, columns, positional=True), bound)

    def _dated(self, table: str) -> set[str]:
        """The columns of `table` declared as dates or moments: the only values written
        otherwise than given (`stored`), so the rest are passed as they are (an import inserts
        hundreds of thousands)."""
        if table not in self._dated_columns:
            info = self.connection.execute(f"PRAGMA table_info({table})").fetchall()
            self._dated_columns[table] = {r[1] for r in info if r[2] in ("DATE", "DATETIME")}
        return self._dated_columns[table]


_UNSEEN = object()


def _dates_stored(bound: list[Any], dated: list[int]) -> list[list[Any]]:
    """The rows with their dated columns (at `dated`) in their stored form (`stored`), each
    value object written once: the rows of a batch share their moments (a fact's created_at
    and updated_at, the moment a worker verified a source's facts, a version's changed_at),
    and formatting one costs more than finding it written already. Keyed by identity, which
    every row in `bound` holds alive, so that equal moments in other time zones stay apart."""
    written: dict[int, Any] = {}
    out: list[list[Any]] = []
    for values in bound:
        row = list(values)
        for n in dated:
            value = row[n]
            form = written.get(id(value), _UNSEEN)
            if form is _UNSEEN:
                form = written[id(value)] = stored(value)
            row[n] = form
        out.append(row)
    return out
