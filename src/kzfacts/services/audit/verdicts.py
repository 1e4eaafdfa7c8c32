"""Each fact's verdict of the last audit, written on its `factaudit` row.

The fact listings, SQL and Datasette then say what the last audit said: an
altered quote keeps its old anchor (the evidence of what it said) but its `anchor_verdict`
(on the fact's row) becomes `altered`; `audit_status` is the worst severity found about the
fact (a contradiction counts for both of its facts) and `audit_codes` lists the codes.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import exists, insert, literal, null, outerjoin, text, update
from sqlalchemy import select as core_select
from sqlmodel import Session, col

from kzfacts.checks.findings import SEVERITY, Code, Finding, Severity
from kzfacts.store.bulk import text_rows, update_audits, update_facts
from kzfacts.store.models import Fact, FactAudit

REFUSED_VERDICT = {
    Code.QUOTE_NOT_FOUND: "not-found",
    Code.QUOTE_ALTERED: "altered",
    Code.QUOTE_AMBIGUOUS: "ambiguous",
    Code.QUOTE_TOO_SHORT: "too-short",
    Code.QUOTE_MISATTRIBUTED: "misattributed",
    Code.SOURCE_MISSING: "source-missing",
}
"""The anchor verdict of a fact whose quote the audit could not accept, by finding code."""
AUDIT_STATUSES = ("ok", "warning", "error")
STAMP_CHUNK = 500
"""Facts stamped by one statement (each a parameter: an SQLite built before 3.32 allows 999)."""
MAX_JUDGED = 30_000
"""Most facts (with findings, or unread) that the statements stamping every other fact may
leave out by name (each is a parameter), within what the SQLite library allows."""
STAMP_VALUES = 4
"""Parameters of a statement of `_stamp_all_but` besides the ids it leaves out, at most: the
time, "ok" twice and the NULL of the codes."""


def _about(finding: Finding) -> set[str]:
    facts = {finding.fact} if finding.fact else set()
    for side in finding.detail.get("sides", []):
        if isinstance(side, dict) and side.get("fact"):
            facts.add(str(side["fact"]))
    return facts


def fact_verdicts(findings: Iterable[Finding]) -> dict[str, tuple[str, str | None, str | None]]:
    """Per fact with findings: (status, codes, refused verdict or None); notices do not count."""
    codes: dict[str, list[Code]] = defaultdict(list)
    for finding in findings:
        if finding.severity is Severity.INFO:
            continue
        for fact_id in _about(finding):
            if finding.code not in codes[fact_id]:
                codes[fact_id].append(finding.code)
    verdicts: dict[str, tuple[str, str | None, str | None]] = {}
    for fact_id, found in codes.items():
        status = "error" if any(SEVERITY[c] is Severity.ERROR for c in found) else "warning"
        refused = next((REFUSED_VERDICT[c] for c in found if c in REFUSED_VERDICT), None)
        verdicts[fact_id] = (status, ",".join(sorted(c.value for c in found)), refused)
    return verdicts


_VERDICT_COLUMNS = (
    col(Fact.id),
    col(FactAudit.audit_status),
    col(FactAudit.audit_codes),
    col(Fact.anchor_verdict),
)
_VERDICTS = (
    "SELECT fact.id, factaudit.audit_status, factaudit.audit_codes, fact.anchor_verdict "
    "FROM fact LEFT JOIN factaudit ON factaudit.fact_id = fact.id"
)
_PLAIN_OK_WHERE = "factaudit.audit_status = 'ok' AND factaudit.audit_codes IS NULL"
"""A fact recorded "ok" with no codes."""
_NOT_PLAIN_OK_WHERE = (
    "factaudit.audit_status IS NULL OR factaudit.audit_status <> 'ok' "
    "OR factaudit.audit_codes IS NOT NULL"
)
"""Any other fact: the NULL status written out (`NOT` of the plain "ok" test is NULL, so not
true, for a fact with no status yet, or no `factaudit` row)."""
_NOT_PLAIN_OK = f"{_VERDICTS} WHERE {_NOT_PLAIN_OK_WHERE}"
"""The verdict columns of the facts recorded other than "ok" with no codes."""
_COUNT_AUDITED = "SELECT count(*) FROM factaudit"
_ADD_MISSING = (
    "INSERT INTO factaudit (fact_id) SELECT fact.id FROM fact WHERE NOT EXISTS "
    "(SELECT 1 FROM factaudit WHERE factaudit.fact_id = fact.id)"
)


def _with_audit_rows(session: Session, facts: int) -> None:
    """Every one of the `facts` with its `factaudit` row (empty for a fact no audit checked
    yet), so that every verdict is written by an UPDATE; nothing to add, and nothing read but a
    count, when each has one."""
    if session.execute(text(_COUNT_AUDITED)).scalar_one() < facts:
        session.execute(text(_ADD_MISSING))


def _not_plain_ok(row: Any) -> bool:
    """`_NOT_PLAIN_OK`'s condition, on a row of `_VERDICTS`."""
    return row[1] is None or row[1] != "ok" or row[2] is not None


