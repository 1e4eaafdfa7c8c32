"""A fact store's savepoint: the writes made in it are undone by the function it gives, kept
otherwise, through a SQLAlchemy session (every backend) and through the standard library on an
SQLite file; and the standard library's inserts, bound by position."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, date, datetime, timedelta, timezone
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


def test_the_standard_library_binds_each_row_s_columns_in_order(tmp_path: Path) -> None:
    """Rows of one column or several, moments and dates stored as SQLAlchemy stores them."""
    connection = sqlite3.connect(tmp_path / "rows.db")
    connection.execute("CREATE TABLE one (word VARCHAR)")
    connection.execute("CREATE TABLE many (word VARCHAR, day DATE, at DATETIME, n INTEGER)")
    store = SqliteStore(connection)
    store.insert("one", [{"word": "abc"}, {"word": "de"}])
    moment = datetime(2024, 5, 6, 7, 8, 9, 10, tzinfo=UTC)
    store.insert(
        "many",
        [
            {"n": 1, "at": moment, "word": "x", "day": date(2024, 1, 2)},
            {"n": 2, "at": moment, "word": None, "day": None},
        ],
    )
    assert connection.execute("SELECT * FROM one").fetchall() == [("abc",), ("de",)]
    assert connection.execute("SELECT * FROM many").fetchall() == [
        ("x", "2024-01-02", "2024-05-06 07:08:09.000010", 1),
        (None, None, "2024-05-06 07:08:09.000010", 2),
    ]


def test_rows_sharing_a_moment_store_it_each_as_its_own_fields(tmp_path: Path) -> None:
    """A batch's rows share their moments (each is formatted once); an equal instant given in
    another time zone is a value of its own, stored with its own fields, as SQLAlchemy does."""
    connection = sqlite3.connect(tmp_path / "rows.db")
    connection.execute("CREATE TABLE moments (n INTEGER, made DATETIME, changed DATETIME)")
    store = SqliteStore(connection)
    shared = datetime(2024, 5, 6, 7, 8, 9, 10, tzinfo=UTC)
    almaty = datetime(2024, 5, 6, 12, 8, 9, 10, tzinfo=timezone(timedelta(hours=5)))
    assert almaty == shared
    store.insert(
        "moments",
        [
            {"n": 1, "made": shared, "changed": shared},
            {"n": 2, "made": shared, "changed": almaty},
            {"n": 3, "made": almaty, "changed": None},
        ],
    )
    assert connection.execute("SELECT * FROM moments ORDER BY n").fetchall() == [
        (1, "2024-05-06 07:08:09.000010", "2024-05-06 07:08:09.000010"),
        (2, "2024-05-06 07:08:09.000010", "2024-05-06 12:08:09.000010"),
        (3, "2024-05-06 12:08:09.000010", None),
    ]


@pytest.mark.parametrize("opened", [session_store, sqlite_store], ids=["session", "sqlite3"])
def test_a_subject_resolves_to_the_entity_or_alias_added_after_it_was_asked(
    seeded: Path, opened: Opened
) -> None:
    """A unit of work remembers each subject's resolution until a name is added: a subject
    asked for before its entity (or alias) existed resolves to it once it does."""
    from kzfacts.services.resolver import EntityResolver

    with opened(seeded) as store:
        resolver = EntityResolver(store)
        assert resolver.resolve("Bakhytzhan Toregozhina").kind == "new"
        created = resolver.create("Bakhytzhan Toregozhina", "person")
        again = resolver.resolve("Bakhytzhan Toregozhina")
        assert (again.kind, again.match and again.match.entity_id) == ("exact", created.id)
        assert resolver.resolve("B. Toregozhina the younger").kind == "new"
        resolver.add_alias(created.id, "B. Toregozhina the younger", "a test")
        alias = resolver.resolve("B. Toregozhina the younger")
        assert (alias.kind, alias.match and alias.match.entity_id) == ("exact", created.id)
