"""A full audit with workers on an SQLite file has one of them tell the standing facts of the
last sources from rows and texts it reads itself (`services.audit.shares`): the audit reads
the rows of its own sources only, and reads and checks itself every source the worker did not
tell, or told from another text. The findings and the rows written are those of an audit in
one process."""

from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update
from sqlalchemy.engine import make_url
from sqlmodel import col, func, select

from kzfacts.api import FactDB
from kzfacts.checks.subjects import EntityCatalog
from kzfacts.services.audit import run, shares, standing, state
from kzfacts.services.audit import workers as audit_workers
from kzfacts.services.audit.shares import Answer, ShareRequest, StandingShare
from kzfacts.services.audit.state import (
    CHECK_COLUMNS,
    SourceState,
    fact_rows,
    read_sources,
    row_type,
)
from kzfacts.services.audit.workers import Claims
from kzfacts.services.entities import read_catalog
from kzfacts.store.models import Fact, Predicate, Source
from tests.conftest import BACKEND, database_url
from tests.ops.test_standing_facts import _rows

REAL_TOLD = shares.told_in_worker
TELLERS = ("workers", "here", "both")
"""Who tells the share's sources in an audit: the workers alone (the audit claims none), the
audit alone (the workers claim none), or whoever claims first (`Claims`)."""


def _audited(
    url: str, root: Path, workers: int, monkeypatch: pytest.MonkeyPatch, tellers: str = "both"
) -> tuple[list[dict[str, Any]], list[tuple[Any, ...]], dict[str, int], list[str]]:
    """A full audit's findings and rows; how many facts of the share were told standing, how
    many this process told from their rows (`stands_as_stored`) and how many rows it read;
    and the sources of the share."""
    counts = {"told": 0, "here": 0, "read": 0}
    asked: list[str] = []
    taken, told_here, read = StandingShare.taken, standing.stands_as_stored, run.fact_rows

    def counted_taken(share: StandingShare, *args: Any) -> Any:
        told, left = taken(share, *args)
        counts["told"] += sum(map(len, told.values()))
        asked.extend(share.shared)
        return told, left

    def counted_here(*args: Any) -> bool:
        counts["here"] += 1
        return told_here(*args)

    def counted_read(*args: Any, **kwargs: Any) -> list[Any]:
        rows = read(*args, **kwargs)
        counts["read"] += len(rows)
        return rows

    with monkeypatch.context() as patch:
        patch.setattr(StandingShare, "taken", counted_taken)
        patch.setattr(standing, "stands_as_stored", counted_here)
        patch.setattr(shares, "stands_as_stored", counted_here)  # a worker counts its own
        patch.setattr(run, "fact_rows", counted_read)
        patch.setattr(shares, "fact_rows", counted_read)
        if tellers == "workers":
            patch.setattr(StandingShare, "_told_here", lambda *args: {})
        elif tellers == "here":
            patch.setattr(shares, "_claimed", lambda *args: iter(()))
        with FactDB.open(url, root=root) as db:
            report = db.audit(full=True, workers=workers)
            rows = _rows(db)
    return [f.to_dict() for f in report.findings], rows, counts, asked


def _shared_audit(
    alone: list[Any], root: Path, clone: Callable[[], str], patch: pytest.MonkeyPatch, tellers: str
) -> list[Any]:
    """`_audited` with two workers, each time with the findings and rows of the audit alone,
    until a worker's answer was taken: on a loaded machine the audit may claim every source
    before the worker has begun, and then rightly tells them all itself (three tries)."""
    for _ in range(3):
        shared = _audited(clone(), root, 2, patch, tellers)
        assert shared[0] == alone[0] and shared[1] == alone[1]
        if shared[2]["told"] > 0:
            break
    return shared


def _facts_of(url: str, root: Path, sources: list[str]) -> int:
    with FactDB.open(url, root=root) as db, db.read() as session:
        return session.exec(select(func.count()).where(col(Fact.source_id).in_(sources))).one()


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


