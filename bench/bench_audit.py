"""Benchmark: the audit (`db.audit()`) over a large synthetic corpus, against the naive baseline.

Generates (bench/corpus.py) 100 sources of ~100 KB and 10,000 facts and loads them into a fresh
SQLite database through the Python API (`FactDB.init`, `db.load`, timed). Then the audits, each
run in its own process through the API (bench/steps.py) — interpreter start-up and `import
kzfacts` included, as a program using the library pays them — and each checked against the
findings the plan calls for:

1. the first audit, right after the load;
2. the changes: paragraphs inserted before quotes (offsets move), one-letter typos in ordinary
   words (in the source, or in the database quote with the row marked updated), a digit changed
   in the source under a quote, a few quoted sentences deleted, a few source files removed;
3. the audit after the changes (the headline figure; incremental when kzfacts is);
4. a warm audit with nothing changed since;
5. `db.audit(full=True)` on a copy of the database as step 3 found it;
6. the step 3 audit again in this process (the API call alone), to show what start-up costs.

The naive baseline is measured in the same run: `rapidfuzz.fuzz.partial_ratio_alignment(quote,
whole source text)` per fact, on a sample of facts, extrapolated to all of them.

    python bench/bench_audit.py                       # the default: 100 x 100 KB, 10,000 facts
    python bench/bench_audit.py --sources 20 --facts 2000 --profile

Not run by CI. Exit status 0 even when findings differ from the plan: read the report.
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path
from typing import Any

from corpus import Mutations, apply_db_edits, generate, mutate, write_corpus
from rapidfuzz import fuzz
from steps import WORKERS, profile_step, run_step

TARGET_RATIO = 10.0
CHECKED_CODES = (
    "quote-moved",
    "quote-inexact",
    "quote-altered",
    "quote-not-found",
    "quote-misattributed",
    "quote-ambiguous",
    "quote-too-short",
    "source-changed",
    "source-missing",
    "value-unsupported",
    "value-invalid",
    "contradiction",
    "duplicate-entity",
    "unsourced",
)


# --------------------------------------------------------------------------------------------
# Baseline
# --------------------------------------------------------------------------------------------


def naive_baseline(
    facts: list[dict[str, str]], corpus_dir: Path, sample: int, seed: int
) -> tuple[float, int]:
    """Seconds per fact of partial_ratio_alignment(quote, whole source), on a sample."""
    rng = random.Random(seed)
    files = {p.stem for p in (corpus_dir / "sources").glob("*.txt")}
    present = [r for r in facts if r["source"] in files]
    chosen = rng.sample(present, min(sample, len(present)))  # removed sources left out
    texts: dict[str, str] = {}
    for record in chosen:
        if record["source"] not in texts:
            path = corpus_dir / "sources" / f"{record['source']}.txt"
            texts[record["source"]] = path.read_text(encoding="utf-8")
    start = time.perf_counter()
    for record in chosen:
        fuzz.partial_ratio_alignment(record["quote"], texts[record["source"]])
    return (time.perf_counter() - start) / len(chosen), len(chosen)


# --------------------------------------------------------------------------------------------
# Checking findings against the plan
# --------------------------------------------------------------------------------------------


def findings_by_fact(report: dict[str, Any]) -> dict[str, list[str]]:
    got: dict[str, list[str]] = defaultdict(list)
    for finding in report["findings"]:
        if finding.get("fact"):
            got[finding["fact"]].append(finding["code"])
    return got


def compare(
    title: str,
    report: dict[str, Any],
    expected_counts: Counter[str],
    expected_facts: dict[str, list[str]],
    mutations: Mutations,
    source_of: dict[str, str],
    *,
    examples: int = 3,
) -> int:
    """Print expected vs got per code and per planted category; return the number of misses."""
    by_code: Counter[str] = Counter(report["summary"]["by_code"])
    print(f"\n{title}: findings by code (expected / got)")
    problems = 0
    for code in sorted(set(CHECKED_CODES) | set(by_code) | set(expected_counts)):
        want, have = expected_counts.get(code, 0), by_code.get(code, 0)
        if want or have:
            mark = "" if want == have else "   <-- MISMATCH"
            print(f"  {code:<22} {want:>6} / {have:<6}{mark}")
            problems += want != have

    category: dict[str, str] = {}
    for name in (
        "moved", "import-typo", "inexact-db", "inexact-source", "altered", "deleted",
        "source-deleted",
    ):  # fmt: skip
        for fact_id in mutations.planted.get(name, []):
            category[fact_id] = name
    got = findings_by_fact(report)
    wrong: dict[str, list[str]] = defaultdict(list)
    for fact_id in sorted(set(got) | set(expected_facts)):
        want = sorted(expected_facts.get(fact_id, []))
        have = sorted(got.get(fact_id, []))
        if want != have:
            wrong[category.get(fact_id, "untouched")].append(fact_id)
    if not wrong:
        print("  every fact got exactly its planted findings")
        return problems
    detail = {f["fact"]: f for f in report["findings"] if f.get("fact")}
    changed = set(mutations.changed_sources)
    for name, fact_ids in sorted(wrong.items()):
        in_changed = sum(source_of[f] in changed for f in fact_ids)
        print(
            f"  {name}: {len(fact_ids)} fact(s) with other findings than planted "
            f"({in_changed} in changed sources, {len(fact_ids) - in_changed} in unchanged), e.g."
        )
        for fact_id in fact_ids[:examples]:
            want = expected_facts.get(fact_id, [])
            have = got.get(fact_id, [])
            where = "changed" if source_of[fact_id] in changed else "unchanged"
            print(
                f"    {fact_id} ({where} source {source_of[fact_id]}): "
                f"expected {want or 'nothing'}, got {have or 'nothing'}"
            )
            finding = detail.get(fact_id)
            if finding is not None:
                print(f"      {finding['message'][:200]}")
    return problems + sum(len(v) for v in wrong.values())


# --------------------------------------------------------------------------------------------
# Profiling (in-process, on a copy of the database taken before the audit)
# --------------------------------------------------------------------------------------------


def audit_in_process(db: Path, work: Path, profile: bool = False) -> tuple[float, str]:
    """`db.audit()` in this process: no interpreter start-up. Returns the wall time and, when
    profiling (cProfile, one worker), the profile report."""
    if profile:
        wall, _, report = profile_step("audit", work, db=str(db))
        return wall, report
    from kzfacts import FactDB

    start = time.perf_counter()
    with FactDB.open(db) as opened:
        opened.audit(workers=WORKERS)
    return time.perf_counter() - start, ""


# --------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", type=int, default=100)
    parser.add_argument("--kb", type=float, default=100.0, help="approximate size of a source")
    parser.add_argument("--facts", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=20121215)
    parser.add_argument("--naive-sample", type=int, default=500)
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs of the headline audit and the baseline (best)"
    )
    mix = parser.add_argument_group("the planted mix (fractions of all facts unless noted)")
    mix.add_argument("--edited-sources", type=float, default=0.3, help="fraction of sources")
    mix.add_argument("--insert-rate", type=float, default=0.5, help="of edited sources")
    mix.add_argument("--inexact-source", type=float, default=0.01)
    mix.add_argument("--inexact-db", type=float, default=0.005)
    mix.add_argument("--altered", type=float, default=0.01)
    mix.add_argument("--deleted", type=int, default=5, help="number of sentences deleted")
    mix.add_argument(
        "--deleted-sources", type=float, default=0.005, help="fraction of sources removed"
    )
    parser.add_argument("--work", type=Path, help="working folder (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the working folder")
    parser.add_argument(
        "--profile", action="store_true", help="also profile the audit in-process (cProfile)"
    )
    args = parser.parse_args(argv)

    work = args.work or Path(tempfile.mkdtemp(prefix="kzfacts-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    corpus_dir = work / "corpus"
    db = work / "kzfacts.db"
    if corpus_dir.exists():
        shutil.rmtree(corpus_dir)
    db.unlink(missing_ok=True)
    print(f"working folder: {work}")

    try:
        started = time.perf_counter()
        corpus = generate(args.sources, args.kb, args.facts, seed=args.seed, out=corpus_dir)
        write_corpus(corpus, corpus_dir)
        corpus_bytes = sum(s.size for s in corpus.sources)
        generate_s = time.perf_counter() - started
        n_facts = len(corpus.facts)
        print(
            f"generated {len(corpus.sources)} sources ({corpus_bytes / 1e6:.1f} MB), "
            f"{len(corpus.entities)} entities, {n_facts} facts in {generate_s:.1f} s"
        )

        startup = run_step("startup", work)
        run_step("init", work, db=str(db))
        load = run_step("load", work, db=str(db), folder=str(corpus_dir))
        print(f"load: {load.stdout.strip()}")

        first = run_step("audit", work, db=str(db))
        first_report = first.json()

        mutations = mutate(
            corpus_dir,
            edited_sources=args.edited_sources,
            insert_rate=args.insert_rate,
            inexact_source=args.inexact_source,
            inexact_db=args.inexact_db,
            altered=args.altered,
            deleted=args.deleted,
            deleted_sources=args.deleted_sources,
        )
        apply_db_edits(db, mutations.db_quote_edits)
        planted = {k: len(v) for k, v in mutations.planted.items()}
        print(f"mutated {len(mutations.changed_sources)} sources; planted {planted}")

        # The database as the audit finds it: each later run starts from a copy of it.
        pristine = work / "pre-audit.db"
        shutil.copy(db, pristine)

        def fresh(name: str) -> Path:
            copy = work / name
            shutil.copy(pristine, copy)
            return copy

        audit = run_step("audit", work, db=str(db))
        report = audit.json()
        walls = [audit.wall]
        for _ in range(args.repeat - 1):
            # The same audit again from the same state: the machine is shared, keep the best.
            again_db = fresh("repeat.db")
            again = run_step("audit", work, db=str(again_db))
            walls.append(again.wall)
            if again.wall < audit.wall:
                audit = replace(audit, wall=again.wall, cpu=again.cpu,
                                max_rss_mb=again.max_rss_mb, tree_mb=again.tree_mb,
                                tree_pss_mb=again.tree_pss_mb)  # fmt: skip
            again_db.unlink()
        warm = run_step("audit", work, db=str(db))
        warm_report = warm.json()
        full = run_step("audit", work, db=str(fresh("full.db")), full=True)
        full_report = full.json()
        in_process, _ = audit_in_process(fresh("in-process.db"), work)

        naive_runs = [
            naive_baseline(corpus.facts, corpus_dir, args.naive_sample, args.seed)
            for _ in range(args.repeat)
        ]
        naive_per_fact, sampled = min(naive_runs)

        source_of = {r["id"]: r["source"] for r in corpus.facts}
        first_facts = {f: ["quote-inexact"] for f in mutations.planted["import-typo"]}
        problems = compare(
            "first audit (after load, before the changes)",
            first_report,
            Counter({"quote-inexact": len(first_facts)}),
            first_facts,
            mutations,
            source_of,
        )
        expected = mutations.expected_counts()
        problems += compare(
            "audit after the changes", report, expected, mutations.expected, mutations, source_of
        )
        warm_facts = mutations.warm_expected()
        problems += compare(
            "warm audit (nothing changed since)",
            warm_report,
            mutations.warm_expected_counts(),
            warm_facts,
            mutations,
            source_of,
        )
        problems += compare(
            "audit --full after the changes",
            full_report,
            expected,
            mutations.expected,
            mutations,
            source_of,
        )

        naive_rate = 1 / naive_per_fact

        def rate(seconds: float) -> str:
            per_second = n_facts / seconds
            return f"{per_second:.0f} facts/s, {per_second / naive_rate:.1f}x naive"

        rechecked = report["summary"].get("facts_rechecked", "?")
        ratio = n_facts / audit.wall / naive_rate
        self_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            "\nfigures (each step runs in its own process through the Python API: wall time "
            "includes interpreter start-up; cpu includes worker processes)"
        )
        rows = [
            ("facts", f"{n_facts}"),
            ("sources", f"{len(corpus.sources)}"),
            ("corpus MB", f"{corpus_bytes / 1e6:.1f}"),
            ("start-up s", f"{startup.wall:.2f}  (a step's process: `import kzfacts`)"),
            ("import s", f"{load.wall:.1f}  (`db.load`, {n_facts / load.wall:.0f} facts/s)"),
            ("first audit s", f"{first.wall:.2f}  (cpu {first.cpu:.2f}; {rate(first.wall)})"),
            (
                "audit s",
                f"{audit.wall:.2f}  (best of {len(walls)}: "
                f"{', '.join(f'{w:.2f}' for w in walls)}; cpu {audit.cpu:.2f}; "
                f"{rechecked} facts re-checked)",
            ),
            ("audit facts/s", f"{n_facts / audit.wall:.0f}"),
            (
                "naive facts/s",
                f"{naive_rate:.0f}  (partial_ratio_alignment on {sampled} facts, best of "
                f"{len(naive_runs)}, extrapolated: {n_facts * naive_per_fact:.1f} s for all)",
            ),
            ("ratio", f"{ratio:.1f}x  (target >= {TARGET_RATIO:.0f}x)"),
            ("warm audit s", f"{warm.wall:.2f}  ({rate(warm.wall)})"),
            ("audit --full s", f"{full.wall:.2f}  (cpu {full.cpu:.2f}; {rate(full.wall)})"),
            (
                "in-process audit s",
                f"{in_process:.2f}  (the same `db.audit()` in this process, no start-up; "
                f"{rate(in_process)})",
            ),
            (
                "peak RSS MB",
                f"largest process: load {load.max_rss_mb:.0f}, audit {audit.max_rss_mb:.0f}, "
                f"audit --full {full.max_rss_mb:.0f}, bench process {self_rss:.0f}; process "
                f"tree: audit {audit.tree_mb:.0f}, audit --full {full.tree_mb:.0f}",
            ),
            ("finding mismatches", f"{problems}"),
        ]
        for name, value in rows:
            print(f"  {name:<19} {value}")
        if ratio < TARGET_RATIO:
            print(f"  audit misses the {TARGET_RATIO:.0f}x target")

        if args.profile:
            _, report_text = audit_in_process(fresh("profile.db"), work, profile=True)
            print("\nprofile of the same audit, in-process (cProfile):")
            print(report_text)
    finally:
        if not args.keep and args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
