"""The first audit after a paragraph was added at the top of a fraction of the sources (every
offset in them moves), side by side with another version of kzfacts on the same database.

A `bench_scale.py` working folder kept with `--keep` holds the corpus and its database as the
benchmark left them. Each version audits its own copy of that folder after the same edit, in
its own process (`PYTHONPATH` pointing at its `src`), its database at the schema that
version reads (`schemas.py`), with the value patterns compiled first;
the process reports the audit's time, the part of it spent re-checking facts, the CPU time of
the audit's own process and of its workers, and its findings by code, and this process adds
the child's CPU time. The findings must be the same.

    python bench/bench_scale.py --sources 100 --facts 10000 --only audit --work /tmp/b --keep
    git archive REV src migrations alembic.ini | tar -x -C /tmp/before
    python bench/bench_moved.py /tmp/b --baseline /tmp/before/src        # 10 % of the sources
    python bench/bench_moved.py /tmp/b --baseline /tmp/before/src --workers 2   # as `kzfacts audit`

By default the audit runs as `FactDB.audit` runs it, in one process (`workers=1`), so that
each fact's check is timed; `--workers 2` runs it as `kzfacts audit` does on 2 cores, the facts
to re-check spread over worker processes (then only the audit and its re-checking are timed).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from schemas import to_schema_of

NOTE = (
    "An editor's note: this report was corrected after publication. Nothing it states changed.\n\n"
)
KEPT_DATABASES = ("final.db", "loaded.db", "pre-changes.db", "profile.db", "registered.db")


def edited_copy(work: Path, into: Path, fraction: float) -> int:
    """A copy of the working folder with `NOTE` added at the top of `fraction` of its sources."""
    shutil.copytree(work, into, ignore=shutil.ignore_patterns(*KEPT_DATABASES, "sources-original"))
    sources = sorted((into / "corpus" / "sources").glob("*.txt"))
    edited = sources[: max(1, round(fraction * len(sources)))]
    for path in edited:
        path.write_text(NOTE + path.read_text(encoding="utf-8"), encoding="utf-8")
    return len(edited)


def measure(folder: Path, workers: int) -> dict[str, Any]:
    """In this process (the version on `PYTHONPATH`): the audit of `folder`'s database."""
    import kzfacts.checks.facts as facts
    import kzfacts.services.audit.run as run
    from kzfacts import FactDB
    from kzfacts.checks.findings import Code
    from kzfacts.values import find_values

    find_values("sentenced to five years on 3 May 2010; about 300 people, 12 percent")
    rechecked: list[tuple[float, int]] = []
    inner = run.run_batches
    # Each fact checked in this process (not in a worker), timed by its outcome: moved and
    # nothing else to report, or anything else (searched for, refused, inexact, ...); looking
    # at a fact as only moved (later versions) counts as moved when that tells its result,
    # else its time counts with the other facts.
    outcomes = {"moved": [0.0, 0], "other": [0.0, 0]}
    verify = facts.verify_fact

    def timed_fact(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        result = verify(*args, **kwargs)
        codes = [f.code for f in result.findings]
        spent = outcomes["moved" if codes == [Code.QUOTE_MOVED] else "other"]
        spent[0] += time.perf_counter() - start
        spent[1] += 1
        return result

    facts.verify_fact = timed_fact  # type: ignore[assignment]
    try:  # the unit of work in its own module (in later versions), which names what it calls
        import kzfacts.checks.batch as batch
    except ImportError:
        batch = None
    if batch is not None:
        batch.verify_fact = timed_fact  # type: ignore[attr-defined]
    try:  # a quote only moved is told from the move, before `verify_fact` (in later versions)
        import kzfacts.checks.moved as moved
    except ImportError:
        moved = None
    if moved is not None:
        tell = moved.moved_result

        def timed_move(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            result = tell(*args, **kwargs)
            spent = outcomes["moved" if result is not None else "other"]
            spent[0] += time.perf_counter() - start
            spent[1] += result is not None
            return result

        moved.moved_result = timed_move
        if batch is not None:
            batch.moved_result = timed_move  # type: ignore[attr-defined]

    def timed(work: Any, *args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        results = inner(work, *args, **kwargs)
        rechecked.append((time.perf_counter() - start, sum(len(b) for _, _, b in work)))
        return results

    run.run_batches = timed  # type: ignore[assignment]
    os.chdir(folder)
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    start = time.perf_counter()
    with FactDB.open("kzfacts.db") as db:
        report = db.audit(workers=workers)
    seconds = time.perf_counter() - start
    own_after = resource.getrusage(resource.RUSAGE_SELF)
    children_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    codes = Counter(f["code"] for f in json.loads(report.to_json())["findings"])
    spent, checked = rechecked[0] if rechecked else (0.0, 0)
    return {
        "audit": seconds,
        "recheck": spent,
        "facts": checked,
        "codes": dict(sorted(codes.items())),
        "outcomes": outcomes,
        "audit_cpu": _cpu(own_after) - _cpu(own),
        "workers_cpu": _cpu(children_after) - _cpu(children),
    }


def _cpu(usage: resource.struct_rusage) -> float:
    return usage.ru_utime + usage.ru_stime


def run_version(name: str, src: Path, work: Path, fraction: float, workers: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "work"
        edited = edited_copy(work, folder, fraction)
        to_schema_of(src, folder / "kzfacts.db")  # the same data, at the schema it reads
        env = {**os.environ, "PYTHONPATH": str(src), "NO_COLOR": "1"}
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        out = subprocess.run(
            [sys.executable, __file__, "--measure", str(folder), "--workers", str(workers)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    result: dict[str, Any] = json.loads(out)
    result["cpu"] = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    result["edited"] = edited
    print(
        f"{name:<10} {edited} sources edited: audit {result['audit']:.2f} s "
        f"(re-checking {result['facts']:,} facts {result['recheck']:.2f} s, "
        f"{1000 * result['recheck'] / max(1, result['facts']):.2f} ms a fact); "
        f"CPU of the process {result['cpu']:.2f} s; load {os.getloadavg()[0]:.1f}",
        flush=True,
    )
    print(  # the audit's own process sets the pace: the workers check beside it
        f"{'':<10} CPU of the audit: its process {result['audit_cpu']:.2f} s, "
        f"its workers {result['workers_cpu']:.2f} s",
        flush=True,
    )
    moved, other = result["outcomes"]["moved"], result["outcomes"]["other"]
    if moved[1] or other[1]:  # checked in the audit's process (no worker processes)
        print(
            f"{'':<10} of which {moved[1]:,} moved quotes {moved[0]:.2f} s "
            f"({1e6 * moved[0] / max(1, moved[1]):.0f} µs each, their sources' sentences split "
            f"for the first), {other[1]:,} other facts {other[0]:.2f} s",
            flush=True,
        )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("work", type=Path, help="a bench_scale.py working folder (--keep)")
    parser.add_argument("--baseline", type=Path, help="the src folder of another kzfacts")
    parser.add_argument("--fraction", type=float, default=0.1, help="of the sources edited")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each version, alternating")
    parser.add_argument(
        "--workers", type=int, default=1, help="worker processes of the audit (`kzfacts audit`: 2)"
    )
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.work, args.workers)))
        return
    versions = [("this", Path(__file__).resolve().parents[1] / "src")]
    if args.baseline:
        versions.append(("baseline", args.baseline.resolve()))
    codes = set()
    for _ in range(args.repeat):
        for name, src in versions:
            codes.add(
                json.dumps(
                    run_version(name, src, args.work.resolve(), args.fraction, args.workers)[
                        "codes"
                    ]
                )
            )
    print(
        "findings: "
        + ("the same in every run: " if len(codes) == 1 else "DIFFER: ")
        + ", ".join(codes)
    )


if __name__ == "__main__":
    main()
