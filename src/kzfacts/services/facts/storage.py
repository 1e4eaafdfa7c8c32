"""What the fact writer, the entity resolver and the history read and write, and nothing more:
one logic over two stores. `store.session_store.SessionStore` runs it through a SQLAlchemy
session (any database); `store.sqlite_store.SqliteStore` through `sqlite3` on an SQLite file,
so that `fact add` starts without SQLAlchemy. Both run the SQL of `store/rows.py`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
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

    def source_facts(self, source_id: str, columns: Sequence[str]) -> list[dict[str, Any]]:
        """The `columns` (with `id` and `supersedes`) of the facts citing a source, the
        earliest written first."""

    def savepoint(self) -> AbstractContextManager[Callable[[], None]]:
        """A savepoint in the caller's transaction: the block gets the function that undoes
        every write made since it began (a parallel import writes the rows of the facts its
        workers accepted while they verify the rest, and undoes them when one is refused; only
        an SQLite file imports in parallel, so the session store's serves the protocol)."""
