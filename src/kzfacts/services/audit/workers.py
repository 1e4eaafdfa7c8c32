"""Checking facts source by source, in worker processes when there is enough work to pay for
them: each worker gets the entities' names once, and exits if the audit that started it is gone.
Facts whose quotes stand unchanged are checked in the audit's own process meanwhile.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from functools import cached_property, partial
from types import TracebackType
from typing import TypeVar

from sqlalchemy.engine import URL
from sqlmodel import Session

from kzfacts.checks.batch import check_source_batch
from kzfacts.checks.fact import FactInput, FactResult, SourceContext, StoredCheck
from kzfacts.checks.quotes import find_all_elsewhere
from kzfacts.checks.subjects import EntityCatalog
from kzfacts.services.audit.results import Progress
from kzfacts.services.worker_exit import exit_with_parent, worker_context
from kzfacts.store.engine import make_engine
from kzfacts.text.anchor import PreparedSource

PARALLEL_MIN_FACTS = 2000
"""Below this many facts to search for again, starting worker processes costs more than they
save (a moved quote is placed again in a quarter of a millisecond); workers already started
take any."""

T = TypeVar("T")


@dataclass
class Batch:
    """The facts of one source to check, each with its source context and stored check (lists
    side by side: no object per fact beyond the fact and its stored check)."""

    facts: list[FactInput] = field(default_factory=list)
    sources: list[SourceContext] = field(default_factory=list)
    stored: list[StoredCheck] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.facts)


def _check(raw: str, sha: str, items: Batch, catalog: EntityCatalog) -> list[FactResult]:
    return check_source_batch(raw, sha, items.facts, items.sources, items.stored, catalog)


CLAIM_WAIT = 10.0
"""Seconds a claim waits for another process's claim to end (it takes microseconds): longer,
and that process died holding the lock; the claim then finds nothing left, and the audit
learns of the dead worker when it asks for its answer."""


class Claims:
    """The indices 0..n-1 of one list of work (`deal`), each claimed once: by the workers from
    the front and by the audit's own process from the back, one at a time, so that none of them
    waits while another has work left, whichever is slowed. Each of the `senders` requests for
    that work marks itself begun (`begin`) before it claims: once every index is claimed, a
    request not begun will claim none, and need not be waited for. Made before the workers
    start: they inherit it."""

    def __init__(self, senders: int) -> None:
        context = worker_context()
        self._lock = context.Lock()
        self._ends = context.RawArray("q", 2)  # the next from the front; one past the last
        self._begun = context.RawArray("b", max(1, senders))

    def deal(self, count: int) -> None:
        with self._lock:
            self._ends[0], self._ends[1] = 0, count
            for sender in range(len(self._begun)):
                self._begun[sender] = 0

    def begin(self, sender: int) -> None:
        """Mark the request `sender` begun (in a worker, before its first claim)."""
        with self._lock:
            self._begun[sender] = 1

    def begun(self, sender: int) -> bool:
        """Whether the request `sender` has begun; true when that cannot be told (the lock
        held longer than `CLAIM_WAIT`): then it is waited for."""
        if not self._lock.acquire(timeout=CLAIM_WAIT):
            return True
        try:
            return bool(self._begun[sender])
        finally:
            self._lock.release()

    def from_front(self) -> int | None:
        return self._claim(front=True)

    def from_back(self) -> int | None:
        return self._claim(front=False)

    def _claim(self, *, front: bool) -> int | None:
        if not self._lock.acquire(timeout=CLAIM_WAIT):
            return None
        try:
            first, end = self._ends[0], self._ends[1]
            if first >= end:
                return None
            if front:
                self._ends[0] = first + 1
                return int(first)
            self._ends[1] = end - 1
            return int(end - 1)
        finally:
            self._lock.release()


_WORKER_CATALOG = EntityCatalog(())
"""In a worker process: the entities' names, sent once when the worker starts."""
_WORKER_CLAIMS: Claims | None = None
"""In a worker process: the audit's claims (`AuditWorkers.claims`)."""


