"""`kzfacts audit`: the facts checked again against their sources, in the database or in a
fresh temporary one loaded from a folder (`--fresh`)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kzfacts.cli.app import print_load_errors
from kzfacts.cli.context import app_context, fail, handle_errors, progress_bar
from kzfacts.cli.options import FailOn, FailOnOption, FindingFormatOption, MaxGapOption
from kzfacts.formats.render import FindingFormat
from kzfacts.text.limits import MAX_GAP

if TYPE_CHECKING:
    from kzfacts.checks.findings import Finding
    from kzfacts.services.audit import AuditReport


class _FolderRefused(Exception):
    """A fresh audit's folder that does not load: why, and its refused records as findings."""

    def __init__(self, message: str, findings: list[Finding]) -> None:
        super().__init__(message)
        self.findings = findings


def _fresh_audit(folder: Path, root: Path, workers: int) -> tuple[AuditReport, list[Finding]]:
    """Load `folder` into a new temporary database and audit it: what a clone holds, with no
    database to set up (pre-commit, CI). A bad record fails like `kzfacts load`."""
    import tempfile  # only this command needs it: every other starts without

    from kzfacts.api import FactDB
    from kzfacts.services.audit.locations import place_findings, refused_records
    from kzfacts.services.records.load import load_folder
    from kzfacts.store import migrate  # Alembic loads only for the command that needs it
    from kzfacts.store.engine import make_engine, resolve_url

    with tempfile.TemporaryDirectory(prefix="kzfacts-fresh-") as scratch:
        url = resolve_url(str(Path(scratch) / "kzfacts.db"))
        db = FactDB(make_engine(url), url, root)
        try:
            migrate.upgrade(db.engine)
            with db.write() as session:
                result = load_folder(session, folder, root)
                if result.errors:
                    print_load_errors(result)
                    session.rollback()
                    raise _FolderRefused(
                        f"{len(result.errors)} bad record(s) in {folder}: fix them, or the "
                        "source texts their quotes no longer match",
                        refused_records(result.errors, root),
                    )
            with progress_bar("auditing") as progress:
                report = db.audit(full=True, workers=workers, progress=progress)
            with db.read() as session:
                return report, place_findings(session, root, report.findings)
        finally:
            db.close()


@handle_errors
def audit(
    ctx: typer.Context,
    output_format: FindingFormatOption = FindingFormat.TEXT,
    fail_on: FailOnOption = FailOn.ERROR,
    full: Annotated[
        bool,
        typer.Option(
            "--full",
            help="Re-check every fact, not only those whose source or row changed since the last audit.",
        ),
    ] = False,
    fresh: Annotated[
        Path | None,
        typer.Option(
            "--fresh",
            metavar="FOLDER",
            help="Load FOLDER (as `kzfacts load`) into a new temporary database and audit that, "
            "ignoring --db: a fresh audit of what a clone holds. Paths are relative to --root, "
            "default the working folder.",
        ),
    ] = None,
    workers: Annotated[
        int,
        typer.Option(
            "--workers", min=1, help="Processes to spread sources over (default: up to 2)."
        ),
    ] = min(2, os.cpu_count() or 1),
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run",
            help="Report without recording the run or updating stored anchors (works on a "
            "read-only database).",
        ),
    ] = False,
    max_gap: MaxGapOption = MAX_GAP,
) -> None:
    """Re-anchor facts against the current sources; report broken quotes, values, contradictions."""
    from kzfacts.checks.findings import Severity, worst_at_or_above
    from kzfacts.formats.render import render_findings
    from kzfacts.services.audit.locations import place_findings

    context = app_context(ctx)
    if fresh is not None:
        root = (context.root_option or Path.cwd()).resolve()
        try:
            report, findings = _fresh_audit(fresh, root, workers)
        except _FolderRefused as refused:
            # Reported in the format asked for too: a CI step's SARIF or annotations say why.
            if output_format is not FindingFormat.TEXT:
                counts = {"errors": len(refused.findings), "warnings": 0, "info": 0}
                typer.echo(render_findings(refused.findings, counts, output_format, base=root))
            raise fail(str(refused), 1) from None
    else:
        database = context.sqlite_path()
        if database is not None and not database.exists():
            raise fail(
                f"no database at {database}: create it with `kzfacts init && kzfacts load "
                "FOLDER`, or audit a folder without one: `kzfacts audit --fresh FOLDER`",
                2,
            )
        root = context.root.resolve()
        with progress_bar("auditing") as progress:
            report = context.db().audit(
                full, workers=workers, dry_run=dry_run, max_gap=max_gap, progress=progress
            )
        findings = report.findings
        if output_format is not FindingFormat.TEXT:
            with context.quick_read() as opened:
                findings = place_findings(opened, context.root, findings)
    typer.echo(render_findings(findings, report.summary(), output_format, base=root))
    if worst_at_or_above(report.findings, Severity(fail_on.value)):
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add `kzfacts audit` to the main app."""
    app.command("audit")(audit)
