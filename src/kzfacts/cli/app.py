"""The `kzfacts` command."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Annotated

import typer
from sqlmodel import Session

from kzfacts import __version__
from kzfacts.checks.findings import Finding, Severity, worst_at_or_above
from kzfacts.cli import check, edits, entities, export, facts, maintenance, report, sources, suggest
from kzfacts.cli.context import AppContext, app_context, fail, handle_errors, progress_bar
from kzfacts.cli.options import (
    DRY_RUN_NOTE,
    DryRunOption,
    FailOn,
    FailOnOption,
    FindingFormatOption,
)
from kzfacts.formats.render import FindingFormat, render_findings
from kzfacts.formats.report import audit_summary
from kzfacts.ops.audit import AuditReport, run_audit
from kzfacts.ops.load import LoadResult, load_folder
from kzfacts.ops.locations import place_findings
from kzfacts.store.engine import make_engine, resolve_url, sqlite_path, transaction

app = typer.Typer(
    name="kzfacts",
    help="Cited facts whose quoted source spans are verified; `kzfacts audit` re-checks them all.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    # Plain help: it shows boolean options as flags (`--full`), not as options taking a value.
    rich_markup_mode=None,
)
app.add_typer(sources.app, name="source")
app.add_typer(facts.app, name="fact")
for name, command in edits.COMMANDS.items():
    facts.app.command(name)(command)
app.command("suggest")(suggest.suggest)
app.add_typer(entities.app, name="entity")
app.add_typer(facts.predicate_app, name="predicate")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kzfacts {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            envvar="KZFACTS_DB",
            help="Database: a file path (SQLite) or any SQLAlchemy URL. Default ./kzfacts.db.",
        ),
    ] = None,
    root: Annotated[
        Path | None,
        typer.Option(
            "--root",
            envvar="KZFACTS_ROOT",
            help="Folder that source paths are relative to. Default: the database file's folder "
            "(the working folder for server databases).",
        ),
    ] = None,
    snapshot_only: Annotated[
        bool,
        typer.Option(
            "--snapshot-only",
            envvar="KZFACTS_SNAPSHOT_ONLY",
            help="Audit, report and export from the texts stored in the database alone: no "
            "source files needed.",
        ),
    ] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """kzfacts: every fact keeps the exact quoted span of the document that states it."""
    try:
        url = resolve_url(db)
    except Exception as exc:
        raise fail(str(exc), 2) from None
    context = AppContext(url=url, root_option=root, snapshot_only=snapshot_only)
    ctx.obj = context
    ctx.call_on_close(context.dispose)


@app.command()
@handle_errors
def init(ctx: typer.Context) -> None:
    """Create the database or upgrade its schema to this version (idempotent)."""
    from kzfacts.store import migrate  # Alembic loads only for the command that needs it

    context = app_context(ctx)
    path = sqlite_path(context.url)
    if path is not None and not path.parent.is_dir():
        raise fail(f"folder {path.parent} does not exist: create it or choose another --db", 2)
    engine = context.engine()
    before = migrate.current_revision(engine)
    if before is not None and before not in migrate.known_revisions(engine):
        raise fail(
            f"database {context.label} has schema {before}, newer than this kzfacts knows: "
            "upgrade kzfacts",
            2,
        )
    migrate.upgrade(engine)
    after = migrate.current_revision(engine)
    state = "already at" if before == after else "upgraded to"
    typer.echo(f"{context.label}: schema {state} {after}")


def _print_load_errors(result: LoadResult) -> None:
    for path, error in result.errors:
        typer.echo(
            f"{path} record {error.number} ({error.fact_id!r}): {error.code}: {error.message}",
            err=True,
        )


@app.command()
@handle_errors
def load(
    ctx: typer.Context,
    folder: Annotated[
        Path,
        typer.Argument(
            help="Folder with sources.toml, entities/*.yaml and facts/*.(yaml|jsonl|csv)."
        ),
    ] = Path("seeds"),
    dry_run: DryRunOption = False,
) -> None:
    """Register a folder's sources and entities and import its facts (running it twice changes nothing)."""
    context = app_context(ctx)
    with context.write() as session:
        with progress_bar(f"loading {folder}") as progress:
            result = load_folder(session, folder, context.root, progress)
        if result.errors:
            _print_load_errors(result)
            session.rollback()
            raise fail(f"{len(result.errors)} bad record(s) in {folder}: nothing was loaded", 1)
        if dry_run:
            session.rollback()
    for message in result.messages:
        typer.echo(message, err=True)
    typer.echo(
        f"{'would load' if dry_run else 'loaded'} {folder}: {len(result.sources_added)} sources, {result.entities_added} entities, "
        f"{result.aliases_added} aliases, {result.facts_added} facts added "
        f"({result.facts_unchanged} already present)"
    )
    if dry_run:
        typer.echo(DRY_RUN_NOTE, err=True)


def _fresh_audit(folder: Path, root: Path, workers: int) -> tuple[AuditReport, list[Finding]]:
    """Load `folder` into a new temporary database and audit it: what a clone holds, with no
    database to set up (pre-commit, CI). A bad record fails like `kzfacts load`."""
    from kzfacts.store import migrate  # Alembic loads only for the command that needs it

    with tempfile.TemporaryDirectory(prefix="kzfacts-fresh-") as scratch:
        engine = make_engine(resolve_url(str(Path(scratch) / "kzfacts.db")))
        try:
            migrate.upgrade(engine)
            with transaction(engine) as session:
                result = load_folder(session, folder, root)
                if result.errors:
                    _print_load_errors(result)
                    session.rollback()
                    raise fail(
                        f"{len(result.errors)} bad record(s) in {folder}: fix them, or the "
                        "source texts their quotes no longer match",
                        1,
                    )
            with transaction(engine) as session, progress_bar("auditing") as progress:
                report = run_audit(session, root, full=True, workers=workers, progress=progress)
            with Session(engine) as session:
                return report, place_findings(session, root, report.findings)
        finally:
            engine.dispose()


@app.command()
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
) -> None:
    """Re-anchor facts against the current sources; report broken quotes, values, contradictions."""
    context = app_context(ctx)
    if fresh is not None:
        root = (context.root_option or Path.cwd()).resolve()
        report, findings = _fresh_audit(fresh, root, workers)
    else:
        database = sqlite_path(context.url)
        if database is not None and not database.exists():
            raise fail(
                f"no database at {database}: create it with `kzfacts init && kzfacts load "
                "FOLDER`, or audit a folder without one: `kzfacts audit --fresh FOLDER`",
                2,
            )
        root = context.root.resolve()
        with context.write() as session, progress_bar("auditing") as progress:
            report = run_audit(
                session,
                context.root,
                full=full,
                workers=workers,
                progress=progress,
                snapshot_only=context.snapshot_only,
            )
        findings = report.findings
        if output_format is not FindingFormat.TEXT:
            with context.read() as session:
                findings = place_findings(session, context.root, findings)
    summary = audit_summary(
        report.findings,
        run=report.run_id,
        full=report.full,
        facts_checked=report.facts_checked,
        facts_rechecked=report.facts_rechecked,
        sources_checked=report.sources_checked,
        started_at=report.started_at.isoformat(timespec="seconds"),
        finished_at=report.finished_at.isoformat(timespec="seconds"),
    )
    typer.echo(render_findings(findings, summary, output_format, base=root))
    if worst_at_or_above(report.findings, Severity(fail_on.value)):
        raise typer.Exit(1)


# Commands defined in their own modules come after the core ones in `kzfacts --help`.
for module in (check, report, export, maintenance):
    module.register(app, facts.app)


def main() -> None:
    app()
