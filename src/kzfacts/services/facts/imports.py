"""Importing many fact records at once: each checked by the writer, all written or none.

`import_records` checks them one by one, in order. `import_in_parallel` gives the same facts,
rows and messages faster: the writer plans every fact in order in this process (ids,
predicate, entity: what depends on the facts before it), worker processes each take whole
sources as soon as their last fact is planned, read them once and verify their facts (what
depends on the source alone), and the rows of the records accepted so far are written in bulk
while the workers verify the rest, in a savepoint. When one record is refused, what was written
is undone and the records are checked again one by one, so that every refusal reads as the
one-by-one import words it."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from kzfacts.checks.fact import FactInput, FactResult
from kzfacts.checks.findings import Code
from kzfacts.checks.result_wire import ResultWire, from_wire, to_wire
from kzfacts.checks.subjects import EntityCatalog, EntityNames
from kzfacts.services.errors import Refused
from kzfacts.services.facts.inputs import from_record, record_source
from kzfacts.services.facts.storage import FactStore
from kzfacts.services.facts.writer import (
    FactWriter,
    Planned,
    accepted_row,
    first_error,
    load_source,
    verify_planned,
)
from kzfacts.services.worker_exit import exit_with_parent, worker_context
from kzfacts.store.rows import utcnow

Progress = Callable[[int, int], None]
PARALLEL_MIN_FACTS = 500
"""Below this many records, starting worker processes costs more than they save."""


@dataclass(frozen=True)
class RecordError:
    number: int
    fact_id: str | None
    code: str
    message: str


def import_records(
    writer: FactWriter,
    records: list[tuple[int, dict[str, Any]]],
    progress: Progress | None = None,
) -> tuple[list[FactResult], list[RecordError]]:
    """Check every record; the caller writes only when there are no errors (all or nothing)."""
    accepted: list[FactResult] = []
    errors: list[RecordError] = []
    for done, (number, record) in enumerate(records, start=1):
        if progress is not None and (done % 100 == 0 or done == len(records)):
            progress(done, len(records))
        fact_id = record.get("id") if isinstance(record, dict) else None
        try:
            if not isinstance(record, dict):
                raise Refused(f"a record must be a mapping of fields, got {type(record).__name__}")
            accepted.append(writer.prepare(from_record(record)))
        except Refused as exc:
            code = exc.findings[0].code.value if exc.findings else Code.INVALID_RECORD.value
            message = str(exc).removeprefix(f"{code}: ")
            errors.append(RecordError(number, str(fact_id) if fact_id else None, code, message))
    return accepted, errors


def available_cores() -> int:
    """The cores this process may run on."""
    affinity = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity is not None else os.cpu_count() or 1


def import_in_parallel(
    store: FactStore,
    make_writer: Callable[[FactStore], FactWriter],
    records: list[tuple[int, dict[str, Any]]],
    progress: Progress | None = None,
    *,
    workers: int | None = None,
    dry_run: bool = False,
) -> tuple[FactWriter, list[FactResult], list[RecordError]]:
    """What `import_records` gives, with the writer holding the rows to `write`: the sources
    shared out over `workers` processes (default: the cores available) when there are enough
    records, else one by one; some rows written already unless it is a `dry_run`."""
    workers = available_cores() if workers is None else workers
    if workers > 1 and len(records) >= PARALLEL_MIN_FACTS:
        with store.savepoint() as undo:
            writer = make_writer(store)
            accepted = _checked_in_workers(writer, records, progress, workers, not dry_run)
            if accepted is not None:
                return writer, accepted, []
            undo()
    writer = make_writer(store)
    accepted, errors = import_records(writer, records, progress)
    return writer, accepted, errors


def _checked_in_workers(
    writer: FactWriter,
    records: list[tuple[int, dict[str, Any]]],
    progress: Progress | None,
    workers: int,
    write_ahead: bool,
) -> list[FactResult] | None:
    """Every record accepted, in order, with its row held by the writer; None when one is
    refused (the caller undoes what was written). A source goes to the workers as soon as its
    last fact is planned, so that they verify while the rest is planned; the rows of the
    records accepted so far, in order, are written while the workers verify the rest (with
    `write_ahead`)."""
    sources = _sources_of(records)
    if sources is None:
        return None
    unplanned = Counter(sources)
    waiting: dict[str, tuple[list[int], list[Planned]]] = {}
    checking: list[tuple[list[int], list[FactInput], Future[_Checked]]] = []
    with ExitStack() as pools:
        share = _Sharing(writer, workers, len(unplanned), pools)
        for index, (_, record) in enumerate(records):
            try:
                fact = from_record(record)
                planned = writer.plan(fact, read_source=False, claim=True)
            except Refused:
                share.cancel()  # the sources sent and not started are not read
                return None
            indices, plans = waiting.setdefault(fact.source, ([], []))
            indices.append(index)
            plans.append(planned)
            unplanned[fact.source] -= 1
            if not unplanned[fact.source]:
                del waiting[fact.source]
                checking.append((indices, [p.fact for p in plans], share.submit(plans)))
        share.submit_held()
        results: list[FactResult | None] = [None] * len(records)
        done = written = 0
        for indices, facts, future in checking:
            checked = future.result()
            if checked is None:
                share.cancel()  # the sources not started are not read
                return None
            for index, fact, (row, wire) in zip(indices, facts, checked, strict=True):
                writer.hold(with_stated(row, fact))
                result, notice = from_wire(fact, wire), writer.restated(row)
                results[index] = result if notice is None else result.noticed(notice)
            done += len(indices)
            if write_ahead:
                written = _written_ahead(writer, results, written)
            if progress is not None:
                progress(done, len(results))
    return [result for result in results if result is not None]


STATED_COLUMNS = (
    ("id", "id"), ("entity_id", "entity"), ("subject", "subject"), ("value", "value"),
    ("as_of", "as_of"), ("event_key", "event"), ("source_id", "source"), ("quote", "quote"),
    ("note", "note"), ("supersedes", "supersedes"),
)  # fmt: skip
"""The columns of a fact's row that hold a field of the fact as stated (column, field): a
worker process leaves them out of the row it sends back (`without_stated`), and the process
that planned the fact, which holds it, puts them back (`with_stated`), so that the row shares
the fact's strings instead of holding copies."""


