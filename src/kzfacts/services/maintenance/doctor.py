"""Diagnosis: what is wrong with a database, and what to do about it.

Every check reads only. The checks use plain SQL over the tables the models declare, so they
also find what SQLite lets in when foreign keys are off (another tool, a hand edit): rows whose
parent row is gone, facts whose source row or file is gone, and a damaged file.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import ForeignKey, Table, func, inspect, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DatabaseError, OperationalError

from kzfacts.checks.restatements import RESTATEMENT_COLUMNS, restatements
from kzfacts.services.errors import Refused
from kzfacts.services.sources.registry import confined, read_source_text
from kzfacts.store.engine import ConfigError
from kzfacts.store.models import metadata
from kzfacts.store.schema import KNOWN_REVISIONS, SCHEMA_REVISION, stored_revision

EXAMPLES = 5  # rows named per problem; the count says how many there are
INTEGRITY_LIMIT = 100  # PRAGMA integrity_check stops after this many errors


class Status(StrEnum):
    OK = "ok"
    PROBLEM = "problem"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class Check:
    """One line of the doctor's report; a problem carries what to do about it."""

    name: str
    status: Status
    message: str
    fix: str = ""

    def lines(self) -> list[str]:
        first = f"{self.status.value:<8} {self.name}: {self.message}"
        return [first, f"{'':<8} fix: {self.fix}"] if self.fix else [first]


@dataclass(frozen=True)
class Orphans:
    """Rows of `table` whose `column` names a `parent` row that does not exist."""

    table: str
    column: str
    parent: str
    parent_column: str
    rows: list[tuple[Any, Any]]  # (primary key, dangling value)
    ondelete: str | None = None  # what the database does when the parent row is deleted


def schema_check(engine: Engine) -> Check:
    try:
        current = stored_revision(engine)
    except ConfigError as exc:
        message, _, fix = str(exc).partition("; ")
        return Check("schema", Status.PROBLEM, message, fix)
    head = SCHEMA_REVISION
    if current == head:
        return Check("schema", Status.OK, f"at revision {head}, the newest this kzfacts knows")
    if current is None:
        return Check(
            "schema", Status.PROBLEM, "the database has no kzfacts schema", "run `kzfacts init`"
        )
    if current not in KNOWN_REVISIONS:
        return Check(
            "schema",
            Status.PROBLEM,
            f"revision {current} is newer than this kzfacts knows (its newest is {head})",
            "upgrade kzfacts (pip install -U kzfacts)",
        )
    return Check(
        "schema",
        Status.PROBLEM,
        f"revision {current} is behind this kzfacts (revision {head})",
        "run `kzfacts init` to upgrade it",
    )


def tables_check(connection: Connection) -> Check:
    """The tables and columns this kzfacts reads are there (a hand edit can drop them)."""
    inspector = inspect(connection)
    present = set(inspector.get_table_names())
    missing = []
    for table in metadata.sorted_tables:
        if table.name not in present:
            missing.append(f"table {table.name}")
            continue
        columns = {c["name"] for c in inspector.get_columns(table.name)}
        missing += [f"{table.name}.{c.name}" for c in table.columns if c.name not in columns]
    if not missing:
        return Check("tables", Status.OK, f"all {len(metadata.sorted_tables)} tables complete")
    return Check(
        "tables",
        Status.PROBLEM,
        f"the schema revision is right but {_examples(missing)} "
        f"{'is' if len(missing) == 1 else 'are'} missing",
        "the database was edited by hand: put back a backup, or restore `kzfacts dump` output "
        "into a new database",
    )


def integrity_check(connection: Connection) -> Check:
    if connection.dialect.name != "sqlite":
        return Check(
            "integrity",
            Status.SKIPPED,
            f"PRAGMA integrity_check is SQLite's; {connection.dialect.name} checks its own files",
        )
    results: list[str] = []
    stopped = ""
    try:  # a badly damaged file stops the check itself part-way: keep what it said
        for row in connection.exec_driver_sql("PRAGMA integrity_check"):
            results.append(str(row[0]))
    except DatabaseError as exc:
        if _is_busy(exc):
            raise
        stopped = f"stopped: {_reason(exc)}"
    if results == ["ok"] and not stopped:
        return Check("integrity", Status.OK, "PRAGMA integrity_check: ok")
    more = len(results) - 1
    others = f" (and {'at least ' if len(results) >= INTEGRITY_LIMIT else ''}{more} more)"
    said = f"{results[0]}{others if more > 0 else ''}" if results else ""
    return Check(
        "integrity",
        Status.PROBLEM,
        "PRAGMA integrity_check: " + "; ".join(part for part in (said, stopped) if part),
        damaged_fix(connection.engine.url.database),
    )


