"""Two parts of a parallel `fact import` that a loaded machine does not blur: the work done
before its worker processes start (the import run until it makes its pool of workers), and the
cycle collector's passes in its process and in each worker (`gc.callbacks`).

    python bench/bench_import_parts.py head DIR/registered.db DIR/facts.jsonl
    python bench/bench_import_parts.py collector DIR/registered.db DIR/facts.jsonl

Each run imports into a fresh copy of the database made beside it (`NAME.parts.db`: the
sources are read from the database's folder, so that folder must be writable). Run it with
`PYTHONPATH` set to another version's `src` to compare, by turns.
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import shutil
import time
from pathlib import Path
from typing import Any

Passes = dict[int, list[float]]  # generation -> [passes, CPU seconds]


def _timed_passes() -> Passes:
    """Count the collector's passes and their CPU time in this process from now on."""
    passes: Passes = {0: [0, 0.0], 1: [0, 0.0], 2: [0, 0.0]}
    started = [0.0]

    def timed(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            started[0] = time.process_time()
        else:
            entry = passes[info["generation"]]
            entry[0] += 1
            entry[1] += time.process_time() - started[0]

    gc.callbacks.append(timed)
    return passes


def _line(who: str, passes: Passes) -> str:
    counts = " ".join(f"gen{g} {int(n)} passes {t:.2f} s" for g, (n, t) in passes.items())
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return (
        f"{who}: collector {sum(t for _, t in passes.values()):.2f} s of "
        f"{time.process_time():.2f} s CPU ({counts}); peak {peak:.0f} MB"
    )


def _import(database: Path, facts: Path) -> None:
    from kzfacts import FactDB

    with FactDB.open(database) as opened:
        opened.import_records(facts)


class _Started(Exception):
    """Raised where the import makes its pool of workers: how long it took to get there."""


def head(database: Path, facts: Path) -> None:
    import kzfacts.services.facts.imports as imports

    began = [time.perf_counter(), time.process_time()]

    def pool(*args: Any, **kwargs: Any) -> None:
        raise _Started(time.perf_counter() - began[0], time.process_time() - began[1])

    imports.ProcessPoolExecutor = pool  # type: ignore[assignment,misc]
    try:
        _import(database, facts)
    except _Started as started:
        wall, cpu = started.args
        print(f"workers start after {wall:.2f} s, {cpu:.2f} s of CPU in the import's process")
    else:
        print("the import made no pool of workers (too few records, or one was refused)")


def collector(database: Path, facts: Path) -> None:
    import multiprocessing.util

    import kzfacts.services.facts.imports as imports

    passes = _timed_passes()
    start_worker = imports._start_worker

    def counted(*args: Any) -> None:
        mine = _timed_passes()
        report = lambda: print(_line(f"worker {os.getpid()}", mine), flush=True)  # noqa: E731
        multiprocessing.util.Finalize(None, report, exitpriority=100)
        start_worker(*args)

    imports._start_worker = counted  # type: ignore[assignment]
    began = time.perf_counter()
    _import(database, facts)
    print(_line("import's process", passes), f"wall {time.perf_counter() - began:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("part", choices=("head", "collector"))
    parser.add_argument("database", type=Path, help="a registered database (copied first)")
    parser.add_argument("facts", type=Path, help="the records to import")
    args = parser.parse_args()
    copy = args.database.with_name(f"{args.database.stem}.parts.db")
    shutil.copy(args.database, copy)
    {"head": head, "collector": collector}[args.part](copy, args.facts)


if __name__ == "__main__":
    main()
