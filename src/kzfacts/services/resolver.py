"""Resolving a fact's subject to an entity, and recording new entities and spellings, over any
store (`services/facts/storage.py`): a session, or an SQLite file opened with the standard
library. Imports no SQLAlchemy, so that `fact add` on a file starts fast."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from kzfacts.checks.subjects import EntityCatalog, EntityNames, catalog_of
from kzfacts.services.errors import Refused, refuse_invisible
from kzfacts.store.rows import AliasRow, EntityRow, utcnow
from kzfacts.text.names import NameCandidate, NameIndex, Resolution, is_partial_name

if TYPE_CHECKING:
    from kzfacts.services.facts.storage import EntityStore

SURNAME = "surname"
"""Alias kind of a person's partial name (a surname alone, or initials and a surname): a
separate lookup that resolves a subject only while no other entity fits it."""


class NamedEntity(Protocol):
    """An entity row, of the ORM or of `store.rows`."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def kind(self) -> str: ...


class EntityName(Protocol):
    """An alias row, of the ORM or of `store.rows`."""

    @property
    def entity_id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def kind(self) -> str: ...


def slugify(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug[:100] or "entity"


def name_kind(entity: NamedEntity, name: str) -> str:
    """Where a new name of `entity` goes: a person's partial name is a surname, else an alias."""
    return SURNAME if entity.kind == "person" and is_partial_name(name) else "alias"


def name_candidates(
    entities: Iterable[NamedEntity], aliases: Iterable[EntityName]
) -> list[NameCandidate]:
    """Each entity (in the given order) with its name and aliases, and its surnames apart."""
    full: dict[str, list[str]] = {}
    surnames: dict[str, list[str]] = {}
    for alias in aliases:
        kept = surnames if alias.kind == SURNAME else full
        kept.setdefault(alias.entity_id, []).append(alias.name)
    return [
        NameCandidate(e.id, (e.name, *full.get(e.id, [])), tuple(surnames.get(e.id, [])))
        for e in entities
    ]


def entity_catalog(entities: Iterable[NamedEntity], aliases: Iterable[EntityName]) -> EntityCatalog:
    """Every entity's name, kind and aliases, for binding facts to the text."""
    names: dict[str, list[str]] = {}
    for alias in aliases:
        names.setdefault(alias.entity_id, []).append(alias.name)
    return catalog_of(
        EntityNames(e.id, e.name, e.kind, tuple(sorted(names.get(e.id, [])))) for e in entities
    )


@dataclass
class EntityResolver:
    """Resolves subjects within one unit of work; entities it creates are seen by later records."""

    store: EntityStore
    _index: NameIndex | None = None
    _names: set[tuple[str, str]] | None = None
    _entities: dict[str, EntityRow] | None = None
    _resolved: dict[str, Resolution] = field(default_factory=dict)
    """Each subject's resolution, until a name is indexed (an import resolves the same
    subjects again and again)."""

    def get(self, entity_id: str) -> EntityRow | None:
        """An entity by id; all are read once per unit of work and held (imports ask thousands)."""
        if self._entities is None:
            self._entities = {e.id: e for e in self.store.entities()}
        return self._entities.get(entity_id)

    def index(self) -> NameIndex:
        if self._index is None:
            self._index = NameIndex(name_candidates(self.store.entities(), self.store.aliases()))
        return self._index

    def _indexed(self, entity_id: str, name: str, *, surname: bool = False) -> None:
        """Add a new name to the index in place (rebuilding it per new entity is quadratic)."""
        self._resolved.clear()
        if self._index is not None:
            names, surnames = ((), (name,)) if surname else ((name,), ())
            self._index.add(NameCandidate(entity_id, names, surnames))

    def resolve(self, subject: str) -> Resolution:
        found = self._resolved.get(subject)
        if found is None:
            found = self._resolved[subject] = self.index().resolve(subject)
        return found

    def create(self, name: str, kind: str = "other", entity_id: str | None = None) -> EntityRow:
        refuse_invisible("entity name", name)
        base = entity_id or slugify(name)
        new_id, n = base, 2
        while self.get(new_id) is not None:
            if entity_id:
                raise Refused(f"entity id {entity_id!r} already exists: choose another")
            new_id, n = f"{base}-{n}", n + 1
        entity = EntityRow(new_id, name, kind)
        self.store.insert(
            "entity", [{"id": new_id, "name": name, "kind": kind, "created_at": utcnow()}]
        )
        if self._entities is not None:
            self._entities[new_id] = entity
        self._known_names().add((new_id, name.casefold()))
        self._indexed(new_id, name)
        return entity

    def _known_names(self) -> set[tuple[str, str]]:
        """(entity id, casefolded name) of every name and alias, read once per unit of work."""
        if self._names is None:
            self._names = {(e.id, e.name.casefold()) for e in self.store.entities()}
            self._names |= {(a.entity_id, a.name.casefold()) for a in self.store.aliases()}
        return self._names

    def add_alias(
        self, entity_id: str, name: str, origin: str, *, refuse_taken: bool = False
    ) -> AliasRow | None:
        """Record a name of an entity and where it came from; None when already known.

        A person's surname alone (or initials and a surname) is kept as a surname, never an
        alias. With `refuse_taken` (an editor's `entity alias add`), a full name that is
        already another entity's alias is refused: the two should be merged."""
        refuse_invisible("alias", name)
        entity = self.get(entity_id)
        if entity is None:
            raise Refused(f"unknown entity {entity_id!r}: see `kzfacts entity list`")
        known = self._known_names()
        if (entity_id, name.casefold()) in known:
            return None
        kind = name_kind(entity, name)
        if refuse_taken and kind != SURNAME:
            owner = self.store.alias_owner(name, entity_id, SURNAME)
            if owner is not None:
                raise Refused(
                    f"{name!r} is already an alias of {owner!r}: "
                    f"merge the entities instead (kzfacts entity merge {owner} {entity_id})"
                )
        alias = AliasRow(entity_id, name, kind, origin[:500])
        self.store.insert(
            "alias",
            [{"entity_id": entity_id, "name": name, "kind": kind, "origin": alias.origin}],
        )
        known.add((entity_id, name.casefold()))
        self._indexed(entity_id, name, surname=kind == SURNAME)
        return alias
