"""Where an audit's own process spends its time, phase by phase: the functions `run_audit`
calls (reading the sources and the fact rows, checking, contradictions, verdicts, ...) timed
in wall and CPU seconds, on a copy of a database. The workers' CPU is given apart (children).

    python bench/bench_audit_phases.py DIR/kzfacts.db [--full] [--workers 2]

The copy is made beside the database (`NAME.phases.db`), so that its relative source paths
read the same corpus. Run it with `PYTHONPATH` set to another version's `src` to compare.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

PHASES = (
    "read_sources", "fact_rows", "previous_texts", "read_catalog", "run_batches",
    "misattribution", "contradictions", "located", "find_duplicates", "share_standing", "record_verdicts",
    "record_run",
)  # fmt: skip
"""The functions of `services.audit.run` timed, where that version has them."""


def timed(spent: dict[str, list[float]], name: str, function: Callable[..., Any]) -> Any:
    """`function`, adding its wall and CPU seconds and its calls to `spent[name]`."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            entry = spent.setdefault(name, [0.0, 0.0, 0])
            entry[0] += time.perf_counter() - wall
            entry[1] += time.process_time() - cpu
            entry[2] += 1

    return wrapper


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--full", action="store_true")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    copy = args.db.with_suffix(".phases.db")
    for side in (Path(f"{copy}-wal"), Path(f"{copy}-shm")):
        side.unlink(missing_ok=True)
    shutil.copy(args.db, copy)

    wall, cpu = time.perf_counter(), time.process_time()
    from kzfacts import FactDB
    from kzfacts.services.audit import run

    print(f"import: wall {time.perf_counter() - wall:.2f} s, CPU {time.process_time() - cpu:.2f} s")
    spent: dict[str, list[float]] = {}
    for name in PHASES:
        if hasattr(run, name):
            setattr(run, name, timed(spent, name, getattr(run, name)))
    try:
        from kzfacts.services.audit.standing import StandingFacts

        StandingFacts.check = timed(spent, "standing facts", StandingFacts.check)  # type: ignore[method-assign]
    except ImportError:  # a version without it checks them in run_batches
        pass
    with FactDB.open(copy) as db:
        wall, cpu = time.perf_counter(), time.process_time()
        report = db.audit(full=args.full, workers=args.workers)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    copy.unlink()
    print(
        f"audit: wall {wall:.2f} s, CPU of this process {cpu:.2f} s, {len(report.findings)} findings"
    )
    for name, (phase_wall, phase_cpu, calls) in sorted(spent.items(), key=lambda kv: -kv[1][1]):
        print(f"  {name:18} wall {phase_wall:5.2f} s  CPU {phase_cpu:5.2f} s  calls {calls}")
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"workers: CPU {children.ru_utime + children.ru_stime:.2f} s")
    print("(run_batches includes the standing facts, which it checks while the workers search)")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
