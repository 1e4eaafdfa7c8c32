"""Benchmark: the per-fact verification of `fact add` with the value binding rules and without.

For every fact of the seed corpus (173 facts, five documents) both verifications run in the
same process, on the same anchored quote, best of several rounds:

- without the binding rules (the baseline, as `fact add` verified a value before): the quote
  is anchored, and the values of the predicate's type the editor's copy of the quote states
  (dates without a year in the source's publication year) are compared with the fact's value;
- with them: the quote is anchored, the value is read in the located source span with the words
  either side of it, bound to the predicate's words, with the year rules for dates.

Anchoring is the same in both and is also timed alone, so the table shows what the value
check costs within a fact's verification. Both verdicts are counted: the facts the baseline
accepts and the new rules refuse are listed (the shipped facts must all pass, so a line there
is a fact to fix). Last, the whole verification as a program calls it, through the public
`kzfacts.verify_fact` (time, quote, boundaries and value; the source text prepared on each
call): its time per fact, and its verdicts, which must be the binding rules' verdicts.

    python bench/bench_verify.py              # best of 5 rounds (the three take turns)
    python bench/bench_verify.py --rounds 9

Not run by CI.
"""

from __future__ import annotations

import argparse
import datetime
import statistics
import sys
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from kzfacts import verify_fact
from kzfacts.checks.values import check_support, evidence_at, source_years
from kzfacts.text.anchor import Anchor, PreparedSource, anchor_quote
from kzfacts.values import Value, ValueType, find_values, parse_value, supports
from kzfacts.values.binding import PREDICATE_WORDS

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@dataclass(frozen=True)
class Case:
    id: str
    quote: str
    predicate: str
    value_type: ValueType
    value: Value
    text: PreparedSource
    published: datetime.date
    precision: str
    covers: str | None


def _cases() -> list[Case]:
    config = tomllib.loads((SEEDS / "sources.toml").read_text(encoding="utf-8"))
    sources: dict[str, dict[str, Any]] = {s["id"]: s for s in config["source"]}
    texts = {
        sid: PreparedSource((SEEDS / s["path"]).read_text(encoding="utf-8"))
        for sid, s in sources.items()
    }
    cases: list[Case] = []
    for path in sorted((SEEDS / "facts").glob("*.yaml")):
        for fact in yaml.safe_load(path.read_text(encoding="utf-8")):
            source = sources[fact["source"]]
            published = str(source["published"])
            day = datetime.date.fromisoformat((published + "-01-01")[: max(10, len(published))])
            precision = source.get("published_precision", "day")
            kind = ValueType(PREDICATE_WORDS[fact["predicate"]].value_type)
            value = parse_value(str(fact["value"]), kind, reference=day)
            cases.append(
                Case(
                    fact["id"], fact["quote"], fact["predicate"], kind, value,
                    texts[fact["source"]], day, precision, source.get("covers"),
                )
            )  # fmt: skip
    return cases


def _anchor(case: Case) -> Anchor:
    anchoring = anchor_quote(case.quote, case.text)
    assert anchoring.anchor is not None, case.id
    return anchoring.anchor


def baseline(case: Case) -> bool:
    """As before: anchor, then read the editor's copy of the quote."""
    _anchor(case)
    stated = find_values(case.quote, case.value_type, reference=case.published)
    return any(supports(m, case.value) for m in stated)


def bound(case: Case) -> bool:
    """Now: anchor, then read the source span, bound to the predicate, with the year rules."""
    anchor = _anchor(case)
    years = source_years(case.published, case.precision, case.covers)
    dates = case.value_type is ValueType.DATE
    evidence = evidence_at(case.text.raw, anchor.start, anchor.end, years, dates=dates)
    return check_support(evidence, case.value, case.predicate, case.value_type) is None


def public(case: Case) -> bool:
    """The public API's whole verification of the fact: accepted when it finds no error."""
    result = verify_fact(
        case.quote, case.value.text, case.value_type.value, case.text.raw,
        predicate=case.predicate, published=case.published, precision=case.precision,
        covers=case.covers, fact_id=case.id,
    )  # fmt: skip
    return not result.errors


def anchoring_only(case: Case) -> bool:
    _anchor(case)
    return True


def _best(
    checks: list[Callable[[Case], bool]], cases: list[Case], rounds: int
) -> list[tuple[float, list[bool]]]:
    """For each check, the best total time over `rounds`, in seconds, and its verdicts. The
    checks take turns within each round, so that a busy machine slows them alike."""
    times: list[list[float]] = [[] for _ in checks]
    verdicts: list[list[bool]] = [[] for _ in checks]
    for _ in range(rounds):
        for i, check in enumerate(checks):
            started = time.perf_counter()
            verdicts[i] = [check(case) for case in cases]
            times[i].append(time.perf_counter() - started)
    return [(min(t), v) for t, v in zip(times, verdicts, strict=True)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    cases = _cases()
    for case in cases:  # warm the sources' normalised forms and the parser's caches
        bound(case)
        baseline(case)
    timed = _best([anchoring_only, baseline, bound, public], cases, args.rounds)
    (anchor_time, _), (old_time, old), (new_time, new), (api_time, api) = timed
    per = 1000 / len(cases)
    print(f"{len(cases)} seed facts, best of {args.rounds} rounds, per fact:")
    print(f"  anchoring alone                     {anchor_time * per:8.3f} ms")
    print(f"  without the binding rules (before)  {old_time * per:8.3f} ms")
    print(f"  with the binding rules              {new_time * per:8.3f} ms")
    print(f"  kzfacts.verify_fact (public API)    {api_time * per:8.3f} ms  (prepares the text)")
    print(
        f"  ratio {new_time / old_time:.2f}; value check alone: before "
        f"{(old_time - anchor_time) * per:.3f} ms, now {(new_time - anchor_time) * per:.3f} ms"
    )
    spread = statistics.mean(len(c.quote) for c in cases)
    print(f"  (quotes average {spread:.0f} characters)")
    print(f"accepted before: {sum(old)}, accepted now: {sum(new)}, by verify_fact: {sum(api)}")
    refused = [c.id for c, was, now in zip(cases, old, new, strict=True) if was and not now]
    for fact_id in refused:
        print(f"  refused now: {fact_id}")
    differ = [c.id for c, now, by_api in zip(cases, new, api, strict=True) if now != by_api]
    for fact_id in differ:
        print(f"  verify_fact and the binding rules differ: {fact_id}")
    return 1 if refused or differ else 0


if __name__ == "__main__":
    sys.exit(main())
