"""One benchmark step run by turns with another version of kzfacts, on fresh copies of a database.

A speed figure means something only beside its baseline measured on the same machine within the
same minutes: a machine's speed drifts from day to day by more than most changes gain. This
runs a step of `bench/steps.py` (`import`, `audit`, `check`, ...) alternately with this
checkout's `src` and with another version's (`--baseline OTHER/src`), each run on a fresh copy
of the database (`DB` copied to `FOLDER/by-turns.db`, so that the database's relative source
paths read the corpus in `FOLDER`), and prints each run's wall and CPU time (the step's whole
process tree), its largest process, its tree's memory and a digest of its output: the two
versions must print the same digests, or the figures compare different work.

    python bench/by_turns.py import DIR/registered.db DIR --baseline OLD/src \\
        --args '{"path": "DIR/facts.jsonl"}' --repeat 2
    python bench/by_turns.py audit DIR/loaded.db DIR --baseline OLD/src --args '{"full": true}'
    python bench/by_turns.py check DIR/kzfacts.db DIR --baseline OLD/src \\
        --args '{"draft": "DIR/draft.md"}' --repeat 3

`--baseline-first` starts each turn with the baseline (a run after another may find the other's
files in the page cache). `--naive FACTS.jsonl` measures the issue's naive audit (`bench_scale`:
`partial_ratio_alignment` of 1,000 of the records' quotes against their whole source in
`FOLDER/corpus/sources`) right after each run, and prints the run's speed-up against it (the
naive time a fact, times the records, over the run's wall time): the machine drifts within
minutes, so each ratio is taken against the baseline measured beside it. `DB` may be `-` for a step that takes no database. Each version's runs
start from `DB` at the schema that version reads (`schemas.at_schema_of`: migrated up or down
once, beforehand, as `FOLDER/by-turns.NAME.db`).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import statistics
import sys
from pathlib import Path
from typing import Any

from bench_scale import naive_audit
from schemas import at_schema_of
from steps import STEPS, Run, run_step

HERE = Path(__file__).resolve().parent
COPY_NAME = "by-turns.db"
MOMENTS = ("started_at", "finished_at", "run")  # a report's fields that differ run to run


def output_digest(text: str) -> str:
    """A short digest of a step's output: for a JSON report, its findings in any order and its
    summary without the run's moments; otherwise the text as printed."""
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    if not isinstance(data, dict):
        return hashlib.sha1(text.encode()).hexdigest()[:10]
    summary = data.get("summary")
    if isinstance(summary, dict):
        data["summary"] = {k: v for k, v in summary.items() if k not in MOMENTS}
    if isinstance(data.get("findings"), list):
        data["findings"] = sorted(json.dumps(f, sort_keys=True) for f in data["findings"])
    return hashlib.sha1(json.dumps(data, sort_keys=True).encode()).hexdigest()[:10]


def fresh_copy(database: Path, folder: Path) -> Path:
    """The database copied beside the corpus, its write-ahead log and shared memory gone, and
    written out to the disk: the step timed does not wait behind the copy's writing."""
    copy = folder / COPY_NAME
    for side in (folder / f"{COPY_NAME}-wal", folder / f"{COPY_NAME}-shm"):
        side.unlink(missing_ok=True)
    shutil.copyfile(database, copy)
    os.sync()
    return copy


def run_with(
    src: Path, step: str, database: Path | None, folder: Path, args: dict[str, Any]
) -> Run:
    """The step in its own process with `src` first on the import path."""
    os.environ["PYTHONPATH"] = str(src)
    kwargs = dict(args)
    if database is not None:
        kwargs["db"] = str(fresh_copy(database, folder))
    return run_step(step, folder, allowed=(0, 1), **kwargs)


def line(name: str, run: Run) -> str:
    return (
        f"{name:8} wall {run.wall:7.2f} s  cpu {run.cpu:7.2f} s  largest {run.max_rss_mb:5.0f} MB  "
        f"tree {run.tree_pss_mb:5.0f} MB (resident {run.tree_mb:5.0f})  exit {run.returncode}  "
        f"output {output_digest(run.stdout)}  load {os.getloadavg()[0]:.2f}  {run.machine}"
    )


