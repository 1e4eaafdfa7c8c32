"""Writing cited facts: every quote is anchored and every value checked before a write."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kzfacts.checks.events import quote_date
from kzfacts.checks.fact import FactInput, FactResult, SourceContext
from kzfacts.checks.facts import quote_sha256, verify_fact
from kzfacts.checks.findings import Code, Finding
from kzfacts.checks.quotes import find_elsewhere
from kzfacts.checks.restatements import RESTATEMENT_COLUMNS, Statements, restated
from kzfacts.checks.subjects import EntityCatalog, EntityNames
from kzfacts.checks.values import (
    evidence_at,
    parse_validity,
    source_years,
    stored_bounds,
    supporting_year,
    value_detail,
    with_year_before,
)
from kzfacts.services.errors import Refused
from kzfacts.services.facts.history import ADDED, append_versions, current_user
from kzfacts.services.resolver import EntityResolver, entity_catalog
from kzfacts.services.sources.files import check_id, confined, read_source_text
from kzfacts.store.rows import EntityRow, PredicateRow, SourceRow, utcnow
from kzfacts.text.anchor import PreparedSource
from kzfacts.text.limits import MAX_GAP
from kzfacts.text.names import is_partial_name

if TYPE_CHECKING:
    from kzfacts.services.facts.storage import FactStore


@dataclass
class _LoadedSource:
    row: SourceRow
    text: PreparedSource
    sha256: str


@dataclass
class FactWriter:
    """Validates facts against sources, values and entities within one transaction, over a
    store (`services/facts/storage.py`) that reads and writes the database in it."""

    store: FactStore
    root: Path
    created_by: str | None = None
    by: str | None = None
    editing: str | None = None
    _sources: dict[str, _LoadedSource] = field(default_factory=dict)
    _rows: dict[str, SourceRow] = field(default_factory=dict)
    _pending: dict[str, dict[str, Any]] = field(default_factory=dict)
    _written: set[str] = field(default_factory=set)
    _ids: set[str] | None = None
    _stated: dict[str, Statements] = field(default_factory=dict)
    _predicate_rows: dict[str, PredicateRow] | None = None
    catalog: EntityCatalog | None = None
    max_gap: int = MAX_GAP
    entities: EntityResolver = field(init=False)

    def __post_init__(self) -> None:
        self.entities = EntityResolver(self.store)

    def source(self, source_id: str) -> _LoadedSource:
        if source_id not in self._sources:
            self._sources[source_id] = load_source(self.root, self._source_row(source_id))
        return self._sources[source_id]

    def _existing_ids(self) -> set[str]:
        """Fact ids already stored, read once per unit of work (imports check thousands)."""
        if self._ids is None:
            self._ids = self.store.fact_ids() - {self.editing or ""}
        return self._ids

    def _predicates(self) -> dict[str, PredicateRow]:
        """The vocabulary by name, in the order of the names."""
        if self._predicate_rows is None:
            self._predicate_rows = {p.name: p for p in self.store.predicates()}
        return self._predicate_rows

    def _misattributed(self, finding: Finding, data: FactInput) -> Finding:
        """A quote not found in its source but stated by another: name that one."""
        others: dict[str, PreparedSource] = {}
        for source_id in self.store.other_source_ids(data.source):
            try:
                others[source_id] = self.source(source_id).text
            except Refused:
                continue
        other = find_elsewhere(data.quote, others)
        if other is None:
            return finding
        return Finding(
            Code.QUOTE_MISATTRIBUTED,
            f"the quote is not in source {data.source!r} but is in source {other!r}: "
            f"cite --source {other}",
            data.id,
            data.source,
            {**finding.detail, "found_in": other},
        )

    def _catalog_with(self, entity: EntityRow) -> EntityCatalog:
        """Every known entity's names, read once per unit of work, with an entity this unit
        of work created (the subject as written is checked as one of its names, too)."""
        if self.catalog is None:
            self.catalog = entity_catalog(self.store.entities(), self.store.aliases())
        if entity.id not in self.catalog.by_id:
            self.catalog.add(EntityNames(entity.id, entity.name, entity.kind))
        return self.catalog

    def _source_row(self, source_id: str) -> SourceRow:
        """A registered source's row, without reading its text (a worker reads it)."""
        if source_id not in self._rows:
            row = self.store.source(source_id)
            if row is None:
                raise Refused(
                    f"unknown source {source_id!r}: register it with `kzfacts source add` "
                    "(see `kzfacts source list`)",
                    [Finding(Code.SOURCE_MISSING, "unknown source", source=source_id)],
                )
            self._rows[source_id] = row
        return self._rows[source_id]

    def plan(self, data: FactInput, *, read_source: bool = True, claim: bool = False) -> Planned:
        """Settle what a fact depends on beside its source, in the order facts come: its ids,
        predicate and source row, and its entity (resolving a subject may create one). With
        `claim`, its id counts as taken for the facts after it before it is accepted (a
        parallel import plans every fact first; one refusal and it is checked again in order).
        """
        check_id("fact", data.id)
        if data.event:
            check_id("event", data.event)
        if data.id in self._pending or data.id in self._existing_ids():
            raise Refused(f"fact id {data.id!r} already exists: choose another id")
        predicate = self._predicates().get(data.predicate)
        if predicate is None:
            names = ", ".join(self._predicates())
            raise Refused(f"unknown predicate {data.predicate!r}: use one of {names}")
        source = self.source(data.source).row if read_source else self._source_row(data.source)
        if data.supersedes == data.id:
            raise Refused(f"fact {data.id!r} cannot supersede itself: give the fact it revises")
        if (
            data.supersedes
            and data.supersedes not in self._pending
            and data.supersedes not in self._existing_ids()
        ):
            raise Refused(f"supersedes names unknown fact {data.supersedes!r}: add that fact first")
        entity, messages = self._entity_for(data)
        known = len(self._catalog_with(entity).by_id)
        if claim:
            self._pending[data.id] = {}
        # An empty key is no key, as `fact edit --event ''` clears it: never stored as ''.
        stated = replace(data, entity=entity.id, event=data.event or None)
        return Planned(stated, predicate, source, known, tuple(messages))

    def prepare(self, data: FactInput) -> FactResult:
        """Check one fact completely; raise Refused with the finding if anything is wrong.
        The row to insert waits in the writer (`row`) until `write`."""
        planned = self.plan(data)
        loaded = self.source(data.source)
        assert self.catalog is not None  # read by `plan`
        result = verify_planned(planned, loaded.text, loaded.sha256, self.catalog, self.max_gap)
        finding = first_error(result)
        if finding is not None:
            if finding.code is Code.VALUE_INVALID:
                raise Refused(finding.message, [finding])
            if result.not_found:
                finding = self._misattributed(finding, data)
            raise Refused(f"{finding.code.value}: {finding.message}", [finding])
        row, accepted = accepted_row(
            planned, result, loaded.text, loaded.sha256, self.created_by, self.max_gap
        )
        self._pending[data.id] = row
        notice = self.restated(row)
        return accepted if notice is None else accepted.noticed(notice)

    def hold(self, row: dict[str, Any]) -> None:
        """Keep the row of a fact accepted elsewhere (a worker process) until `write`."""
        self._pending[row["id"]] = row

    def restated(self, row: dict[str, Any]) -> str | None:
        """The notice for an accepted fact's row that restates a fact of its source stored or
        accepted before it (`checks/restatements.py`); the source's stored facts are read once.
        An edited fact is compared with the facts written before it: one written after it and
        restating it is the restatement."""
        source_id = row["source_id"]
        seen = self._stated.get(source_id)
        if seen is None:
            seen = self._stated[source_id] = Statements()
            for stored in self.store.source_facts(source_id, RESTATEMENT_COLUMNS):
                if stored["id"] == self.editing:
                    break
                seen.first_of(stored)
        return restated(row, seen.first_of(row))

    def row(self, fact_id: str) -> dict[str, Any]:
        """The row an accepted fact is (or was) inserted as."""
        return self._pending[fact_id]

    def _entity_for(self, data: FactInput) -> tuple[EntityRow, list[str]]:
        if data.entity:
            entity = self.entities.get(data.entity)
            if entity is None:
                if not data.new_entity:
                    raise Refused(
                        f"unknown entity {data.entity!r}: see `kzfacts entity list`, "
                        "or add --new-entity to create it"
                    )
                entity = self.entities.create(data.subject, entity_id=data.entity)
                return entity, [f"created entity {entity.id!r} for {data.subject!r}"]
            if data.subject.casefold() != entity.name.casefold() and not is_partial_name(
                data.subject
            ):
                self.entities.add_alias(entity.id, data.subject, f"fact {data.id}")
            return entity, []
        if data.new_entity:
            entity = self.entities.create(data.subject)
            return entity, [f"created entity {entity.id!r} for {data.subject!r}"]
        resolution = self.entities.resolve(data.subject)
        if resolution.kind == "exact" and resolution.match is not None:
            entity = self.entities.get(resolution.match.entity_id)
            assert entity is not None
            return entity, []
        if resolution.kind == "fuzzy" and resolution.match is not None:
            entity = self.entities.get(resolution.match.entity_id)
            assert entity is not None
            if resolution.partial:
                return entity, [
                    f"notice: subject {data.subject!r} is only part of a name; it resolved to "
                    f"entity {entity.id!r} ({entity.name}), the only entity it fits; not recorded "
                    "as an alias — pass --entity to choose otherwise"
                ]
            self.entities.add_alias(entity.id, data.subject, f"fact {data.id}")
            return entity, [
                f"subject {data.subject!r} resolved to entity {entity.id!r} ({entity.name}) by "
                f"spelling (score {resolution.match.score:.0f}); recorded as an alias — "
                "pass --entity to choose otherwise"
            ]
        if resolution.kind == "ambiguous":
            options = ", ".join(
                f"{m.entity_id} ({m.matched_name})" for m in resolution.alternatives
            )
            raise Refused(
                f"subject {data.subject!r} could be several entities: {options}; "
                "pass --entity ID or --new-entity"
            )
        near = ""
        if resolution.alternatives:
            near = " (nearest: " + ", ".join(m.entity_id for m in resolution.alternatives[:3]) + ")"
        entity = self.entities.create(data.subject)
        return entity, [f"created new entity {entity.id!r} for {data.subject!r}{near}"]

    def write(self, accepted: Iterable[FactResult]) -> None:
        """Insert the accepted facts not written yet in bulk (a plain INSERT: thousands of
        rows at once), and their first versions."""
        self._insert(accepted, current_user(self.by))

    def write_ahead(self, accepted: Iterable[FactResult]) -> None:
        """`write` for facts accepted while later ones are still being checked (the caller
        undoes it should one be refused); nothing when who writes is refused, which `write`
        says once every fact is accepted, as the import one by one does."""
        try:
            user = current_user(self.by)
        except Refused:
            return
        self._insert(accepted, user)

    def _insert(self, accepted: Iterable[FactResult], user: str) -> None:
        written = self._written
        rows = [self._pending[result.id] for result in accepted if result.id not in written]
        for start in range(0, len(rows), 5000):
            self.store.insert("fact", rows[start : start + 5000])
        append_versions(self.store, ADDED, rows, by=user, via=self.created_by)
        written.update(row["id"] for row in rows)


