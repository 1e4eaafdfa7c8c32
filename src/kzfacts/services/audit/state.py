"""What an audit reads before it checks anything: the sources' current texts (read and hashed on
threads, new versions stored as snapshots), the fact rows, and the fingerprint of the entities.
"""

from __future__ import annotations

import functools
from collections import namedtuple
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select as core_select
from sqlalchemy import text as sql_text
from sqlmodel import Session, col, select

from kzfacts.checks.facts import quote_sha256
from kzfacts.checks.findings import Code, Finding, Location
from kzfacts.services.audit.locations import LineIndex
from kzfacts.services.audit.results import source_missing
from kzfacts.services.errors import Refused
from kzfacts.services.sources.registry import SourceText, current_text
from kzfacts.services.sources.snapshots import decompress, known_versions, store_new_versions
from kzfacts.store.audits import entities_fingerprint as fingerprint_of
from kzfacts.store.bulk import text_rows
from kzfacts.store.models import (
    Fact,
    Snapshot,
    Source,
)
from kzfacts.text.anchor import Anchor, Verdict
from kzfacts.text.edges import Surroundings, surroundings
from kzfacts.text.pages import PAGE_BREAK


@dataclass
class SourceState:
    row: Source
    text: str | None = None
    sha256: str | None = None
    changed: bool = False
    _lines: LineIndex | None = None
    _paged: bool | None = None

    @property
    def paged(self) -> bool:
        """Whether the text read has pages (a PDF's): looked for once, not for each finding."""
        if self._paged is None:
            self._paged = PAGE_BREAK in (self.text or "")
        return self._paged

    def locate(self, start: int, end: int | None = None) -> Location:
        """The line and column of offsets in the text read (its line breaks indexed once)."""
        if self._lines is None:
            self._lines = LineIndex(self.text or "")
        return self._lines.locate(self.row.path, start, end)


def _read_text(
    session: Session, source: Source, root: Path, snapshot_only: bool
) -> SourceText | Refused:
    try:
        return current_text(session, source, root, snapshot_only=snapshot_only)
    except Refused as exc:
        return exc


def read_sources(
    session: Session,
    root: Path,
    since: datetime | None,
    missing_before: set[str],
    snapshot_only: bool = False,
) -> tuple[dict[str, SourceState], list[Finding]]:
    """Each source's text read now, with its findings (missing, changed since registered). Read
    in turn: reading and hashing a file releases the GIL, but while the audit's workers run
    both cores are busy, and threads made the reads slower."""
    states: dict[str, SourceState] = {}
    findings: list[Finding] = []
    stored = known_versions(session)
    sources = list(session.exec(select(Source).order_by(Source.id)))
    texts = [_read_text(session, source, root, snapshot_only) for source in sources]
    new_versions: list[tuple[str, str, str]] = []
    for source, text in zip(sources, texts, strict=True):
        state = SourceState(source)
        states[source.id] = state
        if isinstance(text, Refused):
            findings.append(source_missing(source.id, source.path, text))
            # Missing in the last audit too: its facts' findings carry over unchanged.
            state.changed = since is None or source.id not in missing_before
            continue
        state.text, state.sha256 = text.text, text.sha256
        if (source.id, text.sha256) not in stored:  # beside the earlier snapshots, never instead
            new_versions.append((source.id, text.sha256, text.text))
        registered = source.registered_at.replace(tzinfo=None) if source.registered_at else None
        state.changed = since is None or (registered is not None and registered > since)
        # Back after a missing spell: what was carried over says "missing", so check again.
        state.changed = state.changed or source.id in missing_before
        if text.sha256 != source.sha256:
            state.changed = True
            findings.append(
                Finding(
                    Code.SOURCE_CHANGED,
                    f"{source.path} changed since it was registered (sha256 {source.sha256[:12]}… → "
                    f"{text.sha256[:12]}…): its facts were re-anchored and the new text stored "
                    "beside the old one",
                    source=source.id,
                    detail={"previous_sha256": source.sha256, "sha256": text.sha256},
                )
            )
            source.sha256, source.length = text.sha256, text.length
            session.add(source)
    store_new_versions(session, new_versions)
    return states, findings


def naive(moment: datetime | None) -> datetime | None:
    return moment.replace(tzinfo=None) if moment is not None else None


