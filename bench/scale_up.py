"""A kept `bench_scale.py` working folder made N times larger in seconds, for timing the warm
audit at 100,000 facts without the minutes of a 100,000-fact import.

Every source file is copied N - 1 times (`bench-0001.txt` -> `bench-0001-2.txt`, ...) and its
`source`, `sourceversion` and `fact` rows with it (ids and paths suffixed alike), in place.
The copied rows keep their times, so the next audit re-checks them all: run one `--full`
audit, then time the warm one.

    python bench/bench_scale.py --sources 100 --facts 10000 --only audit --work /tmp/b --keep
    python bench/scale_up.py /tmp/b --times 10
    python bench/steps.py audit '{"db": "/tmp/b/kzfacts.db", "full": true}'
    python bench/steps.py audit '{"db": "/tmp/b/kzfacts.db"}'     # the warm audit
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
from pathlib import Path

COPIED = {
    "source": {"id": "id || '-{k}'", "path": "replace(path, '.txt', '-{k}.txt')"},
    "sourceversion": {"source_id": "source_id || '-{k}'"},
    "fact": {
        "id": "id || '-{k}'",
        "source_id": "source_id || '-{k}'",
        "supersedes": "supersedes || '-{k}'",
    },
}
"""The columns each copy rewrites, per table (`{k}`: the copy's number)."""


def scale_up(folder: Path, times: int) -> tuple[int, int]:
    """Copy the folder's sources and their rows `times - 1` times; the facts and sources now."""
    connection = sqlite3.connect(folder / "kzfacts.db")
    try:
        connection.execute("PRAGMA foreign_keys=OFF")
        originals = connection.execute("SELECT id, path FROM source").fetchall()
        columns = {
            table: [row[1] for row in connection.execute(f"PRAGMA table_info({table})")]
            for table in COPIED
        }
        for k in range(2, times + 1):
            for _, path in originals:
                if (folder / path).exists():
                    shutil.copy(folder / path, folder / path.replace(".txt", f"-{k}.txt"))
            for table, rewritten in COPIED.items():
                names = [n for n in columns[table] if not (table == "sourceversion" and n == "id")]
                chosen = ", ".join(rewritten.get(n, n).format(k=k) for n in names)
                key = "id" if table == "source" else "source_id"
                ids = ", ".join("?" for _ in originals)
                connection.execute(
                    f"INSERT INTO {table} ({', '.join(names)}) SELECT {chosen} FROM {table} "
                    f"WHERE {key} IN ({ids})",
                    [source_id for source_id, _ in originals],
                )
        connection.commit()
        (facts,) = connection.execute("SELECT count(*) FROM fact").fetchone()
        (sources,) = connection.execute("SELECT count(*) FROM source").fetchone()
    finally:
        connection.close()
    return facts, sources


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="a bench_scale.py working folder (--keep)")
    parser.add_argument("--times", type=int, default=10, help="how many times larger")
    args = parser.parse_args()
    facts, sources = scale_up(args.folder, args.times)
    print(f"{args.folder}: {facts} facts, {sources} sources")


if __name__ == "__main__":
    main()
