"""How well `kzfacts suggest` proposes the shipped facts of the seed corpus.

For each seed document, `suggest` runs against a database holding the seed sources and entities
but no facts (the ignored-mention lists of `seeds/ignored_mentions` are honoured, as `source
coverage` honours them). A proposal matches a shipped fact when both name the same entity and
predicate and their values are the same interval (statuses: the same status). Recall: shipped
facts proposed; precision: proposals that are shipped facts.

The database is made through the Python API (`FactDB.init`, `db.load` of the seeds without their
facts); `suggest` and the predicates' value types come from its services in one `db.read()`
session, the API's unit of work for the services `FactDB` does not wrap.

Run: python bench/bench_suggest.py [--seeds DIR] [--min-confidence X]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from sqlmodel import select

from kzfacts import FactDB, parse_value
from kzfacts.services.records.read import read_records
from kzfacts.services.sources.coverage import read_ignored
from kzfacts.services.sources.suggest import suggest_facts
from kzfacts.store.models import Predicate, Source
from kzfacts.values import ValueType

Key = tuple[str, str, Any]


def _key(entity: str, predicate: str, value: str, value_type: str, reference: Any) -> Key:
    parsed = parse_value(value, ValueType(value_type), reference=reference)
    if parsed.type is ValueType.STATUS:
        return entity, predicate, parsed.category
    return entity, predicate, (parsed.low, parsed.high, parsed.unit)


def measure(seeds: Path, min_confidence: float) -> list[tuple[str, int, int, int]]:
    """(source, shipped facts, proposals, matches) per seed document."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "seeds"
        shutil.copytree(seeds, folder, ignore=shutil.ignore_patterns("facts"))
        db = FactDB.init(Path(tmp) / "bench.db", root=tmp)
        db.load(folder)
        ignored = read_ignored([seeds / "ignored_mentions"])
        rows = []
        with db.read() as session:
            types = {p.name: p.value_type for p in session.exec(select(Predicate))}
            sources = {s.id: s for s in session.exec(select(Source).order_by(Source.id))}
            shipped: dict[str, Counter[Key]] = {sid: Counter() for sid in sources}
            for path in sorted((seeds / "facts").iterdir()):
                for _, record in read_records(path):
                    source = sources[record["source"]]
                    shipped[source.id][
                        _key(record["entity"], record["predicate"], str(record["value"]),
                             types[record["predicate"]], source.published)
                    ] += 1  # fmt: skip
            for source_id, source in sources.items():
                proposals = [
                    s
                    for s in suggest_facts(session, Path(tmp), source_id, ignored.get(source_id))
                    if s.confidence >= min_confidence
                ]
                proposed = Counter(
                    _key(s.record.get("entity", ""), s.record["predicate"], s.record["value"],
                         types[s.record["predicate"]], source.published)
                    for s in proposals
                )  # fmt: skip
                matches = sum((proposed & shipped[source_id]).values())
                rows.append((source_id, sum(shipped[source_id].values()), len(proposals), matches))
        db.close()
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=Path("seeds"))
    parser.add_argument("--min-confidence", type=float, default=0.0)
    args = parser.parse_args()
    rows = measure(args.seeds, args.min_confidence)
    print("| document | shipped facts | proposals | matching | recall | precision |")
    print("|---|---:|---:|---:|---:|---:|")
    totals = [0, 0, 0]
    for source_id, shipped, proposals, matches in rows:
        totals = [totals[0] + shipped, totals[1] + proposals, totals[2] + matches]
        recall = matches / shipped if shipped else 0.0
        precision = matches / proposals if proposals else 0.0
        print(
            f"| {source_id} | {shipped} | {proposals} | {matches} | {recall:.0%} | {precision:.0%} |"
        )
    shipped, proposals, matches = totals
    print(
        f"| all | {shipped} | {proposals} | {matches} | {matches / shipped:.0%} | "
        f"{matches / proposals:.0%} |"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
