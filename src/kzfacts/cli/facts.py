"""`kzfacts fact …` and `kzfacts predicate list`."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kzfacts.cli.context import app_context, fail, handle_errors, progress_bar
from kzfacts.cli.options import (
    DRY_RUN_NOTE,
    ByOption,
    DryRunOption,
    FormatOption,
    MaxGapOption,
    OutputFormat,
)
from kzfacts.formats.counts import plural
from kzfacts.formats.report import table, to_json
from kzfacts.services.facts.queries import fact_columns
from kzfacts.store.columns import fact_document
from kzfacts.text.limits import MAX_GAP
from kzfacts.text.pages import page_label, page_range

if TYPE_CHECKING:  # the database layer loads in the commands that use it (`fact list` does not)
    from kzfacts.checks.fact import FactResult
    from kzfacts.store.models import Fact

app = typer.Typer(
    help="Add, import, edit, refresh, remove and inspect cited facts.", no_args_is_help=True
)
predicate_app = typer.Typer(help="The predicate vocabulary.", no_args_is_help=True)


def register(main_app: typer.Typer) -> None:
    """`kzfacts fact …` (its `add`, `import`, `list` and `show`) and `kzfacts predicate …`."""
    main_app.add_typer(app, name="fact")
    main_app.add_typer(predicate_app, name="predicate")


@app.command("add")
@handle_errors
def add(
    ctx: typer.Context,
    fact_id: Annotated[str, typer.Option("--id", help="Stable slug, used as the citation key.")],
    source: Annotated[
        str, typer.Option("--source", help="Id of the registered source that states it.")
    ],
    subject: Annotated[
        str, typer.Option("--subject", help="Who or what the fact is about, as written.")
    ],
    predicate: Annotated[
        str, typer.Option("--predicate", help="What is stated (see `kzfacts predicate list`).")
    ],
    value: Annotated[
        str,
        typer.Option(
            "--value", help="The value, as vague as the source: '4 years', 'more than 12'."
        ),
    ],
    quote: Annotated[
        str,
        typer.Option("--quote", help="The exact words of the source that state it; '...' elides."),
    ],
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="When the value held: YYYY-MM-DD, YYYY-MM, YYYY, or words such as "
            "'early October 2005'.",
        ),
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", help="Free text kept with the fact.")
    ] = None,
    supersedes: Annotated[
        str | None,
        typer.Option(
            "--supersedes",
            help="Id of the fact this one revises (e.g. a sentence reduced on appeal).",
        ),
    ] = None,
    entity: Annotated[
        str | None, typer.Option("--entity", help="Entity id to attach the fact to.")
    ] = None,
    new_entity: Annotated[
        bool,
        typer.Option(
            "--new-entity", help="Create a new entity for the subject instead of matching one."
        ),
    ] = False,
    event: Annotated[
        str | None,
        typer.Option(
            "--event",
            help="A key shared by the facts about one event (e.g. kozlov-trial-2012): they are "
            "compared with each other, never with facts of another event.",
        ),
    ] = None,
    by: ByOption = None,
    dry_run: DryRunOption = False,
    max_gap: MaxGapOption = MAX_GAP,
) -> None:
    """Add one fact: the quote is anchored and the value checked before anything is written."""
    from kzfacts.checks.fact import FactInput
    from kzfacts.services.facts.add import add_fact
    from kzfacts.services.facts.inputs import check_fields

    data = check_fields(FactInput(
        id=fact_id, source=source, subject=subject, predicate=predicate, value=value,
        quote=quote, as_of=as_of, note=note, supersedes=supersedes, entity=entity,
        new_entity=new_entity, event=event,
    ))  # fmt: skip
    context = app_context(ctx)
    with context.quick_write(keep=not dry_run) as store:
        accepted = add_fact(
            store, context.root, data, via="kzfacts fact add", by=by, max_gap=max_gap,
            write=not dry_run,
        )  # fmt: skip
    echo_verdict("would add" if dry_run else "added", accepted)
    if dry_run:
        typer.echo(DRY_RUN_NOTE, err=True)


def echo_verdict(verb: str, accepted: FactResult) -> None:
    """Where an accepted fact's quote stands, with its messages and warnings on stderr."""
    for message in accepted.messages:
        typer.echo(message, err=True)
    for warning in accepted.warnings:
        typer.echo(f"warning: {warning.code.value}: {warning.message}", err=True)
    assert accepted.position is not None  # an accepted fact's quote stands
    start, end = accepted.position
    page = f"{page_label(accepted.page, accepted.last_page)}, " if accepted.page is not None else ""
    typer.echo(
        f"{verb} {accepted.id}: {accepted.fact.source} {page}line {accepted.line}, characters "
        f"{start}-{end} ({accepted.verdict}), entity {accepted.fact.entity}"
    )