def without_stated(row: dict[str, Any]) -> dict[str, Any]:
    for column, _ in STATED_COLUMNS:
        del row[column]
    return row


def with_stated(row: dict[str, Any], fact: FactInput) -> dict[str, Any]:
    for column, name in STATED_COLUMNS:
        row[column] = getattr(fact, name)
    return row


WRITTEN_AHEAD_MIN = 1000
"""Rows written ahead at once, at least: each write reads the facts' last versions too."""


def _written_ahead(writer: FactWriter, results: list[FactResult | None], start: int) -> int:
    """Write the rows of the records from `start` on that were all accepted, when there are
    enough (rows go in record order); where the rows not written yet start."""
    end = start
    while end < len(results) and results[end] is not None:
        end += 1
    if end - start < WRITTEN_AHEAD_MIN:
        return start
    writer.write_ahead(result for result in results[start:end] if result is not None)
    return end


def _sources_of(records: list[tuple[int, dict[str, Any]]]) -> list[str] | None:
    """The source each record cites, read before the records are (so that the workers start
    at the first source); None when a record is not a mapping or its source no text."""
    sources: list[str] = []
    for _, record in records:
        if not isinstance(record, dict):
            return None
        try:
            sources.append(record_source(record))
        except Refused:
            return None
    return sources


_Checked = list[tuple[dict[str, Any], ResultWire]] | None
_Task = tuple[Path, list[Planned], str | None, int, int, tuple[EntityNames, ...]]

SENT_ENTITIES_MAX = 64
"""Entities a plan may create after the workers started that a source sent to them carries
(they extend the workers' catalog); past that many, the rest waits for the end of the plan
and goes to workers started then, which know every entity."""


