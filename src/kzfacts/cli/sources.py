"""`kzfacts source …`: register and inspect source documents."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kzfacts.cli.context import app_context, handle_errors
from kzfacts.cli.options import ByOption, FormatOption, OutputFormat
from kzfacts.formats.report import table, to_json
from kzfacts.services.facts.history import current_user
from kzfacts.services.sources.coverage import read_ignored, source_coverage
from kzfacts.services.sources.registry import (
    build_source,
    facts_citing,
    parse_published,
    registered_source,
    remove_source,
    sources_with_counts,
)
from kzfacts.services.sources.snapshots import (
    facts_per_version,
    snapshot_length,
    snapshot_text,
    source_diff,
    versions,
)
from kzfacts.store.models import Source, in_table_order
from kzfacts.text.pages import PAGE_BREAK, page_count, page_label

if TYPE_CHECKING:
    from kzfacts.text.revisions import PassageChange

app = typer.Typer(help="Register and inspect source documents.", no_args_is_help=True)

SourceId = Annotated[str, typer.Argument(help="The source id.")]


def register(main_app: typer.Typer) -> None:
    """`kzfacts source …`."""
    main_app.add_typer(app, name="source")


def source_dict(source: Source, facts: int | None = None) -> dict[str, object]:
    data: dict[str, object] = in_table_order(source, json=True)
    if facts is not None:
        data["facts"] = facts
    return data


@app.command("add")
@handle_errors
def add(
    ctx: typer.Context,
    path: Annotated[
        Path,
        typer.Argument(
            help="The document: a UTF-8 text file, a PDF (its text layer) or a saved web page "
            "(.html, its main text)."
        ),
    ],
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
    """Register a document: its text is stored as a snapshot, with its sha256 to detect later
    changes. A web page's own title, site name, date and URL fill the options not given."""
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
        stored = snapshot_text(session, source.sha256) or ""
    pages = f", {page_count(stored)} pages" if PAGE_BREAK in stored else ""
    typer.echo(
        f"registered source {source.id}: {source.path} ({source.length} characters{pages}, "
        f"sha256 {source.sha256[:12]}…)"
    )
    given = {"title": title, "publisher": publisher, "published": published, "url": url}
    for key, option in given.items():
        declared = getattr(source, key)
        if declared is not None and option is None:
            typer.echo(f"  {key} from the page: {declared}")


@app.command("remove")
@handle_errors
def remove(
    ctx: typer.Context,
    source_id: SourceId,
    with_facts: Annotated[
        bool,
        typer.Option("--with-facts", help="Also remove the facts that cite it (needs --reason)."),
    ] = False,
    reason: Annotated[
        str | None,
        typer.Option("--reason", help="Why the citing facts are removed; kept in their history."),
    ] = None,
    by: ByOption = None,
) -> None:
    """Unregister a source; refused while facts cite it, unless --with-facts --reason."""
    with app_context(ctx).write() as session:
        removals = remove_source(
            session, source_id, reason=reason, by=current_user(by), with_facts=with_facts
        )
    typer.echo(f"removed source {source_id} and {len(removals)} fact(s) citing it")
    for removal in removals:
        then = removal.supersedes or "nothing"
        for successor in removal.successors:
            typer.echo(f"  {successor} superseded {removal.fact_id}; it now supersedes {then}")


@app.command("list")
@handle_errors
def list_(ctx: typer.Context, output_format: FormatOption = OutputFormat.TEXT) -> None:
    """List registered sources with their fact counts."""
    with app_context(ctx).read() as session:
        rows = sources_with_counts(session)
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
    source_id: SourceId,
    output_format: FormatOption = OutputFormat.TEXT,
) -> None:
    """Show one source's metadata."""
    with app_context(ctx).read() as session:
        source = registered_source(session, source_id)
        count = facts_citing(session, source_id)
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


