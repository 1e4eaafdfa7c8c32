"""What an audit's idle workers read for themselves from its database while the audit reads:
the standing facts of the last sources, the duplicate entities and the contradictions.

An audit that checks every fact (the first after an import, `--full`) finds nearly all of them
standing where they were anchored, and reading their rows and telling each from its row
(`stands_as_stored`) is most of its own work, while its workers idle: sending them rows or
texts would cost the audit more than telling the facts (pickling is slower than the check).
So the workers are sent the names of the last sources holding more than half of the facts
(`SHARE`), and claim them one at a time from the first on (`Claims`), reading each one's text
and rows on their own; each answers for the sources it claimed with the sha256 of the text it
read, the ids of the facts that stand as stored, and the rows of the others (few: sending
every row would cost more than reading it). The audit, done with its own sources, claims the
share's sources from the last on and tells them itself the same way, until the two ends
meet: none of the three processes waits while another has sources left, however the machine
slows one of them. It reads and checks itself any source a worker did not answer for, or
answered for from a text with another sha256, and the rows the workers sent. The findings
and the rows written are those of an audit in one process: on an SQLite file the audit holds
the write lock from its start, so the workers read the rows the audit would read, and both
order source ids as Python does. On PostgreSQL no worker is sent any: another writer may
commit between the two reads.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass, replace
from itertools import groupby
from operator import attrgetter
from pathlib import Path
from typing import Any

from sqlalchemy import select as core_select
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, col, func, select

from kzfacts.checks.fact import SourceContext
from kzfacts.checks.facts import quote_stands
from kzfacts.checks.subjects import EntityCatalog
from kzfacts.services.audit.crossfacts import (
    CROSS_COLUMNS,
    Unplaced,
    contradictions_among,
    may_disagree,
)
from kzfacts.services.audit.standing import source_context, stands_as_stored
from kzfacts.services.audit.state import CHECK_COLUMNS, SourceState, fact_rows, row_type
from kzfacts.services.audit.workers import (
    AuditWorkers,
    Claims,
    openable,
    own_session,
    worker_catalog,
    worker_claims,
)
from kzfacts.services.entities import duplicate_inputs, duplicates_among
from kzfacts.services.errors import Refused
from kzfacts.services.sources.extract import is_extracted
from kzfacts.services.sources.registry import current_text
from kzfacts.store.models import Entity, Fact, Predicate, Source
from kzfacts.text.names import NameMatch

READ_ERRORS = (DBAPIError, sqlite3.Error)
"""A worker's failed read: through SQLAlchemy, or through the SQLite driver's own cursor
(`fact_rows`): either leaves the work to the audit."""
SHARE = 0.6
"""About which part of the facts the worker's sources hold: more than half, since the audit's
own process also reads every source and writes every verdict (at 100,000 facts the worker's
answer comes just before the audit asks for it)."""
SHARE_MIN_FACTS = 5000
"""Below this many facts, a worker's connection and reading cost more than they save."""

Answer = dict[str, tuple[str, list[str], list[tuple[Any, ...]]]]
"""Source id → (sha256 of the text read, the ids of its facts that stand as stored in that
text, the rows of its other facts as plain tuples of `CHECK_COLUMNS`), for each source of the
share whose text the worker read."""


@dataclass(frozen=True)
class ShareRequest:
    """What a worker needs to tell the standing facts of the sources `shared` (the last ones,
    in order: the claims' indices are theirs), of which it reads those in `sources`: the
    database to read them from, where their files are, and the audit's settings."""

    database: URL
    root: Path
    snapshot_only: bool
    shared: tuple[str, ...]
    sources: frozenset[str]
    max_gap: int
    sender: int = 0
    """Which of the requests sent for the share this is (`Claims.begin`)."""