def _rows_to_judge(session: Session, named: set[str], facts: int) -> list[Any]:
    """The verdict columns of the facts whose verdict may change: those `named` (checked now, or
    with findings) and those recorded other than "ok" with no codes, which an audit that finds
    nothing about them makes "ok". Every other fact keeps its row as it stands, unread. When
    the named are most of the `facts`, every row is read in one query (as when every fact
    was checked) and the others left out here: fewer rows than chunks of ids cost."""
    if len(named) > facts // 2:
        return [
            row for row in text_rows(session, _VERDICTS) if row[0] in named or _not_plain_ok(row)
        ]
    rows: list[Any] = text_rows(session, _NOT_PLAIN_OK)
    seen = {row[0] for row in rows}
    return rows + _judged_rows(session, sorted(named - seen))


def _stamp_all_but(session: Session, judged: list[str], verified_at: datetime) -> None:
    """Every fact but the `judged` was read now and found fine: it becomes a plain "ok" (its
    anchor verdict stands) stamped `verified_at`, unread: those already a plain "ok" first,
    their stamp alone; then the others with a row, whose status and codes change; then those
    without a row yet (all of them after an import), given one. The judged facts without a row
    are given an empty one, which their verdicts then fill."""
    table: Any = FactAudit.__table__  # type: ignore[attr-defined]
    others = table.c.fact_id.not_in(judged)
    plain_ok = text(f"({_PLAIN_OK_WHERE})")
    session.execute(update(table).where(plain_ok, others).values(last_verified_at=verified_at))
    session.execute(
        update(table)
        .where(text(f"({_NOT_PLAIN_OK_WHERE})"), others)
        .values(last_verified_at=verified_at, audit_status="ok", audit_codes=None)
    )
    unaudited = (
        core_select(col(Fact.id), literal(verified_at, table.c.last_verified_at.type))
        .add_columns(literal("ok"), null())
        .where(col(Fact.id).not_in(judged), ~exists().where(table.c.fact_id == col(Fact.id)))
    )
    columns = ["fact_id", "last_verified_at", "audit_status", "audit_codes"]
    session.execute(insert(table).from_select(columns, unaudited))
    new_judged = core_select(col(Fact.id)).where(
        col(Fact.id).in_(judged), ~exists().where(table.c.fact_id == col(Fact.id))
    )  # a row for each judged fact no audit judged before, its verdict written next
    session.execute(insert(table).from_select(["fact_id"], new_judged))


def _judged_rows(session: Session, ids: list[str]) -> list[Any]:
    """The verdict columns of the facts `ids`, by chunks of ids."""
    connection = session.connection()
    rows: list[Any] = []
    for start in range(0, len(ids), STAMP_CHUNK):
        chunk = ids[start : start + STAMP_CHUNK]
        rows += connection.execute(
            core_select(*_VERDICT_COLUMNS)
            .select_from(outerjoin(Fact, FactAudit, col(FactAudit.fact_id) == col(Fact.id)))
            .where(col(Fact.id).in_(chunk))
        )
    return rows


