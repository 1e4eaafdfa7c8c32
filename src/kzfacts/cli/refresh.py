"""`kzfacts fact refresh`: the stored facts' value bounds and times of validity derived again
by this release's rules."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from kzfacts.cli.context import app_context, fail, handle_errors, progress_bar
from kzfacts.cli.options import DRY_RUN_NOTE, DryRunOption, FormatOption, OutputFormat
from kzfacts.formats.counts import plural
from kzfacts.formats.report import to_json

if TYPE_CHECKING:
    from kzfacts.services.facts.refresh import Refresh


@handle_errors
def refresh(
    ctx: typer.Context,
    fact_ids: Annotated[
        list[str] | None,
        typer.Argument(help="Facts to refresh (default: every fact).", show_default=False),
    ] = None,
    dry_run: DryRunOption = False,
    output_format: FormatOption = OutputFormat.TEXT,
) -> None:
    """Derive stored facts' value bounds and times of validity again by this release's rules.

    Run it after upgrading kzfacts: facts written by an earlier release keep what its rules
    read (a date without a year taken from the source's date, say) until they are refreshed.
    What editors stated, the quotes' anchors and the facts' histories stay as they are. A fact
    whose source changed since it was verified, or that no longer passes its check, is left
    as it is and named (exit 1): `kzfacts audit` first.
    """
    db = app_context(ctx).db()
    with progress_bar("refreshing facts") as progress:
        found = db.refresh_facts(fact_ids or (), dry_run=dry_run, progress=progress)
    if output_format is OutputFormat.JSON:
        typer.echo(to_json(found.to_dict()))
    else:
        _echo(found, dry_run)
    if dry_run:
        typer.echo(DRY_RUN_NOTE, err=True)
    if found.not_refreshed:
        raise fail(f"{plural(len(found.not_refreshed), 'fact')} not refreshed", 1)


def _echo(found: Refresh, dry_run: bool) -> None:
    for fact in found.refreshed:
        changes = "; ".join(
            f"{c.field} {_shown(c.before)} → {_shown(c.after)}" for c in fact.changes
        )
        typer.echo(f"{fact.fact_id}: {changes}")
    for left in found.not_refreshed:
        typer.echo(f"{left.fact_id}: not refreshed: {left.reason}", err=True)
    unchanged = found.read - len(found.refreshed) - len(found.not_refreshed)
    typer.echo(
        f"{'would refresh' if dry_run else 'refreshed'} {len(found.refreshed)} of "
        f"{plural(found.read, 'fact')} ({unchanged} unchanged)"
    )


def _shown(value: object) -> str:
    """A column's value in a line: a date as its ISO form, nothing as '-'."""
    if value is None:
        return "-"
    return str(value.isoformat() if hasattr(value, "isoformat") else value)


def register(app: typer.Typer) -> None:
    """`kzfacts fact refresh`, after the other fact commands."""
    from kzfacts.cli.facts import app as fact_app

    fact_app.command("refresh")(refresh)
