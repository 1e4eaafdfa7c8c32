"""Benchmark: `find_values` and `parse_value`, the optimised parser against its frozen old copy.

Both run in the same process on the same inputs, one after the other, best of several rounds:

- seed sentences: all five seed documents, whitespace collapsed and split into sentences (no
  length filter), each read with its document's publication date as the reference — what
  `kzfacts check` does for every sentence of a draft and coverage does for every source;
- seed quotes: the quotes of the 173 seed facts, read for the fact's value type (value support
  on import and in audits) and with no type;
- synthetic quotes: deterministic sentences built from templates (dates, counts, money,
  durations, percents, statuses, vague words) like the facts the audit benchmark generates;
- draft sentences: the distinct sentence texts of a generated draft (bench/draft.py, as
  tests/values/values_golden.py makes it), read with the stand-in reference `kzfacts check`
  uses — what a check spends most of its time on;
- parse_value: the seed facts' values with their predicates' types (what an import parses).

Each pass over the inputs starts with the parser's memory of the texts it read emptied
(`forget_texts`): every input is read as the first time, as in a draft of distinct sentences.

Then first use, in fresh processes (best of `--fresh` runs, bytecode cached as an installed
package has it): importing `kzfacts.values` and `kzfacts.checks.facts`, and the first
`parse_value("4 years", duration)` after it, which compiles the patterns it needs.

The old implementation is the frozen copy in tests/values/_reference_impl/ (see its docstring).
Every result of the new implementation is also compared with the old one's: a difference is
reported (and makes the exit status 1).

    python bench/bench_values.py                 # the default: best of 5 rounds
    python bench/bench_values.py --rounds 9 --profile
    python bench/bench_values.py --fresh 0          # without the first-use figures

Not run by CI.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime
import importlib.util
import os
import pstats
import random
import re
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "values"))

import _reference_impl as old  # noqa: E402
import values_golden  # noqa: E402

import kzfacts.values as new  # noqa: E402
import kzfacts.values.parse as new_parse  # noqa: E402
from kzfacts.values import ValueParseError, ValueType  # noqa: E402

SEEDS = ROOT / "seeds"
_SENTENCE = re.compile(r"(?<=[.!?;])\s+|\s+(?=[•])")

Call = tuple[str, ValueType | None, datetime.date | None]


def _vocabulary() -> dict[str, ValueType]:
    path = ROOT / "migrations" / "versions" / "0002_predicate_vocabulary.py"
    spec = importlib.util.spec_from_file_location("_vocabulary", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return {name: ValueType(kind) for name, kind, _, _ in module.VOCABULARY}


def _first_day(published: str) -> datetime.date:
    """ "2014-11" (a month) is read from its first day, as kzfacts stores it."""
    return datetime.date.fromisoformat((published + "-01-01")[:10])


def _sources() -> dict[str, tuple[Path, datetime.date]]:
    config = tomllib.loads((SEEDS / "sources.toml").read_text(encoding="utf-8"))
    return {s["id"]: (SEEDS / s["path"], _first_day(str(s["published"]))) for s in config["source"]}


def seed_sentences() -> list[Call]:
    calls: list[Call] = []
    for path, published in _sources().values():
        text = " ".join(path.read_text(encoding="utf-8").split())
        calls += [(s, None, published) for s in _SENTENCE.split(text) if s.strip()]
    return calls


def seed_facts() -> list[dict[str, Any]]:
    facts: list[dict[str, Any]] = []
    for path in sorted((SEEDS / "facts").glob("*.yaml")):
        facts += yaml.safe_load(path.read_text(encoding="utf-8"))
    return facts


def seed_quotes(*, typed: bool) -> list[Call]:
    types = _vocabulary()
    sources = _sources()
    return [
        (f["quote"], types[f["predicate"]] if typed else None, sources[f["source"]][1])
        for f in seed_facts()
    ]


_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_NUMBER_WORDS = [
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "fifteen",
    "twenty",
]
_NAMES = ["Yerlan Abenov", "Roza Tuleu", "Vladimir Kozlov", "Aigul Saparova", "Marat Zhanuzakov"]
_PLACES = ["Zhanaozen", "Almaty", "Astana", "Shymkent", "Karaganda", "Aktau", "Pavlodar"]
_TEMPLATES = (
    "On {date}, {name} was sentenced to {dur} in prison by the {place} city court",
    "The court in {place} fined {name} {money} tenge on {date} for organising an unsanctioned rally",
    "At least {n} people were detained in {place} in {month} {year}, according to {name}",
    "{name} was released on {date} after serving {nword} years of a {dur2} sentence",
    "Police in {place} arrested some {n} protesters during the strike in late {month} {year}",
    "Between {year} and {year2} more than {nword} newspapers were closed down in {place}",
    "The party won {pct}% of the vote in the elections held on {date}",
    "{name}, a lawyer from {place}, has been in detention since {month} {year} and faces up to {nword} years",
    "The organisation received a grant of about {money} USD in {year}",
    "In {month} {year}, dozens of activists were questioned and several were charged with inciting social discord",
    "Human rights defender {name} was not released and remains in prison in {place}",
    "The editor was banned from journalism for {nword} years and ordered to pay {money} tenge in damages",
    "The trial, which lasted two months, ended on {date} with a verdict of guilty",
    "According to official figures {n} people were killed and over {n2} injured in {place}",
)


def synthetic_quotes(count: int = 400, seed: int = 20121215) -> list[Call]:
    rng = random.Random(seed)
    calls: list[Call] = []
    for _ in range(count):
        year = rng.randint(2004, 2014)
        month = rng.choice(_MONTHS)
        day = rng.randint(1, 28)
        date = f"{day} {month} {year}" if rng.random() < 0.7 else f"{month} {day}, {year}"
        n = rng.randint(3, 400)
        slots = {
            "date": date,
            "month": month,
            "year": str(year),
            "year2": str(year + rng.randint(1, 4)),
            "name": rng.choice(_NAMES),
            "place": rng.choice(_PLACES),
            "n": f"{n:,}",
            "n2": str(max(1, n - rng.randint(1, 10))),
            "nword": rng.choice(_NUMBER_WORDS),
            "dur": rng.choice(("four years", "7 years", "two and a half years", "18 months")),
            "dur2": rng.choice(("four-year", "seven-year", "three-year")),
            "money": f"{rng.choice((50, 100, 200, 300, 1000, 5000)) * 1000:,}",
            "pct": str(rng.randint(1, 99)),
        }
        text = rng.choice(_TEMPLATES).format(**slots)
        calls.append((text, None, datetime.date(2015, 3, 1)))
    return calls


def draft_sentences() -> list[Call]:
    _corpus, sentences, _facts = values_golden.generated()
    return [(s, None, datetime.date(2000, 1, 1)) for s in dict.fromkeys(sentences)]


_FIRST_USE = """
import time
start = time.perf_counter()
import kzfacts.values
values = time.perf_counter()
import kzfacts.checks.facts
facts = time.perf_counter()
from kzfacts.values import ValueType, parse_value
parse_value("4 years", ValueType.DURATION)
parsed = time.perf_counter()
print(values - start, facts - start, parsed - facts)
"""


def first_use(runs: int) -> tuple[float, float, float]:
    """Best of `runs` fresh processes: import kzfacts.values, import kzfacts.checks.facts, and
    the first parse after it (seconds). Bytecode is cached in a temporary folder first."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory() as cache:
        env["PYTHONPYCACHEPREFIX"] = cache
        command = [sys.executable, "-c", _FIRST_USE]
        subprocess.run(command, env=env, check=True, capture_output=True)  # writes the cache
        rows = [
            [
                float(x)
                for x in subprocess.run(
                    command, env=env, check=True, capture_output=True, text=True
                ).stdout.split()
            ]
            for _ in range(runs)
        ]
    best = [min(row[i] for row in rows) for i in range(3)]
    return best[0], best[1], best[2]