@app.command("import")
@handle_errors
def import_(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A .jsonl, .yaml or .csv file of fact records.")],
    by: ByOption = None,
    dry_run: DryRunOption = False,
    max_gap: MaxGapOption = MAX_GAP,
) -> None:
    """Import fact records, all or nothing: one bad record and nothing is written."""
    from kzfacts.results import RecordsRefused  # loads the checks: only for an import

    db = app_context(ctx).db()
    try:
        with progress_bar(f"importing {file.name}") as progress:
            result = db.import_records(
                file, by=by, dry_run=dry_run, max_gap=max_gap,
                via=f"kzfacts fact import {file.name}", progress=progress,
            )  # fmt: skip
    except RecordsRefused as refused:
        for error in refused.errors:
            label = f" ({error.fact_id!r})" if error.fact_id else ""
            typer.echo(f"{file}:{error.number}{label}: {error.code}: {error.message}", err=True)
        raise fail(str(refused), 1) from None
    accepted = result.facts
    for item, number in zip(accepted, result.numbers, strict=True):
        where = f"{file}:{number} ({item.id!r})"  # as a refused record is named
        for message in item.messages:
            typer.echo(f"{where}: {message}", err=True)
        for warning in item.warnings:
            typer.echo(f"{where}: warning: {warning.code.value}: {warning.message}", err=True)
    warned = sum(1 for a in accepted if a.warnings)
    typer.echo(
        f"{'would import' if dry_run else 'imported'} {plural(len(accepted), 'fact')} from {file}"
        + (f" ({warned} with warnings)" if warned else "")
    )
    if dry_run:
        typer.echo(DRY_RUN_NOTE, err=True)


@app.command("list")
@handle_errors
def list_(
    ctx: typer.Context,
    source: Annotated[
        str | None, typer.Option("--source", help="Only facts citing this source.")
    ] = None,
    subject: Annotated[
        str | None,
        typer.Option("--subject", help="Only facts whose subject or entity contains this text."),
    ] = None,
    predicate: Annotated[
        str | None, typer.Option("--predicate", help="Only facts with this predicate.")
    ] = None,
    broken: Annotated[
        bool,
        typer.Option("--broken", help="Only facts the last audit found an error about."),
    ] = False,
    output_format: FormatOption = OutputFormat.TEXT,
) -> None:
    """List facts, optionally filtered."""
    with app_context(ctx).quick_read() as database:
        facts = fact_columns(
            database, source=source, subject=subject, predicate=predicate, broken=broken
        )
    if output_format is OutputFormat.JSON:
        typer.echo(to_json([fact_document(f) for f in facts]))
        return
    typer.echo(
        table(
            [
                [f["id"], f["entity_id"] or "", f["predicate"], f["value"], f["source_id"] or ""]
                for f in facts
            ],
            ["id", "entity", "predicate", "value", "source"],
        )
    )
    typer.echo(f"{len(facts)} facts", err=True)