WORKER_NICENESS = 5
"""How much lower the workers' priority is than the audit's own process. That process is the
critical path of a cold audit (it reads, checks its own part and writes every verdict) and asks
for a worker's answer once its own part is done: when it and two workers want the two cores, it
gets one first (a cold audit at 100,000 facts ran 3-7 % faster by the median, by turns, on an
otherwise idle machine). The price: on a machine whose cores are busy with other programs, a
worker the audit waits for gets less of a core than they do."""


def _start_worker(parent: int, catalog: EntityCatalog, claims: Claims) -> None:
    """In each worker: keep the catalog and the claims, lower its priority, and exit once the
    audit process is gone (killed), so no worker outlives it."""
    global _WORKER_CATALOG, _WORKER_CLAIMS
    _WORKER_CATALOG, _WORKER_CLAIMS = catalog, claims
    if hasattr(os, "nice"):
        with suppress(OSError):  # a sandbox may forbid it: the worker runs as it is
            os.nice(WORKER_NICENESS)
    exit_with_parent(parent)


def worker_catalog() -> EntityCatalog:
    """In a worker process: the entities' names it was started with."""
    return _WORKER_CATALOG


def worker_claims() -> Claims | None:
    """In a worker process: the audit's claims; None in the audit's own process."""
    return _WORKER_CLAIMS


def openable(session: Session) -> URL | None:
    """The URL a worker opens the session's database by to read what the audit reads: an
    SQLite file, whose write lock the audit holds from its start, so that no other writer
    commits between the audit's reads and the worker's. None for PostgreSQL (another writer may
    commit in between: what a worker found would not be what the audit checked) and for an
    in-memory copy (`audit --dry-run`), which no other process sees."""
    url = session.connection().engine.url
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return url


@contextmanager
def own_session(database: URL) -> Iterator[Session]:
    """In a worker: a session of its own on the audit's database, to read what it works on
    instead of being sent it (pickling costs the audit more than the reading costs a worker).
    On SQLite the audit holds the write lock: the worker reads what the audit reads."""
    engine = make_engine(database)
    try:
        with Session(engine) as session:
            yield session
    finally:
        engine.dispose()


def _check_in_worker(raw: str, sha: str, items: Batch) -> list[FactResult]:
    return _check(raw, sha, items, _WORKER_CATALOG)


class AuditWorkers:
    """An audit's worker processes (at most `count`), started when first given work, or at
    once by `start`, and stopped when the audit ends. A forked worker starts as a copy of the
    audit's process and counts as large as it was: a cold audit starts them before it reads
    the sources and the fact rows. The entities' names (`names`, read once when needed) go to
    each worker when it starts."""

    def __init__(self, count: int, names: Callable[[], EntityCatalog]) -> None:
        self.count = count
        self._names = names
        self._pool: ProcessPoolExecutor | None = None
        self.claims: Claims | None = None
        """Shared with the workers once they start: one list of work claimed from both ends."""

    @cached_property
    def catalog(self) -> EntityCatalog:
        return self._names()

    @property
    def started(self) -> bool:
        return self._pool is not None

    def start(self) -> None:
        """Start the workers now (they wait for work)."""
        if self.count > 1:
            self.submit(self.count, int)

    def submit(self, wanted: int, function: Callable[..., T], *args: object) -> Future[T]:
        """Run `function(*args)` in a worker; the first call starts at most `wanted` of them."""
        if self._pool is None:
            self.claims = Claims(self.count)
            self._pool = ProcessPoolExecutor(
                max_workers=max(1, min(self.count, wanted)),
                mp_context=worker_context(),
                initializer=_start_worker,
                initargs=(os.getpid(), self.catalog, self.claims),
            )
        return self._pool.submit(function, *args)

    def later(self, function: Callable[..., T], *args: object) -> Callable[[], T]:
        """`function(*args)`, to be asked for later: worked out at once by a worker when the
        workers run (they idle while the audit reads), else here when asked."""
        if self._pool is None:
            return partial(function, *args)
        return self.submit(self.count, function, *args).result

    def __enter__(self) -> AuditWorkers:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