def _most_left_out(session: Session) -> int:
    """How many facts the statements stamping every other fact may name: each is a parameter,
    and SQLite caps a statement's parameters (999 before 3.32, 32,766 from it). On PostgreSQL
    none: before its release 15 a long `NOT IN` list is tested item by item for every row."""
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        return -1
    driver = connection.connection.driver_connection
    if not isinstance(driver, sqlite3.Connection):
        return -1
    return min(MAX_JUDGED, driver.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) - STAMP_VALUES)


def record_verdicts(
    session: Session,
    findings: list[Finding],
    verified_at: datetime,
    checked: Iterable[str],
    *,
    facts: int,
) -> None:
    """Stamp the facts checked against their source text now, and write the verdicts that
    changed. A fact the audit carried over (its source and itself unchanged since the check
    that gave its verdict) keeps the time of that check: rewriting every row of the table
    would cost more than the rest of an audit of unchanged facts. Each row is written at most
    once, and the common cases (a stamp alone, a stamp with a plain "ok") by chunks of ids.
    When every fact was checked on SQLite, every fact read and found fine is stamped a plain
    "ok" unread (`_stamp_all_but`), and only the facts with findings are read and judged.
    `facts`: how many facts the database holds."""
    found = fact_verdicts(findings)
    unread = {
        f.fact for f in findings if f.fact and f.code in (Code.SOURCE_MISSING, Code.UNSOURCED)
    }
    checked = set(checked)
    stamped = checked - unread
    session.flush()
    table: Any = FactAudit.__table__  # type: ignore[attr-defined]
    judged = unread | found.keys()
    if len(checked) == facts and len(judged) <= _most_left_out(session):
        _stamp_all_but(session, sorted(judged), verified_at)
        rows = _judged_rows(session, sorted(judged))
    else:
        _with_audit_rows(session, facts)
        rows = _rows_to_judge(session, stamped | found.keys(), facts)
    stamps: list[str] = []  # stamped, verdict unchanged
    stamps_ok: list[str] = []  # stamped, now "ok" with no codes, anchor verdict unchanged
    changes: dict[bool, list[dict[str, Any]]] = {True: [], False: []}  # by stamped
    refusals: list[dict[str, Any]] = []  # the anchor verdicts that changed, on the facts' rows
    for fact_id, status, codes, verdict in rows:
        new_status, new_codes, refused = found.get(fact_id, ("ok", None, None))
        new_verdict = refused or verdict
        changed = (status, codes, verdict) != (new_status, new_codes, new_verdict)
        if fact_id in stamped and not changed:
            stamps.append(fact_id)
        elif fact_id in stamped and (new_status, new_codes, new_verdict) == ("ok", None, verdict):
            stamps_ok.append(fact_id)
        elif changed:
            changes[fact_id in stamped].append(
                {"b_id": fact_id, "b_status": new_status, "b_codes": new_codes,
                 "b_at": verified_at}
            )  # fmt: skip
            if new_verdict != verdict:
                refusals.append({"b_id": fact_id, "b_verdict": new_verdict})
    for ids, values in (
        (stamps, {"last_verified_at": verified_at}),
        (stamps_ok, {"last_verified_at": verified_at, "audit_status": "ok", "audit_codes": None}),
    ):
        for start in range(0, len(ids), STAMP_CHUNK):  # one statement per chunk, not per fact
            chunk = ids[start : start + STAMP_CHUNK]
            session.execute(update(table).where(table.c.fact_id.in_(chunk)).values(**values))
    verdict_columns = {"audit_status": "b_status", "audit_codes": "b_codes"}
    update_audits(session, changes[True], **verdict_columns, last_verified_at="b_at")
    update_audits(session, changes[False], **verdict_columns)
    update_facts(session, refusals, anchor_verdict="b_verdict")
