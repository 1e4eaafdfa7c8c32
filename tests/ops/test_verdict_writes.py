"""An audit writes each fact row at most once: a stamp alone, a stamp with a plain "ok", a
stamp with a new verdict, or a new verdict alone (a fact carried over keeps its stamp)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, text, update
from sqlmodel import select

from kzfacts.api import FactDB
from kzfacts.checks.findings import Code, Finding
from kzfacts.services.audit.verdicts import STAMP_VALUES, record_verdicts
from kzfacts.store.models import Fact, FactAudit
from tests.conftest import database_url

BEFORE = datetime(2024, 6, 1, 8, 0, 0, tzinfo=UTC)
NOW = datetime(2024, 6, 2, 9, 30, 0, tzinfo=UTC)
FACTS = {  # fact: (status, codes, anchor verdict) before the audit
    "zhovtis-sentence-length-2009": ("ok", None, "exact"),  # re-checked, unchanged
    "zhovtis-status-2009": ("error", "quote-altered", "altered"),  # re-checked, now fine
    "kozlov-arrest-date-2005": ("ok", None, "exact"),  # re-checked, now altered
    "tuyakbay-brick-attack-date": ("ok", None, "exact"),  # carried over, contradicted
}


def _audits(session: Any, ids: list[str] | None = None, **values: Any) -> None:
    """Set `values` of the `factaudit` rows of the facts `ids` (of every fact: None), adding
    the rows of the facts no audit has checked yet."""
    session.execute(
        text(
            "INSERT INTO factaudit (fact_id) SELECT id FROM fact "
            "WHERE id NOT IN (SELECT fact_id FROM factaudit)"
        )
    )
    table = FactAudit.__table__  # type: ignore[attr-defined]
    statement = update(table).values(**values)
    if ids is not None:
        statement = statement.where(table.c.fact_id.in_(ids))
    session.execute(statement)


def _anchor_verdicts(session: Any, verdict: str, ids: list[str] | None = None) -> None:
    table = Fact.__table__  # type: ignore[attr-defined]
    statement = update(table).values(anchor_verdict=verdict)
    if ids is not None:
        statement = statement.where(table.c.id.in_(ids))
    session.execute(statement)


def _as_before(session: Any) -> None:
    """Every fact stamped `BEFORE` and "ok", but those of `FACTS`, as they say."""
    _audits(session, last_verified_at=BEFORE, audit_status="ok")
    for fact_id, (status, codes, verdict) in FACTS.items():
        _audits(session, [fact_id], audit_status=status, audit_codes=codes)
        _anchor_verdicts(session, verdict, [fact_id])


def _verdicts(db: FactDB) -> dict[str, tuple[Any, ...]]:
    """Each fact's stamp, status, codes and anchor verdict, by id."""
    with db.read() as session:
        return {
            fact.id: (
                fact.last_verified_at,
                fact.audit_status,
                fact.audit_codes,
                fact.anchor_verdict,
            )
            for fact in session.exec(select(Fact))
        }