PARALLEL_MIN_SOURCES = 100
"""Below this many sources, searching them for not-found quotes costs less than starting
worker processes."""
PART_CHARS = 1_000_000
"""About how much text the sources searched by one task hold: sources differ in length and in
how many quotes they may hold, and a worker done early takes the next part; each part is
sent to its worker, and small ones keep the audit's memory flat."""


def first_found(wanted: list[tuple[str, str]], texts: list[tuple[str, str]]) -> list[str | None]:
    """For each (quote, own source id): the first of `texts` (id, text) other than its own that
    states the quote exactly, or None (each text prepared only when some quote may be in it)."""
    return find_all_elsewhere(wanted, ((sid, partial(PreparedSource, text)) for sid, text in texts))


def first_found_in_parts(
    wanted: list[tuple[str, str]], texts: dict[str, str], pool: AuditWorkers
) -> Callable[[], list[str | None]]:
    """`first_found` over all `texts`, searched in parts that follow one another in the
    sources' order, each by a worker: the first part that finds a quote holds the first source
    that states it, so each quote gets the answer of one search over all of them. The parts
    are sent at once; the function returned waits for their answers."""
    items = list(texts.items())
    parts: list[list[tuple[str, str]]] = [[]]
    filled = 0
    for item in items:
        if filled >= PART_CHARS:
            parts.append([])
            filled = 0
        parts[-1].append(item)
        filled += len(item[1])
    futures = [pool.submit(len(parts), first_found, wanted, part) for part in parts]

    def found() -> list[str | None]:
        answers: list[str | None] = [None] * len(wanted)
        for future in futures:
            answers = [
                mine if mine is not None else theirs
                for mine, theirs in zip(answers, future.result(), strict=True)
            ]
        return answers

    return found


def run_batches(
    batches: list[tuple[str, str, Batch]],
    pool: AuditWorkers,
    progress: Progress | None,
    meanwhile: Callable[[], None] | None = None,
) -> list[FactResult]:
    """Each batch's results, in batch order: the facts whose quotes do not stand where they
    were anchored (the caller checks those that do, in `meanwhile`, while the workers search
    for these); the batches no worker has started when this process is done are checked here.
    The work `meanwhile` does is this process's first, once the workers have theirs."""
    total = sum(len(items) for _, _, items in batches)
    done = 0
    results: list[FactResult] = []
    searched = [(raw, sha, items) for raw, sha, items in batches if items]
    to_search = sum(len(items) for _, _, items in searched)
    sent: list[tuple[str, str, Batch]] = []
    futures = []
    if len(searched) > 1 and (pool.started or to_search >= PARALLEL_MIN_FACTS) and pool.count > 1:
        futures = [
            pool.submit(len(searched), _check_in_worker, raw, sha, items)
            for raw, sha, items in searched
        ]
        sent, searched = searched, []
    if meanwhile is not None:
        meanwhile()
    for raw, sha, items in searched:
        results.extend(_check(raw, sha, items, pool.catalog))
        done += len(items)
        if progress:
            progress(done, total)
    # Its own work done, this process takes back, from the last, the batches no worker has
    # started (they start in order): what it checks costs no pickling, and its core does not idle.
    checked_here: dict[int, list[FactResult]] = {}
    for index in reversed(range(len(futures))):
        if not futures[index].cancel():
            break
        raw, sha, items = sent[index]
        checked_here[index] = _check(raw, sha, items, pool.catalog)
    for index, future in enumerate(futures):
        batch = checked_here.pop(index) if index in checked_here else future.result()
        results.extend(batch)
        done += len(batch)
        if progress:
            progress(done, total)
    return results
