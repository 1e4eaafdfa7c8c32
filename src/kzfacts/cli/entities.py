"""`kzfacts entity …`: list, show a timeline, add aliases, merge duplicates."""

from __future__ import annotations

from typing import Annotated

import typer
from sqlmodel import func, select

from kzfacts.cli.context import app_context, fail, handle_errors
from kzfacts.cli.options import FormatOption, OutputFormat
from kzfacts.formats.report import table, to_json
from kzfacts.ops.entities import (
    EntityResolver,
    declare_distinct,
    merge_entities,
    timeline_position,
)
from kzfacts.ops.errors import Refused
from kzfacts.store.models import Alias, Entity, Fact, Predicate, Source

app = typer.Typer(help="People, organisations, outlets, laws and events.", no_args_is_help=True)
alias_app = typer.Typer(help="Other spellings of an entity's name.", no_args_is_help=True)
app.add_typer(alias_app, name="alias")


@app.command("list")
@handle_errors
def list_(ctx: typer.Context, output_format: FormatOption = OutputFormat.TEXT) -> None:
    """List entities with their number of facts."""
    with app_context(ctx).read() as session:
        counts = dict(
            session.exec(select(Fact.entity_id, func.count()).group_by(Fact.entity_id)).all()
        )
        entities = list(session.exec(select(Entity).order_by(Entity.id)))
    if output_format is OutputFormat.JSON:
        typer.echo(
            to_json(
                [{**e.model_dump(mode="json"), "facts": int(counts.get(e.id, 0))} for e in entities]
            )
        )
        return
    typer.echo(
        table(
            [[e.id, e.kind, str(counts.get(e.id, 0)), e.name] for e in entities],
            ["id", "kind", "facts", "name"],
        )
    )


@app.command("show")
@handle_errors
def show(
    ctx: typer.Context,
    entity_id: Annotated[str, typer.Argument(help="The entity id.")],
    output_format: FormatOption = OutputFormat.TEXT,
) -> None:
    """Every fact about an entity across documents, as a timeline with sources and quotes."""
    with app_context(ctx).read() as session:
        entity = session.get(Entity, entity_id)
        if entity is None:
            raise fail(f"unknown entity {entity_id!r}: see `kzfacts entity list`", 1)
        aliases = [a.name for a in session.exec(select(Alias).where(Alias.entity_id == entity_id))]
        facts = list(session.exec(select(Fact).where(Fact.entity_id == entity_id)))
        published = {s.id: s.published for s in session.exec(select(Source))}
        date_predicates = {
            p.name for p in session.exec(select(Predicate).where(Predicate.value_type == "date"))
        }
    when = {f.id: timeline_position(f, date_predicates, published) for f in facts}
    facts.sort(key=lambda f: (when[f.id][0], f.predicate, f.id))
    if output_format is OutputFormat.JSON:
        typer.echo(
            to_json(
                {
                    **entity.model_dump(mode="json"),
                    "aliases": sorted(aliases),
                    "timeline": [
                        {
                            "fact": f.id,
                            "when": when[f.id][0],
                            "predicate": f.predicate,
                            "value": f.value,
                            "source": f.source_id,
                            "quote": f.quote,
                            "supersedes": f.supersedes,
                        }
                        for f in facts
                    ],
                }
            )
        )
        return
    typer.echo(f"{entity.name} ({entity.kind}, {entity.id})")
    if aliases:
        typer.echo(f"also: {', '.join(sorted(aliases))}")
    for f in facts:
        revision = f"  [revises {f.supersedes}]" if f.supersedes else ""
        typer.echo(f"\n  {when[f.id][1]:<10}  {f.predicate} = {f.value}{revision}")
        typer.echo(f"    {f.id} — {f.source_id}")
        typer.echo(f'    "{" ".join((f.quote or "").split())}"')


@alias_app.command("add")
@handle_errors
def alias_add(
    ctx: typer.Context,
    entity_id: Annotated[str, typer.Argument(help="The entity id.")],
    name: Annotated[str, typer.Argument(help="Another spelling of its name.")],
) -> None:
    """Record another spelling or transliteration of an entity's name."""
    with app_context(ctx).write() as session:
        owner = session.exec(
            select(Alias).where(Alias.name == name, Alias.entity_id != entity_id)
        ).first()
        if owner is not None:
            raise Refused(
                f"{name!r} is already an alias of {owner.entity_id!r}: merge the entities instead"
            )
        added = EntityResolver(session).add_alias(entity_id, name)
    typer.echo(f"{'added alias' if added else 'already known:'} {name!r} for {entity_id}")


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
