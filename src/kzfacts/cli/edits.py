"""`kzfacts fact edit`, `fact remove` and `fact history`: correcting facts, with every version kept."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kzfacts.cli.context import app_context, fail, handle_errors
from kzfacts.cli.facts import echo_verdict
from kzfacts.cli.options import DRY_RUN_NOTE, ByOption, DryRunOption, FormatOption, OutputFormat
from kzfacts.formats.report import to_json

# The services load inside each command: `fact list`, in this group, starts without them.

FactId = Annotated[str, typer.Argument(help="The fact id.")]


@handle_errors
def edit(
    ctx: typer.Context,
    fact_id: FactId,
    value: Annotated[str | None, typer.Option("--value", help="The new value.")] = None,
    quote: Annotated[
        str | None, typer.Option("--quote", help="The new quote: the exact words of the source.")
    ] = None,
    subject: Annotated[
        str | None,
        typer.Option("--subject", help="The new subject, as written (resolved to an entity)."),
    ] = None,
    entity: Annotated[
        str | None, typer.Option("--entity", help="Attach the fact to this entity id.")
    ] = None,
    new_entity: Annotated[
        bool, typer.Option("--new-entity", help="Create a new entity for the subject.")
    ] = False,
    predicate: Annotated[str | None, typer.Option("--predicate", help="The new predicate.")] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="When the value held: YYYY-MM-DD, YYYY-MM, YYYY, or words such as "
            "'early October 2005' ('' clears it).",
        ),
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="The new note ('' clears it).")] = None,
    source: Annotated[
        str | None, typer.Option("--source", help="Cite another registered source.")
    ] = None,
    supersedes: Annotated[
        str | None,
        typer.Option(
            "--supersedes", help="Id of the fact this one revises ('' clears it: it revises none)."
        ),
    ] = None,
    event: Annotated[
        str | None,
        typer.Option(
            "--event",
            help="The key of the event the fact is about, shared by the facts compared with it "
            "('' clears it: its date decides).",
        ),
    ] = None,
    by: ByOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Change a fact, checked exactly as `fact add` checks a new one (a refused edit writes nothing); the old version stays in its history."""
    from kzfacts.services.facts.history import describe

    result = app_context(ctx).db().edit_fact(
        fact_id, value=value, quote=quote, subject=subject, entity=entity,
        new_entity=new_entity, predicate=predicate, as_of=as_of, note=note, source=source,
        supersedes=supersedes, event=event, by=by, dry_run=dry_run, via="kzfacts fact edit",
    )  # fmt: skip
    if not result.changes:
        typer.echo(f"{fact_id} unchanged: the edit gives every field the value it has")
        return
    echo_verdict("would edit" if dry_run else "edited", result.fact)
    for change in result.changes:
        typer.echo(f"  {change.field}: {describe(change.before)} → {describe(change.after)}")
    if dry_run:
        typer.echo(DRY_RUN_NOTE, err=True)


@handle_errors
def remove(
    ctx: typer.Context,
    fact_id: FactId,
    reason: Annotated[
        str, typer.Option("--reason", help="Why the fact is removed; kept in its history.")
    ],
    drafts: Annotated[
        list[Path] | None,
        typer.Option("--draft", help="A draft to search for citations of the fact (repeatable)."),
    ] = None,
    by: ByOption = None,
) -> None:
    """Remove a fact from lists, audits and exports, keeping it in its history with the reason; facts that superseded it are named."""
    from kzfacts.services.drafts import citing_drafts, read_draft
    from kzfacts.services.facts.history import current_user, remove_facts

    context = app_context(ctx)
    texts: list[tuple[str, str]] = []
    for path in drafts or []:
        try:
            texts.append((str(path), read_draft(path)))
        except (OSError, UnicodeDecodeError) as exc:
            raise fail(f"cannot read draft {path} ({exc}): give a UTF-8 text file", 2) from None
    with context.write() as session:
        (removal,) = remove_facts(
            session, [fact_id], reason=reason, by=current_user(by), via="kzfacts fact remove"
        )
    typer.echo(f"removed {fact_id}: {reason.strip()}")
    for successor in removal.successors:
        then = removal.supersedes or "nothing"
        typer.echo(f"  {successor} superseded it; it now supersedes {then}")
    for label, line in citing_drafts(texts, fact_id):
        typer.echo(f"  {label}:{line} cites [@{fact_id}]: `kzfacts check` now reports it")


@handle_errors
def history(
    ctx: typer.Context, fact_id: FactId, output_format: FormatOption = OutputFormat.TEXT
) -> None:
    """Every version of a fact: who, when, through which command, and what changed."""
    from kzfacts.services.facts.history import describe, fact_history, when

    with app_context(ctx).read() as session:
        versions = fact_history(session, fact_id)
    if output_format is OutputFormat.JSON:
        typer.echo(to_json([v.to_dict() for v in versions]))
        return
    for view in versions:
        row = view.version
        via = f" via {row.via}" if row.via else ""
        typer.echo(f"v{row.version} {row.action} {when(row.changed_at)} by {row.changed_by}{via}")
        if row.reason:
            typer.echo(f"  reason: {row.reason}")
        for change in view.changes:
            if row.action == "added":
                typer.echo(f"  {change.field}: {describe(change.after)}")
            else:
                typer.echo(
                    f"  {change.field}: {describe(change.before)} → {describe(change.after)}"
                )


def register(app: typer.Typer) -> None:
    """`kzfacts fact edit|remove|history`, after `add`, `import`, `list` and `show`."""
    from kzfacts.cli.facts import app as fact_app

    fact_app.command("edit")(edit)
    fact_app.command("remove")(remove)
    fact_app.command("history")(history)
