"""Entities and their aliases: resolving a fact's subject, adding spellings, merging duplicates."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select as core_select
from sqlmodel import Session, col, func, select, update

from kzfacts.checks.subjects import EntityCatalog
from kzfacts.services.errors import Refused
from kzfacts.services.facts.history import EDITED, current_user, fact_row, record_versions
from kzfacts.services.resolver import SURNAME as SURNAME
from kzfacts.services.resolver import EntityResolver as EntityResolver
from kzfacts.services.resolver import entity_catalog, name_candidates
from kzfacts.services.resolver import name_kind as name_kind
from kzfacts.services.resolver import slugify as slugify
from kzfacts.store.models import Alias, Distinction, Entity, Fact, utcnow
from kzfacts.text.name_parts import may_pair
from kzfacts.text.names import NameCandidate, NameMatch, probable_duplicates

ENTITY_KINDS = (
    "person", "organisation", "party", "media", "law", "event", "place", "government", "other",
)  # fmt: skip


def _entity_rows(session: Session) -> list[Any]:
    """Every entity's id, name and kind by id, as plain rows (no ORM objects: thousands)."""
    rows = core_select(col(Entity.id), col(Entity.name), col(Entity.kind))
    return list(session.execute(rows.order_by(col(Entity.id))).all())


def _candidates_of(session: Session, entity_rows: list[Any]) -> list[NameCandidate]:
    alias_rows = core_select(col(Alias.entity_id), col(Alias.name), col(Alias.kind))
    return name_candidates(entity_rows, session.execute(alias_rows.order_by(col(Alias.id))).all())


def candidates(session: Session) -> list[NameCandidate]:
    """Every entity's names, read as plain rows (no ORM objects: thousands of entities)."""
    return _candidates_of(session, _entity_rows(session))


def read_catalog(session: Session) -> EntityCatalog:
    """Every entity's name, kind and aliases, for binding facts to the text (one read)."""
    entity_rows = core_select(col(Entity.id), col(Entity.name), col(Entity.kind))
    alias_rows = core_select(col(Alias.entity_id), col(Alias.name))
    return entity_catalog(session.execute(entity_rows).all(), session.execute(alias_rows).all())


def declared_distinct(session: Session) -> set[frozenset[str]]:
    return {frozenset((d.entity_id, d.other_id)) for d in session.exec(select(Distinction))}


def declare_distinct(session: Session, entity_id: str, other_id: str, reason: str) -> bool:
    """Record that two entities differ, so they are not reported as probable duplicates."""
    if entity_id == other_id:
        raise Refused("an entity cannot be distinct from itself: name two different entities")
    for eid in (entity_id, other_id):
        if session.get(Entity, eid) is None:
            raise Refused(f"unknown entity {eid!r}: see `kzfacts entity list`")
    if frozenset((entity_id, other_id)) in declared_distinct(session):
        return False
    session.add(Distinction(entity_id=entity_id, other_id=other_id, reason=reason))
    session.flush()
    return True


DUPLICATE_THRESHOLD = 92.0
"""Score two entities' names must reach against each other to be reported as duplicates."""


DuplicateInputs = tuple[list[list[NameCandidate]], set[frozenset[str]]]
"""What duplicate entities are found among: each kind's entities with their names, by kind,
and the pairs declared distinct (`duplicate_inputs`)."""


def duplicate_inputs(session: Session) -> DuplicateInputs:
    """Everything `duplicates_among` reads, as plain values: it can be scored elsewhere (an
    audit's idle worker process) while the session reads on."""
    entity_rows = _entity_rows(session)
    kinds = {row.id: row.kind for row in entity_rows}
    by_kind: dict[str, list[NameCandidate]] = {}
    for candidate in _candidates_of(session, entity_rows):
        by_kind.setdefault(kinds[candidate.entity_id], []).append(candidate)
    return [by_kind[kind] for kind in sorted(by_kind)], declared_distinct(session)


def duplicates_among(
    groups: list[list[NameCandidate]], distinct: set[frozenset[str]]
) -> list[tuple[NameMatch, NameMatch]]:
    """Probable duplicates within each group (entities of one kind), less the pairs declared
    distinct."""
    return [
        (a, b)
        for group in groups
        for a, b in plausible_duplicates(group)
        if frozenset((a.entity_id, b.entity_id)) not in distinct
    ]