def _reason(exc: DatabaseError) -> str:
    return str(exc.orig).splitlines()[0] if exc.orig else type(exc).__name__


def _is_busy(exc: DatabaseError) -> bool:
    return isinstance(exc, OperationalError) and any(
        word in _reason(exc).lower() for word in ("locked", "busy", "unable to open")
    )


def damaged_fix(path: str | None) -> str:
    return (
        "the file is damaged: put back a backup, or salvage its rows with "
        f"`sqlite3 {path or 'FILE'} .recover` into a new file"
    )


def _foreign_keys() -> list[tuple[Table, ForeignKey]]:
    return [
        (table, fk)
        for table in metadata.sorted_tables
        for fk in sorted(table.foreign_keys, key=lambda k: k.parent.name)
    ]


def find_orphans(connection: Connection) -> list[Orphans]:
    """Every declared reference that names a row which does not exist."""
    found = []
    for table, fk in _foreign_keys():
        parent = fk.column.table.alias("parent")
        key = next(iter(table.primary_key.columns))
        target = parent.c[fk.column.name]
        statement = (
            select(key, fk.parent)
            .select_from(table.outerjoin(parent, fk.parent == target))
            .where(fk.parent.is_not(None), target.is_(None))
            .order_by(key)
        )
        rows = [(row[0], row[1]) for row in connection.execute(statement)]
        if rows:
            found.append(
                Orphans(
                    table.name,
                    fk.parent.name,
                    fk.column.table.name,
                    fk.column.name,
                    rows,
                    fk.ondelete,
                )
            )
    return found


def _examples(values: list[str]) -> str:
    shown = ", ".join(values[:EXAMPLES])
    return shown + (f" and {len(values) - EXAMPLES} more" if len(values) > EXAMPLES else "")


def _is_fact_source(orphans: Orphans) -> bool:
    return orphans.table == "fact" and orphans.column == "source_id"


def foreign_key_checks(orphans: list[Orphans]) -> list[Check]:
    problems = [o for o in orphans if not _is_fact_source(o)]
    if not problems:
        references = len(_foreign_keys())
        return [
            Check(
                "foreign keys",
                Status.OK,
                f"no orphan rows ({references} kinds of reference checked)",
            )
        ]
    checks = []
    for o in problems:
        rows = "row" if len(o.rows) == 1 else "rows"
        named = _examples([f"{o.table} {key!r} → {value!r}" for key, value in o.rows])
        dangling = f"{o.column} NOT IN (SELECT {o.parent_column} FROM {o.parent})"
        fix = (  # as the database does when the parent row is deleted
            f"unlink them: UPDATE {o.table} SET {o.column} = NULL WHERE {dangling}"
            if o.ondelete == "SET NULL"
            else f"delete the orphans: DELETE FROM {o.table} WHERE {dangling}"
        )
        checks.append(
            Check(
                "foreign keys",
                Status.PROBLEM,
                f"{len(o.rows)} orphan {o.table} {rows}: {o.table}.{o.column} names a missing "
                f"{o.parent} ({named})",
                f"restore the missing {o.parent} rows (from a backup or `kzfacts dump` output), "
                f"or {fix}",
            )
        )
    return checks


def _file_problem(root: Path, path: str) -> tuple[str, str] | None:
    """What keeps a registered source's file from being read, and the fix; None when it reads."""
    file = root / path
    try:
        confined(root, path)
    except Refused as exc:
        return str(exc), f"put the registered text back at {file} as a regular file"
    if not file.exists():
        return (
            f"file {path} is missing from {root}",
            f"put the file back at {file}, or pass --root (KZFACTS_ROOT) naming the folder the "
            "sources moved to",
        )
    try:
        read_source_text(file, label=str(path))
    except Refused as exc:
        return str(exc), f"put the registered text back at {file}"
    return None


