"""What keeping every verified text in the database costs: size and registration time.

Generates the synthetic corpus (bench/corpus.py: 1,000 sources of about 100 KB by default),
registers it with `db.load` — every source's text stored as a compressed snapshot — and reports
the database's size, the snapshots' share of it, and the same database without them. Then a
tenth of the sources is edited (a sentence inserted) and audited (`db.audit()`): the new texts
are stored beside the old ones, and the growth is reported too. Each kzfacts call runs in its
own process through the Python API (bench/steps.py); the sizes are read from the SQLite file.

    python bench/bench_snapshots.py                  # 1,000 sources of 100 KB
    python bench/bench_snapshots.py --sources 100    # a quick run
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import generate, write_corpus
from steps import run_step


def db_bytes(db: Path) -> int:
    with sqlite3.connect(db) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return db.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=1000)
    parser.add_argument("--kb", type=float, default=100.0)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        corpus = generate(options.sources, options.kb, n_facts=options.sources, out=work / "corpus")
        write_corpus(corpus, work / "corpus", facts_path=work / "facts.jsonl")
        text_bytes = sum(p.stat().st_size for p in (work / "corpus" / "sources").iterdir())
        db = work / "kzfacts.db"
        run_step("init", work, db=str(db))
        register = run_step("load", work, db=str(db), folder=str(work / "corpus")).wall
        with_snapshots = db_bytes(db)
        with sqlite3.connect(db) as connection:
            stored, compressed = connection.execute(
                "SELECT sum(length), sum(length(content)) FROM snapshot"
            ).fetchone()
        bare = work / "bare.db"
        shutil.copy2(db, bare)
        with sqlite3.connect(bare) as connection:
            connection.execute("DELETE FROM sourceversion")
            connection.execute("DELETE FROM snapshot")
            connection.commit()
            connection.execute("VACUUM")
        without_snapshots = db_bytes(bare)
        edited = sorted((work / "corpus" / "sources").iterdir())[::10]
        for path in edited:
            text = path.read_text(encoding="utf-8")
            middle = text.index(". ", len(text) // 2) + 1
            path.write_text(
                text[:middle] + " A sentence added later." + text[middle:], encoding="utf-8"
            )
        audit = run_step("audit", work, db=str(db)).wall
        after_edits = db_bytes(db)
    mb = 1e6
    rows = [
        ("sources", f"{options.sources} of about {options.kb:.0f} KB"),
        ("source texts on disk", f"{text_bytes / mb:.1f} MB"),
        ("snapshot texts (characters)", f"{stored / mb:.1f} M"),
        (
            "snapshots compressed",
            f"{compressed / mb:.1f} MB ({compressed / text_bytes:.1%} of the texts)",
        ),
        ("database with snapshots", f"{with_snapshots / mb:.1f} MB"),
        ("database without snapshots", f"{without_snapshots / mb:.1f} MB"),
        ("`db.load` (registration, snapshots included)", f"{register:.1f} s"),
        (
            f"after editing {len(edited)} sources and auditing",
            f"{after_edits / mb:.1f} MB (+{(after_edits - with_snapshots) / mb:.1f} MB; audit {audit:.1f} s)",
        ),
    ]
    print("| figure | measured |\n|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")


if __name__ == "__main__":
    main()
