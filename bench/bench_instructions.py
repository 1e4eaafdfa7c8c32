"""Instructions an import executes, counted by valgrind, beside another version's count.

Wall times on a shared machine drift by more than most changes gain; instruction counts do
not. This imports the first `--records` records of `FOLDER/facts.jsonl` into a fresh copy of
`FOLDER/registered.db` (as `bench_scale.py --keep` leaves them), once with this checkout's
`src` and once with `--baseline OLD/src`, each under `valgrind --tool=cachegrind
--cache-sim=no` (which follows the import's forked workers), and prints each process's count:
the import's own process, its workers, and the total, with the ratio to the baseline.

    python bench/bench_instructions.py FOLDER --baseline OLD/src --records 10000

Each version runs at the schema it reads (`schemas.at_schema_of`), its `src` compiled first.
Under valgrind a 10,000-fact import takes a minute or two per version.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from schemas import at_schema_of

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"
IMPORT = (
    "import sys\n"
    "from pathlib import Path\n"
    "from kzfacts import FactDB\n"
    "with FactDB.open(sys.argv[1]) as db:\n"
    "    print(len(db.import_records(Path(sys.argv[2])).facts))\n"
)
_REFS = re.compile(r"==(\d+)== I\s+refs:\s+([\d,]+)")


def counted(src: Path, folder: Path, records: Path, name: str) -> tuple[int, list[int]]:
    """Instructions of the import's own process and of each worker, importing `records` with
    the kzfacts in `src` into a fresh copy of the folder's registered database."""
    database = at_schema_of(src, folder / "registered.db", folder / f"instructions.{name}.db")
    # Both trees compiled first: a module without its .pyc (a checkout's edited files, with
    # PYTHONDONTWRITEBYTECODE set) is compiled at each start, which would count against it.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(src)], check=True)
    environment = {**os.environ, "PYTHONPATH": str(src)}
    done = subprocess.run(
        ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
         sys.executable, "-c", IMPORT, str(database), str(records)],
        capture_output=True, text=True, env=environment, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        sys.exit(f"{name}: the import failed under valgrind:\n{done.stderr[-2000:]}")
    counts = {int(pid): int(refs.replace(",", "")) for pid, refs in _REFS.findall(done.stderr)}
    own = min(counts)  # the import's process started first, its workers forked after
    return counts[own], [counts[pid] for pid in sorted(counts) if pid != own]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="a bench_scale.py --keep folder")
    parser.add_argument("--baseline", type=Path, required=True, help="another version's src")
    parser.add_argument("--records", type=int, default=10_000, help="records imported")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed: install it (e.g. apt-get install valgrind)")
    with tempfile.TemporaryDirectory() as scratch:
        records = Path(scratch) / "records.jsonl"
        with (args.folder / "facts.jsonl").open(encoding="utf-8") as every:
            records.write_text(
                "".join(line for _, line in zip(range(args.records), every, strict=False)),
                encoding="utf-8",
            )
        runs = {
            name: counted(src.resolve(), args.folder, records, name)
            for name, src in (("this", SRC), ("baseline", args.baseline))
        }
    print(f"instructions importing {args.records:,} records (G = 10^9)")
    for name, (own, workers) in runs.items():
        total = own + sum(workers)
        each = " + ".join(f"{w / 1e9:.2f}" for w in workers)
        print(
            f"  {name:9} own process {own / 1e9:6.2f} G  workers {each} G  total {total / 1e9:.2f} G"
        )
    (own, workers), (base_own, base_workers) = runs["this"], runs["baseline"]
    print(
        f"  ratio     own process {own / base_own:.3f}  workers "
        f"{sum(workers) / sum(base_workers):.3f}  total "
        f"{(own + sum(workers)) / (base_own + sum(base_workers)):.3f}"
    )


if __name__ == "__main__":
    main()
