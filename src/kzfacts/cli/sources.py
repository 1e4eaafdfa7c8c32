"""`kzfacts source …`: register and inspect source documents."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from sqlmodel import func, select

from kzfacts.cli.context import app_context, fail, handle_errors
from kzfacts.cli.options import FormatOption, OutputFormat
from kzfacts.formats.report import table, to_json
from kzfacts.ops.coverage import read_ignored, source_coverage
from kzfacts.ops.sources import build_source, list_sources, parse_published
from kzfacts.store.models import Fact, Source

app = typer.Typer(help="Register and inspect source documents.", no_args_is_help=True)


def source_dict(source: Source, facts: int | None = None) -> dict[str, object]:
    data: dict[str, object] = source.model_dump(mode="json")
    if facts is not None:
        data["facts"] = facts
    return data


@app.command("add")
@handle_errors
def add(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="The UTF-8 text file of the document.")],
    source_id: Annotated[
        str, typer.Option("--id", help="Short slug used to cite it, e.g. hrw-2009-letter.")
    ],
    title: Annotated[str | None, typer.Option(help="Title of the document.")] = None,
    publisher: Annotated[str | None, typer.Option(help="Who published it.")] = None,
    published: Annotated[
        str | None,
        typer.Option(help="Publication date: YYYY-MM-DD, YYYY-MM or YYYY (sets its precision)."),
    ] = None,
    url: Annotated[str | None, typer.Option(help="Where it was published.")] = None,
    covers: Annotated[
        str | None,
        typer.Option(
            help="The period it reports on, e.g. 2012 for an annual report on 2012: dates it "
            "writes without a year take their year from it."
        ),
    ] = None,
) -> None:
    """Register a document: its text's sha256 and length are stored to detect later changes."""
    context = app_context(ctx)
    day, precision = parse_published(published) if published else (None, None)
    with context.write() as session:
        source = build_source(
            session,
            path,
            context.root,
            source_id=source_id,
            title=title,
            publisher=publisher,
            published=day,
            precision=precision,
            url=url,
            covers=covers,
        )
        session.add(source)
    typer.echo(
        f"registered source {source.id}: {source.path} ({source.length} characters, sha256 {source.sha256[:12]}…)"
    )


@app.command("list")
@handle_errors
def list_(ctx: typer.Context, output_format: FormatOption = OutputFormat.TEXT) -> None:
    """List registered sources with their fact counts."""
    with app_context(ctx).read() as session:
        counts = dict(
            session.exec(select(Fact.source_id, func.count()).group_by(Fact.source_id)).all()
        )
        rows = [(s, int(counts.get(s.id, 0))) for s in list_sources(session)]
    if output_format is OutputFormat.JSON:
        typer.echo(to_json([source_dict(s, n) for s, n in rows]))
        return
    typer.echo(
        table(
            [[s.id, str(s.published or ""), str(n), (s.title or "")[:60]] for s, n in rows],
            ["id", "published", "facts", "title"],
        )
    )


@app.command("show")
@handle_errors
def show(
    ctx: typer.Context,
    source_id: Annotated[str, typer.Argument(help="The source id.")],
    output_format: FormatOption = OutputFormat.TEXT,
) -> None:
    """Show one source's metadata."""
    with app_context(ctx).read() as session:
        source = session.get(Source, source_id)
        if source is None:
            raise fail(f"unknown source {source_id!r}: see `kzfacts source list`", 1)
        count = len(session.exec(select(Fact.id).where(Fact.source_id == source_id)).all())
    data = source_dict(source, count)
    if output_format is OutputFormat.JSON:
        typer.echo(to_json(data))
        return
    for key, value in data.items():
        if value is not None:
            typer.echo(f"{key:<20} {value}")


@app.command("coverage")
@handle_errors
def coverage(
    ctx: typer.Context,
    source_ids: Annotated[
        list[str] | None, typer.Argument(help="Source ids to check (default: every source).")
    ] = None,
    ignore: Annotated[
        list[Path] | None,
        typer.Option(
            "--ignore",
            help="YAML file or folder of mentions that are not facts ({source, text, reason}); repeatable.",
        ),
    ] = None,
    output_format: FormatOption = OutputFormat.TEXT,
) -> None:
    """List value mentions (numbers, dates, durations, amounts) of sources that no fact's quote covers."""
    context = app_context(ctx)
    ignored = read_ignored(ignore or [])
    with context.read() as session:
        results = source_coverage(session, context.root, source_ids or [], ignored)
    missing = sum(len(r.uncovered) for r in results)
    if output_format is OutputFormat.JSON:
        typer.echo(
            to_json(
                [
                    {
                        "source": r.source,
                        "mentions": r.mentions,
                        "uncovered": [
                            {
                                "text": u.mention.text,
                                "type": u.mention.type.value,
                                "line": u.line,
                                "start": u.mention.start,
                                "end": u.mention.end,
                            }
                            for u in r.uncovered
                        ],
                    }
                    for r in results
                ]
            )
        )
    else:
        for r in results:
            typer.echo(f"{r.source}: {r.mentions} value mentions, {len(r.uncovered)} not cited")
            for u in r.uncovered:
                typer.echo(f"  line {u.line}: {u.mention.text!r} ({u.mention.type.value})")
    if missing:
        raise typer.Exit(1)
