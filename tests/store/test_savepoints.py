"""A fact store's savepoint: the writes made in it are undone by the function it gives, kept
otherwise, through a SQLAlchemy session (every backend) and through the standard library on an
SQLite file."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import pytest

from kzfacts import FactDB
from kzfacts.services.facts.storage import FactStore
from kzfacts.store import sqlite
from kzfacts.store.rows import utcnow
from kzfacts.store.session_store import SessionStore
from kzfacts.store.sqlite_store import SqliteStore
from tests.conftest import BACKEND, database_url, db_scalar

Opened = Callable[[Path], AbstractContextManager[FactStore]]


@contextmanager
def session_store(seeded: Path) -> Iterator[FactStore]:
    with FactDB.open(database_url(), root=seeded) as db, db.write() as session:
        yield SessionStore(session)


@contextmanager
def sqlite_store(seeded: Path) -> Iterator[FactStore]:
    if BACKEND != "sqlite":
        pytest.skip("an SQLite file")
    with sqlite.write_transaction(seeded / "kzfacts.db") as connection:
        yield SqliteStore(connection)


def entity(entity_id: str) -> dict[str, object]:
    return {"id": entity_id, "name": entity_id.title(), "kind": "person", "created_at": utcnow()}


@pytest.mark.parametrize("opened", [session_store, sqlite_store], ids=["session", "sqlite3"])
def test_a_savepoint_undoes_its_writes_and_keeps_the_rest(seeded: Path, opened: Opened) -> None:
    with opened(seeded) as store:
        store.insert("entity", [entity("before-savepoint")])
        with store.savepoint() as undo:
            store.insert("entity", [entity("undone-one"), entity("undone-two")])
            assert {"undone-one", "undone-two"} <= {e.id for e in store.entities()}
            undo()
        with store.savepoint():
            store.insert("entity", [entity("kept-in-savepoint")])
        store.insert("entity", [entity("after-savepoint")])
    count = "SELECT count(*) FROM entity WHERE id = :id"
    kept = ["before-savepoint", "kept-in-savepoint", "after-savepoint"]
    assert [db_scalar(count, id=name) for name in kept] == [1, 1, 1]
    assert [db_scalar(count, id=name) for name in ("undone-one", "undone-two")] == [0, 0]
