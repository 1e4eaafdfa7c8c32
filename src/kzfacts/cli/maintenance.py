"""kzfacts CLI: maintenance commands (registered on the main app by `register`).

`kzfacts doctor` checks a database and says what to do; `kzfacts dump` writes the whole
database as portable JSONL; `kzfacts restore FILE` loads such a file into a new database.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, TextIO

import typer

from kzfacts.cli.context import app_context, fail, handle_errors
from kzfacts.cli.files import check_output, named_file, write_output
from kzfacts.services.errors import BadPath, Refused
from kzfacts.services.maintenance.doctor import Status, diagnose
from kzfacts.services.maintenance.dump import write_dump
from kzfacts.services.maintenance.restore import restore_dump
from kzfacts.store.engine import sqlite_path
from kzfacts.store.schema import KNOWN_REVISIONS, SCHEMA_REVISION, stored_revision
from kzfacts.store.sqlite import not_sqlite


def doctor(ctx: typer.Context) -> None:
    """Check the database (schema, integrity, orphan rows, sources); say what to do; exit 1 if wrong."""
    context = app_context(ctx)
    path = sqlite_path(context.url)
    if path is not None and not path.is_file():
        raise fail(f"no database at {path}: run `kzfacts init` (or pass --db)", 2)
    refusal = not_sqlite(path) if path is not None else None
    if refusal is not None:  # nothing to diagnose: the wrong file, not a damaged database
        raise refusal
    checks = diagnose(context.engine(), context.root)
    typer.echo(f"database {context.label}")
    for check in checks:
        for line in check.lines():
            typer.echo(line)
    problems = sum(check.status is Status.PROBLEM for check in checks)
    if problems:
        typer.echo(f"{problems} problem{'' if problems == 1 else 's'} found")
        raise typer.Exit(1)
    typer.echo("no problems found")


class _Dumper:
    def __init__(self, ctx: typer.Context) -> None:
        self.context = app_context(ctx)

    def __call__(self, out: TextIO) -> dict[str, int]:
        engine = self.context.ready_engine()
        revision = stored_revision(engine)
        with engine.connect() as connection:
            return write_dump(connection, revision, out)


def dump(
    ctx: typer.Context,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="File to write, replaced whole ('-', the default: standard output).",
        ),
    ] = None,
) -> None:
    """Write the whole database as portable JSONL (a header line, then one line per row)."""
    check_output(output, "--output", "all.jsonl")
    counts = write_output(output, _Dumper(ctx), "--output")
    file = named_file(output)
    typer.echo(
        f"dumped {sum(counts.values())} rows" + (f" to {file}" if file is not None else ""),
        err=True,
    )


def restore(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A file written by `kzfacts dump`.")],
) -> None:
    """Load a dump into an empty, initialised database, all or nothing."""
    context = app_context(ctx)
    if not file.exists():
        raise BadPath(f"dump file {file} does not exist: check the path")
    if not file.is_file():
        raise BadPath(f"dump file {file} is not a file: give a file written by `kzfacts dump`")
    with context.write() as session:
        context.ready_engine()  # refuses a database without the current schema
        known = set(KNOWN_REVISIONS)
        head = SCHEMA_REVISION
        try:
            with file.open(encoding="utf-8", newline="\n") as lines:
                result = restore_dump(
                    session.connection(), lines, file, label=context.label, known=known, head=head
                )
        except UnicodeDecodeError:
            raise Refused(
                f"{file} is not UTF-8 text: give a file written by `kzfacts dump`"
            ) from None
    held = ", ".join(f"{n} {name}" for name, n in result.rows.items())
    typer.echo(f"restored {result.total} rows from {file}" + (f" ({held})" if held else ""))


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.command("doctor")(handle_errors(doctor))
    app.command("dump")(handle_errors(dump))
    app.command("restore")(handle_errors(restore))
