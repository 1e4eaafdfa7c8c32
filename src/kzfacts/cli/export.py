"""`kzfacts fact export`: facts as re-importable records or as linked data (JSON-LD)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from sqlmodel import Session, col, select

from kzfacts.cli.context import app_context, fail, handle_errors
from kzfacts.formats import exports
from kzfacts.formats.exports import AuditNote, Rating
from kzfacts.ops.errors import Refused
from kzfacts.ops.facts import select_facts
from kzfacts.ops.snapshots import snapshot_pages
from kzfacts.store.models import AuditRun, Fact, Source
from kzfacts.store.models import Finding as FindingRow


class ExportFormat(StrEnum):
    JSONL = "jsonl"
    CSV = "csv"
    ANNOTATION = "annotation"
    CLAIMREVIEW = "claimreview"


def _naive_utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def _last_audit(session: Session) -> tuple[AuditRun | None, dict[str, list[AuditNote]]]:
    """The latest recorded audit and its findings per fact (a contradiction counts for both sides)."""
    run = session.exec(select(AuditRun).order_by(col(AuditRun.id).desc()).limit(1)).first()
    notes: dict[str, list[AuditNote]] = {}
    if run is None:
        return None, notes
    for row in session.exec(
        select(FindingRow).where(FindingRow.run_id == run.id).order_by(col(FindingRow.id))
    ):
        note = AuditNote(row.code, row.severity, row.message)
        facts = {row.fact_id} if row.fact_id else set()
        detail = json.loads(row.detail) if row.detail else {}
        for side in detail.get("sides", []) if isinstance(detail, dict) else []:
            if isinstance(side, dict) and side.get("fact"):
                facts.add(str(side["fact"]))
        for fact_id in sorted(facts):
            notes.setdefault(fact_id, []).append(note)
    return run, notes


def _verdicts(session: Session, facts: list[Fact]) -> tuple[AuditRun | None, dict[str, Rating]]:
    """Ratings from the last audit, for the facts it saw (those created before it started)."""
    run, notes = _last_audit(session)
    if run is None:
        return None, {}
    started = _naive_utc(run.started_at)
    return run, {
        f.id: exports.rating(notes.get(f.id, []))
        for f in facts
        if _naive_utc(f.created_at) <= started
    }


def _render(session: Session, facts: list[Fact], output: ExportFormat) -> str:
    if output is ExportFormat.JSONL:
        return exports.to_jsonl(facts)
    if output is ExportFormat.CSV:
        return exports.to_csv(facts)
    sources: dict[str, Any] = {s.id: s.model_dump() for s in session.exec(select(Source))}
    rows = [f.model_dump() for f in facts]
    paged = {k for k, s in sources.items() if str(s["path"]).lower().endswith(".pdf")}
    pages = snapshot_pages(
        session,
        [(f.id, f.anchor_sha256, f.position_start) for f in facts if f.source_id in paged],
    )
    run, verdicts = _verdicts(session, facts)
    if output is ExportFormat.ANNOTATION:
        return exports.to_json_ld(exports.to_annotations(rows, sources, verdicts, pages))
    if run is None:
        raise Refused("no audit is recorded, so no fact has a verdict: run `kzfacts audit` first")
    unaudited = [f.id for f in facts if f.id not in verdicts]
    if unaudited:
        shown = ", ".join(unaudited[:3]) + (", …" if len(unaudited) > 3 else "")
        raise Refused(
            f"{len(unaudited)} fact(s) were added after the last audit (run {run.id}) and have "
            f"no verdict ({shown}): run `kzfacts audit` first"
        )
    reviewed = (run.finished_at or run.started_at).date()
    return exports.to_json_ld(exports.to_claim_reviews(rows, sources, verdicts, reviewed, pages))


def register(app: typer.Typer, fact_app: typer.Typer) -> None:
    """Add this module's commands to the main app (`fact_app` is `kzfacts fact`)."""

    @fact_app.command("export")
    @handle_errors
    def export(
        ctx: typer.Context,
        output_format: Annotated[
            ExportFormat,
            typer.Option(
                "--format",
                help="jsonl or csv (records `kzfacts fact import` reads back), annotation "
                "(W3C Web Annotation JSON-LD) or claimreview (schema.org ClaimReview JSON-LD, "
                "rated by the last audit).",
            ),
        ] = ExportFormat.JSONL,
        output: Annotated[
            Path | None,
            typer.Option("--output", "-o", help="Write to this file instead of standard output."),
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
        """Export facts: re-importable records (jsonl, csv) or linked data (annotation, claimreview)."""
        with app_context(ctx).read() as session:
            facts = select_facts(session, source=source, subject=subject, predicate=predicate)
            text = _render(session, facts, output_format)
        if output is None:
            typer.echo(text, nl=False)
            return
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise fail(f"cannot write {output} ({exc.strerror}): check the path", 2) from None
        typer.echo(f"exported {len(facts)} facts to {output} ({output_format.value})", err=True)
