"""What an audit's idle workers read for themselves from its database while the audit reads:
the standing facts of the last sources, the duplicate entities and the contradictions.

An audit that checks every fact (the first after an import, `--full`) finds nearly all of them
standing where they were anchored, and telling each from its row (`stands_as_stored`) is most
of its own work once it has read them, while its workers idle: sending them rows or texts
would cost the audit more than telling the facts (pickling is slower than the check). So a
worker is sent the names of the last sources holding about half of the facts, reads their
texts and rows on its own, and answers with each source's sha256 and the ids of its facts that
stand as stored, each with a hash of the row and context it told it from. The audit takes a
fact as told only when the source's text has its sha256 and its own row and context hash the
same (a source or row another writer changed in between is told again, here), and tells every
other fact itself: the findings and rows are those of an audit in one process.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select as core_select
from sqlalchemy.engine import URL
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, col, func, select

from kzfacts.checks.fact import SourceContext
from kzfacts.checks.facts import quote_stands
from kzfacts.services.audit.crossfacts import Unplaced, contradictions_among
from kzfacts.services.audit.standing import source_context, stands_as_stored
from kzfacts.services.audit.state import FULL_COLUMNS, fact_rows
from kzfacts.services.audit.workers import AuditWorkers, openable, own_session, worker_catalog
from kzfacts.services.entities import duplicate_inputs, duplicates_among
from kzfacts.services.errors import Refused
from kzfacts.services.sources.extract import is_extracted
from kzfacts.services.sources.registry import current_text
from kzfacts.store.models import Entity, Fact, Predicate, Source
from kzfacts.text.names import NameMatch

SHARE = 0.5
"""About which part of the facts the worker's sources hold."""
SHARE_MIN_FACTS = 5000
"""Below this many facts, a worker's connection and reading cost more than they save."""
PROBE = "kzfacts"
"""Hashed on both sides: a worker whose hashes differ from the audit's (another hash seed, in a
process not forked from it) gives answers that are not used."""

Told = dict[str, int]
"""Fact id → hash of (row, context) of each fact that stands as stored."""
Answer = tuple[int, dict[str, tuple[str, Told]]]
"""(hash of `PROBE`, source id → (sha256 of the text read, the facts told standing))."""


@dataclass(frozen=True)
class ShareRequest:
    """What a worker needs to tell the standing facts of the sources `sources` (from `first`
    on): the database to read them from, where their files are, and the audit's settings."""

    database: URL
    root: Path
    snapshot_only: bool
    first: str
    sources: frozenset[str]
    max_gap: int


class StandingShare:
    """The answer a worker gives for the sources from `first` on, waited for when first asked,
    unless no worker has started on it: then it is not waited for (the audit tells them)."""

    def __init__(self, first: str, answer: Future[Answer]) -> None:
        self.first = first
        self._answer = answer
        self._told: dict[str, tuple[str, Told]] | None = None

    def told(self, source_id: str, sha256: str) -> Told:
        """The facts of `source_id` the worker told standing in the text of this sha256, or
        none (not its share, not started, another text, or hashes not this process's)."""
        if source_id < self.first:
            return {}
        if self._told is None:
            self._told = {}
            if not self._answer.cancel():
                probe, answered = self._answer.result()
                self._told = answered if probe == hash(PROBE) else {}
        read, told = self._told.get(source_id, ("", {}))
        return told if read == sha256 else {}


def share_standing(
    session: Session, root: Path, snapshot_only: bool, pool: AuditWorkers, max_gap: int
) -> StandingShare | None:
    """Send a running worker the last sources holding about half of the facts, to tell their
    standing facts while this process reads; None when there are too few facts, no worker
    runs, or the database is not one a worker can open (an in-memory copy). Sources read
    through an extractor (PDF, HTML) are not sent: their text is read once, here."""
    database = openable(session)
    if not pool.started or database is None:
        return None
    counts = session.execute(
        core_select(col(Fact.source_id), func.count())
        .where(col(Fact.source_id).is_not(None))
        .group_by(col(Fact.source_id))
    ).all()
    total = sum(count for _, count in counts)
    if total < SHARE_MIN_FACTS:
        return None
    kept, shared = 0, []
    for source_id, count in sorted(counts):
        if kept >= total * (1 - SHARE):
            shared.append(source_id)
        kept += count
    if not shared:
        return None
    paths = session.execute(
        core_select(col(Source.id), col(Source.path)).where(col(Source.id).in_(shared))
    )
    sendable = frozenset(
        source_id for source_id, path in paths if snapshot_only or not is_extracted(Path(path))
    )
    if not sendable:
        return None
    request = ShareRequest(database, root, snapshot_only, shared[0], sendable, max_gap)
    return StandingShare(shared[0], pool.submit(pool.count, told_in_worker, request))


