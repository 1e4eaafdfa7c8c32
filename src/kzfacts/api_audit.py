"""The audit part of `FactDB` (`kzfacts.api`): audit the database, and check a draft against
its facts, through the services `kzfacts audit` and `kzfacts check` call.
"""

from __future__ import annotations

import os
from contextlib import closing
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from kzfacts.api_connection import Connection
from kzfacts.services.collector import collector_paused
from kzfacts.store import sqlite
from kzfacts.text.limits import MAX_GAP

if TYPE_CHECKING:
    from kzfacts.checks.fact_index import FactBase
    from kzfacts.checks.findings import Finding
    from kzfacts.services.audit import AuditReport, Progress


class AuditAPI(Connection):
    """What `FactDB` audits and checks."""

    @collector_paused  # from the start: importing the full path (SQLAlchemy) makes no cycles
    def audit(
        self,
        full: bool = False,
        *,
        workers: int = 1,
        dry_run: bool = False,
        max_gap: int = MAX_GAP,
        progress: Progress | None = None,
    ) -> AuditReport:
        """Re-anchor the facts against the current sources, re-check values and subjects, find
        contradictions, and record the run (`dry_run`: record nothing; its report's `run_id` is
        None). Incremental unless `full`: only facts whose source or row changed since the last
        audit are re-checked.
        On an SQLite file opened by its path, an audit that finds nothing changed is answered
        with the standard library alone (`services/audit/warm.py`), without SQLAlchemy."""
        if self.file is not None and not (full or dry_run or self.snapshot_only):
            from kzfacts.services.audit.warm import warm_audit

            self.check_head()
            with closing(sqlite.connect(self.file)) as connection:
                report = warm_audit(connection, self.root)
            if report is not None:
                return report
        from kzfacts.services.audit import run_audit

        unit = self.throwaway() if dry_run else self.write()
        with unit as session:
            report = run_audit(
                session,
                self.root,
                full=full,
                workers=workers,
                progress=progress,
                snapshot_only=self.snapshot_only,
                max_gap=max_gap,
            )
        # The run row a dry run made was thrown away with the rest: its number names nothing.
        return replace(report, run_id=None) if dry_run else report

    def check_draft(
        self, text_or_path: str | os.PathLike[str], *, label: str = "draft.md"
    ) -> list[Finding]:
        """Check a draft against the facts: every sentence stating a value must cite a fact
        ([@fact-id]) that says the same. A path is read (UTF-8); a str is the draft's text,
        named `label` in the findings (a .md label reads it as Markdown)."""
        from kzfacts.services.drafts import DraftCheck, read_draft

        if isinstance(text_or_path, os.PathLike):
            path = Path(text_or_path)
            label, text = path.as_posix(), read_draft(path)
        else:
            text = text_or_path
        with DraftCheck([(label, text)]) as checking:  # reads sentences while the facts load
            # the facts are not kept: freed once checked, before the collector runs again
            (result,) = checking.run(self._draft_facts(checking.cited))
        return list(result.findings)

    def _draft_facts(self, cited: set[str]) -> FactBase:
        """The facts a draft is checked against (`services.drafts.load_fact_base`)."""
        from kzfacts.services.drafts import load_fact_base

        if self.file is not None:  # an SQLite file: the standard library, no SQLAlchemy
            with closing(sqlite.open_at_head(self.file)) as connection:
                return load_fact_base(connection, cited)
        with self.read() as session:
            return load_fact_base(session, cited)
