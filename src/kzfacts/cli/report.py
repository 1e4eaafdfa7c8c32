"""kzfacts CLI: `kzfacts report`, the audit as one self-contained HTML page."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kzfacts.checks.findings import Severity, worst_at_or_above
from kzfacts.cli.context import app_context, handle_errors
from kzfacts.cli.files import check_output, named_file, write_output
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
                help="The HTML file to write ('-': standard output). One self-contained page: "
                "summary, findings, every source with its quotes highlighted, contradictions, "
                "timelines.",
            ),
        ],
        fail_on: FailOnOption = FailOn.ERROR,
    ) -> None:
        """Audit everything now and write the result as one HTML page (no network needed to read it)."""
        check_output(output, "--output", "report.html")  # before auditing: no run in vain
        file = named_file(output)
        context = app_context(ctx)
        with context.write() as session:
            audit, data = audit_for_report(session, context.root, context.snapshot_only)
            page = render_html(data)
            if file is not None:  # a file that cannot be written records nothing
                write_output(file, lambda out: out.write(page), "--output")
        if file is None:  # once the run is recorded: its reader may go away
            write_output(output, lambda out: out.write(page), "--output")
        summary = data.summary
        line = (
            f"wrote {output}: {plural(summary['facts_checked'], 'fact')} in "
            f"{plural(summary['sources_checked'], 'source')}, {plural(summary['errors'], 'error')}, "
            f"{plural(summary['warnings'], 'warning')} (run {audit.run_id})"
        )
        typer.echo(line, err=file is None)
        if worst_at_or_above(audit.findings, Severity(fail_on.value)):
            raise typer.Exit(1)
