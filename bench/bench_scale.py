"""Benchmark kzfacts at the scale of the issue: 1,000 sources (~100 MB), 100,000 facts, a
10,000-sentence draft — import, cold and warm audits, check, and peak memory, each against its
target and against a naive baseline measured in the same run.

Steps (each runs in its own process through the Python API — bench/steps.py: `FactDB.init`,
`db.load`, `db.import_records`, `db.audit`, `db.check_draft` — interpreter start-up and `import
kzfacts` included, as a program using the library pays them; its peak memory is sampled over
the whole process tree, audit workers included):

1. generate the corpus (bench/corpus.py, streamed to disk) and register its sources and
   entities (`FactDB.init`, `db.load`: not a target, shown for information);
2. import: `db.import_records("facts.jsonl")` — N facts into the fresh SQLite database; its
   floor: the same records parsed, the sources they cite read and hashed, and as many fact and
   version rows inserted with `executemany`, with no verification and no kzfacts;
3. audit: `db.audit(full=True)` on the freshly loaded database (cold); a warm audit (nothing
   changed); then the corpus is mutated (sources edited so offsets move, quotes made inexact or
   altered, sentences deleted, source files removed, quotes edited in the database), the first
   audit after it, and a warm audit again. Each audit's findings are compared with the planted
   mix. Naive baseline: rapidfuzz `partial_ratio_alignment(quote, whole source)` per fact on a
   sample, extrapolated to all facts;
4. check: `db.check_draft(Path("draft.md"))` on a generated draft (bench/draft.py) whose
   findings are compared with the planted mix. Naive baseline: each sentence's value mentions
   (`kzfacts.values.find_values`) compared with every fact's value one by one, on a sample of
   sentences, extrapolated to all;
5. a table: figure, measured, target, met or missed (by how much).

    python bench/bench_scale.py                              # the issue's scale (10+ minutes)
    python bench/bench_scale.py --sources 100 --facts 10000  # a quick run (about a minute)
    python bench/bench_scale.py --only audit --profile       # + cProfile of the slowest step

Not run by CI. Exit status 0 even when a target is missed or findings differ: read the table.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from corpus import (
    ERROR_CODES,
    Mutations,
    apply_db_edits,
    drop_facts,
    generate,
    mutate,
    write_corpus,
)
from draft import DraftPlan, make_draft
from steps import Run, best_of, profile_step, run_step

from kzfacts import FactDB

FULL_SOURCES = 1000
FULL_FACTS = 100_000
FULL_SENTENCES = 10_000
TARGETS = {
    "import": 30.0,  # s, 100,000 facts
    "cold-ratio": 20.0,  # x faster than the naive baseline: `audit --full` after the import
    "warm-audit": 1.0,  # s, nothing changed
    "check": 3.0,  # s, 10,000 sentences
    "memory": 1536.0,  # MB, peak of any one command's whole process tree
    "process-memory": 1024.0,  # MB, peak of its largest process
}
PROFILE_STEPS = ("import", "cold-audit", "changes-audit", "warm-audit", "check")
ORIGINAL_SOURCES = "sources-original"
VALUE_TYPES = {
    "sentence_length": "duration",
    "event_date": "date",
    "amount": "money",
}
"""The value type of each predicate of bench/corpus.py that is not a count."""


def code_version() -> str:
    """The commit kzfacts runs from, and whether src/ has uncommitted changes."""
    repo = Path(__file__).resolve().parent.parent
    try:
        commit = subprocess.run(
            ["git", "-C", str(repo), "log", "-1", "--format=%h %ci"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(repo), "status", "--porcelain", "src"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    return f"commit {commit}" + (" + uncommitted changes in src/" if dirty else "")


def log(message: str) -> None:
    print(message, flush=True)


# --------------------------------------------------------------------------------------------
# Naive baselines (in this process, on samples, extrapolated)
# --------------------------------------------------------------------------------------------


def naive_audit(
    records: list[dict[str, str]], sources_dir: Path, sample: int, seed: int
) -> tuple[float, int]:
    """Seconds per fact of `partial_ratio_alignment(quote, whole source text)` on a sample.

    The texts are read before the clock starts: the baseline is the matching alone.
    """
    from rapidfuzz import fuzz

    rng = random.Random(seed)
    chosen = rng.sample(records, min(sample, len(records)))
    texts = {
        source: (sources_dir / f"{source}.txt").read_text(encoding="utf-8")
        for source in {r["source"] for r in chosen}
    }
    start = time.perf_counter()
    for record in chosen:
        fuzz.partial_ratio_alignment(record["quote"], texts[record["source"]])
    return (time.perf_counter() - start) / len(chosen), len(chosen)


_CITATION = re.compile(r"\s*\[[^\]]*@[^\]]*\]")


def naive_check(db: Path, plan: DraftPlan, sample: int, seed: int) -> tuple[float, int, int]:
    """Seconds per sentence of: its value mentions (`find_values`), each compared with every
    fact's value one by one (same type and unit, intervals overlap), on a sample of sentences.

    The facts' values are read (`db.facts()`) and parsed (`parse_value`) before the clock
    starts. Returns (seconds per sentence, sentences sampled, facts compared with).
    """
    from kzfacts import FactDB, parse_value
    from kzfacts.values import ValueType, find_values

    with FactDB.open(db) as opened:
        facts = opened.facts()
    values = [parse_value(f.value, ValueType(VALUE_TYPES.get(f.predicate, "count"))) for f in facts]
    rng = random.Random(seed)
    chosen = rng.sample(plan.sentences, min(sample, len(plan.sentences)))
    texts = [_CITATION.sub("", s.text) for s in chosen]
    matched = 0
    start = time.perf_counter()
    for text in texts:
        for mention in find_values(text, reference=date(2000, 1, 1)):
            matched += sum(
                1
                for v in values
                if v.type is mention.type
                and v.unit == mention.unit
                and v.low <= mention.high
                and mention.low <= v.high
            )
    return (time.perf_counter() - start) / len(chosen), len(chosen), len(values)


# --------------------------------------------------------------------------------------------
# Checking findings against the plan
# --------------------------------------------------------------------------------------------


def compare(title: str, got: dict[str, int], want: Counter[str]) -> int:
    """Print expected / got per finding code; return how many codes differ."""
    problems = 0
    lines = []
    for code in sorted(set(got) | set(want)):
        w, g = want.get(code, 0), got.get(code, 0)
        mark = "" if w == g else "   <-- MISMATCH"
        problems += w != g
        lines.append(f"    {code:<22} {w:>7} / {g:<7}{mark}")
    verdict = "as planted" if not problems else f"{problems} code(s) differ from the plan"
    log(f"  {title}: findings {verdict} (expected / got)")
    for line in lines:
        log(line)
    return problems


def by_fact(report: dict[str, Any]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for finding in report["findings"]:
        if finding.get("fact"):
            found.setdefault(finding["fact"], []).append(finding["code"])
    return found


def explain_facts(
    report: dict[str, Any], expected: dict[str, list[str]], mutations: Mutations | None
) -> None:
    """A few facts whose findings differ from the plan, by planted category."""
    category: dict[str, str] = {}
    if mutations is not None:
        for name, ids in mutations.planted.items():
            for fact_id in ids:
                category.setdefault(fact_id, name)
    got = by_fact(report)
    wrong: dict[str, list[str]] = {}
    for fact_id in set(got) | set(expected):
        if sorted(got.get(fact_id, [])) != sorted(expected.get(fact_id, [])):
            wrong.setdefault(category.get(fact_id, "untouched"), []).append(fact_id)
    messages = {f["fact"]: f["message"] for f in report["findings"] if f.get("fact")}
    for name, ids in sorted(wrong.items()):
        log(f"    {name}: {len(ids)} fact(s) with other findings than planted, e.g.")
        for fact_id in sorted(ids)[:3]:
            log(
                f"      {fact_id}: expected {expected.get(fact_id) or 'nothing'}, got "
                f"{got.get(fact_id) or 'nothing'}: {messages.get(fact_id, '')[:160]}"
            )


# --------------------------------------------------------------------------------------------
# The table
# --------------------------------------------------------------------------------------------


@dataclass
class Figure:
    name: str
    measured: float
    unit: str  # "s", "x", "MB", ""
    target: float | None = None
    at_most: bool = True  # the target is a ceiling (else a floor)
    scale: float = 1.0  # measured x scale = the estimate at the scale
    offset: float = 0.0  # the part that does not scale (start-up)
    step: str | None = None  # the profile step behind it
    note: str = ""  # appended to the status

    @property
    def estimate(self) -> float:
        if self.scale == 1.0:
            return self.measured
        offset = min(self.offset, self.measured)
        return offset + (self.measured - offset) * self.scale

    def ratio(self) -> float:
        """How far over its target (> 1: missed)."""
        if self.target is None or self.estimate <= 0:
            return 0.0
        if self.target == 0:
            return math.inf
        return self.estimate / self.target if self.at_most else self.target / self.estimate

    def show(self, value: float) -> str:
        if self.unit == "x":
            return f"{value:.1f}x"
        if self.unit == "MB":
            return f"{value:.0f} MB"
        if self.unit == "s":
            return f"{value:.2f} s"
        return f"{value:g}"

    def status(self) -> str:
        return self._status() + self.note if self.target is not None else ""

    def _status(self) -> str:
        if self.target is None:
            return ""
        value, target = self.estimate, self.target
        met = value <= target if self.at_most else value >= target
        if met:
            return "met"
        if target == 0:
            return "missed"
        if self.unit == "x":
            return f"missed by {target / value:.1f}x ({self.show(value)} < {self.show(target)})"
        return f"missed by {self.show(value - target)} ({value / target:.1f}x the target)"


def print_table(figures: list[Figure], scaled: bool) -> None:
    header = ["figure", "measured"]
    if scaled:
        header.append("at full scale (linear)")
    header += ["target", "status"]
    rows = [header]
    for f in figures:
        row = [f.name, f.show(f.measured)]
        if scaled:
            row.append(f.show(f.estimate) if f.scale != 1.0 else "")
        target = "" if f.target is None else ("<= " if f.at_most else ">= ") + f.show(f.target)
        row += [target, f.status()]
        rows.append(row)
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    for number, row in enumerate(rows):
        log("  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
        if number == 0:
            log("  " + "  ".join("-" * width for width in widths))


# --------------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", type=int, default=FULL_SOURCES)
    parser.add_argument("--facts", type=int, default=FULL_FACTS)
    parser.add_argument("--kb", type=float, default=100.0, help="approximate size of a source")
    parser.add_argument("--sentences", type=int, default=FULL_SENTENCES, help="of the draft")
    parser.add_argument("--seed", type=int, default=20121215)
    parser.add_argument(
        "--only",
        default="import,audit,check,memory",
        help="comma-separated sub-benchmarks: import, audit, check, memory (the corpus is always "
        "generated and imported; `memory` alone runs every step and reports memory only)",
    )
    parser.add_argument(
        "--naive-sample", type=int, default=1000, help="facts timed for the naive audit"
    )
    parser.add_argument(
        "--naive-check-sample", type=int, default=200, help="sentences timed for the naive check"
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs of the warm audit and of check (best kept)"
    )
    parser.add_argument(
        "--profile",
        nargs="?",
        const="auto",
        choices=("auto", *PROFILE_STEPS),
        help="then run one step in-process under cProfile (default: the one furthest over its "
        "target, else the slowest) and print the top functions",
    )
    parser.add_argument("--work", type=Path, help="working folder (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the working folder")
    args = parser.parse_args(argv)
    only = {s.strip() for s in args.only.split(",") if s.strip()}
    unknown = only - {"import", "audit", "check", "memory"}
    if unknown or not only:
        parser.error(f"--only takes import, audit, check, memory (not {', '.join(unknown)})")
    args.only = only
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    only: set[str] = args.only
    everything = only == {"memory"}
    do_audit = "audit" in only or everything
    do_check = "check" in only or everything
    report_time = not everything
    work = args.work or Path(tempfile.mkdtemp(prefix="kzfacts-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    corpus_dir, db, facts_path = work / "corpus", work / "kzfacts.db", work / "facts.jsonl"
    if corpus_dir.exists():
        shutil.rmtree(corpus_dir)
    for stale in work.glob("*.db*"):
        stale.unlink()
    fact_scale = FULL_FACTS / args.facts
    sentence_scale = FULL_SENTENCES / args.sentences
    scaled = args.facts != FULL_FACTS or args.sources != FULL_SOURCES
    log(f"working folder: {work}; load average at start {os.getloadavg()[0]:.2f}")

    figures: list[Figure] = []
    info: list[tuple[str, str]] = []
    runs: dict[str, Run] = {}
    problems = 0
    snapshots: dict[str, Path] = {}

    def snapshot(name: str) -> None:
        shutil.copy(db, work / f"{name}.db")
        snapshots[name] = work / f"{name}.db"

    try:
        # 1. Corpus, sources and entities ----------------------------------------------------
        started = time.perf_counter()
        corpus = generate(args.sources, args.kb, args.facts, seed=args.seed, out=corpus_dir)
        write_corpus(corpus, corpus_dir, facts_path)
        records = corpus.facts
        n_facts = len(records)
        megabytes = sum(s.size for s in corpus.sources) / 1e6
        typos = sorted(f for f, t in corpus.truth.items() if t.import_typo)
        info.append(
            (
                "corpus",
                f"{len(corpus.sources)} sources ({megabytes:.1f} MB), {len(corpus.entities)} "
                f"entities, {n_facts} facts; generated in {time.perf_counter() - started:.1f} s",
            )
        )
        log(f"generated: {info[-1][1]}")
        del corpus

        startup = best_of(3, lambda: run_step("startup", work))
        run_step("init", work, db=str(db))
        register = runs["register"] = run_step("load", work, db=str(db), folder=str(corpus_dir))
        info.append(("kzfacts", code_version()))
        info.append(
            ("start-up", f"{startup.wall:.2f} s (a step's process: `import kzfacts`, best of 3)")
        )
        info.append(
            (
                "register",
                f"{register.wall:.1f} s, peak {register.peak_mb:.0f} MB (`db.load`: "
                f"{args.sources} sources and the entities, no facts; not a target)",
            )
        )
        log(f"registered sources and entities in {register.wall:.1f} s")
        snapshot("registered")

        # 2. Import --------------------------------------------------------------------------
        import_facts: dict[str, Any] = {"db": str(db), "path": str(facts_path)}
        imported = run_step("import", work, allowed=(0, 1), **import_facts)
        if imported.returncode == 1:
            # All or nothing: one refused record and nothing is imported. Every record is valid
            # by construction, so a refusal is a kzfacts error: count it, leave those facts out
            # and import the rest (into the database as it was before).
            rows = imported.json()["refused"]
            refused = {fact_id: code for _, fact_id, code, _ in rows}
            log(
                f"  MISMATCH: kzfacts refused {len(refused)} valid record(s) after "
                f"{imported.wall:.1f} s, e.g.:"
            )
            for number, fact_id, code, message in rows[:5]:
                log(f"    {facts_path.name}:{number} ({fact_id!r}): {code}: {message[:240]}")
            problems += len(refused)
            drop_facts(corpus_dir, set(refused))
            records = [r for r in records if r["id"] not in refused]
            typos = [f for f in typos if f not in refused]
            n_facts = len(records)
            shutil.copy(snapshots["registered"], db)
            log(f"  importing the other {n_facts} facts again")
            imported = run_step("import", work, **import_facts)
        runs["import"] = imported
        with FactDB.open(db) as opened:
            stored = len(opened.facts())
        outcome = imported.json()
        log(
            f"import: imported {outcome['imported']} facts from {facts_path.name} "
            f"({outcome['warnings']} with warnings) in {imported.wall:.1f} s "
            f"({imported.cpu:.1f} s CPU, {imported.machine})"
        )
        if stored != n_facts:
            log(f"  MISMATCH: {stored} facts in the database, {n_facts} imported")
            problems += 1
        if "import" in only:
            figures.append(
                Figure(
                    f"import {n_facts:,} facts",
                    imported.wall,
                    "s",
                    TARGETS["import"],
                    scale=fact_scale,
                    offset=startup.wall,
                    step="import",
                )
            )
            info.append(("import rate", f"{n_facts / imported.wall:.0f} facts/s"))
            # The floor: the same records into a copy of the database as it was before the
            # import, read, hashed and inserted with no verification (`step_import_floor`).
            floor_db = work / "import-floor.db"
            shutil.copy(snapshots["registered"], floor_db)
            least = run_step("import-floor", work, db=str(floor_db), path=str(facts_path))
            floor_db.unlink()
            parts = least.json()
            info.append(
                (
                    "import floor",
                    f"{least.wall:.2f} s wall, {least.cpu:.2f} s CPU (import: {imported.wall:.2f} s, "
                    f"{imported.cpu:.2f} s CPU, {imported.cpu / least.cpu:.0f}x the floor's CPU) "
                    f"for a process that parses the {parts['facts']:,} records "
                    f"({parts['parse']:.2f} s), reads, decodes and hashes the "
                    f"{parts['sources']} sources they cite ({parts['bytes'] / 1e6:.0f} MB, "
                    f"{parts['hash']:.2f} s) and inserts a fact row and a version row each with "
                    f"executemany ({parts['write']:.2f} s); no verification, no kzfacts",
                )
            )
            log(f"import floor: {info[-1][1]}")
        snapshot("loaded")

        # 3. Audits --------------------------------------------------------------------------
        mutations: Mutations | None = None
        last_report: dict[str, Any] | None = None
        if do_audit:
            audit: dict[str, Any] = {"db": str(db)}
            cold = runs["cold audit"] = run_step("audit", work, full=True, **audit)
            cold_report = cold.json()
            log(f"cold audit (--full): {cold.wall:.2f} s ({cold.cpu:.1f} s CPU, {cold.machine})")
            first_expected = Counter({"quote-inexact": len(typos)})
            problems += compare("cold audit", cold_report["summary"]["by_code"], first_expected)

            per_fact, sampled = naive_audit(records, corpus_dir / "sources", args.naive_sample, 1)
            naive_total = per_fact * n_facts
            log(f"naive audit: {per_fact * 1000:.2f} ms per fact, {naive_total:.1f} s for all")

            warm0 = runs["warm audit"] = best_of(
                args.repeat, lambda: run_step("audit", work, **audit)
            )
            problems += compare(
                "warm audit after the cold one", warm0.json()["summary"]["by_code"], first_expected
            )

            if args.profile:
                # The cold audit is profiled against the sources as it saw them.
                shutil.copytree(corpus_dir / "sources", work / ORIGINAL_SOURCES)
            mutations = mutate(corpus_dir)
            apply_db_edits(db, mutations.db_quote_edits)
            planted = {k: len(v) for k, v in mutations.planted.items()}
            log(
                f"mutated {len(mutations.changed_sources)} sources, removed "
                f"{len(mutations.deleted_sources)}; planted {planted}"
            )
            snapshot("pre-changes")
            changes = runs["audit after changes"] = run_step("audit", work, **audit)
            changes_report = changes.json()
            log(f"audit after the changes: {changes.wall:.2f} s")
            bad = compare(
                "audit after the changes",
                changes_report["summary"]["by_code"],
                mutations.expected_counts(),
            )
            if bad:
                explain_facts(changes_report, mutations.expected, mutations)
            problems += bad
            warm = runs["warm audit after changes"] = best_of(
                args.repeat, lambda: run_step("audit", work, **audit)
            )
            last_report = warm.json()
            bad = compare(
                "warm audit after the changes",
                last_report["summary"]["by_code"],
                mutations.warm_expected_counts(),
            )
            if bad:
                explain_facts(last_report, mutations.warm_expected(), mutations)
            problems += bad
            snapshot("final")
            floor = run_step("floor", work, db=str(db), sources=str(corpus_dir / "sources"))
            least = floor.json()
            info.append(
                (
                    "floor",
                    f"{floor.wall:.2f} s for a process that reads the {least['rows']:,} fact rows "
                    f"({least['read']:.2f} s, sqlite3), hashes the {least['bytes'] / 2**20:.0f} MB"
                    f" of sources ({least['hash']:.2f} s) and imports sqlmodel and typer "
                    f"({least['libraries']:.2f} s): what any audit of this database costs",
                )
            )

            naive_note = (
                f"partial_ratio_alignment(quote, whole source) on {sampled} facts, extrapolated"
                f" to {n_facts:,}: {per_fact * 1000:.2f} ms per fact"
            )
            info.append(("naive audit", naive_note))
            rechecked = changes_report["summary"].get("facts_rechecked", "?")
            info.append(
                (
                    "audits",
                    f"cold {cold.wall:.2f} s (cpu {cold.cpu:.1f} s); after the changes "
                    f"{changes.wall:.2f} s ({rechecked} facts re-checked, cpu {changes.cpu:.1f} s);"
                    f" warm {', '.join(f'{w:.2f}' for w in warm0.walls)} s and "
                    f"{', '.join(f'{w:.2f}' for w in warm.walls)} s after the changes",
                )
            )
            if report_time:
                figures += [
                    Figure(
                        "cold audit (--full)",
                        cold.wall,
                        "s",
                        None,
                        scale=fact_scale,
                        offset=startup.wall,
                        step="cold-audit",
                    ),
                    Figure(
                        "cold audit vs naive",
                        naive_total / cold.wall,
                        "x",
                        TARGETS["cold-ratio"],
                        at_most=False,
                    ),
                    # No target: the 5 s is for a paragraph added at the top of 10 % of
                    # the sources (bench_moved.py); the planted changes edit 30 % of them, and
                    # quotes and rows besides.
                    Figure(
                        "first audit after changes",
                        changes.wall,
                        "s",
                        None,
                        scale=fact_scale,
                        offset=startup.wall,
                        step="changes-audit",
                    ),
                    Figure("audit after changes vs naive", naive_total / changes.wall, "x"),
                    Figure(
                        "warm audit (nothing changed)",
                        max(warm0.wall, warm.wall),
                        "s",
                        TARGETS["warm-audit"],
                        step="warm-audit",
                    ),
                    Figure("warm audit vs floor", max(warm0.wall, warm.wall) / floor.wall, "x"),
                ]

        # 4. Check ---------------------------------------------------------------------------
        if do_check:
            broken_planted: list[str] = []
            avoid = set(typos)
            if mutations is not None:
                avoid |= set(mutations.expected)
                broken_planted = sorted(
                    f for f, codes in mutations.expected.items() if set(codes) & ERROR_CODES
                )
            plan = make_draft(records, args.sentences, broken=broken_planted, avoid=avoid)
            draft = work / "draft.md"
            draft.write_text(plan.text, encoding="utf-8")
            log(f"draft: {dict(plan.kinds())}, {plan.headings} headings")
            check = runs["check"] = best_of(
                args.repeat,
                lambda: run_step("check", work, db=str(db), draft=str(draft)),
            )
            check_report = check.json()
            log(f"check: {', '.join(f'{w:.2f}' for w in check.walls)} s")
            broken_actual = {
                f["fact"]
                for f in (last_report or {"findings": []})["findings"]
                if f.get("fact") and f["severity"] == "error"
            }
            known = {r["id"] for r in records}
            problems += compare(
                "check",
                check_report["summary"]["by_code"],
                plan.expected_counts(known, broken_actual),
            )
            per_sentence, sampled, compared = naive_check(
                snapshots.get("final", snapshots["loaded"]), plan, args.naive_check_sample, 2
            )
            naive_check_total = per_sentence * args.sentences
            log(f"naive check: {per_sentence * 1000:.1f} ms per sentence")
            info.append(
                (
                    "naive check",
                    f"find_values per sentence, each mention compared with all {compared:,} fact "
                    f"values one by one, on {sampled} sentences, extrapolated to "
                    f"{args.sentences:,}: {per_sentence * 1000:.1f} ms per sentence",
                )
            )
            info.append(
                (
                    "check",
                    f"{', '.join(f'{w:.2f}' for w in check.walls)} s (cpu {check.cpu:.1f} s); "
                    f"{len(check_report['findings'])} findings in {args.sentences:,} sentences "
                    f"against {n_facts:,} facts",
                )
            )
            if report_time:
                figures += [
                    Figure(
                        f"check {args.sentences:,} sentences",
                        check.wall,
                        "s",
                        TARGETS["check"],
                        scale=sentence_scale,
                        offset=startup.wall,
                        step="check",
                    ),
                    Figure("check vs naive", naive_check_total / check.wall, "x"),
                ]

        # 5. Memory and the table ------------------------------------------------------------
        if "memory" in only:
            # The tree's memory is its proportional set sizes added up: the resident sizes
            # added up count a page a forked worker shares with its parent once in each.
            peaks = {name: run.tree_pss_mb for name, run in runs.items()}
            worst = max(peaks, key=lambda name: peaks[name])
            largest = {name: run.max_rss_mb for name, run in runs.items()}
            heaviest = max(largest, key=lambda name: largest[name])
            info.append(
                (
                    "peak memory",
                    ", ".join(
                        f"{name} {run.tree_pss_mb:.0f} MB (resident sizes added up "
                        f"{run.tree_mb:.0f}, largest process {run.max_rss_mb:.0f})"
                        for name, run in runs.items()
                    ),
                )
            )
            figures.append(
                Figure(
                    f"peak memory ({worst})",
                    peaks[worst],
                    "MB",
                    TARGETS["memory"],
                    note=" (at this scale: not extrapolated)" if scaled else "",
                )
            )
            figures.append(
                Figure(
                    f"largest process ({heaviest})",
                    largest[heaviest],
                    "MB",
                    TARGETS["process-memory"],
                    note=" (at this scale: not extrapolated)" if scaled else "",
                )
            )
        figures.append(Figure("finding mismatches", problems, "", 0))

        log(f"\nload average at the end {os.getloadavg()[0]:.2f}; details:")
        for name, value in info:
            log(f"  {name:<14} {value}")
        log(
            f"\nresults ({args.sources:,} sources, {n_facts:,} facts, {args.sentences:,} "
            "sentences; each step in its own process through the Python API, wall times include "
            f"interpreter start-up; warm audit and check: best of {args.repeat}; memory: the "
            "step's whole process tree)"
        )
        print_table(figures, scaled)
        if scaled:
            log(
                "  (targets are for 1,000 sources, 100,000 facts and 10,000 sentences; the "
                "status compares the linear estimate at that scale)"
            )

        if args.profile:
            profile_chosen(args.profile, figures, snapshots, work, facts_path, do_audit, do_check)
    finally:
        if not args.keep and args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


def profile_chosen(
    choice: str,
    figures: list[Figure],
    snapshots: dict[str, Path],
    work: Path,
    facts_path: Path,
    did_audit: bool,
    did_check: bool,
) -> None:
    available = {"import"} | ({"cold-audit", "changes-audit", "warm-audit"} if did_audit else set())
    if did_check:
        available.add("check")
    if choice == "auto":
        timed = [f for f in figures if f.step in available and f.unit == "s"]
        if not timed:
            log("\nprofile: no step was timed")
            return
        worst = max(timed, key=lambda f: (f.ratio(), f.measured))
        choice = worst.step or "import"
    if choice not in available:
        log(f"\nprofile: step {choice} did not run (see --only)")
        return
    copy = work / "profile.db"
    plans: dict[str, tuple[str, dict[str, Any], str]] = {
        "import": ("import", {"path": str(facts_path)}, "registered"),
        "cold-audit": ("audit", {"full": True}, "loaded"),
        "changes-audit": ("audit", {}, "pre-changes"),
        "warm-audit": ("audit", {}, "final"),
        "check": ("check", {"draft": str(work / "draft.md")}, "final"),
    }
    if choice == "check" and "final" not in snapshots:
        plans["check"] = (*plans["check"][:2], "loaded")
    step, kwargs, base = plans[choice]
    shutil.copy(snapshots[base], copy)
    sources, original = work / "corpus" / "sources", work / ORIGINAL_SOURCES
    swap = choice == "cold-audit" and original.is_dir()
    if swap:  # the sources as the cold audit found them, before the mutation
        sources.rename(work / "sources-mutated")
        original.rename(sources)
    try:
        wall, code, report = profile_step(step, work, db=str(copy), **kwargs)
    finally:
        if swap:
            sources.rename(original)
            (work / "sources-mutated").rename(sources)
    call = f"{step}({', '.join(f'{k}={v!r}' for k, v in kwargs.items())})"
    log(
        f"\nprofile of {choice}: the API call (bench/steps.py {call}) in this process under "
        f"cProfile on a copy of the database as the step found it; one process (the measured "
        f"run may use worker processes), no interpreter start-up; {wall:.1f} s with the "
        f"profiler's overhead{'' if code == 0 else f', refused (exit {code})'}"
    )
    log(report)


if __name__ == "__main__":
    sys.exit(main())
