"""Start-up of the commands an editor runs all day: the median wall time of each over N runs,
next to the interpreter's own floor (`python -c pass`, `python -c "import sqlite3"`).

    python bench/bench_startup.py            # 10 runs of each, on a copy of the seed database
    python bench/bench_startup.py --runs 20

`fact add` adds one seed fact to a fresh copy of the seed database at every run (the copy is
made before the clock starts). Not run by CI; exit status 0 even when a target is missed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

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


def timed(command: list[str], cwd: Path, prepare: Callable[[], None] | None) -> float:
    if prepare is not None:
        prepare()
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kzfacts-startup-"))
    try:
        shutil.copytree(REPO / "seeds", work / "seeds")
        # As installed: compiled bytecode is written once and reused (an editable install under
        # PYTHONDONTWRITEBYTECODE would otherwise recompile every module at every run).
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
        os.environ["KZFACTS_DB"] = str(work / "kzfacts.db")
        subprocess.run([kzfacts(), "init"], cwd=work, check=True, capture_output=True)
        subprocess.run([kzfacts(), "load", "seeds"], cwd=work, check=True, capture_output=True)
        shutil.copy(work / "kzfacts.db", work / "seed.db")

        def fresh_db() -> None:
            for stale in work.glob("kzfacts.db*"):
                stale.unlink()
            shutil.copy(work / "seed.db", work / "kzfacts.db")

        cases: list[tuple[str, list[str], Callable[[], None] | None]] = [
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
            ("fact list", [kzfacts(), "fact", "list"], None),
            ("fact add", [kzfacts(), *FACT], fresh_db),
        ]
        print(
            f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores; "
            f"median of {args.runs} runs (min-max) after one warm-up run"
        )
        print(f"  {'command':<34} {'median':>8} {'range':>13}  target")
        for name, command, prepare in cases:
            timed(command, work, prepare)  # warm-up: bytecode written, files in the page cache
            walls = [timed(command, work, prepare) for _ in range(args.runs)]
            median = statistics.median(walls)
            target = TARGETS.get(name)
            verdict = (
                ""
                if target is None
                else (f"<= {target:.2f} s {'met' if median <= target else 'missed'}")
            )
            label = name if name.startswith("python") else f"kzfacts {name}"
            print(f"  {label:<34} {median:>7.3f}s {min(walls):>6.3f}-{max(walls):.3f}s  {verdict}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
