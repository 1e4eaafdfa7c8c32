"""The `kzfacts` command."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from kzfacts import __version__
from kzfacts.checks.findings import Severity, worst_at_or_above
from kzfacts.cli import check, entities, export, facts, maintenance, report, sources
from kzfacts.cli.context import AppContext, app_context, fail, handle_errors, progress_bar
from kzfacts.cli.options import FailOn, FailOnOption, FindingFormatOption, MaxGapOption
from kzfacts.formats.render import FindingFormat, render_findings
from kzfacts.formats.report import audit_summary
from kzfacts.ops.audit import run_audit
from kzfacts.ops.load import load_folder
from kzfacts.store.engine import resolve_url, sqlite_path
from kzfacts.text.anchor import MAX_GAP

app = typer.Typer(
    name="kzfacts",
    help="Cited facts whose quoted source spans are verified; `kzfacts audit` re-checks them all.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(sources.app, name="source")
app.add_typer(facts.app, name="fact")
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
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """kzfacts: every fact keeps the exact quoted span of the document that states it."""
    try:
        url = resolve_url(db)
    except Exception as exc:
        raise fail(str(exc), 2) from None
    context = AppContext(url=url, root_option=root)
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
    max_gap: MaxGapOption = MAX_GAP,
) -> None:
    """Register a folder's sources and entities and import its facts (running it twice changes nothing)."""
    context = app_context(ctx)
    with context.write() as session:
        with progress_bar(f"loading {folder}") as progress:
            result = load_folder(session, folder, context.root, progress, max_gap=max_gap)
        if result.errors:
            for path, error in result.errors:
                typer.echo(
                    f"{path} record {error.number} ({error.fact_id!r}): {error.code}: {error.message}",
                    err=True,
                )
            session.rollback()
            raise fail(f"{len(result.errors)} bad record(s) in {folder}: nothing was loaded", 1)
    for message in result.messages:
        typer.echo(message, err=True)
    typer.echo(
        f"loaded {folder}: {len(result.sources_added)} sources, {result.entities_added} entities, "
        f"{result.aliases_added} aliases, {result.facts_added} facts added "
        f"({result.facts_unchanged} already present)"
    )


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
    workers: Annotated[
        int,
        typer.Option(
            "--workers", min=1, help="Processes to spread sources over (default: up to 2)."
        ),
    ] = min(2, os.cpu_count() or 1),
    max_gap: MaxGapOption = MAX_GAP,
) -> None:
    """Re-anchor facts against the current sources; report broken quotes, values, contradictions."""
    context = app_context(ctx)
    with context.write() as session, progress_bar("auditing") as progress:
        report = run_audit(
            session, context.root, full=full, workers=workers, progress=progress, max_gap=max_gap
        )
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
    typer.echo(render_findings(report.findings, summary, output_format))
    if worst_at_or_above(report.findings, Severity(fail_on.value)):
        raise typer.Exit(1)


# Commands defined in their own modules come after the core ones in `kzfacts --help`.
for module in (check, report, export, maintenance):
    module.register(app, facts.app)


def main() -> None:
    app()