@app.command("versions")
@handle_errors
def versions_(
    ctx: typer.Context,
    source_id: SourceId,
    output_format: FormatOption = OutputFormat.TEXT,
) -> None:
    """List the texts a source has had, oldest first: each kept in the database as a snapshot."""
    with app_context(ctx).read() as session:
        source = registered_source(session, source_id)
        rows = [(v, snapshot_length(session, v.sha256)) for v in versions(session, source_id)]
        cited = facts_per_version(session, source_id)
    data = [
        {
            "version": number,
            "sha256": v.sha256,
            "seen_at": v.seen_at.isoformat(timespec="seconds"),
            "length": length,
            "current": v.sha256 == source.sha256,
            "facts_verified_against": int(cited.get(v.sha256, 0)),
        }
        for number, (v, length) in enumerate(rows, 1)
    ]
    if output_format is OutputFormat.JSON:
        typer.echo(to_json(data))
        return
    typer.echo(
        table(
            [
                [
                    str(d["version"]),
                    str(d["sha256"])[:12],
                    str(d["seen_at"]),
                    str(d["length"]),
                    str(d["facts_verified_against"]),
                    "current" if d["current"] else "",
                ]
                for d in data
            ],
            ["version", "sha256", "seen", "characters", "facts", ""],
        )
    )


def _pages_json(side: str, pages: tuple[int, int] | None) -> dict[str, int | None]:
    """A version's `page` where the passage begins and `last_page` where it ends, as a fact's."""
    first, last = pages or (None, None)
    return {f"{side}_page": first, f"{side}_last_page": last}


def _edits_text(change: PassageChange) -> str:
    return " ".join(
        e.text if e.op == "=" else f"[-{e.text}-]" if e.op == "-" else f"{{+{e.text}+}}"
        for e in change.edits
    )


@app.command("diff")
@handle_errors
def diff(
    ctx: typer.Context,
    source_id: SourceId,
    old: Annotated[
        str | None,
        typer.Argument(help="Older version: its number in `source versions` or sha256 prefix."),
    ] = None,
    new: Annotated[str | None, typer.Argument(help="Newer version (default: the last).")] = None,
    output_format: FormatOption = OutputFormat.TEXT,
) -> None:
    """Show what changed between two versions of a source around every passage its facts quote
    ([-removed-] {+added+}); by default between the last two versions."""
    from kzfacts.text.revisions import PassageStatus

    with app_context(ctx).read() as session:
        result = source_diff(session, source_id, old, new)
    if output_format is OutputFormat.JSON:
        typer.echo(
            to_json(
                {
                    "source": source_id,
                    "old": {"version": result.old_number, "sha256": result.old.sha256},
                    "new": {"version": result.new_number, "sha256": result.new.sha256},
                    "passages": [
                        {
                            "fact": c.fact,
                            "status": c.status.value,
                            "old": list(c.old_span) if c.old_span else None,
                            "new": list(c.new_span) if c.new_span else None,
                            **_pages_json("old", c.old_pages),
                            **_pages_json("new", c.new_pages),
                            "edits": [{"op": e.op, "text": e.text} for e in c.edits],
                        }
                        for c in result.changes
                    ],
                }
            )
        )
        return
    typer.echo(
        f"{source_id}: version {result.old_number} ({result.old.sha256[:12]}…) → "
        f"version {result.new_number} ({result.new.sha256[:12]}…)"
    )
    for change in result.changes:
        sides = (change.old_pages, change.new_pages)
        pages = (
            " (" + " → ".join(page_label(*p) if p else "—" for p in sides) + ")"
            if any(sides)
            else ""
        )
        typer.echo(f"  {change.fact}{pages}: {change.status.value}")
        if change.status is PassageStatus.CHANGED or change.status is PassageStatus.GONE:
            typer.echo(f"    …{_edits_text(change)}…")
    counts = {s: sum(c.status is s for c in result.changes) for s in PassageStatus}
    typer.echo(
        f"{len(result.changes)} quoted passages: "
        + ", ".join(f"{n} {s.value}" for s, n in counts.items() if n)
    )