@app.command("show")
@handle_errors
def show(
    ctx: typer.Context,
    fact_id: Annotated[str, typer.Argument(help="The fact id.")],
    output_format: FormatOption = OutputFormat.TEXT,
) -> None:
    """Show one fact with its anchor, and its quote in context from the snapshot of the text it
    was verified against (readable when the source file has changed or is gone)."""
    from kzfacts.services.facts.history import stored_fact
    from kzfacts.services.facts.timeline import holds_at
    from kzfacts.services.sources.registry import find_source
    from kzfacts.services.sources.snapshots import quote_in_context

    with app_context(ctx).read() as session:
        fact = stored_fact(session, fact_id)
        source = find_source(session, fact.source_id) if fact.source_id else None
        place = quote_in_context(
            session, fact.anchor_sha256, fact.position_start, fact.position_end
        )
    holds = holds_at(fact, source)
    if output_format is OutputFormat.JSON:
        data = {**fact.to_dict(), "holds_at": holds}
        if place is not None:
            data["anchor"]["page"], data["anchor"]["last_page"] = place.pages or (None, None)
            data["anchor"]["context"] = {
                "before": place.before, "exact": place.exact, "after": place.after,
            }  # fmt: skip
        typer.echo(to_json(data))
        return
    context = (
        f"…{_flat(place.before)}»{_flat(place.exact)}«{_flat(place.after)}…"
        if place is not None
        else None
    )
    rows = [
        ("id", fact.id), ("subject", fact.subject), ("entity", fact.entity_id),
        ("predicate", fact.predicate), ("value", fact.value), ("read as", fact.value_detail),
        ("as of", fact.as_of),
        ("holds at", f"{holds['when']} ({holds['from']})"), ("event", fact.event_key),
        ("source", fact.source_id), ("quote", fact.quote),
        ("anchor", f"{fact.position_start}-{fact.position_end} ({fact.anchor_verdict}), sha256 {(fact.anchor_sha256 or '')[:12]}…"),
        ("page", page_range(*place.pages) if place and place.pages else None),
        ("in context", context),
        ("audit", _audit_line(fact)), ("supersedes", fact.supersedes), ("note", fact.note),
    ]  # fmt: skip
    for key, value in rows:
        if value:
            typer.echo(f"{key:<11} {value}")


def _audit_line(fact: Fact) -> str:
    """What the last audit found: 'error (quote-altered), verified 2026-12-01T16:20:00Z'."""
    if fact.last_verified_at is None:
        return "not audited yet"
    found = f" ({fact.audit_codes})" if fact.audit_codes else ""
    when = fact.last_verified_at.isoformat(timespec="seconds").replace("+00:00", "Z")
    return f"{fact.audit_status}{found}, verified {when}"


_WHITESPACE = re.compile(r"\s+")


def _flat(text: str) -> str:
    """The text on one line, each run of whitespace one space: a quote's neighbours keep the
    space (or the punctuation) that stands next to it in the source."""
    return _WHITESPACE.sub(" ", text)


@predicate_app.command("list")
@handle_errors
def predicate_list(ctx: typer.Context, output_format: FormatOption = OutputFormat.TEXT) -> None:
    """List the predicates facts may use, with their value types, whether each is a state, an
    event that repeats or holds once, and how far apart two dates of one event may be."""
    from kzfacts.checks.events import rule_for
    from kzfacts.services.facts.timeline import predicates
    from kzfacts.store.models import in_table_order

    with app_context(ctx).read() as session:
        vocabulary = predicates(session)
    rules = {p.name: rule_for(p.name, p.changes_over_time) for p in vocabulary}
    if output_format is OutputFormat.JSON:
        typer.echo(
            to_json(
                [
                    {
                        **in_table_order(p),
                        "kind": rules[p.name].kind,
                        "window": rules[p.name].window,
                    }
                    for p in vocabulary
                ]
            )
        )
        return
    typer.echo(
        table(
            [
                [p.name, p.value_type, "yes" if p.changes_over_time else "no", rules[p.name].kind,
                 rules[p.name].window, p.description]
                for p in vocabulary
            ],
            ["name", "type", "changes", "kind", "one event", "description"],
        )
    )  # fmt: skip