class StandingShare:
    """The last sources (`shared`, every source of a fact from `first` on), told by the
    workers from the front and by the audit from the back (`taken`), each claimed once."""

    def __init__(self, session: Session, request: ShareRequest, claims: Claims | None) -> None:
        self._session = session
        self._request = request
        self._claims = claims
        self._answers: list[Future[Answer]] = []
        self.shared = list(request.shared)

    @property
    def first(self) -> str:
        return self.shared[0]

    def send(self, pool: AuditWorkers) -> None:
        """Ask one more worker to tell the share's sources with the others: it takes the
        request up once done with the tasks sent before it."""
        request = replace(self._request, sender=len(self._answers))
        self._answers.append(pool.submit(pool.count, told_in_worker, request))

    def taken(
        self, states: dict[str, SourceState], value_types: dict[str, str], catalog: EntityCatalog
    ) -> tuple[dict[str, list[str]], list[Any]]:
        """The facts told standing, by source, whose text the audit read (`states`) with the
        sha256 the worker read; and the rows of the share's other facts, in the audit's order:
        as the worker sent them, and read here for the sources not answered for or read from
        another text. First the sources no worker has claimed are told here, from the last on
        (`value_types` and `catalog`: the audit's); then the workers' answers are waited for,
        but those of requests no worker has begun: they claim nothing (and a source no answer
        tells is read here all the same)."""
        answer = self._told_here(states, value_types, catalog)
        for sender, answered in enumerate(self._answers):
            if answered.cancel():
                continue
            if self._claims is not None and not self._claims.begun(sender):
                continue  # every source is claimed: a request not begun claims none
            answer.update(answered.result())
        told: dict[str, list[str]] = {}
        sent: dict[str, list[Any]] = {}
        left: list[str] = []
        shape = row_type(CHECK_COLUMNS)
        for source_id in self.shared:
            state = states.get(source_id)
            sha256, facts, others = answer.get(source_id, ("", [], []))
            if state is None or state.text is None or state.sha256 != sha256:
                left.append(source_id)
                continue
            if facts:
                told[source_id] = facts
            sent[source_id] = list(map(shape._make, others))
        read = fact_rows(self._session, CHECK_COLUMNS, sources=left) if left else []
        for source_id, of_source in groupby(read, attrgetter("source_id")):
            sent[source_id] = list(of_source)
        return told, [row for source_id in self.shared for row in sent.get(source_id, [])]

    def _told_here(
        self, states: dict[str, SourceState], value_types: dict[str, str], catalog: EntityCatalog
    ) -> Answer:
        """The answer for the sources this process claims from the back, one at a time, while
        the workers claim from the front, as a worker answers (`_told`), in the text read here;
        a source whose text was not read is left to `taken`."""
        told: Answer = {}
        while self._claims is not None and (index := self._claims.from_back()) is not None:
            source_id = self.shared[index]
            state = states.get(source_id)
            if state is None or state.text is None or state.sha256 is None:
                continue
            told[source_id] = _told_source(
                self._session, state.row, state.text, state.sha256, value_types,
                self._request.max_gap, catalog,
            )  # fmt: skip
        return told


def share_standing(
    session: Session, root: Path, snapshot_only: bool, pool: AuditWorkers, max_gap: int
) -> StandingShare | None:
    """Send a running worker the last sources holding about `SHARE` of the facts, to tell their
    standing facts while this process reads; None when there are too few facts, no worker
    runs, or the database is not an SQLite file (in memory, `audit --dry-run`: no worker sees
    it). Sources read through an extractor (PDF, HTML) are not sent: their text is read once,
    here."""
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
    request = ShareRequest(database, root, snapshot_only, tuple(shared), sendable, max_gap)
    if pool.claims is not None:
        pool.claims.deal(len(shared))
    share = StandingShare(session, request, pool.claims)
    share.send(pool)
    return share


def told_in_worker(request: ShareRequest) -> Answer:
    """In a worker: the answer for the sources of the request it claims (`worker_claims`, from
    the front; every one when there are no claims) and whose text it can read, each read at
    its turn and let go after. Once the database cannot be read, the sources told so far: the
    audit tells the others itself."""
    catalog = worker_catalog()
    claims = worker_claims()
    if claims is not None:
        claims.begin(request.sender)
    told: Answer = {}
    try:
        with own_session(request.database) as session:
            value_types = {p.name: p.value_type for p in session.exec(select(Predicate))}
            sources = {
                source.id: source
                for source in session.exec(
                    select(Source).where(col(Source.id) >= request.shared[0])
                )
                if source.id in request.sources
            }
            for index in _claimed(claims, len(request.shared)):
                source = sources.get(request.shared[index])
                if source is None:
                    continue
                try:
                    read = current_text(
                        session, source, request.root, snapshot_only=request.snapshot_only
                    )
                except Refused:
                    continue
                told[source.id] = _told_source(
                    session, source, read.text, read.sha256, value_types, request.max_gap,
                    catalog,
                )  # fmt: skip
    except READ_ERRORS:
        return told  # each source told whole before the failure; the audit reads the others
    return told