@pytest.mark.sqlite_only
@pytest.mark.usefixtures("every_audit_shares")
@pytest.mark.parametrize("tellers", TELLERS)
def test_the_last_sources_facts_are_told_as_the_audit_alone_tells_them(
    audited: Path,
    clone_database: Callable[[], str],
    monkeypatch: pytest.MonkeyPatch,
    tellers: str,
) -> None:
    alone = _audited(clone_database(), audited, 1, monkeypatch)
    shared = _shared_audit(alone, audited, clone_database, monkeypatch, tellers)

    assert alone[2] == {"told": 0, "here": 173, "read": 173}
    assert shared[3] == sorted(shared[3]) and len(shared[3]) >= 1
    told = _facts_of(database_url(), audited, shared[3])
    assert 0 < told < 173 and shared[2]["told"] == told
    if tellers == "workers":  # the audit read and told its own sources only
        assert shared[2] == {"told": told, "here": 173 - told, "read": 173 - told}
    elif tellers == "here":  # and every source of the share, none claimed by a worker
        assert shared[2] == {"told": told, "here": 173, "read": 173}
    else:
        assert 173 - told <= shared[2]["here"] == shared[2]["read"] <= 173


def _one_source_changed(request: ShareRequest) -> Answer:
    """A worker's answer with the share's first source told from another text, as when the
    file changed between the worker's read and the audit's."""
    told = REAL_TOLD(request)
    first = request.shared[0]
    if first not in told:  # claimed by the other worker
        return told
    return {**told, first: ("another text", *told[first][1:])}


def _one_source_left_out(request: ShareRequest) -> Answer:
    """A worker's answer without the share's last source, as for a source whose file it could
    not read."""
    told = REAL_TOLD(request)
    return {
        source_id: facts for source_id, facts in told.items() if source_id != request.shared[-1]
    }


@pytest.mark.sqlite_only
@pytest.mark.usefixtures("every_audit_shares")
@pytest.mark.parametrize("answer", [_one_source_changed, _one_source_left_out])
def test_a_source_the_worker_did_not_tell_is_read_and_checked_by_the_audit(
    audited: Path,
    clone_database: Callable[[], str],
    monkeypatch: pytest.MonkeyPatch,
    answer: Callable[[ShareRequest], Answer],
) -> None:
    alone = _audited(clone_database(), audited, 1, monkeypatch)
    monkeypatch.setattr(shares, "told_in_worker", answer)
    shared = _shared_audit(alone, audited, clone_database, monkeypatch, "workers")

    left = [min(shared[3]) if answer is _one_source_changed else max(shared[3])]
    told = _facts_of(database_url(), audited, shared[3]) - _facts_of(database_url(), audited, left)
    assert 0 < told < 173
    assert shared[2] == {"told": told, "here": 173 - told, "read": 173 - told}