def told_in_worker(request: ShareRequest) -> Answer:
    """In a worker: what `StandingShare.told` answers for the sources of the request. Nothing
    when the database cannot be read now: the audit tells them itself."""
    catalog = worker_catalog()
    texts: dict[str, tuple[str, str]] = {}
    try:
        with own_session(request.database) as session:
            value_types = {p.name: p.value_type for p in session.exec(select(Predicate))}
            sources = {
                source.id: source
                for source in session.exec(select(Source).where(col(Source.id) >= request.first))
                if source.id in request.sources
            }
            for source in sources.values():
                try:
                    read = current_text(
                        session, source, request.root, snapshot_only=request.snapshot_only
                    )
                except Refused:
                    continue
                texts[source.id] = (read.text, read.sha256)
            rows = fact_rows(session, FULL_COLUMNS, from_source=request.first)
    except OperationalError:
        return hash(PROBE), {}
    told: dict[str, tuple[str, Told]] = {}
    contexts: dict[tuple[str, str], SourceContext] = {}
    for row in rows:
        if row.source_id not in texts or not row.quote:
            continue
        text, sha256 = texts[row.source_id]
        context = contexts.get((row.source_id, row.predicate))
        if context is None:
            context = contexts[row.source_id, row.predicate] = source_context(
                value_types.get(row.predicate), sources[row.source_id], request.max_gap
            )
        if quote_stands(
            row.quote, request.max_gap, row.position_start, row.position_end, row.exact,
            row.anchor_sha256, row.anchor_verdict, row.anchor_quote_sha256, text, sha256,
        ) and stands_as_stored(row, context, text, sha256, catalog):  # fmt: skip
            told.setdefault(row.source_id, (sha256, {}))[1][row.id] = hash((row, context))
    return hash(PROBE), told


Pairs = list[tuple[NameMatch, NameMatch]]
CrossAnswer = tuple[Pairs | None, Unplaced]
"""The duplicate entities (None when not asked for) and the contradictions a worker found."""


class CrossFacts:
    """The duplicate entities and the contradictions among the facts as stored, found at once
    by a worker that reads them itself when workers run on a database it can open (the audit
    reads nothing for them), else by the audit when asked. On SQLite the audit holds the write
    lock from its start: the worker reads the rows the audit reads. On PostgreSQL another
    writer may commit in between, as it may between the audit's own reads."""

    def __init__(self, session: Session, pool: AuditWorkers, *, duplicates: bool) -> None:
        self._session = session
        database = openable(session)
        self._answer: Callable[[], CrossAnswer | None] = lambda: None
        if pool.started and database is not None:
            self._answer = pool.later(cross_facts_in_worker, database, duplicates)

    def duplicates(self) -> Pairs:
        answer = self._answer()
        if answer is not None and answer[0] is not None:
            return answer[0]
        return duplicates_among(*duplicate_inputs(self._session))

    def contradictions(self) -> Unplaced | None:
        """The contradictions among the facts as they were stored when the audit began; None
        when no worker found them."""
        answer = self._answer()
        return answer[1] if answer is not None else None


def cross_facts_in_worker(database: URL, duplicates: bool) -> CrossAnswer | None:
    """In a worker: what `CrossFacts` answers; None when the database cannot be read now."""
    try:
        with own_session(database) as session:
            inputs = duplicate_inputs(session) if duplicates else None
            predicates = {p.name: p for p in session.exec(select(Predicate))}
            sources = {source.id: source for source in session.exec(select(Source))}
            kinds = dict(session.execute(core_select(col(Entity.id), col(Entity.kind))).all())
            rows = fact_rows(session, FULL_COLUMNS)
    except OperationalError:
        return None
    pairs = duplicates_among(*inputs) if inputs is not None else None
    return pairs, contradictions_among(rows, predicates, sources, kinds)
