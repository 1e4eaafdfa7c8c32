"""A full audit with workers has one of them tell the standing facts of the last sources from
rows and texts it reads itself (`services.audit.shares`): the audit takes a fact as told only
when its own row, context and text are those the worker told it from, and tells every other
fact itself. The findings and the rows written are those of an audit in one process."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update
from sqlmodel import col, func, select

from kzfacts.api import FactDB
from kzfacts.services.audit import shares, standing
from kzfacts.services.audit.shares import PROBE, Answer, ShareRequest, StandingShare
from kzfacts.store.models import Fact, Source
from tests.conftest import database_url
from tests.ops.test_standing_facts import _rows

REAL_TOLD = shares.told_in_worker


def told_with_one_hash_wrong(request: ShareRequest) -> Answer:
    """The worker's answer with the hash of its first fact told changed, as when another
    writer changed the fact's row between the worker's read and the audit's."""
    probe, told = REAL_TOLD(request)
    source_id = min(told)
    sha256, facts = told[source_id]
    first = min(facts)
    return probe, {**told, source_id: (sha256, {**facts, first: facts[first] + 1})}


def _audited(
    url: str, root: Path, workers: int, monkeypatch: pytest.MonkeyPatch
) -> tuple[list[dict[str, Any]], list[tuple[Any, ...]], dict[str, int], list[str]]:
    """A full audit's findings and rows, how many facts were told by the worker and by this
    process (`stands_as_stored` here), and the sources the worker was asked about."""
    counts = {"worker": 0, "here": 0}
    asked: list[str] = []
    told, told_here = StandingShare.told, standing.stands_as_stored

    def counted_told(share: StandingShare, source_id: str, sha256: str) -> Any:
        facts = told(share, source_id, sha256)
        counts["worker"] += len(facts)
        if source_id >= share.first:
            asked.append(source_id)
        return facts

    def counted_here(*args: Any) -> bool:
        counts["here"] += 1
        return told_here(*args)

    with monkeypatch.context() as patch:
        patch.setattr(StandingShare, "told", counted_told)
        patch.setattr(standing, "stands_as_stored", counted_here)
        with FactDB.open(url, root=root) as db:
            report = db.audit(full=True, workers=workers)
            rows = _rows(db)
    return [f.to_dict() for f in report.findings], rows, counts, asked


def _facts_from(url: str, root: Path, first: str) -> int:
    with FactDB.open(url, root=root) as db, db.read() as session:
        return session.exec(select(func.count()).where(col(Fact.source_id) >= first)).one()


@pytest.fixture
def every_audit_shares(monkeypatch: pytest.MonkeyPatch) -> None:
    """The seed database is far below the size that pays for a share: share it anyway."""
    monkeypatch.setattr(shares, "SHARE_MIN_FACTS", 0)


@pytest.fixture
def audited(seeded: Path) -> Path:
    """The seed database audited once: every fact's row then stands as that audit wrote it."""
    with FactDB.open(database_url(), root=seeded) as db:
        db.audit(full=True, workers=1)
    return seeded


@pytest.mark.usefixtures("every_audit_shares")
def test_a_worker_tells_the_last_sources_facts_as_the_audit_alone_does(
    audited: Path, clone_database: Callable[[], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    alone = _audited(clone_database(), audited, 1, monkeypatch)
    shared = _audited(clone_database(), audited, 2, monkeypatch)

    assert shared[0] == alone[0] and shared[1] == alone[1]
    assert alone[2] == {"worker": 0, "here": 173}
    assert shared[3] == sorted(shared[3]) and len(shared[3]) >= 1
    told = _facts_from(database_url(), audited, shared[3][0])
    assert 0 < told < 173
    assert shared[2] == {"worker": told, "here": 173 - told}


@pytest.mark.usefixtures("every_audit_shares")
def test_a_fact_whose_row_hashes_otherwise_is_told_by_the_audit_itself(
    audited: Path, clone_database: Callable[[], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    alone = _audited(clone_database(), audited, 1, monkeypatch)
    monkeypatch.setattr(shares, "told_in_worker", told_with_one_hash_wrong)
    shared = _audited(clone_database(), audited, 2, monkeypatch)

    assert shared[0] == alone[0] and shared[1] == alone[1]
    told = _facts_from(database_url(), audited, shared[3][0])
    assert shared[2] == {"worker": told, "here": 173 - told + 1}


def _answered(
    told: dict[str, tuple[str, dict[str, int]]], probe: int | None = None
) -> Future[Answer]:
    future: Future[Answer] = Future()
    future.set_running_or_notify_cancel()
    future.set_result((hash(PROBE) if probe is None else probe, told))
    return future


def test_a_share_answers_for_its_sources_in_the_text_the_worker_read() -> None:
    answer = {"b": ("sha-b", {"f1": 11, "f2": 12})}
    share = StandingShare("b", _answered(answer))
    assert share.told("a", "sha-a") == {}
    assert share.told("b", "sha-b") == {"f1": 11, "f2": 12}
    assert share.told("b", "another text") == {}
    assert share.told("c", "sha-c") == {}


def test_a_share_from_a_worker_hashing_otherwise_is_not_used() -> None:
    share = StandingShare("b", _answered({"b": ("sha-b", {"f1": 11})}, probe=hash(PROBE) + 1))
    assert share.told("b", "sha-b") == {}


def test_a_share_no_worker_started_on_is_not_waited_for() -> None:
    pending: Future[Answer] = Future()
    share = StandingShare("b", pending)
    assert share.told("a", "sha-a") == {} and not pending.cancelled()  # its own: not asked
    assert share.told("b", "sha-b") == {}
    assert pending.cancelled()


class _Workers:
    """Running workers that keep what they are sent."""

    started = True
    count = 2

    def __init__(self) -> None:
        self.sent: list[ShareRequest] = []

    def submit(self, wanted: int, function: Any, request: ShareRequest) -> Future[Answer]:
        self.sent.append(request)
        return Future()


@pytest.mark.usefixtures("every_audit_shares")
@pytest.mark.parametrize("snapshot_only", [False, True])
def test_a_worker_is_sent_the_last_sources_holding_half_the_facts_but_web_pages(
    seeded: Path, snapshot_only: bool
) -> None:
    table: Any = Source.__table__  # type: ignore[attr-defined]
    with FactDB.open(database_url(), root=seeded) as db:
        with db.write() as session:
            last = session.exec(select(Source.id).order_by(col(Source.id).desc())).first()
            session.execute(update(table).where(table.c.id == last).values(path="page.html"))
        with db.read() as session:
            counts = dict(
                session.exec(select(Fact.source_id, func.count()).group_by(Fact.source_id)).all()
            )
            workers = _Workers()
            share = shares.share_standing(session, seeded, snapshot_only, workers, 400)  # type: ignore[arg-type]
    assert share is not None and len(workers.sent) == 1
    request = workers.sent[0]
    ordered = sorted(counts)
    before = sum(counts[s] for s in ordered if s < request.first)
    assert (
        before
        >= sum(counts.values()) / 2
        > before - counts[max(s for s in ordered if s < request.first)]
    )
    expected = {s for s in ordered if s >= request.first}
    assert request.sources == (expected if snapshot_only else expected - {last})
    assert (request.root, request.snapshot_only, request.max_gap) == (seeded, snapshot_only, 400)
