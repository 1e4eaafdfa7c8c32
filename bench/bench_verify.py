"""Benchmark: per-fact verification time of `fact add`, before and after claim binding.

Both run in the same process on the 173 seed facts, best of several rounds:

- before: the checks `fact add` ran before claim binding — anchor the quote (`check_quote`),
  then check the value against it (`parse_fact_value`, `check_support`);
- after: `verify_fact`, the one pipeline of add, import, load and audit — the same, plus word
  boundaries, elisions, qualifiers at the edges, `as_of` and the subject bound to the text.

Each source is prepared (normalised) once per round, as an import does.

    python bench/bench_verify.py [--rounds 5]

Not run by CI.
"""

from __future__ import annotations

import argparse
import time
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from kzfacts.checks.facts import FactItem, verify_fact
from kzfacts.checks.quotes import check_quote
from kzfacts.checks.subjects import EntityNames, catalog_of
from kzfacts.checks.values import check_support, parse_fact_value
from kzfacts.ops.sources import parse_published
from kzfacts.text.anchor import PreparedSource
from kzfacts.values import ValueType

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
TYPES = {
    "amount": "money", "arrest_date": "date", "ban_length": "duration", "closed_count": "count",
    "closure_date": "date", "confiscated_count": "count", "count": "count", "death_toll": "count",
    "detained_count": "count", "detention_length": "duration", "duration": "duration",
    "event_date": "date", "injured_count": "count", "law_adopted_date": "date",
    "law_in_force_date": "date", "member_count": "count", "participant_count": "count",
    "percentage": "percent", "registration_date": "date", "release_date": "date",
    "sentence_date": "date", "sentence_length": "duration", "status": "status",
}  # fmt: skip


def _load() -> tuple[dict[str, tuple[str, date | None]], list[dict[str, Any]], list[EntityNames]]:
    meta = tomllib.loads((SEEDS / "sources.toml").read_text(encoding="utf-8"))
    sources = {
        s["id"]: (
            (SEEDS / s["path"]).read_text(encoding="utf-8"),
            parse_published(str(s["published"]))[0] if s.get("published") else None,
        )
        for s in meta["source"]
    }
    facts = [
        f
        for path in sorted((SEEDS / "facts").glob("*.yaml"))
        for f in yaml.safe_load(path.read_text(encoding="utf-8"))
    ]
    entities = [
        EntityNames(e["id"], e["name"], e["kind"], tuple(e.get("aliases") or ()))
        for path in sorted((SEEDS / "entities").glob("*.yaml"))
        for e in yaml.safe_load(path.read_text(encoding="utf-8"))
    ]
    return sources, facts, entities


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    sources, facts, entities = _load()
    catalog = catalog_of({e.id: e for e in entities}.values())
    assert all(TYPES[f["predicate"]] in {t.value for t in ValueType} for f in facts)

    def before() -> None:
        prepared = {k: PreparedSource(raw) for k, (raw, _) in sources.items()}
        for f in facts:
            reference = sources[f["source"]][1]
            value, _ = parse_fact_value(str(f["value"]), TYPES[f["predicate"]], reference)
            checked = check_quote(f["quote"], prepared[f["source"]])
            if checked.accepted and value is not None:
                check_support(f["quote"], value, TYPES[f["predicate"]], reference)

    def after() -> None:
        prepared = {k: PreparedSource(raw) for k, (raw, _) in sources.items()}
        for f in facts:
            item = FactItem(
                id=f["id"], source_id=f["source"], quote=f["quote"], value=str(f["value"]),
                value_type=TYPES[f["predicate"]], reference=sources[f["source"]][1], hint=None,
                anchor_sha256=None, anchor_verdict=None, anchor_detail=None,
                as_of=str(f["as_of"]) if f.get("as_of") else None, subject=f["subject"],
                entity_id=f.get("entity"),
            )  # fmt: skip
            result = verify_fact(item, prepared[f["source"]], "", catalog)
            assert not result.errors, (f["id"], result.errors)

    timings: dict[str, float] = {}
    for name, run in (("before", before), ("after", after)):
        best = float("inf")
        for _ in range(args.rounds):
            start = time.perf_counter()
            run()
            best = min(best, time.perf_counter() - start)
        timings[name] = best
    for name, best in timings.items():
        print(f"{name:>6}: {1000 * best / len(facts):.2f} ms per fact ({len(facts)} seed facts)")
    print(f" ratio: {timings['after'] / timings['before']:.2f}")


if __name__ == "__main__":
    main()