def duplicate_pairs(session: Session) -> list[tuple[NameMatch, NameMatch]]:
    """Probable duplicates among entities of the same kind, less the pairs declared distinct.

    Only entities with a name that may pair with another's are scored (`may_pair`: rare
    name parts narrow the candidates); the others cannot reach the threshold, and leaving
    them out changes no pair and no order (a test holds it equal to scoring them all)."""
    return duplicates_among(*duplicate_inputs(session))


def plausible_duplicates(group: list[NameCandidate]) -> list[tuple[NameMatch, NameMatch]]:
    """`probable_duplicates` of `group`, scoring only the entities `may_pair` keeps."""
    owners = may_pair(
        ((i, name) for i, candidate in enumerate(group) for name in candidate.names),
        DUPLICATE_THRESHOLD,
    )
    plausible = [candidate for i, candidate in enumerate(group) if i in owners]
    return probable_duplicates(plausible, threshold=DUPLICATE_THRESHOLD)


def entities_with_counts(session: Session) -> list[tuple[Entity, int]]:
    """Every entity, by id, with the number of facts about it."""
    counts = dict(session.exec(select(Fact.entity_id, func.count()).group_by(Fact.entity_id)).all())
    return [(e, int(counts.get(e.id, 0))) for e in session.exec(select(Entity).order_by(Entity.id))]


def remove_alias(session: Session, entity_id: str, name: str) -> Alias:
    """Undo one alias or surname of an entity; facts already resolved keep their entity."""
    if session.get(Entity, entity_id) is None:
        raise Refused(f"unknown entity {entity_id!r}: see `kzfacts entity list`")
    alias = session.exec(
        select(Alias).where(Alias.entity_id == entity_id, Alias.name == name)
    ).first()
    if alias is None:
        names = sorted(
            a.name for a in session.exec(select(Alias).where(Alias.entity_id == entity_id))
        )
        known = f": its names are {', '.join(map(repr, names))}" if names else ": it has none"
        raise Refused(
            f"{name!r} is not an alias of {entity_id!r}{known} (see `kzfacts entity show`)"
        )
    session.delete(alias)
    session.flush()
    return alias


def merge_entities(session: Session, keep_id: str, merged_id: str) -> int:
    """Move every fact and alias of `merged_id` to `keep_id`; its name becomes an alias."""
    if keep_id == merged_id:
        raise Refused("cannot merge an entity into itself: name two different entities")
    keep = session.get(Entity, keep_id)
    merged = session.get(Entity, merged_id)
    for eid, entity in ((keep_id, keep), (merged_id, merged)):
        if entity is None:
            raise Refused(f"unknown entity {eid!r}: see `kzfacts entity list`")
    assert keep is not None and merged is not None
    moved = session.exec(select(Fact).where(Fact.entity_id == merged_id)).all()
    session.execute(
        update(Fact)
        .where(col(Fact.entity_id) == merged_id)
        .values(entity_id=keep_id, updated_at=utcnow())
    )
    record_versions(
        session,
        EDITED,
        [{**fact_row(fact), "entity_id": keep_id} for fact in moved],
        by=current_user(),
        via=f"kzfacts entity merge {keep_id} {merged_id}",
        reason=f"entity {merged_id} merged into {keep_id}",
    )
    names = {merged.name} | {
        a.name for a in session.exec(select(Alias).where(Alias.entity_id == merged_id))
    }
    known = {keep.name.casefold()} | {
        a.name.casefold() for a in session.exec(select(Alias).where(Alias.entity_id == keep_id))
    }
    kinds = {
        a.name: (a.kind, a.origin)
        for a in session.exec(select(Alias).where(Alias.entity_id == merged_id))
    }
    for alias in session.exec(select(Alias).where(Alias.entity_id == merged_id)).all():
        session.delete(alias)
    for distinction in session.exec(
        select(Distinction).where(
            (col(Distinction.entity_id) == merged_id) | (col(Distinction.other_id) == merged_id)
        )
    ).all():
        session.delete(distinction)
    session.flush()
    for name in sorted(names):
        if name.casefold() not in known:
            kind, origin = kinds.get(name, (name_kind(keep, name), None))
            merged_from = f"entity merge of {merged_id}" + (f" ({origin})" if origin else "")
            session.add(Alias(entity_id=keep_id, name=name, kind=kind, origin=merged_from[:500]))
            known.add(name.casefold())
    session.delete(merged)
    session.flush()
    return len(moved)