class _Sharing:
    """The worker processes a parallel import's sources go to, started at the first source:
    the entities planned after that go with each source, or, past `SENT_ENTITIES_MAX`, the
    sources wait for the end of the plan and for workers started then."""

    def __init__(self, writer: FactWriter, workers: int, sources: int, pools: ExitStack):
        self.writer, self.workers, self.sources, self.pools = writer, workers, sources, pools
        self.started: list[ProcessPoolExecutor] = []
        self.known = 0  # entities in the catalog when the workers started
        self.held: list[tuple[list[Planned], Future[_Checked]]] = []

    def _start(self) -> ProcessPoolExecutor:
        """Worker processes forked now (where the platform forks, as the audit's: a fresh
        interpreter would run the caller's script again, which one without a main guard does
        not expect), with the catalog as it stands."""
        catalog = self.writer.catalog
        assert catalog is not None  # read by the first plan
        self.known = len(catalog.by_id)
        pool = ProcessPoolExecutor(
            max_workers=min(self.workers, self.sources),
            mp_context=worker_context(),
            initializer=_start_worker,
            initargs=(os.getpid(), catalog),
        )
        self.started.append(self.pools.enter_context(pool))
        self.pools.push(_cancelled_on_error(pool))  # an error ends the import without its work
        return pool

    def submit(self, plans: list[Planned]) -> Future[_Checked]:
        """A source's planned facts checked in a worker, now or once the plan is done."""
        catalog = self.writer.catalog
        assert catalog is not None
        pool = self.started[0] if self.started else self._start()
        created = len(catalog.by_id) - self.known
        if self.held or created > SENT_ENTITIES_MAX:
            later: Future[_Checked] = Future()
            self.held.append((plans, later))
            return later
        sent = tuple(islice(catalog.by_id.values(), self.known, None))
        return pool.submit(_check_source, self._task(plans, sent))

    def _task(self, plans: list[Planned], sent: tuple[EntityNames, ...]) -> _Task:
        writer = self.writer
        return (writer.root, plans, writer.created_by, writer.max_gap, self.known, sent)

    def submit_held(self) -> None:
        """The sources held back, to workers that know every entity."""
        if not self.held:
            return
        # Its sources done first: a process forked while another pool's threads run may
        # inherit a lock one of them holds, and the two pools' workers would share the cores.
        self.started[0].shutdown(wait=True)
        pool = self._start()
        for plans, later in self.held:
            _chain(pool.submit(_check_source, self._task(plans, ())), later)
        self.held.clear()

    def cancel(self) -> None:
        for pool in self.started:
            pool.shutdown(cancel_futures=True)


def _cancelled_on_error(pool: ProcessPoolExecutor) -> Callable[..., None]:
    """An exit callback: on an error (other than a refusal, which cancels itself), the sources
    not started are not read."""

    def cancel(kind: type[BaseException] | None, *_: object) -> None:
        if kind is not None:
            pool.shutdown(wait=False, cancel_futures=True)

    return cancel


def _chain(source: Future[_Checked], target: Future[_Checked]) -> None:
    """`target` gets what `source` gives."""

    def copy(done: Future[_Checked]) -> None:
        if done.cancelled():
            target.cancel()
        elif (error := done.exception()) is not None:
            target.set_exception(error)
        else:
            target.set_result(done.result())

    source.add_done_callback(copy)


_CATALOG = EntityCatalog(())
"""In a worker process: the entities' names as the import's plan left them."""


def _start_worker(parent: int, catalog: EntityCatalog) -> None:
    """In each worker: keep the catalog, and exit once the import's process is gone (killed):
    a forked worker holds its own end of the queue it waits on, and would wait for ever."""
    global _CATALOG
    _CATALOG = catalog
    exit_with_parent(parent)


def _check_source(task: _Task) -> _Checked:
    """In a worker: read one source, verify its facts in order and build their rows; None when
    one is refused. The source is let go when its facts are done. The entities planned since
    the workers started (`known` then) join the catalog first."""
    root, facts, created_by, max_gap, known, sent = task
    for entity in sent[len(_CATALOG.by_id) - known :]:
        _CATALOG.add(entity)
    try:
        loaded = load_source(root, facts[0].source)
    except Refused:
        return None
    checked: list[tuple[dict[str, Any], ResultWire]] = []
    now = utcnow()  # one moment for a source's rows: the store writes each moment once
    for fact in facts:
        result = verify_planned(fact, loaded.text, loaded.sha256, _CATALOG, max_gap)
        if first_error(result) is not None:
            return None
        row, accepted = accepted_row(
            fact, result, loaded.text, loaded.sha256, created_by, max_gap, now
        )
        # The planned fact's fields, and the fact itself, stay with the process that has them.
        checked.append((without_stated(row), to_wire(accepted)))
    return checked
