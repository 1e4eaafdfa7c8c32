"""When each process of a cold audit does what: the start and end of the audit's phases in its
own process and of the tasks its workers run, in seconds from the process's start: one line
a call on stderr as it ends (start, end, duration, process id, function), to be read by start.
Shows whether a process waits while another works (the audit waiting for a worker's answer, a
worker idle while the other works).

    python bench/audit_timeline.py DIR/loaded.db [--workers 2] 2>&1 | sort -n

Runs a full audit (`FactDB.audit(full=True)`) on a copy of the database made beside it
(`NAME.timeline.db`, so that its relative source paths read the same corpus). Run it with
`PYTHONPATH` set to another version's `src` to compare; a function that version lacks is left
out. The workers are forked from this process once the functions are wrapped, so their calls
are timed too and printed from their own process (each line names its process id).
"""

from __future__ import annotations

import argparse
import functools
import importlib
import os
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

STARTED = time.perf_counter()

TIMED = {
    "kzfacts.services.audit.run": (
        "read_sources", "fact_rows", "previous_texts", "share_standing", "entities_fingerprint",
        "run_batches", "misattribution", "updates", "placed", "record_verdicts", "record_run",
    ),
    "kzfacts.services.audit.standing": ("StandingFacts.check",),
    "kzfacts.services.audit.shares": (
        "StandingShare.taken", "StandingShare._told_here", "told_in_worker",
        "duplicates_in_worker", "contradictions_in_worker",
    ),
    "kzfacts.services.audit.workers": ("AuditWorkers.start",),
}  # fmt: skip
"""The functions timed, by module: what the audit's process and its workers spend a cold
audit on."""


def _wrapped(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(function)
    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            end = time.perf_counter()
            print(
                f"{start - STARTED:7.3f} {end - STARTED:7.3f} {end - start:7.3f}  "
                f"[{os.getpid()}] {name}",
                file=sys.stderr,
                flush=True,
            )

    return timed


def wrap_all() -> None:
    for module_name, names in TIMED.items():
        module = importlib.import_module(module_name)
        for name in names:
            owner: Any = module
            *path, attribute = name.split(".")
            for part in path:
                owner = getattr(owner, part, None)
            if owner is not None and hasattr(owner, attribute):
                setattr(owner, attribute, _wrapped(name, getattr(owner, attribute)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", type=Path)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    copy = args.database.with_name(f"{args.database.stem}.timeline.db")
    shutil.copyfile(args.database, copy)
    from kzfacts import FactDB

    imported = time.perf_counter()
    import kzfacts.services.audit.run  # noqa: F401  (what the audit loads, timed apart)

    print(
        f"{imported - STARTED:7.3f} {time.perf_counter() - STARTED:7.3f} "
        f"{time.perf_counter() - imported:7.3f}  [{os.getpid()}] import the audit's modules",
        file=sys.stderr,
    )
    wrap_all()
    try:
        with FactDB.open(str(copy)) as db:
            start = time.perf_counter()
            report = db.audit(full=True, workers=args.workers)
            end = time.perf_counter()
    finally:
        for leftover in (copy, *copy.parent.glob(f"{copy.name}-*")):  # with its -wal, -shm
            leftover.unlink(missing_ok=True)
    print(
        f"{start - STARTED:7.3f} {end - STARTED:7.3f} {end - start:7.3f}  [{os.getpid()}] "
        f"audit ({len(report.findings)} findings)",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