@dataclass(frozen=True)
class Planned:
    """A fact the writer planned (`FactWriter.plan`): what is left is reading its source, which
    depends on no other fact, so that it can be done in a worker process."""

    fact: FactInput  # as stated, with its entity's id
    predicate: PredicateRow
    source: SourceRow
    known: int  # how many entities the subject rule knew when the fact came
    messages: tuple[str, ...]  # what settling its entity did


def load_source(root: Path, row: SourceRow) -> _LoadedSource:
    """A registered source's text, read from its file inside `root`, prepared for anchoring."""
    text = read_source_text(confined(root, row.path), label=f"{row.path} (source {row.id})")
    return _LoadedSource(row, PreparedSource(text.text), text.sha256)


def verify_planned(
    planned: Planned, text: PreparedSource, sha256: str, catalog: EntityCatalog, max_gap: int
) -> FactResult:
    """`verify_fact` of a planned fact, against the entities known when it came."""
    row = planned.source
    context = SourceContext(
        planned.predicate.value_type, row.published, row.published_precision, row.covers, max_gap
    )
    return verify_fact(planned.fact, context, text, sha256, catalog.as_of(planned.known))


def first_error(result: FactResult) -> Finding | None:
    """The finding a refused fact is refused with: an unreadable value first."""
    errors = sorted(result.errors, key=lambda f: f.code is not Code.VALUE_INVALID)
    return errors[0] if errors else None