def source_checks(connection: Connection, root: Path, orphans: list[Orphans]) -> list[Check]:
    """Facts whose source row is gone, and sources whose file is missing or unreadable."""
    checks = []
    for o in (o for o in orphans if _is_fact_source(o)):
        by_source: dict[str, list[str]] = defaultdict(list)
        for fact_id, source_id in o.rows:
            by_source[str(source_id)].append(repr(fact_id))
        for source_id, facts in sorted(by_source.items()):
            cite = "fact cites" if len(facts) == 1 else "facts cite"
            checks.append(
                Check(
                    "sources",
                    Status.PROBLEM,
                    f"{len(facts)} {cite} source {source_id!r}, which is not registered "
                    f"({_examples(facts)})",
                    f"register it again: kzfacts source add PATH --id {source_id}",
                )
            )
    source = metadata.tables["source"]
    fact = metadata.tables["fact"]
    cited: dict[Any, int] = {
        row[0]: int(row[1])
        for row in connection.execute(
            select(fact.c.source_id, func.count()).group_by(fact.c.source_id)
        )
    }
    sources = list(connection.execute(select(source.c.id, source.c.path).order_by(source.c.id)))
    for source_id, path in sources:
        problem = _file_problem(root, path)
        if problem is None:
            continue
        what, fix = problem
        count = cited.get(source_id, 0)
        citing = f"{count} fact{'' if count == 1 else 's'} cite{'s' if count == 1 else ''} it"
        checks.append(
            Check("sources", Status.PROBLEM, f"source {source_id!r}: {what} ({citing})", fix)
        )
    if not checks:
        checks.append(
            Check(
                "sources",
                Status.OK,
                f"{len(sources)} source files readable under {root}; every fact's source is "
                "registered",
            )
        )
    return checks


def restatement_check(connection: Connection) -> Check:
    """Facts that state what another fact states, quoting the same words of its source
    (`checks/restatements.py`): each counts the claim twice."""
    fact = metadata.tables["fact"]
    columns = [fact.c[name] for name in ("id", "supersedes", *RESTATEMENT_COLUMNS)]
    anchored = fact.c.position_start.is_not(None)
    query = select(*columns).where(anchored).order_by(fact.c.created_at, fact.c.id)
    found = restatements(row._asdict() for row in connection.execute(query))
    if not found:
        return Check("facts", Status.OK, "no fact restates another")
    restate = "fact restates" if len(found) == 1 else "facts restate"
    named = _examples([f"{later!r} restates {first!r}" for later, first in found])
    return Check(
        "facts",
        Status.PROBLEM,
        f"{len(found)} {restate} another in the same words of its source ({named})",
        "remove each restatement (kzfacts fact remove ID --reason …), or, if it revises the "
        "first, say so: kzfacts fact edit ID --supersedes FIRST",
    )


def diagnose(engine: Engine, root: Path) -> list[Check]:
    """Every check, in the order a user should fix them: schema, file, rows, sources."""
    try:
        schema = schema_check(engine)
    except DatabaseError as exc:
        # Locked, unreadable, or a server's error: the CLI says what to do. A file that is
        # not an SQLite database at all is refused before (`store.sqlite.not_sqlite`).
        if isinstance(exc, OperationalError) or engine.dialect.name != "sqlite":
            raise
        return [
            Check(
                "integrity",
                Status.PROBLEM,
                f"the database file is damaged ({_reason(exc)})",
                damaged_fix(engine.url.database),
            )
        ]
    with engine.connect() as connection:
        checks = [schema, integrity_check(connection)]
        try:
            return checks + _row_checks(connection, root, schema)
        except DatabaseError as exc:
            if _is_busy(exc):
                raise
            problem = Check(
                "rows",
                Status.PROBLEM,
                f"the tables cannot be read ({_reason(exc)})",
                damaged_fix(engine.url.database),
            )
            return [*checks, problem]


def _row_checks(connection: Connection, root: Path, schema: Check) -> list[Check]:
    """The checks that read rows, on a database whose schema and tables are right."""
    if schema.status is not Status.OK:
        return [
            Check(
                "rows", Status.SKIPPED, "foreign keys and sources not checked: fix the schema first"
            )
        ]
    tables = tables_check(connection)
    if tables.status is not Status.OK:
        return [
            tables,
            Check(
                "rows", Status.SKIPPED, "foreign keys and sources not checked: fix the tables first"
            ),
        ]
    orphans = find_orphans(connection)
    return [
        tables,
        *foreign_key_checks(orphans),
        *source_checks(connection, root, orphans),
        restatement_check(connection),
    ]
