"""`kzfacts entity …`: list, show a timeline, add aliases, merge duplicates."""

from __future__ import annotations

from typing import Annotated

import typer

from kzfacts.cli.context import app_context, handle_errors
from kzfacts.cli.options import FormatOption, OutputFormat
from kzfacts.formats.report import contradiction_text, table, to_json
from kzfacts.services.entities import (
    SURNAME,
    EntityResolver,
    declare_distinct,
    entities_with_counts,
    merge_entities,
    remove_alias,
)
from kzfacts.services.facts.timeline import entity_profile
from kzfacts.store.models import in_table_order
from kzfacts.store.session_store import SessionStore

app = typer.Typer(help="People, organisations, outlets, laws and events.", no_args_is_help=True)
alias_app = typer.Typer(help="Other spellings of an entity's name.", no_args_is_help=True)
app.add_typer(alias_app, name="alias")

EntityId = Annotated[str, typer.Argument(help="The entity id.")]


def register(main_app: typer.Typer) -> None:
    """`kzfacts entity …`."""
    main_app.add_typer(app, name="entity")


@app.command("list")
@handle_errors
def list_(ctx: typer.Context, output_format: FormatOption = OutputFormat.TEXT) -> None:
    """List entities with their number of facts."""
    with app_context(ctx).read() as session:
        entities = entities_with_counts(session)
    if output_format is OutputFormat.JSON:
        typer.echo(to_json([{**in_table_order(e, json=True), "facts": n} for e, n in entities]))
        return
    typer.echo(
        table(
            [[e.id, e.kind, str(n), e.name] for e, n in entities],
            ["id", "kind", "facts", "name"],
        )
    )


@app.command("show")
@handle_errors
def show(
    ctx: typer.Context,
    entity_id: EntityId,
    output_format: FormatOption = OutputFormat.TEXT,
) -> None:
    """Every fact about an entity across documents, grouped by event on a timeline, with when
    each holds and where that date came from, its names and the last audit's contradictions."""
    with app_context(ctx).read() as session:
        profile = entity_profile(session, entity_id)
    entity = profile.entity
    if output_format is OutputFormat.JSON:
        typer.echo(profile.to_json())
        return
    typer.echo(f"{entity.name} ({entity.kind}, {entity.id})")
    for alias in profile.names:
        origin = alias.origin or "origin not recorded"
        typer.echo(f"  {alias.kind:<8} {alias.name}  — from {origin}")
    for event in profile.events:
        typer.echo(f"\n  {event.label}")
        for f in event.facts:
            holds = profile.holds[f.id]
            revision = f"  [revises {f.supersedes}]" if f.supersedes else ""
            until = f", {profile.until[f.id]}" if f.id in profile.until else ""
            typer.echo(f"    {f.predicate} = {f.value}{revision}")
            typer.echo(f"      holds at {holds['when']}{until} ({holds['from']})")
            typer.echo(f"      {f.id} — {f.source_id}")
            typer.echo(f'      "{" ".join((f.quote or "").split())}"')
    if profile.contradictions:
        typer.echo(f"\n  contradictions (last audit): {len(profile.contradictions)}")
        for found in profile.contradictions:
            typer.echo(contradiction_text(found))


@alias_app.command("add")
@handle_errors
def alias_add(
    ctx: typer.Context,
    entity_id: EntityId,
    name: Annotated[str, typer.Argument(help="Another spelling of its name.")],
) -> None:
    """Record another spelling or transliteration of an entity's name."""
    with app_context(ctx).write() as session:
        added = EntityResolver(SessionStore(session)).add_alias(
            entity_id, name, "entity alias add", refuse_taken=True
        )
    if added is None:
        typer.echo(f"already known: {name!r} for {entity_id}")
    elif added.kind == SURNAME:
        typer.echo(
            f"added surname {name!r} for {entity_id}: a partial name, it resolves a subject "
            "only while no other entity fits it"
        )
    else:
        typer.echo(f"added alias {name!r} for {entity_id}")


@alias_app.command("remove")
@handle_errors
def alias_remove(
    ctx: typer.Context,
    entity_id: EntityId,
    name: Annotated[str, typer.Argument(help="The alias or surname to remove, as listed.")],
) -> None:
    """Remove an alias or surname (facts already attached to the entity stay attached)."""
    with app_context(ctx).write() as session:
        removed = remove_alias(session, entity_id, name)
    typer.echo(
        f"removed {removed.kind} {name!r} of {entity_id} (it came from {removed.origin or 'an unrecorded origin'})"
    )


@app.command("merge")
@handle_errors
def merge(
    ctx: typer.Context,
    keep: Annotated[str, typer.Argument(help="The entity that stays.")],
    duplicate: Annotated[str, typer.Argument(help="The entity merged into it and removed.")],
) -> None:
    """Merge a duplicate entity into another: its facts and names move, nothing is lost."""
    with app_context(ctx).write() as session:
        moved = merge_entities(session, keep, duplicate)
    typer.echo(f"merged {duplicate} into {keep}: {moved} facts moved, its names kept as aliases")


@app.command("distinct")
@handle_errors
def distinct(
    ctx: typer.Context,
    entity_id: Annotated[str, typer.Argument(help="One entity id.")],
    other_id: Annotated[str, typer.Argument(help="The other entity id.")],
    reason: Annotated[
        str, typer.Option("--reason", help="Why they are different (kept with the record).")
    ] = "",
) -> None:
    """Declare two similarly named entities different, so audits stop reporting them as duplicates."""
    with app_context(ctx).write() as session:
        added = declare_distinct(session, entity_id, other_id, reason)
    typer.echo(
        f"{'recorded' if added else 'already recorded:'} {entity_id} and {other_id} are different"
    )