def accepted_row(
    planned: Planned,
    result: FactResult,
    text: PreparedSource,
    sha256: str,
    created_by: str | None,
    max_gap: int,
    now: datetime | None = None,
) -> tuple[dict[str, Any], FactResult]:
    """The row an accepted fact is inserted as, and the result a writer returns for it;
    created and updated `now` (default: this moment)."""
    data, predicate, source = planned.fact, planned.predicate, planned.source
    messages = list(planned.messages)
    published = source.published
    value = result.value
    validity = parse_validity(data.as_of, published)
    anchor = result.anchor
    assert value is not None and anchor is not None and result.verdict is not None
    assert data.entity is not None
    low, high = stored_bounds(value)
    years = source_years(published, source.published_precision, source.covers)
    evidence = result.evidence or evidence_at(
        text.raw, anchor.start, anchor.end, years, dates=predicate.value_type == "date"
    )
    stated = quote_date(data.quote, predicate.name, value, years)
    if stated is not None and stated.inferred:  # the sentence before may state its year
        later = with_year_before(text.raw, anchor.start, years)
        stated = quote_date(data.quote, predicate.name, value, later)
    if stated is not None:
        if validity and (validity[1] < stated.low or stated.high < validity[0]):
            messages.append(
                f"notice: the quote dates {data.id!r} ({stated.words!r}); it holds then, "
                f"not at --as-of {data.as_of}"
            )
        validity, valid_origin = (stated.low, stated.high), "quote"
    else:
        valid_origin = "as_of" if validity else "published"
    now = now or utcnow()
    row: dict[str, Any] = dict(
        id=data.id,
        entity_id=data.entity,
        subject=data.subject,
        predicate=predicate.name,
        value=data.value,
        value_low=low,
        value_high=high,
        value_unit=value.unit,
        value_category=value.category,
        value_detail=value_detail(value, supporting_year(evidence, value, predicate.value_type)),
        as_of=data.as_of,
        valid_from=validity[0] if validity else None,
        valid_to=validity[1] if validity else None,
        valid_origin=valid_origin,
        valid_words=stated.words[:200] if stated else None,
        event_key=data.event,
        source_id=data.source,
        quote=data.quote,
        exact=anchor.exact,
        prefix=anchor.prefix,
        suffix=anchor.suffix,
        position_start=anchor.start,
        position_end=anchor.end,
        anchor_sha256=sha256,
        anchor_verdict=result.verdict,
        anchor_detail=result.detail,
        anchor_quote_sha256=quote_sha256(data.quote, max_gap),
        support_key=result.support_key,
        note=data.note,
        supersedes=data.supersedes,
        created_by=created_by,
        created_at=now,
        updated_at=now,
    )
    accepted = result.placed(
        text.line_of(anchor.start), text.pages_of(anchor.start, anchor.end), tuple(messages)
    )
    return row, accepted
