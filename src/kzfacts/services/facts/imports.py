"""Importing many fact records at once: each checked by the writer, all written or none.

`import_records` checks them one by one, in order. `import_in_parallel` gives the same facts,
rows and messages faster: the writer plans every fact in order in this process (ids,
predicate, entity: what depends on the facts before it), worker processes each take whole
sources, read them once and verify their facts (what depends on the source alone), and the
rows are written in bulk. When one record is refused, the records are checked again one by
one, so that every refusal reads as the one-by-one import words it."""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kzfacts.checks.fact import FactResult
from kzfacts.checks.findings import Code
from kzfacts.checks.subjects import EntityCatalog
from kzfacts.services.errors import Refused
from kzfacts.services.facts.inputs import from_record
from kzfacts.services.facts.storage import FactStore, HeldInserts
from kzfacts.services.facts.writer import (
    FactWriter,
    Planned,
    accepted_row,
    first_error,
    load_source,
    verify_planned,
)
from kzfacts.services.worker_exit import exit_with_parent

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
) -> tuple[FactWriter, list[FactResult], list[RecordError]]:
    """What `import_records` gives, with the writer holding the rows to `write`: the sources
    shared out over `workers` processes (default: the cores available) when there are enough
    records, else one by one."""
    workers = available_cores() if workers is None else workers
    if workers > 1 and len(records) >= PARALLEL_MIN_FACTS:
        held = HeldInserts(store)
        writer = make_writer(held)
        accepted = _checked_in_workers(writer, records, progress, workers)
        if accepted is not None:
            held.flush()
            return writer, accepted, []
    writer = make_writer(store)
    accepted, errors = import_records(writer, records, progress)
    return writer, accepted, errors


def _checked_in_workers(
    writer: FactWriter,
    records: list[tuple[int, dict[str, Any]]],
    progress: Progress | None,
    workers: int,
) -> list[FactResult] | None:
    """Every record accepted, in order, with its row held by the writer; None when one is
    refused (nothing planned reaches the store: `HeldInserts`)."""
    by_source: dict[str, list[int]] = {}
    planned: list[Planned] = []
    for _, record in records:
        if not isinstance(record, dict):
            return None
        try:
            fact = writer.plan(from_record(record), read_source=False, claim=True)
        except Refused:
            return None
        by_source.setdefault(fact.fact.source, []).append(len(planned))
        planned.append(fact)
    assert writer.catalog is not None  # read by the first plan
    tasks = [
        (writer.root, [planned[i] for i in indices], writer.created_by, writer.max_gap)
        for indices in by_source.values()
    ]
    total, sources = len(planned), list(by_source.values())
    del planned, by_source  # a source's planned facts go with its task, once it is checked
    results: list[FactResult | None] = [None] * total
    done = 0
    # Forked where the platform forks, as the audit's workers: a fresh interpreter would run
    # the caller's script again, which a script without a main guard does not expect.
    with ProcessPoolExecutor(
        max_workers=min(workers, len(tasks)),
        initializer=_start_worker,
        initargs=(os.getpid(), writer.catalog),
    ) as pool:
        checking = pool.map(_check_source, tasks)
        del tasks
        for indices, checked in zip(sources, checking, strict=True):
            if checked is None:
                pool.shutdown(cancel_futures=True)  # the sources not started are not read
                return None
            for index, (row, result) in zip(indices, checked, strict=True):
                writer.hold(row)
                results[index] = result
            done += len(indices)
            if progress is not None:
                progress(done, total)
    return [result for result in results if result is not None]


_CATALOG = EntityCatalog(())
"""In a worker process: the entities' names as the import's plan left them."""


def _start_worker(parent: int, catalog: EntityCatalog) -> None:
    """In each worker: keep the catalog, and exit once the import's process is gone (killed):
    a forked worker holds its own end of the queue it waits on, and would wait for ever."""
    global _CATALOG
    _CATALOG = catalog
    exit_with_parent(parent)


def _check_source(
    task: tuple[Path, list[Planned], str | None, int],
) -> list[tuple[dict[str, Any], FactResult]] | None:
    """In a worker: read one source, verify its facts in order and build their rows; None when
    one is refused. The source is let go when its facts are done."""
    root, facts, created_by, max_gap = task
    try:
        loaded = load_source(root, facts[0].source)
    except Refused:
        return None
    checked: list[tuple[dict[str, Any], FactResult]] = []
    for fact in facts:
        result = verify_planned(fact, loaded.text, loaded.sha256, _CATALOG, max_gap)
        if first_error(result) is not None:
            return None
        checked.append(accepted_row(fact, result, loaded.text, loaded.sha256, created_by, max_gap))
    return checked