def parse_calls() -> list[Call]:
    types = _vocabulary()
    sources = _sources()
    return [(str(f["value"]), types[f["predicate"]], sources[f["source"]][1]) for f in seed_facts()]


def _find(module: Any) -> Callable[[Call], object]:
    find = module.find_values

    def call(c: Call) -> object:
        return find(c[0], c[1], reference=c[2])

    return call


def _parse(module: Any) -> Callable[[Call], object]:
    parse = module.parse_value

    def call(c: Call) -> object:
        assert c[1] is not None
        try:
            return parse(c[0], c[1], reference=c[2])
        except ValueParseError as error:
            return ("error", str(error))

    return call


def forget_texts() -> None:
    """Empty the parser's memory of the texts it read (`parse._Remembered`), so that a pass over
    the inputs reads each of them as the first time (a release without one has none to empty)."""
    for remembered in vars(new_parse).values():
        cached = getattr(remembered, "cached", remembered)  # a `_Remembered`, an lru_cache
        if callable(getattr(cached, "cache_clear", None)):
            cached.cache_clear()


def _once(fn: Callable[[Call], object], calls: Sequence[Call], repeat: int) -> float:
    elapsed = 0.0
    for _ in range(repeat):
        forget_texts()
        start = time.perf_counter()
        for c in calls:
            fn(c)
        elapsed += time.perf_counter() - start
    return elapsed / (repeat * len(calls)) * 1e6