CHECK_COLUMNS = (
    "id", "source_id", "quote", "value", "predicate", "entity_id", "position_start",
    "position_end", "exact", "prefix", "suffix", "anchor_sha256", "anchor_verdict",
    "anchor_detail", "anchor_quote_sha256", "support_key", "as_of", "subject",
)  # fmt: skip
"""The columns of a fact row that checking the fact reads."""
FULL_COLUMNS = (
    *CHECK_COLUMNS, "value_low", "value_high", "value_unit", "value_category", "valid_from",
    "valid_to", "supersedes", "event_key",
)  # fmt: skip
"""And those the contradiction check reads besides (`crossfacts.CROSS_COLUMNS`): what an audit
reads of a fact when it finds the contradictions itself."""


STATE_COLUMNS = ("id", "source_id")
"""Read for every fact as plain (id, source id) tuples, as the driver gives them: 100,000 named
tuples cost more than the read."""
_ORDER = "source_id, position_start, id"
"""The order of the facts an audit reads: by source, then by place in it."""
_STATE = f"SELECT id, source_id FROM fact ORDER BY {_ORDER}"
"""`STATE_COLUMNS` of every fact, as `fact_rows` orders them."""


def edited_since(session: Session, since: datetime) -> set[str]:
    """Facts whose row changed after `since`, or with no record of which quote was verified
    (restored): asked of the database, so an audit reads no time of the rows it carries over."""
    after = since.replace(tzinfo=UTC)  # `since` as `naive` gives it: stored times are UTC
    changed = (col(Fact.updated_at) > after) | col(Fact.anchor_quote_sha256).is_(None)
    return set(session.execute(core_select(col(Fact.id)).where(changed)).scalars())


SOURCES_A_READ = 64
"""How many sources' facts one query of `fact_rows` reads on an SQLite file, by a list of their
ids. At 100,000 facts, the 40,000 rows before a source took 0.24-0.25 s of CPU by one query
over the range, and 0.15-0.19 s by lists of 8 to 1,000 sources alike; lists of 64 keep each
query's sort small and the queries few when sources are many and small."""


def fact_rows(
    session: Session,
    names: tuple[str, ...],
    ids: list[str] | None = None,
    *,
    before_source: str | None = None,
    sources: list[str] | None = None,
    where: str | None = None,
) -> list[Any]:
    """Fact columns as named tuples (no ORM objects: audits read every fact, and read a named
    tuple's fields several times faster than a result row's); `ids` limits them, or one of
    the sources: before the id `before_source` (and the facts of no source), or those of
    `sources`, or those an SQL condition on the fact table's columns holds for (`where`). In
    the audit's order (`_ORDER`) but for `ids`. Read on the session's connection, past the
    ORM's result layer (half the time); on an SQLite file past SQLAlchemy altogether
    (`_driver_rows`), a few sources a query (`SOURCES_A_READ`)."""
    columns = [col(getattr(Fact, name)) for name in names]
    order = (col(Fact.source_id), col(Fact.position_start), col(Fact.id))
    shape = row_type(names)
    selections = sum(given is not None for given in (ids, before_source, sources, where))
    if selections > 1:
        raise ValueError("fact_rows: ids, before_source, sources or where, not two of them")
    by_source = ids is None and selections == 1
    if ids is None and not by_source and names == STATE_COLUMNS:  # text alone: plain tuples
        return text_rows(session, _STATE)
    session.flush()
    connection = session.connection()
    if ids is None and connection.dialect.name == "sqlite":
        if where is not None:
            return _driver_rows(session, names, f"WHERE ({where}) ")
        rows: list[Any] = []
        if sources is None:  # those of no source first, as the order puts them
            rows = _driver_rows(session, names, "WHERE source_id IS NULL ")
            sources = _sources_before(session, before_source)
        ordered = sorted(set(sources))
        for at in range(0, len(ordered), SOURCES_A_READ):  # each chunk's rows follow the last's
            chunk = ordered[at : at + SOURCES_A_READ]
            where_in = f"WHERE source_id IN ({', '.join('?' * len(chunk))}) "
            rows += _driver_rows(session, names, where_in, chunk)
        return rows
    if ids is None:
        statement = core_select(*columns).order_by(*order)
        if before_source is not None:
            statement = statement.where(
                (col(Fact.source_id) < before_source) | col(Fact.source_id).is_(None)
            )
        if sources is not None:
            statement = statement.where(col(Fact.source_id).in_(sources))
        if where is not None:
            statement = statement.where(sql_text(f"({where})"))
        return [shape._make(row) for row in connection.execute(statement)]
    rows = []
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        statement = core_select(*columns).where(col(Fact.id).in_(chunk)).order_by(*order)
        rows.extend(shape._make(row) for row in connection.execute(statement))
    return rows


