"""Benchmark kzfacts at the scale of the issue: 1,000 sources (~100 MB), 100,000 facts, a
10,000-sentence draft — import, cold and warm audits, check, and peak memory, each against its
target and against a naive baseline measured in the same run.

Steps (every kzfacts command runs as a subprocess, interpreter start-up included, as a user or
CI sees it; its peak memory is sampled over the whole process tree, workers included):

1. generate the corpus (bench/corpus.py, streamed to disk) and register its sources and
   entities (`kzfacts init`, `kzfacts load`: not a target, shown for information);
2. import: `kzfacts fact import facts.jsonl` — N facts into the fresh SQLite database;
3. audit: `kzfacts audit --full` on the freshly loaded database (cold); a warm audit (nothing
   changed); then the corpus is mutated (sources edited so offsets move, quotes made inexact or
   altered, sentences deleted, source files removed, quotes edited in the database), the first
   audit after it, and a warm audit again. Each audit's findings are compared with the planted
   mix. Naive baseline: rapidfuzz `partial_ratio_alignment(quote, whole source)` per fact on a
   sample, extrapolated to all facts;
4. check: `kzfacts check draft.md --format json` on a generated draft (bench/draft.py) whose
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
import cProfile
import io
import json
import math
import os
import pstats
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
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

FULL_SOURCES = 1000
FULL_FACTS = 100_000
FULL_SENTENCES = 10_000
TARGETS = {
    "import": 30.0,  # s, 100,000 facts
    "cold-ratio": 20.0,  # x faster than the naive baseline: `audit --full` after the import
    "changes-audit": 5.0,  # s, the first audit after the planted changes
    "warm-audit": 1.0,  # s, nothing changed
    "check": 3.0,  # s, 10,000 sentences
    "memory": 1536.0,  # MB, peak of any one command's whole process tree
    "process-memory": 1024.0,  # MB, peak of its largest process
}
PROFILE_STEPS = ("import", "cold-audit", "changes-audit", "warm-audit", "check")
PROFILE_TOP = 25
ORIGINAL_SOURCES = "sources-original"
SAMPLE_INTERVAL = 0.05  # s between two readings of a command's process tree
PAGE_MB = os.sysconf("SC_PAGE_SIZE") / 2**20


# --------------------------------------------------------------------------------------------
# Running kzfacts: wall time, CPU time, peak memory of the process tree
# --------------------------------------------------------------------------------------------


class TreeSampler(threading.Thread):
    """Peak of the summed resident memory of a process and its descendants (/proc, Linux).

    The kernel's own peak (`wait4`'s ru_maxrss) is the largest single process of the tree; an
    audit with worker processes holds several at once, so their sum is sampled as well.
    """

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_mb = 0.0
        self.stop = threading.Event()

    @staticmethod
    def _table() -> dict[int, tuple[int, int]]:
        """pid -> (parent pid, resident pages) of every process."""
        table: dict[int, tuple[int, int]] = {}
        for name in os.listdir("/proc"):
            if not name.isdigit():
                continue
            try:
                with open(f"/proc/{name}/stat", "rb") as handle:
                    stat = handle.read()
            except OSError:
                continue
            fields = stat[stat.rfind(b")") + 2 :].split()
            table[int(name)] = (int(fields[1]), int(fields[21]))
        return table

    def _tree_mb(self) -> float:
        table = self._table()
        children: dict[int, list[int]] = {}
        for pid, (parent, _) in table.items():
            children.setdefault(parent, []).append(pid)
        total, stack = 0, [self.pid]
        while stack:
            pid = stack.pop()
            if pid in table:
                total += table[pid][1]
            stack.extend(children.get(pid, ()))
        return total * PAGE_MB

    def run(self) -> None:
        if not os.path.isdir("/proc"):
            return
        while not self.stop.is_set():
            self.peak_mb = max(self.peak_mb, self._tree_mb())
            self.stop.wait(SAMPLE_INTERVAL)


@dataclass
class Run:
    """One kzfacts command: wall and CPU seconds, peak memory, output."""

    args: list[str]
    returncode: int
    wall: float
    cpu: float
    max_rss_mb: float  # largest single process of the tree (kernel, wait4)
    tree_mb: float  # largest sampled sum over the tree (0 when /proc is not there)
    stdout: str
    stderr: str
    walls: list[float] = field(default_factory=list)  # every repeat, when repeated

    @property
    def peak_mb(self) -> float:
        return max(self.max_rss_mb, self.tree_mb)

    def json(self) -> Any:
        return json.loads(self.stdout)


def kzfacts_command() -> list[str]:
    script = Path(sys.executable).with_name("kzfacts")
    if script.exists():
        return [str(script)]
    found = shutil.which("kzfacts")
    if found is None:
        raise SystemExit("bench: no `kzfacts` command: install the package (pip install -e .)")
    return [found]


def run_kzfacts(args: list[str], work: Path, db: Path, allowed: tuple[int, ...] = (0,)) -> Run:
    env = {**os.environ, "KZFACTS_DB": str(db), "NO_COLOR": "1"}
    env.pop("KZFACTS_ROOT", None)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(
            [*kzfacts_command(), *args], cwd=work, env=env, stdout=out, stderr=err
        )
        sampler = TreeSampler(process.pid)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        sampler.stop.set()
        sampler.join()
        process.returncode = code = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        run = Run(
            args,
            code,
            wall,
            usage.ru_utime + usage.ru_stime,
            usage.ru_maxrss / 1024,
            sampler.peak_mb,
            out.read().decode("utf-8"),
            err.read().decode("utf-8"),
            [wall],
        )
    if run.returncode not in allowed:
        sys.stderr.write(run.stderr[-4000:])
        raise SystemExit(f"bench: `kzfacts {' '.join(args)}` exited {run.returncode}")
    return run


def best_of(repeat: int, once: Callable[[], Run]) -> Run:
    """The fastest of `repeat` runs of the same command (the machine is shared)."""
    runs = [once() for _ in range(max(1, repeat))]
    best = min(runs, key=lambda r: r.wall)
    best.walls = [r.wall for r in runs]
    best.max_rss_mb = max(r.max_rss_mb for r in runs)
    best.tree_mb = max(r.tree_mb for r in runs)
    return best


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


_REFUSED = re.compile(r"^\S+:\d+ \('([^']+)'\): ([\w-]+): ", re.MULTILINE)
"""A refused import record on stderr: `facts.jsonl:46136 ('f046135-…'): quote-altered: …`."""
_CITATION = re.compile(r"\s*\[[^\]]*@[^\]]*\]")


def naive_check(db: Path, plan: DraftPlan, sample: int, seed: int) -> tuple[float, int, int]:
    """Seconds per sentence of: its value mentions (`find_values`), each compared with every
    fact's value one by one (same type and unit, intervals overlap), on a sample of sentences.

    The facts' values are read from the database before the clock starts.
    Returns (seconds per sentence, sentences sampled, facts compared with).
    """
    from kzfacts.values import Value, ValueType, find_values

    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            "SELECT f.value, f.value_low, f.value_high, f.value_unit, p.value_type "
            "FROM fact f JOIN predicate p ON p.name = f.predicate"
        ).fetchall()
    connection.close()
    values = [
        Value(
            ValueType(kind),
            -math.inf if low is None else low,
            math.inf if high is None else high,
            text,
            unit or "",
        )
        for text, low, high, unit, kind in rows
    ]
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
# In-process profile of one step
# --------------------------------------------------------------------------------------------


def profile_in_process(args: list[str], db: Path, work: Path) -> tuple[float, str]:
    """`kzfacts ARGS` through typer's CliRunner under cProfile: (wall, report)."""
    from typer.testing import CliRunner

    from kzfacts.cli.app import app

    saved = {k: os.environ.get(k) for k in ("KZFACTS_DB", "NO_COLOR", "KZFACTS_ROOT")}
    os.environ.update(KZFACTS_DB=str(db), NO_COLOR="1")
    os.environ.pop("KZFACTS_ROOT", None)
    previous = Path.cwd()
    os.chdir(work)
    profiler = cProfile.Profile()
    try:
        start = time.perf_counter()
        profiler.enable()
        result = CliRunner().invoke(app, args)
        profiler.disable()
        wall = time.perf_counter() - start
    finally:
        os.chdir(previous)
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    if result.exit_code not in (0, 1):
        log(f"bench: in-process `kzfacts {' '.join(args)}` exited {result.exit_code}")
        log(str(result.output)[-2000:])
    stream = io.StringIO()
    stats = pstats.Stats(profiler, stream=stream)
    stream.write(f"top {PROFILE_TOP} by cumulative time:\n")
    stats.sort_stats("cumulative").print_stats(PROFILE_TOP)
    stream.write(f"top {PROFILE_TOP} by own time:\n")
    stats.sort_stats("tottime").print_stats(PROFILE_TOP)
    return wall, stream.getvalue()


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

        startup = best_of(3, lambda: run_kzfacts(["--version"], work, db))
        run_kzfacts(["init"], work, db)
        register = runs["register"] = run_kzfacts(["load", "corpus"], work, db)
        info.append(("kzfacts", code_version()))
        info.append(("start-up", f"{startup.wall:.2f} s (`kzfacts --version`, best of 3)"))
        info.append(
            (
                "register",
                f"{register.wall:.1f} s, peak {register.peak_mb:.0f} MB (`kzfacts load`: "
                f"{args.sources} sources and the entities, no facts; not a target)",
            )
        )
        log(f"registered sources and entities in {register.wall:.1f} s")
        snapshot("registered")

        # 2. Import --------------------------------------------------------------------------
        imported = run_kzfacts(["fact", "import", facts_path.name], work, db, (0, 1))
        if imported.returncode == 1:
            # All or nothing: one refused record and nothing is imported. Every record is valid
            # by construction, so a refusal is a kzfacts error: count it, leave those facts out
            # and import the rest (into the database as it was before).
            refused = dict(_REFUSED.findall(imported.stderr))
            if not refused:
                sys.stderr.write(imported.stderr[-4000:])
                raise SystemExit("bench: `kzfacts fact import` exited 1")
            log(
                f"  MISMATCH: kzfacts refused {len(refused)} valid record(s) after "
                f"{imported.wall:.1f} s, e.g.:"
            )
            for line in [line for line in imported.stderr.splitlines() if "('" in line][:5]:
                log(f"    {line[:300]}")
            problems += len(refused)
            drop_facts(corpus_dir, set(refused))
            records = [r for r in records if r["id"] not in refused]
            typos = [f for f in typos if f not in refused]
            n_facts = len(records)
            shutil.copy(snapshots["registered"], db)
            log(f"  importing the other {n_facts} facts again")
            imported = run_kzfacts(["fact", "import", facts_path.name], work, db)
        runs["import"] = imported
        with sqlite3.connect(db) as connection:
            stored = connection.execute("SELECT count(*) FROM fact").fetchone()[0]
        connection.close()
        log(f"import: {imported.stdout.strip()} in {imported.wall:.1f} s")
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
        snapshot("loaded")

        # 3. Audits --------------------------------------------------------------------------
        mutations: Mutations | None = None
        last_report: dict[str, Any] | None = None
        if do_audit:
            audit = ["audit", "--format", "json"]
            cold = runs["cold audit"] = run_kzfacts([*audit, "--full"], work, db, (0, 1))
            cold_report = cold.json()
            log(f"cold audit (--full): {cold.wall:.2f} s")
            first_expected = Counter({"quote-inexact": len(typos)})
            problems += compare("cold audit", cold_report["summary"]["by_code"], first_expected)

            per_fact, sampled = naive_audit(records, corpus_dir / "sources", args.naive_sample, 1)
            naive_total = per_fact * n_facts
            log(f"naive audit: {per_fact * 1000:.2f} ms per fact, {naive_total:.1f} s for all")

            warm0 = runs["warm audit"] = best_of(
                args.repeat, lambda: run_kzfacts(audit, work, db, (0, 1))
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
            changes = runs["audit after changes"] = run_kzfacts(audit, work, db, (0, 1))
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
                args.repeat, lambda: run_kzfacts(audit, work, db, (0, 1))
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
                    Figure(
                        "first audit after changes",
                        changes.wall,
                        "s",
                        TARGETS["changes-audit"],
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
                lambda: run_kzfacts(["check", draft.name, "--format", "json"], work, db, (0, 1)),
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
            summary = check_report["summary"]
            for key, want in plan.expected_summary().items():
                if summary.get(key) != want:
                    log(f"    MISMATCH: {want} {key} planned, check counted {summary.get(key)}")
                    problems += 1
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
                    f"{summary['sentences']} sentences, {summary['claims']} claims, "
                    f"{summary['citations']} citations against {summary['facts']} facts",
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
            peaks = {name: run.tree_mb for name, run in runs.items()}
            worst = max(peaks, key=lambda name: peaks[name])
            largest = {name: run.max_rss_mb for name, run in runs.items()}
            heaviest = max(largest, key=lambda name: largest[name])
            info.append(
                (
                    "peak memory",
                    ", ".join(
                        f"{name} {run.tree_mb:.0f} MB (largest process {run.max_rss_mb:.0f})"
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
            "sentences; wall times include interpreter start-up; warm audit and check: best of "
            f"{args.repeat}; memory: the command's whole process tree)"
        )
        print_table(figures, scaled)
        if scaled:
            log(
                "  (targets are for 1,000 sources, 100,000 facts and 10,000 sentences; the "
                "status compares the linear estimate at that scale)"
            )

        if args.profile:
            profile_step(args.profile, figures, snapshots, work, facts_path, do_audit, do_check)
    finally:
        if not args.keep and args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


def profile_step(
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
    plans: dict[str, tuple[list[str], str, str]] = {
        "import": (["fact", "import", facts_path.name], "registered", ""),
        "cold-audit": (["audit", "--full", "--format", "json", "--workers", "1"], "loaded", ""),
        "changes-audit": (["audit", "--format", "json", "--workers", "1"], "pre-changes", ""),
        "warm-audit": (["audit", "--format", "json", "--workers", "1"], "final", ""),
        "check": (["check", "draft.md", "--format", "json"], "final", ""),
    }
    if choice == "check" and "final" not in snapshots:
        plans["check"] = (plans["check"][0], "loaded", "")
    args, base, note = plans[choice]
    copy = work / "profile.db"
    shutil.copy(snapshots[base], copy)
    sources, original = work / "corpus" / "sources", work / ORIGINAL_SOURCES
    swap = choice == "cold-audit" and original.is_dir()
    if swap:  # the sources as the cold audit found them, before the mutation
        sources.rename(work / "sources-mutated")
        original.rename(sources)
    try:
        wall, report = profile_in_process(args, copy, work)
    finally:
        if swap:
            sources.rename(original)
            (work / "sources-mutated").rename(sources)
    log(
        f"\nprofile of {choice}: `kzfacts {' '.join(args)}` in-process under cProfile on a copy of "
        f"the database as the step found it{note}; one process (the measured run may use "
        f"worker processes), no interpreter start-up; {wall:.1f} s with the profiler's overhead"
    )
    log(report)


if __name__ == "__main__":
    sys.exit(main())
