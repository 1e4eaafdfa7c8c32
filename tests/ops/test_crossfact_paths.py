"""The audit's contradiction pass compares only the facts that share an entity and predicate
(and the revisions that may link them); its findings must equal those of every fact's view
given to the check. Held on the seed database and on a generated corpus of many people
sharing few surnames, with values that agree and disagree, events, periods and chains of
revisions running through facts about other predicates.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select as core_select
from sqlalchemy import text as sql_text
from sqlalchemy.engine import make_url
from sqlmodel import Session, col, select

from kzfacts.api import FactDB
from kzfacts.checks.contradictions import find_contradictions
from kzfacts.services.audit.crossfacts import (
    CROSS_COLUMNS,
    contradictions,
    contradictions_among,
    fact_views,
    may_disagree,
)
from kzfacts.services.audit.shares import contradictions_in_worker
from kzfacts.services.audit.state import (
    FULL_COLUMNS,
    SourceState,
    fact_rows,
    read_sources,
    row_type,
)
from kzfacts.store.models import Entity, Predicate, Source
from tests.conftest import database_url

SURNAMES = ("Kim", "Tokayev", "Ivanov", "Abenov")
GIVEN = ("Aleksandr", "Marat", "Yerlan", "Dina", "Aigul", "Sergei", "Nurlan", "Olga")
PREDICATES = {  # name: (value type, changes over time), a state, events and a once-only fact
    "sentence_length": ("duration", True),
    "arrest_date": ("date", False),
    "detained_count": ("count", False),
    "status": ("status", True),
    "member_count": ("count", False),
}


def every_fact(
    rows: list[Any],
    predicates: dict[str, Predicate],
    states: dict[str, SourceState],
    kinds: dict[str, str],
) -> list[tuple[Any, ...]]:
    """The straightforward pass: every fact made into a view and given to the check."""
    views, _ = fact_views(rows, predicates, {sid: state.row for sid, state in states.items()})
    changes = {name: p.changes_over_time for name, p in predicates.items()}
    found = find_contradictions(views, changes, kinds)
    return [(f.code, f.fact, f.source, f.message, f.detail) for f in found]


def fast(
    rows: list[Any],
    predicates: dict[str, Predicate],
    states: dict[str, SourceState],
    kinds: dict[str, str],
) -> list[tuple[Any, ...]]:
    """The audit's pass, its sides' places left out (the straightforward pass has none)."""
    found = contradictions(rows, predicates, states, kinds)
    for finding in found:
        assert finding.location is not None
    return [(f.code, f.fact, f.source, f.message, _unplaced(f.detail)) for f in found]


def _unplaced(detail: dict[str, Any]) -> dict[str, Any]:
    sides = [{k: v for k, v in side.items() if k != "location"} for side in detail["sides"]]
    return {**detail, "sides": sides}


def test_seed_database_contradictions_equal_every_facts(seeded: Path) -> None:
    """The seed facts agree; each numeric one is then given a rival stating one more, in the
    same source and place, so that every entity and predicate with a number disagrees."""
    with FactDB.open(database_url(), root=seeded) as db, db.read() as session:
        rows = fact_rows(session, FULL_COLUMNS)
        predicates = {p.name: p for p in session.exec(select(Predicate))}
        states, _ = read_sources(session, seeded, None, set(), False)
        kinds = dict(session.execute(core_select(col(Entity.id), col(Entity.kind))).all())
    assert fast(rows, predicates, states, kinds) == every_fact(rows, predicates, states, kinds)
    assert fast(rows, predicates, states, kinds) == []
    rivals = [
        row._replace(
            id=f"{row.id}-rival", value=f"{row.value} (rival)", supersedes=None,
            value_low=row.value_low + 1, value_high=row.value_high + 1,
        )
        for row in rows
        if row.value_low is not None and row.value_high is not None and row.entity_id
    ]  # fmt: skip
    both = rows + rivals
    found = fast(both, predicates, states, kinds)
    assert found == every_fact(both, predicates, states, kinds)
    assert len(found) == SEED_RIVAL_FINDINGS


SEED_RIVAL_FINDINGS = 58
SELECTED_BY_STEP = [15, 17, 25, 37, 39, 41, 47, 47, 49, 51, 53, 55, 57, 59, 61]
FOUND_BY_STEP = [0, 0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2]


def generated(seed: int, people: int, facts: int) -> tuple[list[Any], dict[str, SourceState]]:
    """Facts about `people` people sharing four surnames, over ten sources: a third with
    stored bounds missing (read from the value text), some revising an earlier fact of any
    predicate, some with an event key or a time of validity, some with no entity."""
    rng = random.Random(seed)
    shape = row_type(FULL_COLUMNS)
    sources = {
        f"src-{i}": SourceState(
            Source(
                id=f"src-{i}", path=f"src-{i}.txt", sha256="0" * 64, length=10,
                published=date(2010, 1, 1) + timedelta(days=40 * i),
                published_precision=("day", "month", "year")[i % 3],
            ),
            text="quoted text " * 40,
        )
        for i in range(10)
    }  # fmt: skip
    names = [f"{rng.choice(GIVEN)}-{rng.choice(SURNAMES)}-{i}".lower() for i in range(people)]
    rows: list[Any] = []
    for n in range(facts):
        predicate = rng.choice(list(PREDICATES))
        kind, _ = PREDICATES[predicate]
        low, text = stated(kind, rng)
        stored = rng.random() > 0.3
        valid = rng.random() < 0.3
        start = date(2011, 1, 1) + timedelta(days=rng.randrange(0, 900))
        values: dict[str, Any] = {
            "id": f"fact-{n:05d}",
            "source_id": f"src-{rng.randrange(10)}",
            "quote": "quoted text",
            "value": text,
            "predicate": predicate,
            "entity_id": None if rng.random() < 0.03 else rng.choice(names),
            "position_start": rng.randrange(0, 400),
            "value_low": low if stored and kind != "status" else None,
            "value_high": low if stored and kind != "status" else None,
            "value_unit": {"duration": "day"}.get(kind) if stored else None,
            "value_category": text if stored and kind == "status" else None,
            "valid_from": start if valid else None,
            "valid_to": start + timedelta(days=rng.choice((0, 30, 365))) if valid else None,
            "supersedes": (f"fact-{rng.randrange(n):05d}" if n and rng.random() < 0.08 else None),
            "event_key": rng.choice(("protest", "trial")) if rng.random() < 0.1 else None,
        }
        values["position_end"] = values["position_start"] + len("quoted text")
        rows.append(shape(**{name: values.get(name) for name in FULL_COLUMNS}))
    return rows, sources


def stated(kind: str, rng: random.Random) -> tuple[float | None, str]:
    """A value of `kind` (its lower bound as stored, and its text), drawn from a few so that
    facts agree and disagree."""
    if kind == "duration":
        years = rng.choice((2, 3, 5))
        return years * 365.25, f"{years} years"
    if kind == "date":
        day = date(2011, 12, 16) + timedelta(days=rng.choice((0, 0, 1, 30, 400)))
        return day.toordinal(), day.isoformat()
    if kind == "count":
        count = rng.choice((10, 12, 15))
        return count, str(count)
    return None, rng.choice(("detained", "released", "convicted"))


PREDICATE_ROWS = {
    name: Predicate(name=name, value_type=kind, changes_over_time=changes)
    for name, (kind, changes) in PREDICATES.items()
}


def test_many_people_sharing_surnames_contradictions_equal_every_facts() -> None:
    for seed in range(6):
        rows, states = generated(seed, people=300, facts=3000)
        kinds = {row.entity_id: "person" for row in rows if row.entity_id}
        found = fast(rows, PREDICATE_ROWS, states, kinds)
        assert found == every_fact(rows, PREDICATE_ROWS, states, kinds)
        assert len(found) > 50  # made to disagree: the comparison is of many findings


def test_a_revision_chain_through_a_fact_alone_still_links_its_ends() -> None:
    """fact-c revises fact-b (a lone arrest date), which revises fact-a: a and c are
    revisions of one another, not a contradiction, though their sentences disagree."""
    _, states = generated(0, people=1, facts=0)
    shape = row_type(FULL_COLUMNS)
    blank = dict.fromkeys(FULL_COLUMNS)
    common: dict[str, Any] = {"source_id": "src-1", "quote": "quoted text", "entity_id": "kim"}
    common |= {"position_start": 0, "position_end": 11}
    a, b, c = (
        shape(**{**blank, **common, **values})
        for values in (
            {"id": "fact-a", "predicate": "sentence_length", "value": "5 years"},
            {"id": "fact-b", "predicate": "arrest_date", "value": "16 December 2011",
             "supersedes": "fact-a"},
            {"id": "fact-c", "predicate": "sentence_length", "value": "2 years",
             "supersedes": "fact-b"},
        )
    )  # fmt: skip
    kinds = {"kim": "person"}
    assert fast([a, b, c], PREDICATE_ROWS, states, kinds) == []
    assert every_fact([a, b, c], PREDICATE_ROWS, states, kinds) == []
    broken = fast([a, c], PREDICATE_ROWS, states, kinds)  # without the link: they disagree
    assert [(f[1], [v["value"] for v in f[4]["values"]]) for f in broken] == [
        ("fact-a", ["5 years", "2 years"])
    ]


def test_facts_that_state_one_stored_value_are_compared_only_with_a_revision_among_them() -> None:
    """Facts of one entity and predicate that all store the same value cannot disagree, and
    are not made into values; but one of them that revises another is, so that the chain
    fact-c -> fact-b -> fact-a still links fact-a and fact-c."""
    _, states = generated(0, people=1, facts=0)
    shape = row_type(FULL_COLUMNS)
    blank = dict.fromkeys(FULL_COLUMNS)
    common: dict[str, Any] = {"source_id": "src-1", "quote": "quoted text", "entity_id": "kim"}
    common |= {"position_start": 0, "position_end": 11}
    day = float(date(2011, 12, 16).toordinal())
    arrest = {"predicate": "arrest_date", "value": "16 December 2011", "value_low": day,
              "value_high": day, "value_unit": ""}  # fmt: skip
    years = {"predicate": "sentence_length", "value_unit": "day"}
    a, b, c, d, e = (
        shape(**{**blank, **common, **values})
        for values in (
            {"id": "fact-a", "value": "5 years", "value_low": 1826.25, "value_high": 1826.25,
             **years},
            {"id": "fact-b", **arrest, "supersedes": "fact-a"},
            {"id": "fact-c", "value": "2 years", "value_low": 730.5, "value_high": 730.5,
             "supersedes": "fact-b", **years},
            {"id": "fact-d", **arrest},
            {"id": "fact-e", **arrest},
        )
    )  # fmt: skip
    kinds = {"kim": "person"}
    assert fast([a, b, c, d, e], PREDICATE_ROWS, states, kinds) == []
    assert every_fact([a, b, c, d, e], PREDICATE_ROWS, states, kinds) == []
    broken = fast([a, c, d, e], PREDICATE_ROWS, states, kinds)  # without the link: they disagree
    assert [(f[1], [v["value"] for v in f[4]["values"]]) for f in broken] == [
        ("fact-a", ["5 years", "2 years"])
    ]
    assert broken == every_fact([a, c, d, e], PREDICATE_ROWS, states, kinds)


CROSS_COPY = ", ".join(c for c in (*CROSS_COLUMNS, "created_at", "updated_at") if c != "id")


def _copies(session: Session, suffix: str, changed: dict[str, str], where: str) -> None:
    """Copies of the facts `where` selects, with id `<id>-<suffix>` and the columns `changed`
    set to SQL expressions (of the original's columns)."""
    columns = CROSS_COPY.split(", ")
    picked = ", ".join(changed.get(c, c) for c in columns)
    session.execute(
        sql_text(
            f"INSERT INTO fact (id, {CROSS_COPY}) "
            f"SELECT id || '-{suffix}', {picked} FROM fact WHERE {where}"
        )
    )


def _may_disagree_by_hand(rows: list[Any]) -> set[str]:
    """What `may_disagree` must select, written out: the facts that revise another, and those
    with an entity whose entity and predicate have facts storing different values, a fact
    with no stored value counting as a value of its own."""
    values: dict[tuple[Any, str], set[Any]] = {}
    for row in rows:
        read = row.value_low is None and row.value_high is None and row.value_category is None
        stored = (row.value_low, row.value_high, row.value_unit, row.value_category)
        values.setdefault((row.entity_id, row.predicate), set()).add(row.id if read else stored)
    return {
        row.id
        for row in rows
        if row.supersedes is not None
        or (row.entity_id is not None and len(values[row.entity_id, row.predicate]) > 1)
    }


def _narrowed(session: Session) -> tuple[list[Any], list[Any]]:
    return fact_rows(session, CROSS_COLUMNS), fact_rows(
        session, CROSS_COLUMNS, where=may_disagree(session.connection().dialect.name)
    )


def test_the_worker_reads_only_the_facts_that_may_disagree_and_finds_the_same(
    seeded: Path,
) -> None:
    """On the seed database, whose facts agree, and after each kind of disagreement is added
    (another stored value, a unit, a fact whose value is read from its text, a revision, and
    each value column alone differing or missing beside a value), the rows `may_disagree`
    selects are exactly those written out by hand, and the contradictions found among them, by
    the worker too, are those found among every fact. Dropping any clause of the condition
    fails it."""
    database = make_url(database_url())
    numbers = "value_low IS NOT NULL AND entity_id IS NOT NULL"
    toll = "predicate = 'death_toll'"
    read = {"value_low": "NULL", "value_high": "NULL", "value_category": "NULL"}
    steps: list[tuple[str, dict[str, str], str]] = [
        ("same", {}, "predicate = 'sentence_length'"),  # agree: selected by none
        ("rival", {"value_low": "value_low + 1", "value_high": "value_high + 1"},
         f"{numbers} AND predicate = 'detained_count'"),
        ("unit", {"value_unit": "'month'"}, f"{numbers} AND predicate = 'sentence_length'"),
        ("read", read, toll),
        ("revises", {"supersedes": "id"}, "predicate = 'release_date'"),
        ("no-unit", {"value_unit": "NULL"}, "predicate = 'participant_count'"),
        *[(f"alone-{n}", {**read, "predicate": "'detained_count'"}, f"{numbers} AND {toll}")
          for n in (1, 2)],  # one fact whose value is read, then two and no other: both
        # Each column alone differs, or is missing beside a value, where one fact stood alone.
        ("low", {"value_low": "value_low - 1"}, "id = 'religion-law-2011-minimum-members'"),
        ("high", {"value_high": "value_high + 1"},
         "id = 'religion-law-2011-closed-groups-2012'"),
        ("no-low", {"value_low": "NULL"}, "id = 'zhanaozen-events-2011-injured-2012'"),
        ("no-high", {"value_high": "NULL"}, "id = 'cec-result-announcement-deadline'"),
        ("category", {"value_category": "'released'"}, "id = 'bapi-status-convicted'"),
        ("no-category", {"value_category": "NULL"}, "id = 'petrusheva-status-in-exile'"),
    ]  # fmt: skip
    selected: list[int] = []
    found: list[int] = []
    with FactDB.open(database_url(), root=seeded) as db:
        with db.read() as session:
            predicates = {p.name: p for p in session.exec(select(Predicate))}
            sources = {s.id: s for s in session.exec(select(Source))}
            kinds = dict(session.execute(core_select(col(Entity.id), col(Entity.kind))).all())
        for suffix, changed, where in [("", {}, ""), *steps]:
            with db.write() as session:
                if suffix:
                    _copies(session, suffix, changed, where)
            with db.read() as session:
                every, narrowed = _narrowed(session)
            assert {row.id for row in narrowed} == _may_disagree_by_hand(every)
            assert [row.id for row in narrowed] == [
                row.id for row in every if row in set(narrowed)
            ]  # in the audit's order
            among_every = contradictions_among(every, predicates, sources, kinds)
            assert contradictions_among(narrowed, predicates, sources, kinds) == among_every
            if database.get_backend_name() == "sqlite":
                assert contradictions_in_worker(database) == among_every
                with db.read() as session:  # the portable condition selects the same rows
                    portable = fact_rows(session, CROSS_COLUMNS, where=may_disagree("postgresql"))
                assert portable == narrowed
            selected.append(len(narrowed))
            found.append(len(among_every[0]))
    assert selected == SELECTED_BY_STEP
    assert found == FOUND_BY_STEP