def _sources_before(session: Session, before_source: str | None) -> list[str]:
    """The ids of the sources facts cite, before `before_source` if given (SQLite compares ids
    as Python does): read from the index on the fact's source."""
    if before_source is None:
        return [row[0] for row in text_rows(session, _CITED)]
    return [row[0] for row in text_rows(session, _CITED_BEFORE, (before_source,))]


_CITED = "SELECT DISTINCT source_id FROM fact WHERE source_id IS NOT NULL"
_CITED_BEFORE = "SELECT DISTINCT source_id FROM fact WHERE source_id < ?"


def _driver_rows(
    session: Session, names: tuple[str, ...], where: str = "", bound: Sequence[str] = ()
) -> list[Any]:
    """`fact_rows` of every fact (or those `where` selects, with its values `bound`), read with
    the driver's own cursor and each value that SQLAlchemy converts (a date stored as text)
    converted by the very function it uses: the same rows, without its result layer's work for
    each row (a fifth of the read)."""
    dialect = session.connection().dialect
    table: Any = Fact.__table__  # type: ignore[attr-defined]
    converted = [
        (index, convert)
        for index, name in enumerate(names)
        if (convert := table.c[name].type.dialect_impl(dialect).result_processor(dialect, None))
    ]
    shape = row_type(names)
    sql = f"SELECT {', '.join(names)} FROM fact {where}ORDER BY {_ORDER}"
    rows = text_rows(session, sql, tuple(bound))
    if not converted:
        return list(map(shape._make, rows))
    made: list[Any] = []
    for row in rows:
        if any(row[index] is not None for index, _ in converted):
            values = list(row)
            for index, convert in converted:
                values[index] = convert(values[index])
            row = tuple(values)
        made.append(shape._make(row))
    return made


@functools.cache
def row_type(names: tuple[str, ...]) -> Any:
    return namedtuple("FactRow", names)


def hint(row: Any) -> Anchor | None:
    if row.position_start is None or row.position_end is None or row.exact is None:
        return None
    return Anchor(
        row.position_start, row.position_end, row.exact, row.prefix or "", row.suffix or ""
    )


_ACCEPTED = (Verdict.EXACT.value, Verdict.INEXACT.value)


def previous_texts(
    session: Session, rows: list[Any], states: dict[str, SourceState]
) -> dict[str, str]:
    """The stored texts (snapshots) that accepted anchors of these rows were made in, when
    their source's text changed since: where the edge rules found nothing around them."""
    wanted = sorted(
        {
            row.anchor_sha256
            for row in rows
            if row.anchor_verdict in _ACCEPTED
            and row.anchor_sha256
            and (state := states.get(row.source_id or "")) is not None
            and state.sha256 not in (None, row.anchor_sha256)
        }
    )
    texts: dict[str, str] = {}
    connection = session.connection()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        statement = core_select(col(Snapshot.sha256), col(Snapshot.content)).where(
            col(Snapshot.sha256).in_(chunk)
        )
        texts.update((sha, decompress(content)) for sha, content in connection.execute(statement))
    return texts


def cleared(row: Any, previous: dict[str, str], max_gap: int) -> Surroundings | None:
    """The surroundings of the row's anchor in the text it was accepted in (`StoredCheck.cleared`),
    when that text is among `previous` and the anchor was made for this quote under these rules."""
    text = previous.get(row.anchor_sha256 or "")
    if (
        text is None
        or row.anchor_verdict not in _ACCEPTED
        or row.position_start is None
        or row.position_end is None
        or text[row.position_start : row.position_end] != row.exact
        or row.anchor_quote_sha256 != quote_sha256(row.quote, max_gap)
    ):
        return None
    return surroundings(text, row.position_start, row.position_end)


def entities_fingerprint(session: Session) -> str:
    """Changes whenever an entity, alias or distinction does: duplicates are recomputed then."""
    return fingerprint_of(lambda sql: session.execute(sql_text(sql)))
