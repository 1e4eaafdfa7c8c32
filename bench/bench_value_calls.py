"""Benchmark: the value parser's calls of a `fact import`, recorded, then replayed.

`record` imports a records file into a copy of a registered database, in this process, with
the import's source tasks run one after the other as one worker runs them, and writes every
call the import makes to `find_values` and `parse_value` (text, type, reference date, year
rule) to a pickle file. `replay` reads those calls in fresh processes, one version of kzfacts
after the other by turns (this checkout's `src` and `--baseline SRC`), and prints each one's
CPU time for the calls (best of `--rounds`), with the patterns compiled before the clock
(`--cold` leaves compiling in), and exits 1 unless every call returned the same values, or
refused with the same message, in both.

    python bench/bench_scale.py --sources 100 --facts 10000 --only import --work DIR --keep
    python bench/bench_value_calls.py record DIR/registered.db DIR/facts.jsonl CALLS.pickle
    python bench/bench_value_calls.py replay CALLS.pickle --baseline OTHER/src --rounds 3

Not run by CI.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

#: One call: ("find", text, type or None, reference, year rule fields or None) or
#: ("parse", text, type, reference, None); dates as `datetime.date`, types as their names.
Call = tuple[str, str, str | None, Any, tuple[Any, ...] | None]


class _InProcess:
    """A stand-in for the import's process pool: its initializer and tasks in this process, in
    order, as one worker runs them (so that every call is seen here)."""

    def __init__(
        self,
        max_workers: int = 1,
        initializer: Callable[..., None] | None = None,
        initargs: tuple[Any, ...] = (),
    ) -> None:
        self.initializer, self.initargs = initializer, initargs

    def __enter__(self) -> _InProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def map(self, fn: Callable[[Any], Any], tasks: list[Any]) -> Iterator[Any]:
        if self.initializer is not None:
            self.initializer(*self.initargs)
        return (fn(task) for task in list(tasks))

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future[Any]:
        future: Future[Any] = Future()
        future.set_result(fn(*args))
        return future

    def shutdown(self, *args: Any, **kwargs: Any) -> None:
        return None


def record(db: Path, records: Path, out: Path) -> int:
    import kzfacts.services.facts.imports as imports
    import kzfacts.values.parse as parse
    from kzfacts import FactDB

    calls: list[Call] = []
    find, parse_value = parse.find_values, parse.parse_value

    def recorded_find(text: str, value_type: Any = None, **kwargs: Any) -> Any:
        years = kwargs.get("years")
        fields = dataclasses.astuple(years) if years is not None else None
        kind = None if value_type is None else str(value_type)
        calls.append(("find", text, kind, kwargs.get("reference"), fields))
        return find(text, value_type, **kwargs)

    def recorded_parse(text: str, value_type: Any, **kwargs: Any) -> Any:
        calls.append(("parse", text, str(value_type), kwargs.get("reference"), None))
        return parse_value(text, value_type, **kwargs)

    for module in list(sys.modules.values()):
        if module is not None and module.__name__.startswith("kzfacts"):
            for name, wrapped in (("find_values", recorded_find), ("parse_value", recorded_parse)):
                if getattr(module, name, None) in (find, parse_value):
                    setattr(module, name, wrapped)
    # Modules imported later (the checks) take the wrapped functions from kzfacts.values.
    import kzfacts.values as values

    values.find_values, values.parse_value = recorded_find, recorded_parse  # type: ignore[assignment]
    imports.ProcessPoolExecutor = _InProcess  # type: ignore[misc,assignment]
    imports.exit_with_parent = lambda parent: None  # type: ignore[attr-defined]
    with tempfile.TemporaryDirectory(prefix="value-calls-") as folder:
        copy = Path(folder) / "copy.db"
        shutil.copyfile(db, copy)
        # the sources are found relative to the registered database's folder
        with FactDB.open(str(copy), root=db.parent) as opened:
            result = opened.import_records(records, workers=2)
    tmp = out.with_suffix(".tmp")
    tmp.write_bytes(pickle.dumps(calls))
    tmp.replace(out)
    kinds = {kind: sum(c[0] == kind for c in calls) for kind in ("find", "parse")}
    print(f"{len(result.facts)} facts imported; {len(calls)} calls recorded {kinds} in {out}")
    return 0


def _plain(result: Any) -> Any:
    """A value, list of values or refusal as plain tuples (comparable across versions)."""
    if isinstance(result, list):
        return [_plain(v) for v in result]
    if isinstance(result, BaseException):
        return ("refused", type(result).__name__, str(result))
    fields = dataclasses.astuple(result)
    return (str(fields[0]), *fields[1:])


def run_calls(calls_path: Path, results_path: Path, cold: bool) -> int:
    """In a fresh process: replay the calls, print the CPU seconds, write the plain results."""
    import kzfacts.values as values
    from kzfacts.values import ValueParseError, ValueType, parse
    from kzfacts.values.date_specs import YearRule

    calls: list[Call] = pickle.loads(calls_path.read_bytes())
    prepared = [
        (
            kind,
            text,
            None if type_name is None else ValueType(type_name),
            reference,
            None if fields is None else YearRule(*fields),
        )
        for kind, text, type_name, reference, fields in calls
    ]
    if not cold:  # compile the patterns, then forget the texts read doing so
        for kind, text, value_type, reference, years in prepared[:2000]:
            _call(values, ValueParseError, kind, text, value_type, reference, years)
        for remembered in vars(parse).values():
            cached = getattr(remembered, "cached", None)
            if cached is not None and hasattr(cached, "cache_clear"):
                cached.cache_clear()
        getattr(parse, "_last_scanned", []).clear()
    results = []
    start = time.process_time()
    for kind, text, value_type, reference, years in prepared:
        results.append(_call(values, ValueParseError, kind, text, value_type, reference, years))
    cpu = time.process_time() - start
    results_path.write_bytes(pickle.dumps([_plain(r) for r in results]))
    print(f"{cpu:.4f}")
    return 0


def _call(
    values: Any,
    error: type[Exception],
    kind: str,
    text: str,
    value_type: Any,
    reference: Any,
    years: Any,
) -> Any:
    if kind == "find":
        return values.find_values(text, value_type, reference=reference, years=years)
    try:
        return values.parse_value(text, value_type, reference=reference)
    except error as refused:
        return refused


def replay(calls_path: Path, baseline: Path, rounds: int, cold: bool) -> int:
    versions = {"this": ROOT / "src", "baseline": baseline}
    best: dict[str, float] = {}
    results: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory(prefix="value-calls-") as folder:
        for round_number in range(rounds):
            for name, src in versions.items():
                out = Path(folder) / f"{name}.pickle"
                env = {**os.environ, "PYTHONPATH": str(src)}
                argv = [sys.executable, __file__, "_run", str(calls_path), str(out)]
                done = subprocess.run(
                    [*argv, *(["--cold"] if cold else [])],
                    env=env,
                    capture_output=True,
                    text=True,
                    check=False,
                )
                if done.returncode != 0:
                    sys.stderr.write(done.stderr)
                    return 2
                cpu = float(done.stdout.split()[-1])
                best[name] = min(best.get(name, cpu), cpu)
                print(f"round {round_number + 1} {name:8} {cpu:.3f} s CPU")
                results.setdefault(name, out.read_bytes())
    calls = pickle.loads(calls_path.read_bytes())
    this, base = pickle.loads(results["this"]), pickle.loads(results["baseline"])
    differ = [i for i, (a, b) in enumerate(zip(this, base, strict=True)) if a != b]
    values = sum(len(r) if isinstance(r, list) else 1 for r in this)
    load = os.getloadavg()[0]
    print(
        f"{len(calls)} calls ({values} values and refusals); best of {rounds}"
        f"{' (compiling included)' if cold else ''}: this {best['this']:.3f} s CPU, "
        f"baseline {best['baseline']:.3f} s ({best['baseline'] / best['this']:.2f}x); "
        f"load average {load:.2f}; {len(differ)} calls differ"
    )
    for i in differ[:10]:
        print(f"  differs: {calls[i][:3]!r}\n    this:     {this[i]!r}\n    baseline: {base[i]!r}")
    return 1 if differ else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    rec = commands.add_parser("record", help="import, recording the value parser's calls")
    rec.add_argument("db", type=Path, help="a registered database (bench_scale's registered.db)")
    rec.add_argument("records", type=Path, help="the records to import (facts.jsonl)")
    rec.add_argument("out", type=Path, help="the calls' pickle file to write")
    rep = commands.add_parser("replay", help="replay recorded calls, this src and a baseline")
    rep.add_argument("calls", type=Path)
    rep.add_argument("--baseline", type=Path, required=True, help="another version's src")
    rep.add_argument("--rounds", type=int, default=3)
    rep.add_argument("--cold", action="store_true", help="count compiling the patterns")
    run = commands.add_parser("_run")  # one replay, in a fresh process (used by replay)
    run.add_argument("calls", type=Path)
    run.add_argument("out", type=Path)
    run.add_argument("--cold", action="store_true")
    args = parser.parse_args(argv)
    if args.command == "record":
        return record(args.db.resolve(), args.records.resolve(), args.out)
    if args.command == "replay":
        return replay(args.calls, args.baseline, args.rounds, args.cold)
    return run_calls(args.calls, args.out, args.cold)


if __name__ == "__main__":
    sys.exit(main())