def summary(name: str, runs: list[Run], ratios: list[float]) -> str:
    walls, cpus = [r.wall for r in runs], [r.cpu for r in runs]
    against = (
        f"  naive/wall {min(ratios):.1f}-{max(ratios):.1f}x (median {statistics.median(ratios):.1f}x)"
        if ratios
        else ""
    )
    return (
        f"{name:8} wall {min(walls):.2f}-{max(walls):.2f} s (median {statistics.median(walls):.2f})"
        f"  cpu {min(cpus):.2f}-{max(cpus):.2f} s (median {statistics.median(cpus):.2f}){against}"
    )


def naive_ratio(records: list[dict[str, str]], sources: Path, run: Run) -> tuple[float, str]:
    """The naive audit of all `records`, measured now on a sample, over the run's wall time."""
    per_fact, _ = naive_audit(records, sources, NAIVE_SAMPLE, 1)
    ratio = per_fact * len(records) / run.wall
    return ratio, f"  naive {per_fact * 1000:.3f} ms a fact: {ratio:.1f}x"


NAIVE_SAMPLE = 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("step", choices=sorted(STEPS))
    parser.add_argument("db", help="the database each run starts from a copy of, or -")
    parser.add_argument("folder", type=Path, help="the corpus folder the copy is made in")
    parser.add_argument("--baseline", type=Path, required=True, help="another version's src")
    parser.add_argument("--args", default="{}", help="the step's other arguments, as JSON")
    parser.add_argument("--repeat", type=int, default=2, help="turns (default 2)")
    parser.add_argument("--baseline-first", action="store_true", help="baseline first each turn")
    parser.add_argument(
        "--naive", type=Path, help="the records: each run's speed-up against the naive audit"
    )
    options = parser.parse_args()
    try:
        args = json.loads(options.args)
    except ValueError as error:
        parser.error(f"--args is not JSON ({error}): give the step's arguments as an object")
    if not isinstance(args, dict):
        parser.error("--args must be a JSON object, e.g. '{\"full\": true}'")
    if not (options.baseline / "kzfacts").is_dir():
        parser.error(f"--baseline {options.baseline}: no kzfacts package there; give its src")
    database = None if options.db == "-" else Path(options.db).resolve()
    if database is not None and not database.is_file():
        parser.error(f"{options.db}: no such database file")
    if options.repeat < 1:
        parser.error("--repeat must be 1 or more")
    folder = options.folder.resolve()
    records: list[dict[str, str]] = []
    if options.naive is not None:
        try:
            with options.naive.open(encoding="utf-8") as lines:
                records = [json.loads(line) for line in lines if line.strip()]
        except (OSError, ValueError) as error:
            parser.error(f"--naive {options.naive}: cannot read its records ({error})")
    versions = [("this", HERE.parent / "src"), ("baseline", options.baseline.resolve())]
    if options.baseline_first:
        versions.reverse()
    starts = {  # each version's runs start from the data at its own schema
        name: at_schema_of(src, database, folder / f"by-turns.{name}.db") if database else None
        for name, src in versions
    }
    runs: dict[str, list[Run]] = {name: [] for name, _ in versions}
    ratios: dict[str, list[float]] = {name: [] for name, _ in versions}
    for _ in range(options.repeat):
        for name, src in versions:
            run = run_with(src, options.step, starts[name], folder, args)
            runs[name].append(run)
            against = ""
            if records:
                ratio, against = naive_ratio(records, folder / "corpus" / "sources", run)
                ratios[name].append(ratio)
            print(line(name, run) + against, flush=True)
    for name, done in runs.items():
        print(summary(name, done, ratios[name]))
    digests = {output_digest(r.stdout) for done in runs.values() for r in done}
    print("outputs: the same in every run" if len(digests) == 1 else "outputs DIFFER")
    return 0 if len(digests) == 1 else 1


if __name__ == "__main__":
    sys.exit(main())
