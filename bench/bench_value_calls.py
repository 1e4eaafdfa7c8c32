"""Benchmark: the value parser's calls of a `fact import`, recorded, then replayed.

`record` imports a records file into a copy of a registered database, in this process, with
the import's source tasks run one after the other as one worker runs them, and writes every
call the import makes to `find_values` and `parse_value` (text, type, reference date, year
rule) to a pickle file. `replay` loads two versions of the value parser side by side in one
process (this checkout's `src` and `--baseline SRC`), answers every call once with each (the
patterns they need compiled), then times each version's replay of all the calls by turns,
its memory of texts emptied before each (CPU time, best of `--rounds`), and exits 1 unless
every call returned the same values, or was refused with the same message, in both.

    python bench/bench_scale.py --sources 100 --facts 10000 --only import --work DIR --keep
    python bench/bench_value_calls.py record DIR/registered.db DIR/facts.jsonl CALLS.pickle
    python bench/bench_value_calls.py replay CALLS.pickle --baseline OTHER/src --rounds 3

Not run by CI.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import os
import pickle
import shutil
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

    def _started(self) -> None:
        if self.initializer is not None:
            self.initializer(*self.initargs)
            self.initializer = None

    def map(self, fn: Callable[[Any], Any], tasks: list[Any]) -> Iterator[Any]:
        self._started()
        return (fn(task) for task in list(tasks))

    def submit(self, fn: Callable[[Any], Any], task: Any) -> Future[Any]:
        """The task run now; its answer (or error) in a future already done."""
        self._started()
        done: Future[Any] = Future()
        try:
            done.set_result(fn(task))
        except Exception as error:
            done.set_exception(error)
        return done

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
    return (str(result.type), *(getattr(result, f.name) for f in dataclasses.fields(result)[1:]))


@dataclasses.dataclass
class Version:
    """One version of the value parser, loaded in this process beside the other."""

    name: str
    values: Any  # its kzfacts.values
    parse: Any  # its kzfacts.values.parse
    calls: list[tuple[str, str, Any, Any, Any]]

    def forget(self) -> None:
        """Empty its memory of the texts it read: every call reads as in a fresh worker."""
        for remembered in vars(self.parse).values():
            cached = getattr(remembered, "cached", remembered)  # a `_Remembered`, an lru_cache
            if callable(getattr(cached, "cache_clear", None)):
                cached.cache_clear()
        for name in ("_last_scanned", "_last_dates"):
            getattr(self.parse, name, []).clear()

    def replay(self) -> tuple[float, list[Any]]:
        """The CPU seconds of every call, and the answers."""
        find, parse_value = self.values.find_values, self.values.parse_value
        refused = self.values.ValueParseError
        results: list[Any] = []
        add = results.append
        start = time.process_time()
        for kind, text, value_type, reference, years in self.calls:
            if kind == "find":
                add(find(text, value_type, reference=reference, years=years))
                continue
            try:
                add(parse_value(text, value_type, reference=reference))
            except refused as error:
                add(error)
        return time.process_time() - start, results


def load(name: str, src: Path, calls: list[Call]) -> Version:
    """Import kzfacts.values from `src`, apart from any other version already imported (the
    value parser imports nothing at call time, so its modules keep their own globals)."""
    for module in [m for m in sys.modules if m == "kzfacts" or m.startswith("kzfacts.")]:
        del sys.modules[module]
    sys.path.insert(0, str(src))
    try:
        values = importlib.import_module("kzfacts.values")
        parse = importlib.import_module("kzfacts.values.parse")
        rule = importlib.import_module("kzfacts.values.date_specs").YearRule
    finally:
        sys.path.remove(str(src))
    kind_of = values.ValueType
    prepared = [
        (
            kind,
            text,
            None if type_name is None else kind_of(type_name),
            reference,
            None if fields is None else rule(*fields),
        )
        for kind, text, type_name, reference, fields in calls
    ]
    return Version(name, values, parse, prepared)


def replay(calls_path: Path, baseline: Path, rounds: int) -> int:
    calls: list[Call] = pickle.loads(calls_path.read_bytes())
    versions = [load("baseline", baseline, calls), load("this", ROOT / "src", calls)]
    answers: dict[str, list[Any]] = {}
    for version in versions:  # compile the patterns each version needs; keep the answers
        answers[version.name] = [_plain(r) for r in version.replay()[1]]
    best: dict[str, float] = {}
    for round_number in range(rounds):
        for version in versions if round_number % 2 else versions[::-1]:
            version.forget()
            cpu, _ = version.replay()
            best[version.name] = min(best.get(version.name, cpu), cpu)
            print(f"round {round_number + 1} {version.name:8} {cpu:.3f} s CPU")
    this, base = answers["this"], answers["baseline"]
    differ = [i for i, (a, b) in enumerate(zip(this, base, strict=True)) if a != b]
    values = sum(len(r) if isinstance(r, list) else 1 for r in this)
    print(
        f"{len(calls)} calls ({values} values and refusals), each version's memory of texts "
        f"emptied before each round; best of {rounds}: this {best['this']:.3f} s CPU, baseline "
        f"{best['baseline']:.3f} s ({best['baseline'] / best['this']:.2f}x); load average "
        f"{os.getloadavg()[0]:.2f}; {len(differ)} calls answered differently"
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
    args = parser.parse_args(argv)
    if args.command == "record":
        return record(args.db.resolve(), args.records.resolve(), args.out)
    return replay(args.calls, args.baseline.resolve(), args.rounds)


if __name__ == "__main__":
    sys.exit(main())