@pytest.mark.sqlite_only
def test_the_worker_sends_the_row_of_a_fact_that_does_not_stand(
    audited: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with FactDB.open(database_url(), root=audited) as db, db.read() as session:
        sources = sorted(session.exec(select(Fact.source_id).distinct()))  # type: ignore[call-overload]
        catalog = read_catalog(session)
        fact = session.exec(select(Fact.id).where(Fact.source_id == sources[-1])).first()
    monkeypatch.setattr(shares, "worker_catalog", lambda: catalog)
    request = ShareRequest(
        make_url(database_url()), audited, False, tuple(sources), frozenset(sources), 400
    )
    before = REAL_TOLD(request)
    table: Any = Fact.__table__  # type: ignore[attr-defined]
    with FactDB.open(database_url(), root=audited) as db, db.write() as session:
        session.execute(update(table).where(table.c.id == fact).values(exact="not the text"))
    after = REAL_TOLD(request)

    assert set(before) == set(sources) and all(not others for _, _, others in before.values())
    sha256, facts, _ = before[sources[-1]]
    sent = [row_type(CHECK_COLUMNS)._make(row) for row in after[sources[-1]][2]]
    assert after == {
        **before,
        sources[-1]: (sha256, [f for f in facts if f != fact], after[sources[-1]][2]),
    }
    assert [(row.id, row.exact) for row in sent] == [(fact, "not the text")]


def _answered(told: Answer) -> Future[Answer]:
    future: Future[Answer] = Future()
    future.set_running_or_notify_cancel()
    future.set_result(told)
    return future


class _Reader:
    """A session whose reads of fact rows (`fact_rows`, patched) are kept, and find none."""

    def __init__(self, read: list[Any]) -> None:
        self.read = read


@pytest.fixture
def kept_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    real = shares.fact_rows

    def kept(session: Any, names: Any, ids: Any = None, **selection: Any) -> list[Any]:
        if not isinstance(session, _Reader):
            return real(session, names, ids, **selection)
        session.read.append(selection)
        return []

    monkeypatch.setattr(shares, "fact_rows", kept)


def _state(sha256: str, text: str | None = "text") -> SourceState:
    state = SourceState.__new__(SourceState)
    state.sha256, state.text = sha256, text
    return state


class _Sent:
    """Workers that answer a request with `answer`."""

    count = 2

    def __init__(self, answer: Future[Answer]) -> None:
        self.answer = answer

    def submit(self, wanted: int, function: Any, request: ShareRequest) -> Future[Answer]:
        return self.answer


def _request(shared: list[str], sources: set[str] | None = None) -> ShareRequest:
    readable = frozenset(shared if sources is None else sources)
    return ShareRequest(make_url(database_url()), Path("."), False, tuple(shared), readable, 400)


@pytest.mark.usefixtures("kept_reads")
def test_a_share_answers_for_the_sources_read_here_in_the_text_the_worker_read() -> None:
    row = tuple(f"f9 {name}" for name in CHECK_COLUMNS)
    answer: Answer = {
        "b": ("sha-b", ["f1", "f2"], [row]),
        "c": ("sha-c", ["f3"], []),
        "d": ("sha-d", ["f4"], []),
    }
    read: list[Any] = []
    share = StandingShare(_Reader(read), _request(["b", "c", "d", "e"]), None)  # type: ignore[arg-type]
    share.send(_Sent(_answered(answer)))  # type: ignore[arg-type]
    states = {"b": _state("sha-b"), "c": _state("another"), "d": _state("sha-d", None)}
    told, others = share.taken(states, {}, EntityCatalog(()))
    assert told == {"b": ["f1", "f2"]}
    assert [tuple(other) for other in others] == [row]
    assert read == [{"sources": ["c", "d", "e"]}]


@pytest.mark.usefixtures("kept_reads")
def test_a_share_no_worker_started_on_is_not_waited_for() -> None:
    pending: Future[Answer] = Future()
    read: list[Any] = []
    share = StandingShare(_Reader(read), _request(["b", "c"]), None)  # type: ignore[arg-type]
    share.send(_Sent(pending))  # type: ignore[arg-type]
    assert share.taken({"b": _state("sha-b")}, {}, EntityCatalog(())) == ({}, [])
    assert pending.cancelled() and read == [{"sources": ["b", "c"]}]


@pytest.mark.sqlite_only
@pytest.mark.parametrize("by_worker", [0, 1, 3])
def test_the_audit_tells_the_sources_no_worker_claimed_from_the_last_on(
    audited: Path, by_worker: int
) -> None:
    """A worker claimed the first `by_worker` sources of the share and answered for them; the
    audit claims the others, from the last on, and tells them as the worker tells a source:
    together, what one worker tells of every source (`told_in_worker` with no claims)."""
    with FactDB.open(database_url(), root=audited) as db, db.read() as session:
        shared = sorted(session.exec(select(Fact.source_id).distinct()))  # type: ignore[call-overload]
        request = _request(shared)
        catalog = read_catalog(session)
        states, _ = read_sources(session, audited, None, set())
        value_types = {p.name: p.value_type for p in session.exec(select(Predicate))}
        claims = Claims(1)
        claims.deal(len(shared))
        claimed = [claims.from_front() for _ in range(by_worker)]
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(shares, "worker_catalog", lambda: catalog)
            every = REAL_TOLD(request)
            patch.setattr(shares, "worker_claims", lambda: claims)
            patch.setattr(shares, "_claimed", lambda *_: iter(claimed))
            answer = REAL_TOLD(request)  # the worker's: the sources it claimed
        share = StandingShare(session, request, claims)
        share.send(_Sent(_answered(answer)))  # type: ignore[arg-type]
        here: list[str] = []
        real = shares.fact_rows

        def kept(session: Any, names: Any, **selection: Any) -> list[Any]:
            here.extend(selection["sources"])
            return real(session, names, **selection)

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(shares, "fact_rows", kept)
            told, others = share.taken(states, value_types, catalog)

    assert claimed == list(range(by_worker)) and sorted(answer) == shared[:by_worker]
    assert here == shared[by_worker:][::-1]  # claimed from the last on, one at a time
    assert told == {source_id: facts for source_id, (_, facts, _) in every.items() if facts}
    assert others == [] and len(told) == len(shared) > 3
    assert claims.from_front() is None and claims.from_back() is None


def _claim_in_turn(claims: Claims, results: Any, pause: float) -> None:
    """In a forked process: claim from the front until none is left, each claim then a pause."""
    taken = []
    while (index := claims.from_front()) is not None:
        taken.append(index)
        time.sleep(pause)
    results.put(taken)


def test_claims_from_both_ends_give_each_index_once_however_the_processes_run() -> None:
    """Two processes claim from the front while this one claims from the back, each pausing
    after a claim as work would: every index is claimed once, the front's in increasing order,
    the back's in decreasing order, and the back's all after the front's."""
    context = multiprocessing.get_context("fork")
    for count, pause in ((0, 0.0), (1, 0.0), (300, 0.0), (60, 0.002)):
        claims = Claims(2)
        claims.deal(count)
        results = context.Queue()
        workers = [
            context.Process(target=_claim_in_turn, args=(claims, results, pause)) for _ in range(2)
        ]
        for worker in workers:
            worker.start()
        back = []
        while (index := claims.from_back()) is not None:
            back.append(index)
            time.sleep(pause)
        fronts = [results.get(timeout=30) for _ in workers]
        for worker in workers:
            worker.join(timeout=30)
        front = sorted(fronts[0] + fronts[1])
        assert all(taken == sorted(taken) for taken in fronts)
        assert back == sorted(back, reverse=True)
        assert sorted(front + back) == list(range(count))
        assert not back or not front or max(front) < min(back)


class _Workers:
    """Running workers that keep what they are sent."""

    started = True
    count = 2
    claims = None

    def __init__(self) -> None:
        self.sent: list[ShareRequest] = []

    def submit(self, wanted: int, function: Any, request: ShareRequest) -> Future[Answer]:
        self.sent.append(request)
        return Future()


@pytest.mark.usefixtures("every_audit_shares")
@pytest.mark.parametrize("snapshot_only", [False, True])
def test_a_worker_is_sent_the_last_sources_holding_its_share_of_the_facts_but_web_pages(
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
    if BACKEND == "postgresql":  # another writer may commit between the worker's read and ours
        assert share is None and workers.sent == []
        return
    assert share is not None and len(workers.sent) == 1
    request = workers.sent[0]
    ordered, first = sorted(counts), request.shared[0]
    before = sum(counts[s] for s in ordered if s < first)
    assert (
        before
        >= sum(counts.values()) * (1 - shares.SHARE)
        > before - counts[max(s for s in ordered if s < first)]
    )
    expected = {s for s in ordered if s >= first}
    assert share.shared == list(request.shared) == sorted(expected)
    assert request.sources == (expected if snapshot_only else expected - {last})
    assert (request.root, request.snapshot_only, request.max_gap) == (seeded, snapshot_only, 400)


def test_a_worker_that_cannot_read_the_database_tells_nothing(tmp_path: Path) -> None:
    unreadable = make_url(f"sqlite:///{tmp_path / 'no-tables.db'}")
    request = ShareRequest(unreadable, tmp_path, False, ("a", "b"), frozenset({"a", "b"}), 400)
    assert REAL_TOLD(request) == {}


@pytest.mark.parametrize("a_read", [1, 2, 16])
def test_fact_rows_of_some_sources_are_the_full_reads_rows_of_those_sources(
    seeded: Path, monkeypatch: pytest.MonkeyPatch, a_read: int
) -> None:
    """Read a few sources a query (`SOURCES_A_READ`), the rows are those of one query over the
    whole table in the audit's order, the facts of no source where the database sorts NULL
    (first on SQLite, last on PostgreSQL); so are those before a source and those of some
    sources."""
    monkeypatch.setattr(state, "SOURCES_A_READ", a_read)
    table: Any = Fact.__table__  # type: ignore[attr-defined]
    with FactDB.open(database_url(), root=seeded) as db, db.write() as session:
        first = session.exec(select(Fact.id).order_by(col(Fact.id))).first()
        session.execute(update(table).where(table.c.id == first).values(source_id=None))
        full = fact_rows(session, CHECK_COLUMNS)
        in_one = (
            state._driver_rows(session, CHECK_COLUMNS)
            if session.connection().dialect.name == "sqlite"
            else full
        )
        ids = sorted({row.source_id for row in full if row.source_id is not None})
        middle, picked = ids[len(ids) // 2], ids[::2]
        before = fact_rows(session, CHECK_COLUMNS, before_source=middle)
        chosen = fact_rows(session, CHECK_COLUMNS, sources=picked[::-1])
        with pytest.raises(ValueError, match="not two of them"):
            fact_rows(session, CHECK_COLUMNS, sources=picked, before_source=middle)
        session.rollback()

    assert full == in_one and len(ids) == 5
    unsourced = [i for i, row in enumerate(full) if row.source_id is None]
    assert unsourced == ([0] if BACKEND == "sqlite" else [len(full) - 1])  # where NULLs sort
    assert before == [r for r in full if r.source_id is None or r.source_id < middle]
    assert chosen == [r for r in full if r.source_id in picked]
    assert 0 < len(before) < len(full) and 0 < len(chosen) < len(full)


def _hold_and_die(claims: Claims) -> None:
    """In a forked process: take the claims' lock and exit without letting it go."""
    claims._lock.acquire()
    os._exit(0)


def test_a_claim_waits_only_so_long_for_a_process_that_died_holding_the_lock(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A worker killed inside a claim leaves the lock taken: the audit's claim finds nothing
    left after `CLAIM_WAIT` rather than waiting forever (it then learns of the dead worker
    when it asks for its answer); its honest neighbour, a lock let go, is claimed at once."""
    monkeypatch.setattr(audit_workers, "CLAIM_WAIT", 0.2)
    claims = Claims(1)
    claims.deal(3)
    assert claims.from_back() == 2 and claims.from_front() == 0
    holder = multiprocessing.get_context("fork").Process(target=_hold_and_die, args=(claims,))
    holder.start()
    holder.join(timeout=30)
    started = time.monotonic()
    assert claims.from_back() is None and claims.from_front() is None
    assert 0.35 <= time.monotonic() - started < 5


@pytest.mark.sqlite_only
def test_a_request_no_worker_has_begun_is_not_waited_for_once_every_source_is_claimed(
    audited: Path,
) -> None:
    """Two requests were sent: one a worker has begun, one still queued behind other tasks
    (marked running in the executor's queue: it cannot be cancelled). Once the audit has
    claimed every source, it waits for the first only; the second will claim none."""
    with FactDB.open(database_url(), root=audited) as db, db.read() as session:
        shared = sorted(session.exec(select(Fact.source_id).distinct()))  # type: ignore[call-overload]
        catalog = read_catalog(session)
        states, _ = read_sources(session, audited, None, set())
        value_types = {p.name: p.value_type for p in session.exec(select(Predicate))}
        claims = Claims(2)
        claims.deal(len(shared))
        begun: Future[Answer] = Future()
        queued: Future[Answer] = Future()
        for future in (begun, queued):
            future.set_running_or_notify_cancel()
        claims.begin(0)
        share = StandingShare(session, _request(shared), claims)
        share.send(_Sent(begun))  # type: ignore[arg-type]
        share.send(_Sent(queued))  # type: ignore[arg-type]
        answers = [
            threading.Timer(delay, f.set_result, ({},)) for delay, f in ((1, begun), (20, queued))
        ]
        started = time.monotonic()  # before the timers: the first cannot fire within 1 s of it
        for timer in answers:
            timer.start()
        told, others = share.taken(states, value_types, catalog)
        took = time.monotonic() - started
        for timer in answers:
            timer.cancel()
    assert 1 <= took < 10
    assert sorted(told) == shared and others == []


_RECORDS: list[Path] = []
"""Where each worker writes the sources it told (set before the workers fork)."""


def _recorded_told(request: ShareRequest) -> Answer:
    told = REAL_TOLD(request)
    record = _RECORDS[0] / f"{os.getpid()}-{request.sender}.json"
    record.write_text(json.dumps(sorted(told)), encoding="utf-8")
    return told


@pytest.mark.sqlite_only
@pytest.mark.usefixtures("every_audit_shares")
def test_three_workers_share_the_claims_and_tell_each_source_once(
    audited: Path,
    clone_database: Callable[[], str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """With three workers (`--workers 3`) and the audit telling none, each worker tells the
    sources it claimed: together every source of the share, none twice. A worker given no
    claims would tell them all. On a loaded machine the audit may claim every source before
    the workers have begun (and then reads them itself): three tries."""
    alone = _audited(clone_database(), audited, 1, monkeypatch)
    monkeypatch.setattr(shares, "told_in_worker", _recorded_told)
    for attempt in range(3):
        records = tmp_path / f"try-{attempt}"
        records.mkdir()
        _RECORDS[:] = [records]
        shared = _audited(clone_database(), audited, 3, monkeypatch, "workers")
        assert shared[0] == alone[0] and shared[1] == alone[1]
        told = [json.loads(path.read_text()) for path in sorted(records.glob("*.json"))]
        if len(told) == 3:
            break
    assert len(told) == 3
    every = [source_id for sources in told for source_id in sources]
    assert sorted(every) == sorted(set(every)) == shared[3]


@pytest.mark.sqlite_only
def test_an_audit_with_workers_runs_where_the_default_start_method_is_a_fork_server(
    seeded: Path, clone_database: Callable[[], str]
) -> None:
    """Python 3.14 starts processes from a fork server by default on Linux: the workers, whose
    parent would then be the server, still start forked from the audit (its workers read the
    database file for the duplicates and contradictions) and give its findings."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        pytest.skip("no fork server on this platform")
    script = (
        "import json, multiprocessing, sys\n"
        "multiprocessing.set_start_method('forkserver')\n"
        "from kzfacts import FactDB\n"
        "with FactDB.open(sys.argv[1], root=sys.argv[2]) as db:\n"
        "    report = db.audit(full=True, workers=int(sys.argv[3]))\n"
        "print(json.dumps([f.to_dict() for f in report.findings], sort_keys=True))\n"
    )
    outputs = [
        subprocess.run(
            [sys.executable, "-c", script, clone_database(), str(seeded), workers],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        for workers in ("1", "2")
    ]
    assert [o.returncode for o in outputs] == [0, 0], outputs[1].stderr[-2000:]
    assert outputs[1].stdout == outputs[0].stdout and outputs[0].stdout.startswith("[")


@pytest.mark.sqlite_only
@pytest.mark.parametrize(("above", "shared"), [(0, True), (1, False)])
def test_an_audit_shares_from_as_many_facts_as_its_threshold(
    audited: Path,
    clone_database: Callable[[], str],
    monkeypatch: pytest.MonkeyPatch,
    above: int,
    shared: bool,
) -> None:
    """`SHARE_MIN_FACTS` at the database's own count of sourced facts shares, one above does
    not; the findings are the same either way."""
    url = clone_database()
    with FactDB.open(url, root=audited) as db, db.read() as session:
        sourced = session.exec(select(func.count()).where(col(Fact.source_id).is_not(None))).one()
    alone = _audited(clone_database(), audited, 1, monkeypatch)
    monkeypatch.setattr(shares, "SHARE_MIN_FACTS", sourced + above)
    findings, rows, counts, asked = _audited(url, audited, 2, monkeypatch)
    assert (bool(asked), counts["told"] > 0) == (shared, shared)
    assert (findings, rows) == alone[:2]
