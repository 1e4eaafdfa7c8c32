"""Reading stored facts back: the facts of a source, subject or predicate, or the broken ones.

The query is written once, as SQL both backends run (`fact_query`): the ORM reads it into
`Fact` rows (`select_facts`), and `fact_columns` reads it from an SQLite file with the
standard library, so that `fact list` answers without loading SQLAlchemy.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Any

from kzfacts.store.columns import AUDIT_COLUMNS, FACT_COLUMNS, LISTED_COLUMNS, json_columns

if TYPE_CHECKING:
    from sqlmodel import Session

    from kzfacts.store.models import Fact


def fact_query(
    *,
    source: str | None = None,
    subject: str | None = None,
    predicate: str | None = None,
    broken: bool = False,
) -> tuple[str, dict[str, str]]:
    """The SQL and named parameters selecting facts in source order, each with the last audit's
    word on it (`store.columns.LISTED_COLUMNS`), filtered as `fact list` and `fact export`
    filter them: `subject` matches the subject as written or the entity's name,
    case-insensitively; `broken`, facts the last audit found an error about."""
    where: list[str] = []
    params: dict[str, str] = {}
    if source:
        where.append("fact.source_id = :source")
        params["source"] = source
    if predicate:
        where.append("fact.predicate = :predicate")
        params["predicate"] = predicate
    if broken:
        where.append("factaudit.audit_status = 'error'")
    if subject:
        # `%` and `_` in the subject match themselves, not any text.
        literal = subject.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params["subject"] = f"%{literal}%"
        where.append(
            "(lower(fact.subject) LIKE lower(:subject) ESCAPE '\\' OR fact.entity_id IN "
            "(SELECT entity.id FROM entity WHERE lower(entity.name) LIKE lower(:subject) "
            "ESCAPE '\\'))"
        )
    columns = ", ".join(
        [*(f"fact.{name}" for name in FACT_COLUMNS), *(f"factaudit.{n}" for n in AUDIT_COLUMNS)]
    )
    joined = "fact LEFT JOIN factaudit ON factaudit.fact_id = fact.id"
    condition = f" WHERE {' AND '.join(where)}" if where else ""
    order = " ORDER BY fact.source_id, fact.position_start, fact.id"
    return f"SELECT {columns} FROM {joined}{condition}{order}", params


def select_facts(
    session: Session,
    *,
    source: str | None = None,
    subject: str | None = None,
    predicate: str | None = None,
    broken: bool = False,
) -> list[Fact]:
    """The facts of `fact_query`, as rows of the ORM."""
    from sqlalchemy import text
    from sqlmodel import select

    from kzfacts.store.models import Fact

    sql, params = fact_query(source=source, subject=subject, predicate=predicate, broken=broken)
    statement = select(Fact).from_statement(text(sql).bindparams(**params))
    return list(session.execute(statement).scalars())


def fact_columns(
    database: sqlite3.Connection | Session,
    *,
    source: str | None = None,
    subject: str | None = None,
    predicate: str | None = None,
    broken: bool = False,
) -> list[dict[str, Any]]:
    """The facts of `fact_query`, each as its columns in JSON form (`store.columns`), the same
    from an SQLite file read with the standard library as from a database read through the ORM."""
    filters: dict[str, Any] = dict(source=source, subject=subject, predicate=predicate)
    if not isinstance(database, sqlite3.Connection):
        return [fact.to_columns() for fact in select_facts(database, **filters, broken=broken)]
    sql, params = fact_query(**filters, broken=broken)
    return [
        json_columns(dict(zip(LISTED_COLUMNS, row, strict=True)))
        for row in database.execute(sql, params)
    ]
