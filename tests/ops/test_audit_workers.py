"""An audit whose facts to re-check are spread over worker processes reports and records exactly
what an audit in one process does: the audit's own process checks some of the sources beside
the workers, and their results are put back in the order of the sources."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import BACKEND, Run

pytestmark = pytest.mark.skipif(BACKEND != "sqlite", reason="compares two SQLite files")

FACT_COLUMNS = (
    "id, position_start, position_end, exact, prefix, suffix, anchor_sha256, anchor_verdict, "
    "anchor_detail, anchor_quote_sha256, support_key"
)


def audit(run: Run, database: str, workers: int) -> dict[str, Any]:
    result = run("--db", database, "audit", "--format", "json", "--workers", str(workers))
    assert result.exit_code in (0, 1), result.stderr
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def rows(database: str) -> tuple[list[Any], list[Any]]:
    """The facts' anchors and keys, and the last run's findings, as the audit wrote them."""
    with sqlite3.connect(database) as connection:
        facts = connection.execute(f"SELECT {FACT_COLUMNS} FROM fact ORDER BY id").fetchall()
        findings = connection.execute(
            "SELECT code, severity, fact_id, source_id, message, detail FROM finding "
            "WHERE run_id = (SELECT max(id) FROM auditrun) ORDER BY id"
        ).fetchall()
    return facts, findings


def test_an_audit_over_workers_equals_one_process(
    run: Run, seeded: Path, clone_database: Callable[[], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from kzfacts.services.audit import workers

    database = str(seeded / "kzfacts.db")
    audit(run, database, 1)
    # Every seed source edited: a paragraph added at the top (every quote moves) and, in the
    # appeal, two facts' numbers changed ("some 100 were wounded").
    for path in sorted((seeded / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        text = text.replace("some 100 were wounded", "some 200 were wounded")
        path.write_text("A new opening paragraph.\n\n" + text, encoding="utf-8")
    twin = clone_database()
    pools: list[int] = []

    class CountedPool(ProcessPoolExecutor):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            pools.append(kwargs["max_workers"])
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(workers, "ProcessPoolExecutor", CountedPool)
    monkeypatch.setattr(workers, "PARALLEL_MIN_FACTS", 0)  # the seeds are far below it
    alone = audit(run, database, 1)
    assert pools == []
    spread = audit(run, twin, 2)
    assert pools == [2]  # two worker processes (as many as --workers), one per core
    for report in (alone, spread):
        report["summary"].pop("started_at", None)
        report["summary"].pop("finished_at", None)
    codes = [f["code"] for f in alone["findings"]]
    assert codes.count("source-changed") == 5
    assert codes.count("quote-altered") == 2
    assert codes.count("quote-moved") == 171
    assert spread == alone
    assert rows(twin) == rows(database)


@pytest.mark.skipif(not hasattr(os, "nice"), reason="no process priorities here")
def test_the_audits_workers_run_below_its_own_priority() -> None:
    """The audit's own process is its critical path: its workers yield the cores to it."""
    from kzfacts.checks.subjects import EntityCatalog
    from kzfacts.services.audit.workers import WORKER_NICENESS, AuditWorkers

    with AuditWorkers(2, lambda: EntityCatalog(())) as pool:
        worker = pool.submit(2, os.nice, 0).result(timeout=60)
    assert WORKER_NICENESS == 5
    assert worker == min(19, os.nice(0) + WORKER_NICENESS)


def test_workers_that_may_not_lower_their_priority_still_work(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A sandbox may forbid `setpriority`: the workers then run as they are (the honest
    neighbour, a worker that may, is the test above)."""
    from kzfacts.checks.subjects import EntityCatalog
    from kzfacts.services.audit.workers import AuditWorkers

    def forbidden(increment: int) -> int:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "nice", forbidden)  # the forked workers inherit it
    with AuditWorkers(2, lambda: EntityCatalog(())) as pool:
        assert pool.submit(2, len, "worker").result(timeout=60) == 6
