"""Editing a fact: a changed fact is checked exactly as a new one is before it replaces the
old row, and the change is recorded as a new version in the fact's history."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import update
from sqlmodel import Session

from kzfacts.checks.fact import FactInput, FactResult
from kzfacts.services.errors import Refused
from kzfacts.services.facts.history import (
    EDITED,
    Change,
    changes_between,
    current_user,
    fact_row,
    record_versions,
    stored_fact,
)
from kzfacts.services.facts.inputs import check_fields
from kzfacts.services.facts.writer import FactWriter
from kzfacts.store.models import Fact


@dataclass(frozen=True)
class FactChanges:
    """The fields an editor changes; None leaves a field as it is, "" clears as_of, note,
    supersedes or event."""

    value: str | None = None
    quote: str | None = None
    subject: str | None = None
    entity: str | None = None
    new_entity: bool = False
    predicate: str | None = None
    as_of: str | None = None
    note: str | None = None
    source: str | None = None
    supersedes: str | None = None
    event: str | None = None

    def is_empty(self) -> bool:
        return self == FactChanges()


@dataclass(frozen=True)
class Edit:
    accepted: FactResult
    changes: tuple[Change, ...]


def _cleared(new: str | None, old: str | None) -> str | None:
    if new is None:
        return old
    return new or None


def edit_fact(
    session: Session, writer: FactWriter, fact_id: str, changes: FactChanges, *, write: bool
) -> Edit:
    """Check the edited fact through `FactWriter.prepare`; write it (and its version) only
    when `write` and something changed. Refused, with nothing written, when a check fails."""
    if changes.is_empty():
        raise Refused(
            "nothing to change: give at least one of --value, --quote, --subject, --entity, "
            "--predicate, --as-of, --note, --source, --supersedes, --event"
        )
    fact = stored_fact(
        session, fact_id, "fact {fact_id!r} was removed ({reason}): it cannot be edited"
    )
    before = fact_row(fact)
    renamed = changes.subject is not None and changes.subject != fact.subject
    data = FactInput(
        id=fact.id,
        source=changes.source or fact.source_id or "",
        subject=changes.subject or fact.subject,
        predicate=changes.predicate or fact.predicate,
        value=changes.value or fact.value,
        quote=changes.quote or fact.quote or "",
        as_of=_cleared(changes.as_of, fact.as_of),
        note=_cleared(changes.note, fact.note),
        supersedes=_cleared(changes.supersedes, fact.supersedes),
        # A new spelling is resolved again; otherwise the fact stays with its entity.
        entity=changes.entity or (None if renamed or changes.new_entity else fact.entity_id),
        new_entity=changes.new_entity,
        event=_cleared(changes.event, fact.event_key),
    )
    check_fields(data)
    writer.editing = fact_id
    accepted = writer.prepare(data)
    row: dict[str, Any] = {
        **writer.row(fact_id),
        "created_at": fact.created_at,
        "created_by": fact.created_by,
    }
    found = tuple(changes_between(before, row))
    if write and found:
        table = Fact.__table__  # type: ignore[attr-defined]
        values = {k: v for k, v in row.items() if k not in ("id", "created_at", "created_by")}
        session.execute(update(table).where(table.c.id == fact_id).values(**values))
        record_versions(session, EDITED, [row], by=current_user(writer.by), via=writer.created_by)
        session.flush()
    return Edit(accepted, found)
