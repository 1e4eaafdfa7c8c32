"""The checking of a cold audit, replayed in one process: `record` runs `audit --full` on a
copy of a database (one process) and keeps its work — the facts whose quotes stand at their
stored place (told from their rows or checked in the audit's own process; replayed as checked,
`check_source_batch` with `stand`), those searched for again (sent to the workers) and the
quotes looked for in other sources — in a pickle; `replay` checks them
again, timed (CPU) or under cProfile, with a digest of the answers, so that two versions of
the code can be compared on the same input.

    python bench/bench_audit_work.py record DIR/kzfacts.db OUT.pickle
    python bench/bench_audit_work.py replay OUT.pickle [--profile] [--part standing|searched|elsewhere]
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import inspect
import os
import pickle
import pstats
import shutil
import sys
import tempfile
import time
from functools import partial
from pathlib import Path
from typing import Any


def record(db: str, out: str) -> None:
    """Audit a copy of `db` (its corpus hard-linked beside it) in one process and keep what it
    checks."""
    from kzfacts import FactDB
    from kzfacts.services.audit import run, standing
    from kzfacts.services.audit.workers import Batch

    kept: dict[str, Any] = {}
    run_batches, misattribution = run.run_batches, run.misattribution
    check_standing = standing.StandingFacts.check

    def keep_standing(self: Any, catalog: Any, previous: dict[str, str]) -> None:
        for source_id in sorted(self.rows):
            state = self.states[source_id]
            batch = Batch()
            for row, context in self.rows[source_id]:
                batch.facts.append(standing.fact_input(row))
                batch.sources.append(context)
                batch.stored.append(standing.stored_check(row, previous, self.max_gap))
            kept.setdefault("standing", []).append((state.text or "", state.sha256 or "", batch))
        check_standing(self, catalog, previous)

    def keep_batches(batches: Any, pool: Any, progress: Any, meanwhile: Any = None) -> Any:
        kept["searched"] = [(raw, sha, items) for raw, sha, items in batches if items]
        kept["catalog"] = pool.catalog
        return run_batches(batches, pool, progress, meanwhile)

    def keep_lost(results: Any, quotes: Any, texts: Any, pool: Any = None) -> Any:
        lost = [quotes[r.fact.id] for r in results if r.not_found]
        kept["elsewhere"] = (lost, list(texts.items()))
        return misattribution(results, quotes, texts, pool)

    run.run_batches, run.misattribution = keep_batches, keep_lost  # type: ignore[assignment]
    standing.StandingFacts.check = keep_standing  # type: ignore[method-assign]
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / Path(db).name
        shutil.copy(db, copy)
        # The sources as hard links: a symbolic link would lead outside the sources root.
        shutil.copytree(Path(db).parent / "corpus", Path(folder) / "corpus", copy_function=os.link)
        with FactDB.open(copy) as opened:
            opened.audit(full=True, workers=1)
    with open(out, "wb") as file:
        pickle.dump(kept, file)
    for name in ("standing", "searched"):
        facts = sum(len(b) for _, _, b in kept.get(name, []))
        print(f"{name}: {facts} facts in {len(kept.get(name, []))} sources")
    wanted, texts = kept["elsewhere"]
    print(f"elsewhere: {len(wanted)} quotes looked for in {len(texts)} sources")


def replay(path: str, profile: bool, part: str) -> None:
    """Check the kept work again with the code on the path, part by part."""
    from kzfacts.checks.batch import check_source_batch
    from kzfacts.services.audit.workers import first_found

    with open(path, "rb") as file:
        kept = pickle.load(file)

    marks = "stand" in inspect.signature(check_source_batch).parameters

    def checked(name: str) -> Any:
        stand = {"stand": True} if marks and name == "standing" else {}
        return [
            check_source_batch(raw, sha, b.facts, b.sources, b.stored, kept["catalog"], **stand)
            for raw, sha, b in kept.get(name, [])
        ]

    def elsewhere() -> Any:
        wanted, texts = kept["elsewhere"]
        return first_found(wanted, texts)

    parts = (
        ("standing", partial(checked, "standing")),
        ("searched", partial(checked, "searched")),
        ("elsewhere", elsewhere),
    )
    for name, work in parts:
        if part not in ("all", name):
            continue
        profiler = cProfile.Profile() if profile else None
        started = time.process_time()
        if profiler:
            profiler.enable()
        answer = work()
        if profiler:
            profiler.disable()
        spent = time.process_time() - started
        digest = hashlib.sha256(repr(answer).encode()).hexdigest()[:16]
        print(f"{name}: {spent:.3f} s CPU, answers {digest}")
        if profiler:
            pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(40)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    rec = commands.add_parser("record")
    rec.add_argument("db")
    rec.add_argument("out")
    rep = commands.add_parser("replay")
    rep.add_argument("pickle")
    rep.add_argument("--profile", action="store_true")
    rep.add_argument("--part", choices=("all", "standing", "searched", "elsewhere"), default="all")
    args = parser.parse_args()
    if args.command == "record":
        record(args.db, args.out)
    else:
        replay(args.pickle, args.profile, args.part)


if __name__ == "__main__":
    main()
