"""Benchmark steps: one kzfacts Python API call each, run in a fresh process and measured.

A step (`init`, `load`, `import`, `audit`, `check`, `startup`: `import kzfacts` alone,
`floor`: reading the fact rows and hashing the sources with no kzfacts at all, or
`import-floor`: what any import must do, with no kzfacts and no verification) is a small
function over `kzfacts.FactDB`. `run_step` runs it as `python bench/steps.py STEP JSON`
in a child process — interpreter start-up and `import kzfacts` included, as a program using
the library pays them — and reads its wall and CPU time, the kernel's peak resident memory of
its largest process (wait4) and the sampled peak of its whole process tree (an audit's workers
are child processes of the step). The child prints the call's result as JSON on stdout and
exits 1 when the call was refused. `profile_step` runs the same function in this process
under cProfile (with one worker: cProfile does not follow work into worker processes).

    python bench/steps.py audit '{"db": "kzfacts.db", "full": true}'   # one step by hand
"""

from __future__ import annotations

import gc
import json
import os
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

WORKERS = min(2, os.cpu_count() or 1)
"""Audit worker processes unless a step says otherwise: the `kzfacts audit` default."""
PROFILE_TOP = 25


# --------------------------------------------------------------------------------------------
# The steps: what the child process runs (kwargs in, exit code and JSON text out)
# --------------------------------------------------------------------------------------------


def _refused(refusal: Any) -> tuple[int, str]:
    """A refused import or load: every refused record (number, fact id, code, message)."""
    rows = [[e.number, e.fact_id, e.code, e.message] for e in refusal.errors]
    return 1, json.dumps({"refused": rows, "message": str(refusal)})


def step_startup() -> tuple[int, str]:
    import kzfacts

    return 0, json.dumps({"version": kzfacts.__version__})


def step_init(db: str) -> tuple[int, str]:
    from kzfacts import FactDB

    with FactDB.init(db) as opened:
        return 0, json.dumps({"database": opened.label})


def step_load(db: str, folder: str) -> tuple[int, str]:
    from kzfacts import FactDB, RecordsRefused

    with FactDB.open(db) as opened:
        try:
            result = opened.load(folder)
        except RecordsRefused as refusal:
            return _refused(refusal)
    return 0, json.dumps(
        {
            "sources": len(result.sources_added),
            "entities": result.entities_added,
            "aliases": result.aliases_added,
            "facts": result.facts_added,
            "unchanged": result.facts_unchanged,
        }
    )


def step_import(db: str, path: str) -> tuple[int, str]:
    from kzfacts import FactDB, RecordsRefused

    with FactDB.open(db) as opened:
        try:
            result = opened.import_records(Path(path))
        except RecordsRefused as refusal:
            return _refused(refusal)
    warned = sum(bool(fact.warnings) for fact in result.facts)
    return 0, json.dumps({"imported": len(result.facts), "warnings": warned})


def step_audit(db: str, full: bool = False, workers: int = WORKERS) -> tuple[int, str]:
    from kzfacts import FactDB

    with FactDB.open(db) as opened:
        report = opened.audit(full=full, workers=workers)
    return 0, report.to_json()


def step_check(db: str, draft: str) -> tuple[int, str]:
    from kzfacts import FactDB

    with FactDB.open(db) as opened:
        findings = opened.check_draft(Path(draft))
    by_code = Counter(f.code.value for f in findings)
    return 0, json.dumps(
        {"findings": [f.to_dict() for f in findings], "summary": {"by_code": dict(by_code)}}
    )


