"""The fact writer's store over a SQLAlchemy session (every database, and an SQLite file named
by a URL): the SQL of `store/rows.py`, the same text `store/sqlite_store.py` runs, with each
inserted column bound to its table type so that the dialect stores it as the ORM does."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import bindparam, text
from sqlmodel import Session

from kzfacts.store import rows
from kzfacts.store.models import metadata
from kzfacts.store.rows import AliasRow, EntityRow, PredicateRow, SourceRow


class SessionStore:
    """Reads and inserts of the fact writer in one session's unit of work."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def _rows(self, sql: str, **params: Any) -> list[Any]:
        return list(self.session.execute(text(sql), params).all())

    def source(self, source_id: str) -> SourceRow | None:
        found = self._rows(rows.SOURCE_BY_ID, id=source_id)
        return rows.source_row(found[0]) if found else None

    def other_source_ids(self, source_id: str) -> list[str]:
        return [r[0] for r in self._rows(rows.OTHER_SOURCE_IDS, id=source_id)]

    def fact_ids(self) -> set[str]:
        return {r[0] for r in self._rows(rows.FACT_IDS)}

    def predicates(self) -> list[PredicateRow]:
        return [PredicateRow(*r) for r in self._rows(rows.PREDICATES)]

    def source_facts(self, source_id: str, columns: Sequence[str]) -> list[dict[str, Any]]:
        found = self._rows(rows.source_facts_sql(columns), id=source_id)
        names = ("id", "supersedes", *columns)
        return [dict(zip(names, r, strict=True)) for r in found]

    def entities(self) -> list[EntityRow]:
        return [EntityRow(*r) for r in self._rows(rows.ENTITIES)]

    def aliases(self) -> list[AliasRow]:
        return [AliasRow(*r) for r in self._rows(rows.ALIASES)]

    def alias_owner(self, name: str, entity_id: str, surname: str) -> str | None:
        found = self._rows(rows.ALIAS_OWNER, name=name, entity_id=entity_id, surname=surname)
        return str(found[0][0]) if found else None

    def latest_versions(self, fact_ids: list[str]) -> dict[str, int]:
        sql, params = rows.latest_versions(fact_ids)
        return {str(f): int(v) for f, v in self._rows(sql, **params)}

    @contextmanager
    def savepoint(self) -> Iterator[Callable[[], None]]:
        """A nested transaction (SAVEPOINT), kept when the block ends unless undone."""
        nested = self.session.begin_nested()
        yield nested.rollback
        if nested.is_active:
            nested.commit()

    def insert(self, table: str, values: list[dict[str, Any]]) -> None:
        if not values:
            return
        columns = list(values[0])
        types = metadata.tables[table].c
        statement = text(rows.insert_sql(table, columns)).bindparams(
            *(bindparam(name, type_=types[name].type) for name in columns)
        )
        self.session.flush()  # rows the session holds (entities a load added) go first
        self.session.execute(statement, values)
