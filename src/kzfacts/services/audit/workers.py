"""Checking facts source by source, in worker processes when there is enough work to pay for
them: each worker gets the entities' names once, and exits if the audit that started it is gone.
Facts whose quotes stand unchanged are checked in the audit's own process.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from kzfacts.checks.fact import FactInput, FactResult, SourceContext, StoredCheck
from kzfacts.checks.facts import check_source_batch, stands_unchanged
from kzfacts.checks.subjects import EntityCatalog
from kzfacts.services.audit.results import Progress
from kzfacts.services.worker_exit import exit_with_parent

PARALLEL_MIN_FACTS = 2000
"""Below this many facts to search for again, worker processes cost more than they save."""


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


_WORKER_CATALOG = EntityCatalog(())
"""In a worker process: the entities' names, sent once when the worker starts."""


def _start_worker(parent: int, catalog: EntityCatalog) -> None:
    """In each worker: keep the catalog, and exit once the audit process is gone (killed), so
    no worker outlives it."""
    global _WORKER_CATALOG
    _WORKER_CATALOG = catalog
    exit_with_parent(parent)


def _check_in_worker(raw: str, sha: str, items: Batch) -> list[FactResult]:
    return _check(raw, sha, items, _WORKER_CATALOG)


def run_batches(
    batches: list[tuple[str, str, Batch]],
    workers: int,
    progress: Progress | None,
    catalog: EntityCatalog,
) -> list[FactResult]:
    """The results of every batch, in the order of the batches (as one process gives them).

    With worker processes, the audit's own process is one of the `workers`: while the others
    search, it checks the facts that stand unchanged, then takes back, from the last, the
    batches no worker has started (a worker's results come back pickled: what the audit's
    process checks itself costs no pickling, and its core does not idle)."""
    total = sum(len(items) for _, _, items in batches)
    done = 0
    results: list[FactResult] = []
    # A fact whose quote stands unchanged costs less to check here than to send to a worker.
    searched: list[tuple[str, str, Batch]] = []
    standing: list[tuple[str, str, Batch]] = []
    for raw, sha, items in batches:
        stands, rest = Batch(), Batch()
        for fact, source, stored in zip(items.facts, items.sources, items.stored, strict=True):
            into = stands if stands_unchanged(fact, source, stored, raw, sha) else rest
            into.facts.append(fact)
            into.sources.append(source)
            into.stored.append(stored)
        if rest:
            searched.append((raw, sha, rest))
        if stands:
            standing.append((raw, sha, stands))
    to_search = sum(len(items) for _, _, items in searched)
    if workers < 2 or len(searched) < 2 or to_search < PARALLEL_MIN_FACTS:
        for raw, sha, items in (*standing, *searched):
            results.extend(_check(raw, sha, items, catalog))
            done += len(items)
            if progress:
                progress(done, total)
        return results
    with ProcessPoolExecutor(
        max_workers=min(workers - 1, len(searched)),
        initializer=_start_worker,
        initargs=(os.getpid(), catalog),
    ) as pool:
        futures = [pool.submit(_check_in_worker, raw, sha, items) for raw, sha, items in searched]
        for raw, sha, items in standing:
            results.extend(_check(raw, sha, items, catalog))
            done += len(items)
            if progress:
                progress(done, total)
        checked_here: dict[int, list[FactResult]] = {}
        for index in reversed(range(len(futures))):
            if not futures[index].cancel():
                break  # a worker has started it, and every batch before it
            raw, sha, items = searched[index]
            checked_here[index] = _check(raw, sha, items, catalog)
        for index, future in enumerate(futures):
            batch = checked_here.pop(index) if index in checked_here else future.result()
            results.extend(batch)
            done += len(batch)
            if progress:
                progress(done, total)
    return results
