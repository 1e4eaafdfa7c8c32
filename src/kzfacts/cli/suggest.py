"""`kzfacts suggest`: proposed fact records for a source's uncited values, to review and import."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from kzfacts.cli.context import app_context, handle_errors
from kzfacts.cli.files import check_output, named_file, write_output
from kzfacts.services.sources.coverage import read_ignored
from kzfacts.services.sources.suggest import render_suggestions, suggest_facts


class RecordFormat(StrEnum):
    YAML = "yaml"
    JSONL = "jsonl"


@handle_errors
def suggest(
    ctx: typer.Context,
    source_id: Annotated[str, typer.Argument(help="The id of a registered source.")],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", help="Write the records to this file ('-', the default: standard output)."
        ),
    ] = None,
    record_format: Annotated[
        RecordFormat | None,
        typer.Option(
            "--format",
            help="yaml or jsonl; by default from the --out suffix (.jsonl), else yaml.",
        ),
    ] = None,
    ignore: Annotated[
        list[Path] | None,
        typer.Option(
            "--ignore",
            help="YAML file or folder of mentions that are not facts ({source, text, reason}); "
            "repeatable.",
        ),
    ] = None,
    min_confidence: Annotated[
        float,
        typer.Option("--min-confidence", min=0.0, max=1.0, help="Leave out proposals below this."),
    ] = 0.0,
) -> None:
    """Propose a verified fact record for each value of a source that no fact cites, as YAML or JSONL that `kzfacts fact import` reads once reviewed."""
    file = named_file(out)
    chosen = record_format or (
        RecordFormat.JSONL if file is not None and file.suffix == ".jsonl" else RecordFormat.YAML
    )
    check_output(out, "--out", f"suggestions.{chosen.value}")
    context = app_context(ctx)
    ignored = read_ignored(ignore or []).get(source_id, [])
    with context.read() as session:
        found = suggest_facts(session, context.root, source_id, ignored)
    kept = [s for s in found if s.confidence >= min_confidence]
    text = render_suggestions(kept, chosen.value)
    write_output(out, lambda stream: stream.write(text), "--out")
    typer.echo(
        f"{len(kept)} facts proposed for {source_id}"
        + (f" (written to {file})" if file is not None else "")
        + ": review them, then `kzfacts fact import`",
        err=True,
    )


def register(app: typer.Typer) -> None:
    app.command("suggest")(suggest)
