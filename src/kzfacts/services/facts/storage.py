"""What the fact writer, the entity resolver and the history read and write, and nothing more:
one logic over two stores. `store.session_store.SessionStore` runs it through a SQLAlchemy
session (any database); `store.sqlite_store.SqliteStore` through `sqlite3` on an SQLite file,
so that `fact add` starts without SQLAlchemy. Both run the SQL of `store/rows.py`."""

from __future__ import annotations

from typing import Any, Protocol

from kzfacts.store.rows import AliasRow, EntityRow, PredicateRow, SourceRow


class Inserts(Protocol):
    def insert(self, table: str, values: list[dict[str, Any]]) -> None:
        """Insert rows (dicts of the same columns) into `table`, in the caller's transaction."""


class EntityStore(Inserts, Protocol):
    def entities(self) -> list[EntityRow]:
        """Every entity, by id."""

    def aliases(self) -> list[AliasRow]:
        """Every alias and surname, in the order they were recorded."""

    def alias_owner(self, name: str, entity_id: str, surname: str) -> str | None:
        """Another entity than `entity_id` whose full alias (kind not `surname`) is `name`."""


class VersionStore(Inserts, Protocol):
    def latest_versions(self, fact_ids: list[str]) -> dict[str, int]:
        """The highest version number each fact has had (facts without history left out)."""


class FactStore(EntityStore, VersionStore, Protocol):
    def source(self, source_id: str) -> SourceRow | None: ...

    def other_source_ids(self, source_id: str) -> list[str]:
        """Every registered source but `source_id`, by id."""

    def fact_ids(self) -> set[str]: ...

    def predicates(self) -> list[PredicateRow]:
        """The predicate vocabulary, by name."""


class HeldInserts:
    """A store whose inserts wait for `flush`, each table's rows in one bulk insert (entities
    before the rest, which may refer to them), while reads see them as if written. A parallel
    import plans every fact's entity first; when one fact is then refused, nothing planned
    reaches the database, and the facts are checked again in order, one by one."""

    def __init__(self, store: FactStore) -> None:
        self.store = store
        self.held: dict[str, list[dict[str, Any]]] = {}
        self.flushed = False

    def insert(self, table: str, values: list[dict[str, Any]]) -> None:
        if self.flushed:
            self.store.insert(table, values)
        else:
            self.held.setdefault(table, []).extend(values)

    def flush(self) -> None:
        """Insert what is held; later inserts go straight to the store."""
        first = sorted(self.held, key=lambda table: table != "entity")
        for table in first:
            self.store.insert(table, self.held[table])
        self.held.clear()
        self.flushed = True

    def entities(self) -> list[EntityRow]:
        held = [EntityRow(r["id"], r["name"], r["kind"]) for r in self.held.get("entity", [])]
        stored = self.store.entities()
        return sorted(stored + held, key=lambda e: e.id) if held else stored

    def aliases(self) -> list[AliasRow]:
        held = self.held.get("alias", [])
        return self.store.aliases() + [
            AliasRow(r["entity_id"], r["name"], r["kind"], r["origin"]) for r in held
        ]

    def alias_owner(self, name: str, entity_id: str, surname: str) -> str | None:
        return self.store.alias_owner(name, entity_id, surname)

    def latest_versions(self, fact_ids: list[str]) -> dict[str, int]:
        return self.store.latest_versions(fact_ids)

    def source(self, source_id: str) -> SourceRow | None:
        return self.store.source(source_id)

    def other_source_ids(self, source_id: str) -> list[str]:
        return self.store.other_source_ids(source_id)

    def fact_ids(self) -> set[str]:
        return self.store.fact_ids()

    def predicates(self) -> list[PredicateRow]:
        return self.store.predicates()
