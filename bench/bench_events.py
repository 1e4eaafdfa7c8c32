"""Benchmark contradiction finding when many facts share few subjects: 100,000 facts about 400
people, many events each, a few genuine conflicts planted — against the same corpus without
shared subjects.

Steps (each kzfacts call runs in its own process through the Python API, bench/steps.py):

1. generate the synthetic corpus of bench/corpus.py (its facts are about ~N/5 people and ~N/6
   events, one value per entity and predicate: no contradictions) and plant K conflicts: a
   copy of a count fact of one event, filed under another event of the same predicate whose
   value is disjoint from it;
2. "distinct": the corpus as generated (each planted copy stays with its own event, so it
   agrees with it) — `FactDB.init`, `db.load`, `db.audit(full=True)` (cold), `db.audit()`
   (warm);
3. "shared": the same sources and quotes, every fact re-filed under one of 400 people, with
   the event it is about as its `event` key (`case-PERSON` for a sentence or a fine) — the
   same calls;
4. a table: cold and warm audit times of both, their ratio (target at most 1.5); the import
   (`db.load`) time of both, the distinct corpus's over the shared one's (many new people must
   cost per fact what a few cost: target at most 1.5); and whether the contradictions found
   equal the planted ones exactly (the distinct corpus: none).

    python bench/bench_events.py                                   # 1,000 sources, 100,000 facts
    python bench/bench_events.py --sources 100 --kb 20 --facts 10000  # a quick run

Not run by CI. Exit status 0 even when a target is missed: read the table.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import tempfile
from pathlib import Path
from typing import Any

from corpus import Entity, generate, write_corpus
from steps import run_step

from kzfacts import parse_value
from kzfacts.values import ValueType

PEOPLE = 400
COUNT_PREDICATES = ("death_toll", "detained_count", "participant_count", "count")
RATIO_TARGET = 1.5


def plant(
    rng: random.Random, facts: list[dict[str, Any]], owner: dict[str, Entity], count: int
) -> list[tuple[dict[str, Any], str]]:
    """`count` copies of count facts, each with the event it will be filed under in the shared
    corpus: another event of the same person and predicate whose value it contradicts."""
    by_person: dict[tuple[str, str], dict[str, dict[str, Any]]] = {}
    for fact in facts:
        if fact["predicate"] in COUNT_PREDICATES:
            key = (owner[fact["subject"]].id, fact["predicate"])
            by_person.setdefault(key, {}).setdefault(fact["subject"], fact)
    planted: list[tuple[dict[str, Any], str]] = []
    used: set[tuple[str, str, str]] = set()
    keys = sorted(k for k, events in by_person.items() if len(events) > 1)
    rng.shuffle(keys)
    for person, predicate in keys:
        events = by_person[(person, predicate)]
        source_event, target_event = rng.sample(sorted(events), 2)
        copied, target = events[source_event], events[target_event]
        a = parse_value(copied["value"], ValueType.COUNT)
        b = parse_value(target["value"], ValueType.COUNT)
        if (a.low <= b.high and b.low <= a.high) or (person, predicate, target_event) in used:
            continue
        used.add((person, predicate, target_event))
        record = {**copied, "id": f"planted-{len(planted):03d}"}
        planted.append((record, target_event))
        if len(planted) == count:
            break
    return planted


def event_key(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-")


def build(args: argparse.Namespace, work: Path) -> tuple[Path, Path, set[tuple[str, str, str]]]:
    """The two corpora on disk, and the (person, predicate, event key) of each planted conflict."""
    distinct = work / "distinct"
    corpus = generate(args.sources, args.kb, args.facts, seed=args.seed, out=distinct)
    rng = random.Random(args.seed)
    people = [e for e in corpus.entities if e.kind == "person"][:PEOPLE]
    owner = {e.name: people[rng.randrange(len(people))] for e in corpus.entities}
    planted = plant(rng, corpus.facts, owner, args.conflicts)
    corpus.facts += [record for record, _ in planted]
    write_corpus(corpus, distinct)

    shared = work / "shared"
    shutil.copytree(distinct / "sources", shared / "sources")
    shutil.copy(distinct / "sources.toml", shared / "sources.toml")
    (shared / "entities").mkdir()
    # Each person also goes by the names of the entities whose facts were re-filed to them, so
    # that the subject rule finds the fact's person named where its quote stands.
    names: dict[str, list[str]] = {p.id: [] for p in people}
    for entity in corpus.entities:
        if entity.name != owner[entity.name].name:
            names[owner[entity.name].id].append(entity.name)
    (shared / "entities" / "entities.yaml").write_text(
        "".join(
            f"- {{id: {p.id}, name: {json.dumps(p.name)}, kind: person, "
            f"aliases: {json.dumps(sorted(set(names[p.id])), ensure_ascii=False)}}}\n"
            for p in people
        ),
        encoding="utf-8",
    )
    retarget = {record["id"]: event for record, event in planted}
    kinds = {e.name: e.kind for e in corpus.entities}
    (shared / "facts").mkdir()
    with (shared / "facts" / "facts.jsonl").open("w", encoding="utf-8") as handle:
        for fact in corpus.facts:
            about = retarget.get(fact["id"], fact["subject"])
            person = owner[fact["subject"]]
            case = about if kinds[about] == "event" else f"case {about}"
            record = {**fact, "subject": person.name, "entity": person.id, "event": event_key(case)}
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    expected = {
        (owner[record["subject"]].id, record["predicate"], event_key(event))
        for record, event in planted
    }
    return distinct, shared, expected


def measure(folder: Path, repeat: int) -> dict[str, Any]:
    db = str(folder / "kzfacts.db")
    run_step("init", folder, db=db)
    load = run_step("load", folder, db=db, folder=str(folder)).wall  # a refusal stops here
    cold_run = min(
        (run_step("audit", folder, db=db, full=True) for _ in range(repeat)),
        key=lambda run: run.wall,
    )
    cold = cold_run.wall
    warm = min(run_step("audit", folder, db=db).wall for _ in range(repeat))
    findings = cold_run.json()["findings"]
    found = {
        (f["entity"], f["predicate"], f.get("event_key") or "")
        for f in findings
        if f["code"] == "contradiction"
    }
    other = sorted({f["code"] for f in findings} - {"contradiction"})
    return {"load": load, "cold": cold, "warm": warm, "found": found, "other": other,
            "contradictions": sum(f["code"] == "contradiction" for f in findings)}  # fmt: skip


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", type=int, default=1000)
    parser.add_argument("--kb", type=float, default=100.0, help="size of each source in KB")
    parser.add_argument("--facts", type=int, default=100_000)
    parser.add_argument("--conflicts", type=int, default=25, help="conflicts to plant")
    parser.add_argument("--seed", type=int, default=20111216)
    parser.add_argument("--repeat", type=int, default=1, help="best of N audits")
    parser.add_argument("--keep", type=Path, help="build the corpora in this folder and keep it")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="kzfacts-events-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        distinct, shared, expected = build(args, work)
        print(
            f"{args.facts:,} facts in {args.sources:,} sources; {len(expected)} planted conflicts"
        )
        results = {
            "distinct": measure(distinct, args.repeat),
            "shared": measure(shared, args.repeat),
        }
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    base, many = results["distinct"], results["shared"]
    print(f"\n{'figure':<34} {'distinct':>10} {'shared':>10} {'ratio':>7}  target")
    for step in ("cold", "warm"):
        ratio = many[step] / base[step]
        verdict = "met" if ratio <= RATIO_TARGET else "MISSED"
        label = {"cold": "audit --full (cold)", "warm": "audit (warm)"}
        print(
            f"{label[step] + ' s':<34} {base[step]:>10.1f} {many[step]:>10.1f} {ratio:>7.2f}  "
            f"≤ {RATIO_TARGET}  {verdict}"
        )
    # Importing facts about many new people must cost per fact what facts about a few cost:
    # here the ratio is the other way round, the distinct corpus (~N/5 people) over the shared.
    ratio = base["load"] / many["load"]
    verdict = "met" if ratio <= RATIO_TARGET else "MISSED"
    print(
        f"{'load (import) s, many people':<34} {base['load']:>10.1f} {many['load']:>10.1f} "
        f"{ratio:>7.2f}  ≤ {RATIO_TARGET} (distinct over shared)  {verdict}"
    )
    print(
        f"{'contradiction findings':<34} {base['contradictions']:>10} {many['contradictions']:>10}"
    )
    exact = many["found"] == expected and not base["found"]
    print(f"findings equal the planted conflicts: {'yes' if exact else 'NO'}")
    if not exact:
        print(f"  missed: {sorted(expected - many['found'])[:10]}")
        print(f"  extra:  {sorted(many['found'] - expected)[:10]}")
        print(f"  in the distinct corpus: {sorted(base['found'])[:10]}")
    for name, result in results.items():
        if result["other"]:
            print(f"  other finding codes ({name}): {', '.join(result['other'])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
