"""Refreshing stored facts: what a fact's row holds beyond what its editor stated — its
value's bounds and how it was read, the time it holds and the words that date it — derived
again by this release's rules, from the text its quote was last verified against.

Those fields are derived once, when the fact is written. A release that reads values or dates
better (a date without a year read from the sentence before, a new form of duration) changes
them for facts written from then on; `refresh_facts` brings the facts written before up to
date, through the check every write makes (`verify_planned`, `accepted_row`). What the editor
stated, the quote's anchor and the history are left as they are: a refresh is no edit.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, select

from kzfacts.checks.subjects import EntityCatalog
from kzfacts.services.audit.standing import fact_input
from kzfacts.services.errors import Refused
from kzfacts.services.facts.history import Change, stored_fact
from kzfacts.services.facts.writer import FactWriter, Planned, accepted_row, first_error
from kzfacts.services.facts.writer import verify_planned as verify
from kzfacts.services.resolver import entity_catalog
from kzfacts.store.models import Fact
from kzfacts.store.rows import PredicateRow, utcnow

DERIVED_COLUMNS = (
    "value_low", "value_high", "value_unit", "value_category", "value_detail",
    "valid_from", "valid_to", "valid_origin", "valid_words",
)  # fmt: skip
"""The columns a refresh derives again: those of a fact's row that follow from its stated
fields and its source's text by the rules of values and time."""

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Refreshed:
    """A fact whose derived fields this release reads otherwise: each column, before → after."""

    fact_id: str
    changes: tuple[Change, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.fact_id,
            "changes": {c.field: {"before": _plain(c.before), "after": _plain(c.after)}
                        for c in self.changes},
        }  # fmt: skip


@dataclass(frozen=True)
class NotRefreshed:
    """A fact left as it is, and why: its source changed since it was verified (the audit
    re-anchors it first), or it no longer passes the check (the audit reports it)."""

    fact_id: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.fact_id, "reason": self.reason}


@dataclass(frozen=True)
class Refresh:
    """What a refresh found: the facts it changed (or would change), how many it read, and the
    facts it left as they are."""

    refreshed: tuple[Refreshed, ...]
    read: int
    not_refreshed: tuple[NotRefreshed, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "read": self.read,
            "refreshed": [r.to_dict() for r in self.refreshed],
            "not_refreshed": [n.to_dict() for n in self.not_refreshed],
        }


def _plain(value: Any) -> Any:
    """A column's value as JSON holds it (a date as its ISO form)."""
    return value.isoformat() if hasattr(value, "isoformat") else value


def refresh_facts(
    session: Session,
    writer: FactWriter,
    fact_ids: Sequence[str] = (),
    *,
    write: bool,
    progress: Progress | None = None,
) -> Refresh:
    """Derive the `DERIVED_COLUMNS` of the facts named (default: every fact) again, and with
    `write` store those that changed, in the caller's transaction. An unknown or removed fact
    named is refused before anything is read."""
    facts = [stored_fact(session, fact_id) for fact_id in dict.fromkeys(fact_ids)] or list(
        session.exec(select(Fact).order_by(col(Fact.id)))
    )
    predicates = {p.name: p for p in writer.store.predicates()}
    catalog = entity_catalog(writer.store.entities(), writer.store.aliases())
    refreshed: list[Refreshed] = []
    left: list[NotRefreshed] = []
    now = utcnow()
    for done, fact in enumerate(facts, start=1):
        if progress is not None and (done % 100 == 0 or done == len(facts)):
            progress(done, len(facts))
        try:
            row = _derived(writer, fact, predicates[fact.predicate], catalog)
        except Refused as refused:
            left.append(NotRefreshed(fact.id, str(refused)))
            continue
        changes = tuple(
            Change(name, getattr(fact, name), row[name])
            for name in DERIVED_COLUMNS
            if getattr(fact, name) != row[name]
        )
        if changes:
            refreshed.append(Refreshed(fact.id, changes))
            if write:
                _store(session, fact.id, {c.field: c.after for c in changes}, now)
    return Refresh(tuple(refreshed), len(facts), tuple(left))


def _derived(
    writer: FactWriter, fact: Fact, predicate: PredicateRow, catalog: EntityCatalog
) -> dict[str, Any]:
    """The row the fact would be written as now, from the text its quote was verified in."""
    if not fact.source_id or fact.entity_id is None:
        raise Refused("it cites no source or names no entity: `kzfacts audit` reports it")
    loaded = writer.source(fact.source_id)
    if fact.anchor_sha256 != loaded.sha256:
        raise Refused(
            "its source's text changed since it was verified: run `kzfacts audit` first, "
            "which anchors it again"
        )
    stated = fact_input(fact)  # the fields the check reads, as the audit reads them
    planned = Planned(stated, predicate, loaded.row, len(catalog.by_id), ())
    result = verify(planned, loaded.text, loaded.sha256, catalog, writer.max_gap)
    finding = first_error(result)
    if finding is not None:
        raise Refused(
            f"it no longer passes its check ({finding.code.value}: {finding.message}): "
            "`kzfacts audit` reports it"
        )
    row, _ = accepted_row(planned, result, loaded.text, loaded.sha256, None, writer.max_gap)
    return row


def _store(session: Session, fact_id: str, values: dict[str, Any], now: datetime) -> None:
    """Write a fact's new derived fields; its `updated_at` moves, so that the next audit checks
    it and weighs its contradictions again with the time it now holds."""
    table = Fact.__table__  # type: ignore[attr-defined]
    session.execute(update(table).where(table.c.id == fact_id).values(**values, updated_at=now))
