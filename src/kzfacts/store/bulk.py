"""Many rows at once: setting columns of facts (or of their `factaudit` rows) with one UPDATE
run for every row (executemany), as an audit does for the facts whose anchors, support keys or
verdicts changed, and reading their text columns; on SQLite through the driver itself, past
SQLAlchemy's per-row work (which costs more than SQLite's own)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, update
from sqlmodel import Session

from kzfacts.store.audits import stored_moment
from kzfacts.store.models import Fact, FactAudit


def _stored(value: Any) -> Any:
    """A value as SQLAlchemy binds it for SQLite: a moment as the text it stores."""
    return stored_moment(value) if isinstance(value, datetime) else value


def update_facts(session: Session, rows: Sequence[Mapping[str, Any]], **columns: str) -> None:
    """Set `columns` of the facts in `rows`: each column maps to the key of its new value in a
    row, and a row's "b_id" names its fact. Nothing is run when there are no rows."""
    _update(session, Fact.__table__, "id", rows, columns)  # type: ignore[attr-defined]


def update_audits(session: Session, rows: Sequence[Mapping[str, Any]], **columns: str) -> None:
    """`update_facts` for the facts' `factaudit` rows, which must exist."""
    _update(session, FactAudit.__table__, "fact_id", rows, columns)  # type: ignore[attr-defined]


def _update(
    session: Session,
    table: Any,
    key: str,
    rows: Sequence[Mapping[str, Any]],
    columns: dict[str, str],
) -> None:
    if not rows:
        return
    connection = session.connection()
    if connection.dialect.name == "sqlite":  # the driver's executemany: a third of the time
        session.flush()
        sql = f"UPDATE {table.name} SET {', '.join(f'{c} = ?' for c in columns)} WHERE {key} = ?"
        keys = [*columns.values(), "b_id"]
        connection.exec_driver_sql(
            sql, [tuple(map(_stored, map(row.__getitem__, keys))) for row in rows]
        )
        return
    values: dict[str, Any] = {column: bindparam(name) for column, name in columns.items()}
    session.execute(update(table).where(table.c[key] == bindparam("b_id")).values(values), rows)


def text_rows(
    session: Session, sql: str, parameters: tuple[Any, ...] = ()
) -> list[tuple[Any, ...]]:
    """The rows of a query whose columns are all text, read with the driver's own cursor
    (`parameters` in its style): its values need no conversion, and SQLAlchemy's result layer
    costs about three times the read itself when an audit reads 100,000 fact rows. Pending
    changes are flushed."""
    session.flush()
    cursor = session.connection().connection.cursor()
    try:
        cursor.execute(sql, parameters) if parameters else cursor.execute(sql)
        return list(cursor.fetchall())
    finally:
        cursor.close()
