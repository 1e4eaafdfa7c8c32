"""Crash safety: `kzfacts fact import` and `kzfacts audit` killed with SIGKILL lose nothing.

Each test runs the real command in a child process and kills it mid-write. Two ways:

- paused: a start-up hook (below; on SQLAlchemy's engine and on the standard library's
  `sqlite3`, which `fact import` on a file writes through) stops the command at the moment its
  transaction is about to commit — every row written, a tiny page cache having spilled them into the write-ahead
  log on disk — and the test kills it there. Deterministic: the worst moment, every time.
- unaided: the installed `kzfacts` script, killed as soon as its write-ahead log grows.
  Wherever the kill lands, the database holds all of the command's work or none of it.

After the kill, SQLite's own recovery must leave the database exactly as it was (row for row),
`PRAGMA integrity_check` clean and `kzfacts doctor` happy.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run
from tests.reliability.reliability_helpers import kzfacts_command, snapshot

pytestmark = pytest.mark.sqlite_only

FACTS = 3000
NOTE = "generated note " * 200  # ~3 KB a fact: the transaction outgrows SQLite's page cache
WAIT_SECONDS = 180  # a bound on a hung child, never an expectation of speed

# Run as `python -c PAUSE_AT_COMMIT kzfacts-arguments...`.
PAUSE_AT_COMMIT = r"""
import json, os, sys, time
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.pool import Pool

tables = os.environ["KZ_PAUSE_TABLES"].upper().split(",")
marker = os.environ["KZ_PAUSE_MARKER"]
inserted = {}

@event.listens_for(Pool, "connect")
def _small_cache(dbapi_connection, _record):
    # A tiny page cache spills the transaction's pages into the write-ahead log before commit.
    dbapi_connection.execute("PRAGMA cache_size = 8")

@event.listens_for(Engine, "before_cursor_execute")
def _count(conn, cursor, statement, parameters, context, executemany):
    words = statement.split()
    if words[:2] == ["INSERT", "INTO"] and words[2].strip('"').upper() in tables:
        name = words[2].strip('"').lower()
        rows = len(parameters) if executemany else 1
        inserted[name] = inserted.get(name, 0) + rows

@event.listens_for(Engine, "commit")
def _pause(conn):
    if len(inserted) == len(tables):
        with open(marker + ".tmp", "w") as f:
            f.write(json.dumps(inserted))
        os.replace(marker + ".tmp", marker)
        time.sleep(3600)

# A command that writes an SQLite file through the standard library (`fact import` on a file):
# the same counting, page cache and pause, on its `sqlite3` connection.
import sqlite3

class _Paused(sqlite3.Connection):
    def executemany(self, statement, rows):
        rows = list(rows)
        _count(None, None, statement, rows, None, True)
        return super().executemany(statement, rows)

    def execute(self, statement, *args):
        if statement.strip().upper() == "COMMIT":
            _pause(None)
        return super().execute(statement, *args)

_connect = sqlite3.connect

def _connect_paused(*args, **kwargs):
    connection = _connect(*args, factory=_Paused, **kwargs)
    connection.execute("PRAGMA cache_size = 8")
    return connection

sqlite3.connect = _connect_paused

from kzfacts.cli.app import main
main()
"""


def generate(folder: Path, count: int) -> tuple[Path, Path]:
    """A source of `count` sentences and one fact per sentence quoting an exact span of it."""
    sentences, records = [], []
    for n in range(count):
        years = n % 9 + 2
        case = f"In case number {n + 1000} the regional court sentenced the defendant to {years} years in prison"
        sentences.append(case + " after a closed hearing.")
        records.append(
            {"id": f"generated-{n}", "source": "generated", "subject": "Generated Defendant",
             "entity": "generated-defendant", "predicate": "sentence_length",
             "value": f"{years} years", "quote": case, "note": NOTE}
        )  # fmt: skip
    source = folder / "generated.txt"
    source.write_text("\n".join(sentences) + "\n", encoding="utf-8")
    facts = folder / "generated.jsonl"
    facts.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return source, facts


def checkpoint(database: Path) -> None:
    """Fold the write-ahead log into the file, so that its growth shows the next writer at work."""
    db = sqlite3.connect(database)
    try:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()


def wal_size(database: Path) -> int:
    """The write-ahead log's size; 0 when there is none (the last connection to close removes
    it, which may happen between any two looks at it)."""
    try:
        return database.with_name(database.name + "-wal").stat().st_size
    except FileNotFoundError:
        return 0


def start(args: list[str], folder: Path, **env: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        args,
        cwd=folder,
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group: audit workers die with it
    )


def kill(process: subprocess.Popen[str]) -> str:
    """SIGKILL the child's whole process group; its stderr, for messages."""
    with contextlib.suppress(ProcessLookupError):  # it may have ended on its own
        os.killpg(process.pid, signal.SIGKILL)
    _, stderr = process.communicate(timeout=WAIT_SECONDS)
    return stderr


def wait_for(condition: Any, process: subprocess.Popen[str], what: str) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        if process.poll() is not None:
            _, stderr = process.communicate()
            pytest.fail(f"the child ended (exit {process.returncode}) before {what}: {stderr}")
        if time.monotonic() > deadline:
            kill(process)
            pytest.fail(f"no {what} after {WAIT_SECONDS} s")
        time.sleep(0.002)