def _time(
    old_fn: Callable[[Call], object],
    new_fn: Callable[[Call], object],
    calls: Sequence[Call],
    rounds: int,
    repeat: int,
) -> tuple[float, float]:
    """Best per-call µs of each, old and new taking turns (so both meet the same load)."""
    old_best = new_best = float("inf")
    for _ in range(rounds):
        old_best = min(old_best, _once(old_fn, calls, repeat))
        new_best = min(new_best, _once(new_fn, calls, repeat))
    return old_best, new_best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="rounds per measure (best is kept)")
    parser.add_argument("--repeat", type=int, default=2, help="passes over the inputs per round")
    parser.add_argument("--profile", action="store_true", help="profile the new find_values")
    parser.add_argument(
        "--fresh", type=int, default=7, help="fresh processes timed for first use (0: none)"
    )
    args = parser.parse_args(argv)

    sets: list[tuple[str, Callable[[Any], Callable[[Call], object]], list[Call]]] = [
        ("find_values: seed sentences", _find, seed_sentences()),
        ("find_values: seed quotes, typed", _find, seed_quotes(typed=True)),
        ("find_values: seed quotes, untyped", _find, seed_quotes(typed=False)),
        ("find_values: synthetic quotes", _find, synthetic_quotes()),
        ("find_values: draft sentences", _find, draft_sentences()),
        ("parse_value: seed fact values", _parse, parse_calls()),
    ]
    differences = 0
    print(f"{'inputs':36} {'n':>5} {'chars':>6} {'old µs':>9} {'new µs':>9} {'ratio':>7}")
    for name, make, calls in sets:
        old_fn, new_fn = make(old), make(new)
        for c in calls:  # warm both (regex compilation, caches) and compare results
            if old_fn(c) != new_fn(c):
                differences += 1
                print(f"  DIFFERENT: {c[0]!r} ({c[1]})", file=sys.stderr)
        old_us, new_us = _time(old_fn, new_fn, calls, args.rounds, args.repeat)
        chars = sum(len(c[0]) for c in calls) // len(calls)
        print(
            f"{name:36} {len(calls):5d} {chars:6d} {old_us:9.1f} {new_us:9.1f} "
            f"{old_us / new_us:6.1f}x"
        )
    if args.profile:
        new_fn = _find(new)
        calls = seed_sentences()
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.repeat * 5):
            forget_texts()
            for c in calls:
                new_fn(c)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    if args.fresh:
        values, facts, parsed = first_use(args.fresh)
        print(
            f"first use (best of {args.fresh} fresh processes): import kzfacts.values "
            f"{values * 1000:.0f} ms, import kzfacts.checks.facts {facts * 1000:.0f} ms, then the "
            f"first parse_value('4 years') {parsed * 1000:.0f} ms"
        )
    print(f"differences from the old implementation: {differences}")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
