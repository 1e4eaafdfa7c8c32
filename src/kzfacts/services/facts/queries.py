"""Reading stored facts back: the facts of a source, subject or predicate, or the broken ones."""

from __future__ import annotations

from sqlmodel import Session, col, select

from kzfacts.store.models import Entity, Fact


def select_facts(
    session: Session,
    *,
    source: str | None = None,
    subject: str | None = None,
    predicate: str | None = None,
    broken: bool = False,
) -> list[Fact]:
    """Facts in source order, filtered as `fact list` and `fact export` filter them: `subject`
    matches the subject as written or the entity's name; `broken`, facts the last audit found
    an error about."""
    statement = select(Fact).order_by(col(Fact.source_id), col(Fact.position_start), col(Fact.id))
    if source:
        statement = statement.where(Fact.source_id == source)
    if predicate:
        statement = statement.where(Fact.predicate == predicate)
    if broken:
        statement = statement.where(Fact.audit_status == "error")
    if subject:
        # `%` and `_` in the subject match themselves, not any text.
        literal = subject.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = f"%{literal}%"
        statement = statement.where(
            col(Fact.subject).ilike(pattern, escape="\\")
            | col(Fact.entity_id).in_(
                select(Entity.id).where(col(Entity.name).ilike(pattern, escape="\\"))
            )
        )
    return list(session.exec(statement))
