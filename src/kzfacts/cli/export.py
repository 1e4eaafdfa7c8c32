"""`kzfacts fact export`: facts as re-importable records or as linked data (JSON-LD)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from kzfacts.cli.context import app_context, handle_errors
from kzfacts.cli.files import check_output, named_file, write_output

if TYPE_CHECKING:  # the database layer loads in the command: `fact list` starts without it
    from sqlmodel import Session

    from kzfacts.store.models import Fact


class ExportFormat(StrEnum):
    JSONL = "jsonl"
    CSV = "csv"
    ANNOTATION = "annotation"
    HYPOTHESIS = "hypothesis"
    CLAIM = "claim"


# A file name for each format, for the refusal of a folder given as --output.
_EXAMPLES = {
    ExportFormat.JSONL: "facts.jsonl",
    ExportFormat.CSV: "facts.csv",
    ExportFormat.ANNOTATION: "annotations.jsonld",
    ExportFormat.HYPOTHESIS: "annotations.jsonl",
    ExportFormat.CLAIM: "claims.jsonld",
}


def _render(session: Session, facts: list[Fact], output: ExportFormat) -> str:
    from kzfacts.formats import exports  # hashlib, csv: `fact add` and `fact list` start without
    from kzfacts.services.sources.registry import list_sources
    from kzfacts.services.sources.snapshots import snapshot_pages
    from kzfacts.store.models import in_table_order

    if output is ExportFormat.JSONL:
        return exports.to_jsonl(facts)
    if output is ExportFormat.CSV:
        return exports.to_csv(facts)
    sources: dict[str, Any] = {s.id: in_table_order(s) for s in list_sources(session)}
    rows = [{**in_table_order(f), **f.audit_columns()} for f in facts]  # with its verdict
    if output is ExportFormat.HYPOTHESIS:
        return exports.to_hypothesis(rows, sources)
    paged = {k for k, s in sources.items() if str(s["path"]).lower().endswith(".pdf")}
    pages = snapshot_pages(
        session,
        [
            (f.id, f.anchor_sha256, f.position_start, f.position_end)
            for f in facts
            if f.source_id in paged
        ],
    )
    if output is ExportFormat.ANNOTATION:
        return exports.to_json_ld(exports.to_annotations(rows, sources, pages))
    return exports.to_json_ld(exports.to_claims(rows, sources, pages))


def register(app: typer.Typer) -> None:
    """Add `kzfacts fact export` to the `fact` group."""
    from kzfacts.cli.facts import app as fact_app

    @fact_app.command("export")
    @handle_errors
    def export(
        ctx: typer.Context,
        output_format: Annotated[
            ExportFormat,
            typer.Option(
                "--format",
                help="jsonl or csv (records `kzfacts fact import` reads back), annotation "
                "(W3C Web Annotation JSON-LD), hypothesis (Hypothesis API payloads, one per "
                "line, for facts whose source has a URL) or claim (schema.org Claim with "
                "PROV-O provenance, JSON-LD).",
            ),
        ] = ExportFormat.JSONL,
        output: Annotated[
            Path | None,
            typer.Option(
                "--output", "-o", help="Write to this file ('-', the default: standard output)."
            ),
        ] = None,
        source: Annotated[
            str | None, typer.Option("--source", help="Only facts citing this source.")
        ] = None,
        subject: Annotated[
            str | None,
            typer.Option(
                "--subject", help="Only facts whose subject or entity contains this text."
            ),
        ] = None,
        predicate: Annotated[
            str | None, typer.Option("--predicate", help="Only facts with this predicate.")
        ] = None,
    ) -> None:
        """Export facts: re-importable records (jsonl, csv), annotations (annotation, hypothesis)
        or linked data (claim)."""
        from kzfacts.services.facts.queries import select_facts

        check_output(output, "--output", _EXAMPLES[output_format])
        with app_context(ctx).read() as session:
            facts = select_facts(session, source=source, subject=subject, predicate=predicate)
            text = _render(session, facts, output_format)
        write_output(output, lambda out: out.write(text), "--output")
        file = named_file(output)
        if file is not None:
            typer.echo(f"exported {len(facts)} facts to {file} ({output_format.value})", err=True)
