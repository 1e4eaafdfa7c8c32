"""Reading stored facts back: the facts of a source, subject or predicate, or the broken ones.

The query is written once, as SQL both backends run (`fact_query`): the ORM reads it into
`Fact` rows (`select_facts`), and `fact_columns` reads it from an SQLite file with the
standard library, so that `fact list` answers without loading SQLAlchemy.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlmodel import Session

    from kzfacts.store.models import Fact

FACT_COLUMNS = (
    "id", "entity_id", "subject", "predicate", "value", "value_low", "value_high", "value_unit",
    "value_category", "value_detail", "as_of", "valid_from", "valid_to", "valid_origin",
    "valid_words", "event_key", "source_id", "quote", "exact", "prefix", "suffix",
    "position_start", "position_end", "anchor_sha256", "anchor_verdict", "anchor_detail",
    "anchor_quote_sha256", "support_key", "last_verified_at", "audit_status", "audit_codes",
    "note", "supersedes", "created_at", "created_by", "updated_at",
)  # fmt: skip
"""The fact table's columns in the order of `store.models.Fact` (a test holds the two equal)."""
DATE_COLUMNS = frozenset({"valid_from", "valid_to"})
TIME_COLUMNS = frozenset({"last_verified_at", "created_at", "updated_at"})
"""Columns of dates and of moments (stored in UTC): `fact_columns` writes them as ISO text."""


def fact_query(
    *,
    source: str | None = None,
    subject: str | None = None,
    predicate: str | None = None,
    broken: bool = False,
) -> tuple[str, dict[str, str]]:
    """The SQL and named parameters selecting facts in source order, filtered as `fact list`
    and `fact export` filter them: `subject` matches the subject as written or the entity's
    name, case-insensitively; `broken`, facts the last audit found an error about."""
    where: list[str] = []
    params: dict[str, str] = {}
    if source:
        where.append("fact.source_id = :source")
        params["source"] = source
    if predicate:
        where.append("fact.predicate = :predicate")
        params["predicate"] = predicate
    if broken:
        where.append("fact.audit_status = 'error'")
    if subject:
        # `%` and `_` in the subject match themselves, not any text.
        literal = subject.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params["subject"] = f"%{literal}%"
        where.append(
            "(lower(fact.subject) LIKE lower(:subject) ESCAPE '\\' OR fact.entity_id IN "
            "(SELECT entity.id FROM entity WHERE lower(entity.name) LIKE lower(:subject) "
            "ESCAPE '\\'))"
        )
    columns = ", ".join(f"fact.{name}" for name in FACT_COLUMNS)
    condition = f" WHERE {' AND '.join(where)}" if where else ""
    order = " ORDER BY fact.source_id, fact.position_start, fact.id"
    return f"SELECT {columns} FROM fact{condition}{order}", params


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
    """The facts of `fact_query`, each as its columns in JSON form (dates and moments as ISO
    text, moments in UTC with a Z), the same from an SQLite file read with the standard
    library as from a database read through the ORM."""
    filters: dict[str, Any] = dict(source=source, subject=subject, predicate=predicate)
    if not isinstance(database, sqlite3.Connection):
        return [fact_json(fact) for fact in select_facts(database, **filters, broken=broken)]
    sql, params = fact_query(**filters, broken=broken)
    return [
        _json_columns(dict(zip(FACT_COLUMNS, row, strict=True)))
        for row in database.execute(sql, params)
    ]


def fact_json(fact: Fact) -> dict[str, Any]:
    """A fact row of the ORM as its columns in JSON form, as `fact_columns` gives them."""
    return _json_columns(fact.model_dump())


def _json_columns(columns: dict[str, Any]) -> dict[str, Any]:
    return {name: _json_value(name, columns[name]) for name in FACT_COLUMNS}


def _json_value(name: str, value: Any) -> Any:
    if value is None:
        return None
    if name in TIME_COLUMNS:
        moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
        aware = moment.replace(tzinfo=UTC) if moment.utcoffset() is None else moment
        return aware.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if name in DATE_COLUMNS:
        return (value if isinstance(value, date) else date.fromisoformat(value)).isoformat()
    return value
