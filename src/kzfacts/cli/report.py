"""kzfacts CLI: `kzfacts report`, the audit as one self-contained HTML page."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kzfacts.checks.findings import Severity, worst_at_or_above
from kzfacts.cli.context import app_context, handle_errors
from kzfacts.cli.files import check_output, write_output
from kzfacts.cli.options import FailOn, FailOnOption
from kzfacts.formats.counts import plural
from kzfacts.formats.html import render_html
from kzfacts.services.report import audit_for_report


def register(app: typer.Typer) -> None:
    """Add `kzfacts report` to the main app."""

    @app.command("report")
    @handle_errors
    def report(
        ctx: typer.Context,
        output: Annotated[
            Path,
            typer.Option(
                "--output",
                "-o",
                help="The HTML file to write ('-' for stdout). One self-contained page: "
                "summary, findings, every source with its quotes highlighted, contradictions, "
                "timelines.",
            ),
        ],
        fail_on: FailOnOption = FailOn.ERROR,
    ) -> None:
        """Audit everything now and write the result as one HTML page (no network needed to read it)."""
        if str(output) != "-":  # refused before auditing, so nothing is recorded in vain
            check_output(output, "--output", "report.html")
        context = app_context(ctx)
        with context.write() as session:
            audit, data = audit_for_report(session, context.root, context.snapshot_only)
            page = render_html(data)
            if str(output) != "-":  # a file that cannot be written records nothing
                write_output(output, lambda out: out.write(page), "--output")
        if str(output) == "-":  # once the run is recorded: its reader may go away
            typer.echo(page, nl=False)
        summary = data.summary
        line = (
            f"wrote {output}: {plural(summary['facts_checked'], 'fact')} in "
            f"{plural(summary['sources_checked'], 'source')}, {plural(summary['errors'], 'error')}, "
            f"{plural(summary['warnings'], 'warning')} (run {audit.run_id})"
        )
        typer.echo(line, err=str(output) == "-")
        if worst_at_or_above(audit.findings, Severity(fail_on.value)):
            raise typer.Exit(1)