def step_floor(db: str, sources: str) -> tuple[int, str]:
    """What every audit must do at the least, without kzfacts: read every fact row (sqlite3)
    and hash every source file; and what loading the libraries an audit runs on costs."""
    import hashlib
    import sqlite3

    started = time.perf_counter()
    connection = sqlite3.connect(db)
    try:
        rows = len(connection.execute("SELECT * FROM fact").fetchall())
    finally:
        connection.close()
    read = time.perf_counter() - started
    started = time.perf_counter()
    size = 0
    for path in sorted(Path(sources).rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            size += len(data)
            hashlib.sha256(data).hexdigest()
    hashed = time.perf_counter() - started
    started = time.perf_counter()
    import sqlmodel  # noqa: F401
    import typer  # noqa: F401

    libraries = time.perf_counter() - started
    return 0, json.dumps(
        {"rows": rows, "read": read, "bytes": size, "hash": hashed, "libraries": libraries}
    )


def step_import_floor(db: str, path: str) -> tuple[int, str]:
    """What any import of a records file must do, without kzfacts and with no verification:
    read and parse the records, read, decode and hash each source they cite, and insert one
    fact row and one first version per record (`executemany`, one transaction)."""
    import hashlib
    import sqlite3
    from datetime import UTC, datetime

    started = time.perf_counter()
    records = [json.loads(line) for line in Path(path).read_text("utf-8").split("\n") if line]
    parsed = time.perf_counter() - started
    started = time.perf_counter()
    connection = sqlite3.connect(db)
    try:
        paths = dict(connection.execute("SELECT id, path FROM source").fetchall())
        root, digests, size = Path(db).parent, {}, 0
        for source_id in dict.fromkeys(record["source"] for record in records):
            data = (root / paths[source_id]).read_bytes()
            size += len(data)
            data.decode("utf-8")
            digests[source_id] = hashlib.sha256(data).hexdigest()
        hashed = time.perf_counter() - started
        started = time.perf_counter()
        now = datetime.now(UTC).replace(tzinfo=None)
        facts = [
            (
                r["id"], r["subject"], r["predicate"], r["value"], r.get("as_of"), r["source"],
                r["quote"], r["quote"], digests[r["source"]], r.get("note"), now, now,
            )
            for r in records
        ]  # fmt: skip
        with connection:
            connection.executemany(
                "INSERT INTO fact (id, subject, predicate, value, as_of, source_id, quote, exact,"
                " anchor_sha256, note, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                facts,
            )
            connection.executemany(
                "INSERT INTO factversion (fact_id, version, action, changed_by, changed_at,"
                " subject, predicate, value, as_of, note, source_id, quote)"
                " VALUES (?, 1, 'added', 'bench', ?, ?, ?, ?, ?, ?, ?, ?)",
                [(f[0], now, f[1], f[2], f[3], f[4], f[9], f[5], f[6]) for f in facts],
            )
        written = time.perf_counter() - started
    finally:
        connection.close()
    return 0, json.dumps(
        {"facts": len(records), "sources": len(digests), "bytes": size, "parse": parsed,
         "hash": hashed, "write": written}
    )  # fmt: skip


STEPS: dict[str, Callable[..., tuple[int, str]]] = {
    "startup": step_startup,
    "floor": step_floor,
    "import-floor": step_import_floor,
    "init": step_init,
    "load": step_load,
    "import": step_import,
    "audit": step_audit,
    "check": step_check,
}


# --------------------------------------------------------------------------------------------
# Running a step in a child process: wall time, CPU time, peak memory of the process tree
# (`machine.py` reads the memory and what the host took)
# --------------------------------------------------------------------------------------------


@dataclass
class Run:
    """One step in its own process: wall and CPU seconds, peak memory, output."""

    step: str
    returncode: int
    wall: float
    cpu: float  # the step's process and its workers
    max_rss_mb: float  # largest single process of the tree (kernel, wait4)
    tree_mb: float  # largest sampled sum of resident sizes over the tree (0 without /proc)
    tree_pss_mb: float  # largest sampled sum of proportional set sizes: what the tree takes
    stdout: str
    stderr: str
    walls: list[float] = field(default_factory=list)  # every repeat, when repeated
    steal: float | None = None  # share of the machine's CPU time its host took (None: unknown)
    gauge_ms: float = 0.0  # `machine.gauge` right before the step: how fast the machine ran

    @property
    def machine(self) -> str:
        """What the machine gave the step: how fast it ran plain Python just before, and its
        host's share of the CPU time during it."""
        steal = "steal unknown" if self.steal is None else f"steal {self.steal:.1%}"
        return f"gauge {self.gauge_ms:.0f} ms, {steal}"

    @property
    def peak_mb(self) -> float:
        return max(self.max_rss_mb, self.tree_mb)

    def json(self) -> Any:
        return json.loads(self.stdout)


def run_step(step: str, cwd: Path, *, allowed: tuple[int, ...] = (0,), **kwargs: Any) -> Run:
    """Run one step in a fresh Python process in `cwd`; stop the benchmark when its exit code
    is not `allowed` (1: the call was refused)."""
    if step not in STEPS:
        raise ValueError(f"no benchmark step {step!r}: one of {', '.join(STEPS)}")
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("KZFACTS_ROOT", None)  # the root is the database file's folder, as in `kzfacts`
    env.pop("KZFACTS_DB", None)
    command = [sys.executable, str(Path(__file__).resolve()), step, json.dumps(kwargs)]
    import subprocess  # here, not at the top: a step's own process does not pay for them
    import tempfile

    from machine import TreeSampler, cpu_ticks, gauge, stolen_share

    speed = gauge()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        ticks = cpu_ticks()
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=err)
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
            step,
            code,
            wall,
            usage.ru_utime + usage.ru_stime,
            usage.ru_maxrss / 1024,
            sampler.peak_mb,
            sampler.peak_pss_mb,
            out.read().decode("utf-8"),
            err.read().decode("utf-8"),
            [wall],
            stolen_share(ticks, cpu_ticks()),
            speed,
        )
    if run.returncode not in allowed:
        sys.stderr.write(run.stderr[-4000:] + run.stdout[-2000:])
        raise SystemExit(f"bench: step {step} {json.dumps(kwargs)} exited {run.returncode}")
    return run


