"""Start-up of the commands an editor runs all day: the median wall time of each over N runs,
next to the interpreter's own floor (`python -c pass`, `python -c "import sqlite3"`).

    python bench/bench_startup.py                           # 10 runs of each, on a copy of the seed database
    python bench/bench_startup.py --runs 20
    python bench/bench_startup.py --baseline OTHER/src      # by turns with another version's src

`fact list` and `fact add` (which adds one seed fact) run on a fresh copy of the seed database
at every run (the copy is made before the clock starts), at the schema of the version run. Each
run's CPU time (user + system, of the command's process) is printed beside its wall time: on a
loaded machine it varies less. With `--baseline`, every
command runs by turns with `OTHER/src` on `PYTHONPATH` (a run of each in turn, so that both
meet the same load) and the ratio of the medians is printed. Not run by CI; exit status 0 even
when a target is missed.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from schemas import at_schema_of

REPO = Path(__file__).resolve().parent.parent
FACT = [
    "fact", "add", "--id", "bench-zhovtis-sentence", "--source", "hrw-2009-stalled-reforms",
    "--subject", "Evgeniy Zhovtis", "--predicate", "sentence_length", "--value", "4 years",
    "--quote", "Evgeniy Zhovtis, was sentenced to four years' imprisonment",
]  # fmt: skip
TARGETS = {"--version": 0.15, "--help": 0.15, "fact add": 0.4, "fact list": 0.3}


def kzfacts() -> str:
    script = Path(sys.executable).with_name("kzfacts")
    return str(script) if script.exists() else shutil.which("kzfacts") or "kzfacts"


def timed(
    command: list[str], cwd: Path, prepare: Callable[[str | None], None] | None, src: str | None
) -> tuple[float, float]:
    """(wall, CPU) seconds of one run; `src` (a `src` folder) goes first on PYTHONPATH."""
    if prepare is not None:
        prepare(src)
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [src, env.get("PYTHONPATH")]))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, capture_output=True, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu


def summary(runs: list[tuple[float, float]]) -> str:
    walls, cpus = [w for w, _ in runs], [c for _, c in runs]
    return (
        f"{statistics.median(walls):>7.3f}s {min(walls):>6.3f}-{max(walls):.3f}s "
        f"{statistics.median(cpus):>7.3f}s"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument(
        "--baseline",
        metavar="SRC",
        help="another version's src folder: each command runs by turns with it",
    )
    args = parser.parse_args()
    baseline = str(Path(args.baseline).resolve()) if args.baseline else None
    work = Path(tempfile.mkdtemp(prefix="kzfacts-startup-"))
    try:
        shutil.copytree(REPO / "seeds", work / "seeds")
        # As installed: compiled bytecode is written once and reused (an editable install under
        # PYTHONDONTWRITEBYTECODE would otherwise recompile every module at every run).
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
        os.environ["KZFACTS_DB"] = str(work / "kzfacts.db")
        subprocess.run([kzfacts(), "init"], cwd=work, check=True, capture_output=True)
        subprocess.run([kzfacts(), "load", "seeds"], cwd=work, check=True, capture_output=True)
        seeds = {None: work / "seed.db"}
        shutil.copy(work / "kzfacts.db", seeds[None])
        if baseline is not None:  # the same data at the schema the baseline reads
            seeds[baseline] = at_schema_of(Path(baseline), seeds[None], work / "seed.baseline.db")

        def fresh_db(src: str | None) -> None:
            for stale in work.glob("kzfacts.db*"):
                stale.unlink()
            shutil.copy(seeds[src], work / "kzfacts.db")

        cases: list[tuple[str, list[str], Callable[[str | None], None] | None]] = [
            ("python -c pass", [sys.executable, "-c", "pass"], None),
            ('python -c "import sqlite3"', [sys.executable, "-c", "import sqlite3"], None),
            # the floor of every command: typer, which builds each option through pydantic
            (
                'python -c "import typer, pydantic"',
                [sys.executable, "-c", "import typer.main, pydantic"],
                None,
            ),
            # the floor of every command that opens the database through SQLModel/SQLAlchemy
            # (all but `fact list` and `fact add` on an SQLite file)
            ('python -c "import sqlmodel"', [sys.executable, "-c", "import sqlmodel"], None),
            ("--version", [kzfacts(), "--version"], None),
            ("--help", [kzfacts(), "--help"], None),
            ("fact list", [kzfacts(), "fact", "list"], fresh_db),
            ("fact add", [kzfacts(), *FACT], fresh_db),
        ]
        print(
            f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores; "
            f"median of {args.runs} runs (min-max) after one warm-up run; CPU: median"
            + (f"; by turns with {baseline}" if baseline else "")
        )
        print(
            f"  {'command':<34} {'median':>8} {'range':>13} {'CPU':>8}  "
            + ("baseline (median, range, CPU)  ratio" if baseline else "target")
        )
        for name, command, prepare in cases:
            kzfacts_command = not name.startswith("python")
            versions = [None, baseline] if baseline and kzfacts_command else [None]
            for src in versions:  # warm-up: bytecode written, files in the page cache
                timed(command, work, prepare, src)
            runs: dict[str | None, list[tuple[float, float]]] = {src: [] for src in versions}
            for _ in range(args.runs):
                for src in versions:
                    runs[src].append(timed(command, work, prepare, src))
            mine = runs[None]
            median = statistics.median(w for w, _ in mine)
            label = f"kzfacts {name}" if kzfacts_command else name
            if baseline is not None:
                other = runs.get(baseline)
                if other is None:
                    print(f"  {label:<34} {summary(mine)}")
                    continue
                ratio = median / statistics.median(w for w, _ in other)
                print(f"  {label:<34} {summary(mine)}  {summary(other)}  {ratio:.2f}")
                continue
            target = TARGETS.get(name)
            verdict = (
                ""
                if target is None
                else (f"<= {target:.2f} s {'met' if median <= target else 'missed'}")
            )
            print(f"  {label:<34} {summary(mine)}  {verdict}")
        print(f"load average {os.getloadavg()[0]:.2f} at the end")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