@pytest.mark.parametrize("facts", [173, 4], ids=["a few checked", "most checked"])
def test_each_row_gets_its_stamp_and_verdict_in_one_write(seeded: Path, facts: int) -> None:
    """The same rows whether the facts to judge are read by their ids or, when they are most
    of the database (`facts`: how many it holds, as the audit counts them), all read at once."""
    findings = [
        Finding(Code.QUOTE_ALTERED, "altered", "kozlov-arrest-date-2005", "s"),
        Finding(
            Code.CONTRADICTION, "disagree", "tuyakbay-brick-attack-date", "s",
            {"sides": [{"fact": "tuyakbay-brick-attack-date"}]},
        ),
    ]  # fmt: skip
    checked = ["zhovtis-sentence-length-2009", "zhovtis-status-2009", "kozlov-arrest-date-2005"]
    with FactDB.open(database_url(), root=seeded) as db:
        with db.write() as session:
            _as_before(session)
        with db.write() as session:
            record_verdicts(session, findings, NOW, checked, facts=facts)
        with db.read() as session:
            rows = {
                fact.id: (fact.last_verified_at, fact.audit_status, fact.audit_codes,
                          fact.anchor_verdict)
                for fact in session.exec(select(Fact))
            }  # fmt: skip
    assert {fact_id: rows.pop(fact_id) for fact_id in FACTS} == {
        "zhovtis-sentence-length-2009": (NOW, "ok", None, "exact"),
        "zhovtis-status-2009": (NOW, "ok", None, "altered"),  # the anchor's is the audit's
        "kozlov-arrest-date-2005": (NOW, "error", "quote-altered", "altered"),
        "tuyakbay-brick-attack-date": (BEFORE, "warning", "contradiction", "exact"),
    }
    assert len(rows) == 169  # every other fact: carried over as it was
    assert set(rows.values()) == {(BEFORE, "ok", None, "exact")}


def test_every_fact_checked_stamps_the_plain_ok_ones_by_one_statement(seeded: Path) -> None:
    """When every fact was checked, the facts recorded "ok" with no codes and found fine are
    stamped by one statement, unread: the same rows as judging every fact by its id (the path
    taken when a fact is left out), an unread fact (its source missing) left unstamped."""
    findings = [
        Finding(Code.QUOTE_ALTERED, "altered", "kozlov-arrest-date-2005", "s"),
        Finding(Code.SOURCE_MISSING, "missing", "zhovtis-sentence-length-2009", "s"),
        Finding(
            Code.CONTRADICTION, "disagree", "tuyakbay-brick-attack-date", "s",
            {"sides": [{"fact": "tuyakbay-brick-attack-date"}]},
        ),
    ]  # fmt: skip
    written = []
    with FactDB.open(database_url(), root=seeded) as db:
        for facts in (173, 174):  # every fact checked; one more in the count: by ids
            with db.write() as session:
                _as_before(session)
                checked = [fact.id for fact in session.exec(select(Fact))]
            with db.write() as session:
                record_verdicts(session, findings, NOW, checked, facts=facts)
            written.append(_verdicts(db))
    assert len(checked) == 173
    assert written[0] == written[1]
    rows = written[0]
    assert {fact_id: rows.pop(fact_id) for fact_id in FACTS} == {
        "zhovtis-sentence-length-2009": (BEFORE, "error", "source-missing", "source-missing"),
        "zhovtis-status-2009": (NOW, "ok", None, "altered"),
        "kozlov-arrest-date-2005": (NOW, "error", "quote-altered", "altered"),
        "tuyakbay-brick-attack-date": (NOW, "warning", "contradiction", "exact"),
    }
    assert set(rows.values()) == {(NOW, "ok", None, "exact")}