def integrity(database: Path) -> list[str]:
    db = sqlite3.connect(database)
    try:
        return [row[0] for row in db.execute("PRAGMA integrity_check")]
    finally:
        db.close()


def paused(args: list[str], folder: Path, tables: str) -> tuple[dict[str, int], int]:
    """Run kzfacts with the commit pause, kill it there; what it had inserted, the WAL's size."""
    marker = folder / "paused"
    process = start(
        [sys.executable, "-c", PAUSE_AT_COMMIT, *args],
        folder,
        KZ_PAUSE_TABLES=tables,
        KZ_PAUSE_MARKER=str(marker),
    )
    wait_for(marker.exists, process, "the commit")
    written = wal_size(folder / "kzfacts.db")
    kill(process)
    inserted: dict[str, int] = json.loads(marker.read_text())
    return inserted, written


@pytest.fixture
def generated(run: Run, tmp_path: Path) -> Path:
    """A database with a generated source registered and one fact already citing it."""
    source, _ = generate(tmp_path, FACTS)
    assert run("init").exit_code == 0
    added = run("source", "add", source.name, "--id", "generated", "--published", "2012-01-01")
    assert added.exit_code == 0, added.stderr
    first = run(
        "fact", "add", "--id", "before-the-import", "--source", "generated",
        "--subject", "Generated Defendant", "--new-entity", "--predicate", "sentence_length",
        "--value", "2 years", "--quote", "In case number 1000 the regional court sentenced the defendant to 2 years",
    )  # fmt: skip
    assert first.exit_code == 0, first.stderr
    return tmp_path


def test_import_killed_at_its_commit_leaves_the_database_unchanged(
    run: Run, generated: Path
) -> None:
    database = generated / "kzfacts.db"
    checkpoint(database)
    before = snapshot()
    inserted, written = paused(["fact", "import", "generated.jsonl"], generated, "fact")
    assert inserted == {"fact": FACTS}  # every row was sent to SQLite
    assert written > 1024 * 1024  # and megabytes of them were on disk, uncommitted, at the kill
    assert integrity(database) == ["ok"]
    assert snapshot() == before  # the one earlier fact, and nothing else
    assert before["fact"] and len(before["fact"]) == 1
    doctor = run("doctor")
    assert doctor.exit_code == 0, doctor.stdout


def test_import_killed_while_writing_is_all_or_nothing(run: Run, generated: Path) -> None:
    database = generated / "kzfacts.db"
    checkpoint(database)
    before = snapshot()
    process = start([*kzfacts_command(), "fact", "import", "generated.jsonl"], generated)
    wait_for(lambda: wal_size(database) > 0, process, "a write")
    kill(process)
    assert integrity(database) == ["ok"]
    after = snapshot()
    if after != before:  # the kill came after the commit: then all of it is there
        assert len(after["fact"]) == 1 + FACTS
        assert {k: v for k, v in after.items() if k not in ("fact", "alias")} == {
            k: v for k, v in before.items() if k not in ("fact", "alias")
        }
    assert run("doctor").exit_code == 0


@pytest.fixture
def audit_with_findings(seeded: Path) -> Path:
    """The seed corpus with one source edited: its audit finds altered quotes and a change."""
    letter = next((seeded / "seeds").glob("000_*.txt"))
    text = letter.read_text(encoding="utf-8")
    letter.write_text(text.replace("four years", "five years"), encoding="utf-8")
    checkpoint(seeded / "kzfacts.db")
    return seeded


def runs_and_findings(database: Path) -> list[tuple[int, int, int, int, int]]:
    """(run, errors, warnings, error rows, warning rows) for every recorded audit run."""
    db = sqlite3.connect(database)
    try:
        return list(
            db.execute(
                "SELECT r.id, r.errors, r.warnings, "
                "(SELECT count(*) FROM finding f WHERE f.run_id = r.id AND f.severity = 'error'), "
                "(SELECT count(*) FROM finding f WHERE f.run_id = r.id AND f.severity = 'warning') "
                "FROM auditrun r ORDER BY r.id"
            )
        )
    finally:
        db.close()


def test_audit_killed_at_its_commit_records_no_run(run: Run, audit_with_findings: Path) -> None:
    database = audit_with_findings / "kzfacts.db"
    before = snapshot()
    inserted, written = paused(["audit"], audit_with_findings, "auditrun,finding")
    assert inserted["auditrun"] == 1 and inserted["finding"] >= 2
    assert written > 0
    assert integrity(database) == ["ok"]
    assert snapshot() == before  # no run, no finding, no re-anchored fact, no new source hash
    assert run("doctor").exit_code == 0


def test_audit_killed_while_writing_never_leaves_a_run_without_its_findings(
    run: Run, audit_with_findings: Path
) -> None:
    database = audit_with_findings / "kzfacts.db"
    before = snapshot()
    process = start([*kzfacts_command(), "audit"], audit_with_findings)
    wait_for(lambda: wal_size(database) > 0, process, "a write")
    kill(process)
    assert integrity(database) == ["ok"]
    recorded = runs_and_findings(database)
    if snapshot() != before:  # the run was committed whole: every finding is there
        assert len(recorded) == len(before["auditrun"]) + 1
    for _run, errors, warnings, error_rows, warning_rows in recorded:
        assert (errors, warnings) == (error_rows, warning_rows)
    assert run("doctor").exit_code == 0
