"""The duplicate-entity pass scores only the entities whose names may pair (`may_pair`, from
rare name parts); its pairs must equal those of scoring every entity, in the same order.
Held on the seed database, on a generated corpus of many people sharing few surnames with
planted spellings of one another (transliterations, initials, patronymics, bare surnames,
feminine forms), and on random names.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select as core_select
from sqlalchemy.engine import URL, make_url
from sqlmodel import col

from kzfacts.api import FactDB
from kzfacts.services import entities as entities_module
from kzfacts.services.audit import crossfacts, shares
from kzfacts.services.audit.shares import (
    ShareRequest,
    contradictions_in_worker,
    duplicates_in_worker,
)
from kzfacts.services.audit.workers import openable
from kzfacts.services.entities import (
    DUPLICATE_THRESHOLD,
    candidates,
    declared_distinct,
    duplicate_pairs,
    plausible_duplicates,
)
from kzfacts.store.models import Entity
from kzfacts.text.names import NameCandidate, NameMatch, probable_duplicates
from tests.cli.test_warm_audit import write_letters
from tests.conftest import Run, database_url

Pairs = list[tuple[NameMatch, NameMatch]]

GIVEN = ["Evgeniy", "Yevgeniy", "Aleksandr", "Aleksandra", "Marat", "Nursultan", "Vladimir",
         "Dmitry", "Dmitriy", "Yerlan", "Ermek", "Aigul", "Zharmakhan", "Zharmahan"]  # fmt: skip
SURNAMES = ["Zhovtis", "Kozlov", "Kozlova", "Nazarbaev", "Nazarbayev", "Kim", "Kin",
            "Tuyakbai", "Tuyakbay", "Tajigulov", "Ivanov", "Ivanova"]  # fmt: skip
PATRONYMICS = ["Petrovich", "Aleksandrovich", "Abishevich"]


def every_entity(group: list[NameCandidate]) -> Pairs:
    return probable_duplicates(group, threshold=DUPLICATE_THRESHOLD)


def spelling(rng: random.Random, given: str, surname: str) -> str:
    """One way a source writes a person: in full, with an initial or a patronymic, the
    surname alone or first, or with a title."""
    return rng.choice(
        [
            f"{given} {surname}",
            f"{given[0]}. {surname}",
            f"{given[:2]}. {surname}",
            f"{given} {rng.choice(PATRONYMICS)} {surname}",
            surname,
            f"{surname} {given[0]}.",
            f"President {surname}",
            f"{given} {surname}-{rng.choice(SURNAMES)}",
        ]
    )


def people(seed: int, count: int) -> list[NameCandidate]:
    rng = random.Random(seed)
    group = []
    for i in range(count):
        given, surname = rng.choice(GIVEN), rng.choice(SURNAMES)
        names = [spelling(rng, given, surname) for _ in range(rng.choice((1, 1, 1, 2)))]
        surnames = (surname,) if rng.random() < 0.3 else ()
        group.append(NameCandidate(f"person-{i}", tuple(dict.fromkeys(names)), surnames))
    return group


def test_people_sharing_surnames_pair_as_when_every_entity_is_scored() -> None:
    for seed in range(5):
        group = people(seed, 400)
        found = plausible_duplicates(group)
        assert found == every_entity(group)
        assert len(found) > 100  # many plausible pairs: the comparison is of real pairs


def test_a_corpus_of_distinct_people_pairs_only_its_planted_spellings() -> None:
    group = [
        NameCandidate(f"p{i}", (f"{given} {surname}",))
        for i, (given, surname) in enumerate((g, s) for g in GIVEN[::2] for s in SURNAMES[::3])
    ]
    group += [
        NameCandidate("zhovtis-again", ("Yevgeniy Zhovtis",)),
        NameCandidate("tuyakbai-again", ("Zharmahan Tuyakbay",)),
    ]
    found = plausible_duplicates(group)
    assert found == every_entity(group)
    assert [(a.matched_name, b.matched_name) for a, b in found] == [
        ("Evgeniy Zhovtis", "Yevgeniy Zhovtis")
    ]


NAME_PARTS = st.sampled_from([*GIVEN[:6], *SURNAMES[:6], "M.", "Ye.", "Human", "Rights"])
NAMES = st.lists(NAME_PARTS, min_size=1, max_size=4).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(NAMES, min_size=1, max_size=3), min_size=2, max_size=8))
def test_random_names_pair_as_when_every_entity_is_scored(names: list[list[str]]) -> None:
    group = [NameCandidate(f"e{i}", tuple(n)) for i, n in enumerate(names)]
    assert plausible_duplicates(group) == every_entity(group)


def test_seed_database_duplicates_equal_every_entitys(seeded: Path) -> None:
    with FactDB.open(database_url(), root=seeded) as db, db.read() as session:
        found = duplicate_pairs(session)
        kinds = dict(session.execute(core_select(col(Entity.id), col(Entity.kind))).all())
        distinct = declared_distinct(session)
        by_kind: dict[str, list[NameCandidate]] = {}
        for candidate in candidates(session):
            by_kind.setdefault(kinds[candidate.entity_id], []).append(candidate)
    expected = [
        (a, b)
        for kind in sorted(by_kind)
        for a, b in every_entity(by_kind[kind])
        if frozenset((a.entity_id, b.entity_id)) not in distinct
    ]
    assert found == expected


def test_idle_workers_find_the_duplicates_and_contradictions_an_audit_alone_finds(
    seeded: Path,
    run: Run,
    clone_database: Callable[[], str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """A first audit with workers has them read the entities and the fact rows, score the
    names and compare the values while it reads the sources and rows itself; with one
    process, it does both itself: the same findings."""
    assert run("load", str(write_letters(seeded))).exit_code == 0
    done_by = tmp_path / "done-by"
    score, compare = entities_module.plausible_duplicates, crossfacts.find_contradictions

    def record(what: str) -> None:
        with done_by.open("a", encoding="utf-8") as record:  # a worker is forked with the spies
            record.write(f"{what} {os.getpid()}\n")

    def scored(group: list[NameCandidate]) -> Pairs:
        record("scored")
        return score(group)

    def compared(*args: Any) -> Any:
        record("compared")
        return compare(*args)

    monkeypatch.setattr(entities_module, "plausible_duplicates", scored)
    monkeypatch.setattr(crossfacts, "find_contradictions", compared)
    findings, doers = {}, {}
    for workers in (1, 2):
        audited = run(
            "--db", clone_database(), "audit", "--workers", str(workers), "--format", "json"
        )
        assert audited.exit_code == 0, audited.output  # warnings: a contradiction, a duplicate
        findings[workers] = json.loads(audited.output)["findings"]
        doers[workers] = set(done_by.read_text(encoding="utf-8").splitlines())
        done_by.unlink()

    assert findings[2] == findings[1]
    assert [f["entities"] for f in findings[2] if f["code"] == "duplicate-entity"] == [
        ["evgenia-nurlanova", "yevgenia-nurlanova"]
    ]
    assert [f["fact"] for f in findings[2] if f["code"] == "contradiction"] == ["nurlanova-five"]
    here = os.getpid()
    assert doers[1] == {f"scored {here}", f"compared {here}"}
    if not database_url().startswith("sqlite"):  # another writer may commit between two reads
        assert doers[2] == doers[1]  # so the audit finds them among the rows it checked
        return
    workers_done = {d.split()[1] for d in doers[2]}
    assert {d.split()[0] for d in doers[2]} == {"scored", "compared"}
    assert str(here) not in workers_done  # the workers did both


def test_a_worker_that_cannot_read_the_database_leaves_the_cross_facts_to_the_audit(
    tmp_path: Path,
) -> None:
    unreadable = URL.create("sqlite", database=str(tmp_path / "no-tables.db"))
    assert duplicates_in_worker(unreadable) is None
    assert contradictions_in_worker(unreadable) is None


def test_workers_read_for_the_audit_only_on_an_sqlite_file(seeded: Path) -> None:
    """On an SQLite file the audit holds the write lock from its start; on PostgreSQL a fact
    committed between a worker's read and the audit's would be checked without its
    contradictions: no worker reads for the audit there."""
    with FactDB.open(database_url(), root=seeded) as db, db.read() as session:
        url = openable(session)
    if database_url().startswith("sqlite"):
        assert url is not None and url.database == str(seeded / "kzfacts.db")
    else:
        assert url is None


@pytest.mark.sqlite_only
def test_a_worker_whose_driver_read_fails_leaves_its_work_to_the_audit(
    seeded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fact rows are read through the SQLite driver's own cursor (`fact_rows`): a failure
    there is the driver's error, not SQLAlchemy's, and leaves the work to the audit as well."""
    database = make_url(database_url())
    assert contradictions_in_worker(database) is not None  # the honest neighbour
    shared = ("hrw-2009-stalled-reforms",)
    request = ShareRequest(database, seeded, False, shared, frozenset(shared), 400)
    assert set(shares.told_in_worker(request)) == {"hrw-2009-stalled-reforms"}

    def failing(*args: Any, **kwargs: Any) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(shares, "fact_rows", failing)
    assert contradictions_in_worker(database) is None
    assert shares.told_in_worker(request) == {}


def _cannot_read(database: URL) -> None:
    """A worker's answer when the database cannot be read now (`contradictions_in_worker`,
    `duplicates_in_worker`)."""
    return None


def test_an_audit_whose_worker_could_not_read_finds_the_cross_facts_itself(
    seeded: Path,
    run: Run,
    clone_database: Callable[[], str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The audit read only what checking the facts reads (a worker was to compare the values):
    it reads the rest then, and finds what the worker would have."""
    assert run("load", str(write_letters(seeded))).exit_code == 0
    alone = run("--db", clone_database(), "audit", "--workers", "1", "--format", "json")
    monkeypatch.setattr(shares, "duplicates_in_worker", _cannot_read)
    monkeypatch.setattr(shares, "contradictions_in_worker", _cannot_read)
    with_worker = run("--db", clone_database(), "audit", "--workers", "2", "--format", "json")

    assert with_worker.exit_code == alone.exit_code == 0
    findings = json.loads(with_worker.output)["findings"]
    assert findings == json.loads(alone.output)["findings"]
    assert [f["fact"] for f in findings if f["code"] == "contradiction"] == ["nurlanova-five"]