@pytest.mark.parametrize(
    "before",
    [
        (None, None, "exact"),  # as an import leaves every row: no audit yet
        ("warning", "quote-inexact", "inexact"),
        ("ok", "contradiction", "exact"),  # codes without a status: "ok" and no codes after
        ("error", "quote-not-found", "not-found"),
    ],
)
def test_every_fact_checked_stamps_each_fact_found_fine_a_plain_ok_unread(
    seeded: Path, before: tuple[str | None, str | None, str]
) -> None:
    """When every fact was checked, a fact found fine becomes a plain "ok" stamped now, its
    anchor verdict kept, whatever its row said (`before`, given to every fact but the plain
    "ok" ones of `FACTS`): the same rows as judging every fact by its id."""
    findings = [
        Finding(Code.QUOTE_ALTERED, "altered", "kozlov-arrest-date-2005", "s"),
        Finding(Code.SOURCE_MISSING, "missing", "zhovtis-status-2009", "s"),
    ]
    plain_ok = ["zhovtis-sentence-length-2009", "tuyakbay-brick-attack-date"]
    status, codes, verdict = before
    written = []
    with FactDB.open(database_url(), root=seeded) as db:
        for facts in (173, 174):  # every fact checked; one more in the count: by ids
            with db.write() as session:
                session.execute(delete(FactAudit))
                if status is not None:  # else no fact has its row, as after an import
                    _audits(session, last_verified_at=None, audit_status=status, audit_codes=codes)
                _anchor_verdicts(session, verdict)
                _audits(session, plain_ok, last_verified_at=BEFORE, audit_status="ok")
                _anchor_verdicts(session, "exact", plain_ok)
                checked = [fact.id for fact in session.exec(select(Fact))]
            with db.write() as session:
                record_verdicts(session, findings, NOW, checked, facts=facts)
            written.append(_verdicts(db))
    assert written[0] == written[1]
    rows = written[0]
    assert {fact_id: rows.pop(fact_id) for fact_id in FACTS} == {
        "zhovtis-sentence-length-2009": (NOW, "ok", None, "exact"),
        "zhovtis-status-2009": (None, "error", "source-missing", "source-missing"),
        "kozlov-arrest-date-2005": (NOW, "error", "quote-altered", "altered"),
        "tuyakbay-brick-attack-date": (NOW, "ok", None, "exact"),
    }
    assert len(rows) == 169
    assert set(rows.values()) == {(NOW, "ok", None, verdict)}


def test_every_fact_checked_without_findings_stamps_every_fact(seeded: Path) -> None:
    """No finding and nothing unread: the one statement names no fact to leave out, and
    stamps every fact recorded "ok" with no codes; the others are judged as before."""
    with FactDB.open(database_url(), root=seeded) as db:
        with db.write() as session:
            _audits(session, last_verified_at=BEFORE, audit_status="ok")
            _audits(session, ["zhovtis-status-2009"], audit_status="error")
            checked = [fact.id for fact in session.exec(select(Fact))]
        with db.write() as session:
            record_verdicts(session, [], NOW, checked, facts=len(checked))
        with db.read() as session:
            rows = {
                (fact.last_verified_at, fact.audit_status, fact.audit_codes)
                for fact in session.exec(select(Fact))
            }
    assert rows == {(NOW, "ok", None)}


@pytest.mark.parametrize("found", [1000, 999 - STAMP_VALUES + 1, 999 - STAMP_VALUES])
def test_a_full_audit_with_many_facts_found_writes_on_an_sqlite_of_999_parameters(
    seeded: Path, found: int
) -> None:
    """The statements stamping every fact found fine name each judged fact as a parameter, with
    `STAMP_VALUES` others: on an SQLite built before 3.32 (999 parameters, set here as such a
    build has it) the facts `found` with findings, up to a thousand, are written as when they
    are judged by their ids (at the limit, by those statements; past it, by their ids)."""
    if not database_url().startswith("sqlite"):
        pytest.skip("SQLite's parameter limit")
    findings = [Finding(Code.QUOTE_ALTERED, "altered", f"f-{n:04}", "s") for n in range(found)]
    written = []
    with FactDB.open(database_url(), root=seeded) as db:
        for facts in (174, 173):  # by ids (one fact more in the count), then every fact checked
            with db.write() as session:
                _audits(session, last_verified_at=BEFORE, audit_status="ok")
                checked = [fact.id for fact in session.exec(select(Fact))]
            with db.write() as session:
                driver = session.connection().connection.driver_connection
                assert isinstance(driver, sqlite3.Connection)
                driver.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 999)
                record_verdicts(session, findings, NOW, checked, facts=facts)
            with db.read() as session:
                written.append(
                    {f.id: (f.last_verified_at, f.audit_status) for f in session.exec(select(Fact))}
                )
    assert len(written[0]) == 173 and set(written[0].values()) == {(NOW, "ok")}
    assert written[0] == written[1]