def _claimed(claims: Claims | None, count: int) -> Iterator[int]:
    """The indices of the share a worker tells: claimed one at a time from the front, or all of
    them when there are no claims (a worker function called in the audit's own process)."""
    if claims is None:
        yield from range(count)
        return
    while (index := claims.from_front()) is not None:
        yield index


def _told_source(
    session: Session,
    source: Source,
    text: str,
    sha256: str,
    value_types: dict[str, str],
    max_gap: int,
    catalog: EntityCatalog,
) -> tuple[str, list[str], list[tuple[Any, ...]]]:
    """The answer for one source, by whichever process claimed it: the sha256 of the text it
    read, the ids of the source's facts (their rows read now) that stand as stored in it, and
    the rows of the others as plain tuples."""
    contexts: dict[str, SourceContext] = {}
    facts: list[str] = []
    others: list[tuple[Any, ...]] = []
    for row in fact_rows(session, CHECK_COLUMNS, sources=[source.id]):
        context = contexts.get(row.predicate)
        if context is None:
            context = contexts[row.predicate] = source_context(
                value_types.get(row.predicate), source, max_gap
            )
        if (
            row.quote
            and quote_stands(
                row.quote, max_gap, row.position_start, row.position_end, row.exact,
                row.anchor_sha256, row.anchor_verdict, row.anchor_quote_sha256, text, sha256,
            )
            and stands_as_stored(row, context, text, sha256, catalog)
        ):  # fmt: skip
            facts.append(row.id)
        else:
            others.append(tuple(row))
    return sha256, facts, others


Pairs = list[tuple[NameMatch, NameMatch]]


class CrossFacts:
    """The duplicate entities and the contradictions among the facts as stored, each found at
    once by a worker that reads what it needs itself when workers run on a database it can
    open (the audit reads nothing for them), else by the audit when asked. Two tasks, not one:
    either may take as long as the audit's other work (a corpus whose people go by many names),
    and a worker done with its share takes the second. Only on an SQLite file (`openable`): the
    audit holds its write lock from its start, so the workers read the rows the audit checks. On
    PostgreSQL a fact committed between the two reads would be checked and stamped without its
    contradictions: the audit finds them itself, among the rows it checked."""

    def __init__(self, session: Session, pool: AuditWorkers, *, duplicates: bool) -> None:
        self._session = session
        database = openable(session)
        self._pairs: Callable[[], Pairs | None] = lambda: None
        self._found: Callable[[], Unplaced | None] = lambda: None
        self.in_worker = pool.started and database is not None
        """Whether a worker finds them: the audit need not read what they are found from."""
        if self.in_worker:
            if duplicates:
                self._pairs = pool.later(duplicates_in_worker, database)
            self._found = pool.later(contradictions_in_worker, database)

    def duplicates(self) -> Pairs:
        pairs = self._pairs()
        return pairs if pairs is not None else duplicates_among(*duplicate_inputs(self._session))

    def contradictions(self) -> Unplaced | None:
        """The contradictions among the facts as they were stored when the audit began; None
        when no worker found them."""
        return self._found()


def duplicates_in_worker(database: URL) -> Pairs | None:
    """In a worker: the probable duplicate entities; None when the database cannot be read now."""
    try:
        with own_session(database) as session:
            inputs = duplicate_inputs(session)
    except READ_ERRORS:
        return None
    return duplicates_among(*inputs)


def contradictions_in_worker(database: URL) -> Unplaced | None:
    """In a worker: the contradictions among the facts (`contradictions_among`); None when the
    database cannot be read now."""
    try:
        with own_session(database) as session:
            predicates = {p.name: p for p in session.exec(select(Predicate))}
            sources = {source.id: source for source in session.exec(select(Source))}
            kinds = dict(session.execute(core_select(col(Entity.id), col(Entity.kind))).all())
            where = may_disagree(session.connection().dialect.name)
            rows = fact_rows(session, CROSS_COLUMNS, where=where)
    except READ_ERRORS:
        return None
    return contradictions_among(rows, predicates, sources, kinds)
