"""The warm audit: nothing changed since the last audit, answered from an SQLite file with the
standard library alone (no SQLAlchemy, no checks, no workers).

Nothing changed when, since the last run started: no fact row was written (and every fact
cites a registered source), the facts are as many as that run checked, no source was
registered, every source reads with the sha256 it is registered with (a snapshot of it stored)
or was missing then and is still (reported missing again), and the entities fingerprint is the
same. `run_audit` re-checks no
fact then and carries every finding of the last run over; so does `warm_audit`, with the same
carried findings (`results.carried`) and the same run row (`results.run_values`). Whenever any
of this does not hold, or a carried finding would be placed anew, it answers None and the
caller runs `run_audit`, which reports the change.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

from kzfacts.checks.findings import Code, Finding
from kzfacts.services.audit.results import (
    CROSS_FACT_CODES,
    EVENT_CODES,
    AuditReport,
    carried,
    finding_values,
    recorded_as,
    report_of,
    run_values,
    source_missing,
)
from kzfacts.services.errors import Refused
from kzfacts.services.sources.files import confined, read_source_text, text_file_sha256
from kzfacts.store.audits import (
    COPY_FINDINGS,
    FACT_STATE,
    FINDING_FACTS,
    LAST_FINDINGS,
    LAST_RUN,
    MISSING_BEFORE,
    SOURCE_VERSIONS,
    SOURCES,
    entities_fingerprint,
    insert_rows,
)


class _FindingRow(NamedTuple):
    """A finding of the last run as `results.carried` reads it (the columns of LAST_FINDINGS)."""

    code: str
    message: str
    fact_id: str | None
    source_id: str | None
    detail: str | None
    id: int
    severity: str


def warm_audit(connection: sqlite3.Connection, root: Path) -> AuditReport | None:
    """Record and return the run `run_audit` records when nothing changed since the last audit,
    in one write transaction; None, writing nothing, when anything did."""
    started = datetime.now(UTC)
    connection.execute("BEGIN IMMEDIATE")  # as the engine's write transactions begin
    try:
        report = _carry_over(connection, root, started)
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT" if report is not None else "ROLLBACK")
    return report


def _carry_over(
    connection: sqlite3.Connection, root: Path, started: datetime
) -> AuditReport | None:
    last = connection.execute(LAST_RUN).fetchone()
    if last is None:
        return None
    run_id, since, facts_checked, fingerprint = last
    facts, uncited, edited = connection.execute(FACT_STATE, {"since": since}).fetchone()
    if facts != facts_checked or uncited or edited:
        return None
    sources = connection.execute(SOURCES).fetchall()
    missing = MISSING_BEFORE, {"run": run_id, "code": Code.SOURCE_MISSING.value}
    missing_before = {row[0] for row in connection.execute(*missing)}
    stored = set(connection.execute(SOURCE_VERSIONS).fetchall())
    if any(registered is not None and registered > since for *_, registered in sources):
        return None  # a source registered since: moments compare as text
    # One pass, not threads: resolving each path (confinement) is Python work that threads
    # would contend for, and reading and hashing 100 KB takes less than handing it over.
    inside = root.resolve()  # once: every path is resolved and checked against it
    folders: dict[str, str] = {}  # and each folder resolved once, not once per file in it
    findings: list[Finding] = []
    read: list[str | Refused] = []
    for source_id, path, sha256, _ in sources:  # until the first change: then the full path
        now = _sha256(root, inside, folders, path, sha256)
        if isinstance(now, Refused) and source_id in missing_before:
            findings.append(source_missing(source_id, path, now))  # missing then too
        elif now != sha256 or source_id in missing_before or (source_id, now) not in stored:
            return None  # changed, missing since, back, or without its snapshot
        read.append(now)
    # After the sources, which stop at the first that changed (then the full path runs):
    # reading every entity's names costs more than hashing one source.
    if entities_fingerprint(connection.execute) != fingerprint:
        return None
    rows = [_FindingRow(*row) for row in connection.execute(LAST_FINDINGS, {"run": run_id})]
    fact_ids = {row[0] for row in connection.execute(FINDING_FACTS, {"run": run_id})}
    chosen = [
        f
        for f in rows
        if f.fact_id in fact_ids and f.code not in CROSS_FACT_CODES and f.code not in EVENT_CODES
    ]
    facts_own = len(chosen)
    chosen += [f for f in rows if f.code == Code.CONTRADICTION.value]
    chosen += [f for f in rows if f.code == Code.DUPLICATE_ENTITY.value]
    kept = carried(chosen, _every)
    readable = {row[0] for row, now in zip(sources, read, strict=True) if isinstance(now, str)}
    if any(f.location is None and f.source in readable for f in kept[:facts_own]):
        return None  # `results.located` would place it in its source now
    # In `run_audit`'s order: the sources' findings, the facts', then contradictions, duplicates.
    values = run_values(started, len(readable), facts, 0, True, fingerprint, findings + kept)
    new_run = insert_rows(connection, "auditrun", [values])
    insert_rows(connection, "finding", finding_values(new_run, findings))
    if all(recorded_as(f, row) for f, row in zip(kept, chosen, strict=True)):
        connection.executemany(COPY_FINDINGS, _stretches(run_id, new_run, rows, chosen))
    else:  # written otherwise (by hand, or by another tool): recorded as `run_audit` would
        insert_rows(connection, "finding", finding_values(new_run, kept))
    return report_of(new_run, values, findings + kept)


def _stretches(
    run_id: int, new_run: int, rows: list[_FindingRow], chosen: list[_FindingRow]
) -> Iterator[tuple[int, int, int, int]]:
    """`COPY_FINDINGS`'s parameters for the chosen rows in their order: one statement for each
    stretch of them that follow one another among the last run's rows."""
    position = {row.id: index for index, row in enumerate(rows)}
    start = 0
    for end in range(1, len(chosen) + 1):
        if end == len(chosen) or position[chosen[end].id] != position[chosen[end - 1].id] + 1:
            yield new_run, run_id, chosen[start].id, chosen[end - 1].id
            start = end


def _every(_: object) -> bool:
    return True


def _sha256(
    root: Path, inside: Path, folders: dict[str, str], stored_path: str, registered: str
) -> str | Refused:
    """The sha256 of a source's text as an audit reads it, or why it cannot be read. A text
    file whose bytes still hash to the registered sha256 is the text the last audit read: it is
    hashed, not decoded again."""
    try:
        path = confined(root, stored_path, inside, folders)
        if text_file_sha256(path) == registered:
            return registered
        return read_source_text(path, label=stored_path).sha256
    except Refused as exc:
        return exc