def best_of(repeat: int, once: Callable[[], Run]) -> Run:
    """The fastest of `repeat` runs of the same step (the machine is shared); the peaks are
    the largest of all runs."""
    runs = [once() for _ in range(max(1, repeat))]
    best = min(runs, key=lambda r: r.wall)
    best.walls = [r.wall for r in runs]
    shares = [r.steal for r in runs if r.steal is not None]
    best.steal = max(shares) if shares else None
    best.gauge_ms = max(r.gauge_ms for r in runs)
    best.max_rss_mb = max(r.max_rss_mb for r in runs)
    best.tree_mb = max(r.tree_mb for r in runs)
    best.tree_pss_mb = max(r.tree_pss_mb for r in runs)
    return best


def profile_step(step: str, cwd: Path, **kwargs: Any) -> tuple[float, int, str]:
    """The step's API call in this process under cProfile, one worker: (wall, exit code, the
    top functions by cumulative and by own time)."""
    if step == "audit":
        kwargs["workers"] = 1
    previous = Path.cwd()
    saved = os.environ.pop("KZFACTS_ROOT", None)
    os.chdir(cwd)
    import cProfile
    import io
    import pstats

    profiler = cProfile.Profile()
    try:
        start = time.perf_counter()
        profiler.enable()
        code, _ = STEPS[step](**kwargs)
        profiler.disable()
        wall = time.perf_counter() - start
    finally:
        os.chdir(previous)
        if saved is not None:
            os.environ["KZFACTS_ROOT"] = saved
    stream = io.StringIO()
    stats = pstats.Stats(profiler, stream=stream)
    stream.write(f"top {PROFILE_TOP} by cumulative time:\n")
    stats.sort_stats("cumulative").print_stats(PROFILE_TOP)
    stream.write(f"top {PROFILE_TOP} by own time:\n")
    stats.sort_stats("tottime").print_stats(PROFILE_TOP)
    return wall, code, stream.getvalue()


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] not in STEPS or len(args) > 2:
        sys.stderr.write(f"usage: steps.py {{{','.join(STEPS)}}} [JSON keyword arguments]\n")
        return 2
    kwargs = json.loads(args[1]) if len(args) == 2 else {}
    code, output = STEPS[args[0]](**kwargs)
    sys.stdout.write(output + "\n")
    gc.freeze()  # the step's process exits as the `kzfacts` script does (`kzfacts.__main__`)
    return code


def _exit(code: int) -> NoReturn:
    """End the step's process as the version's `kzfacts` script ends (`exit_now`: without
    the interpreter's teardown), or as a version without `kzfacts.process_exit` ends it."""
    try:
        from kzfacts.process_exit import exit_now
    except ImportError:
        sys.exit(code)
    exit_now(code)


if __name__ == "__main__":
    _exit(main())
