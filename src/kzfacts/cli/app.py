"""The `kzfacts` command."""

from __future__ import annotations

import copy
import importlib
import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import click
import typer
import typer.core
import typer.main
from typer.core import TyperGroup
from typer.models import CommandInfo

from kzfacts import __version__
from kzfacts.cli import commands
from kzfacts.cli.context import app_context, fail, handle_errors, progress_bar
from kzfacts.cli.options import (
    DRY_RUN_NOTE,
    DryRunOption,
    FailOn,
    FailOnOption,
    FindingFormatOption,
    MaxGapOption,
)
from kzfacts.formats.render import FindingFormat
from kzfacts.process_exit import output_failure_exits
from kzfacts.text.limits import MAX_GAP

if TYPE_CHECKING:
    from kzfacts.checks.findings import Finding
    from kzfacts.services.audit import AuditReport
    from kzfacts.services.records.load import LoadResult


class LazyGroup(TyperGroup):
    """The top-level group: each command's module is imported when that command runs.

    `kzfacts --help` comes from the command table (`cli/commands.py`), so it loads nothing.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        listed = [command.name for command in commands.COMMANDS]
        return listed + [name for name in self.commands if name not in listed]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and _load(cmd_name):
            built = _built(app, cmd_name)
            if built is not None:
                self.commands[cmd_name] = built
        return self.commands.get(cmd_name)

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write(commands.render_help())

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args and not ctx.resilient_parsing:  # `kzfacts` alone (not a completion)
            typer.echo(commands.render_help(), nl=False)
            raise typer.Exit(2)
        return super().parse_args(ctx, args)

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        with output_failure_exits():  # `--version`, `--help`: written as options are read
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        with output_failure_exits():  # a closed pipe: 141 (`READER_GONE`), not click's 1
            return super().invoke(ctx)


class LazySubcommands(TyperGroup):
    """A group of subcommands (`kzfacts fact …`) whose options are built when one is asked
    for: `fact add` builds the options of `fact add` alone, not of every `fact` command."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.source: typer.Typer | None = None  # the typer app its subcommands come from

    def list_commands(self, ctx: click.Context) -> list[str]:
        return _names(self.source) if self.source is not None else list(self.commands)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if self.source is not None and cmd_name not in self.commands:
            names = _names(self.source)
            # An unknown name builds them all: the error suggests the names that come near it.
            wanted = [cmd_name] if cmd_name in names else names
            for name in wanted:
                if name not in self.commands:
                    built = _built(self.source, name)
                    assert built is not None  # listed by `_names`
                    self.commands[name] = built
            self.commands = {n: self.commands[n] for n in names if n in self.commands}
        return self.commands.get(cmd_name)


def _command_name(info: CommandInfo) -> str:
    assert info.callback is not None  # every registered command has one
    return info.name or typer.main.get_command_name(info.callback.__name__)


def _names(source: typer.Typer) -> list[str]:
    """The names of a typer app's commands and groups, in the order typer lists them."""
    commands = [_command_name(info) for info in source.registered_commands]
    return commands + [str(info.name) for info in source.registered_groups]


def _built(source: typer.Typer, name: str) -> click.Command | None:
    """The click command `name` of a typer app (`app` or one of its groups), built as
    `typer.main.get_group(app)` builds it (with `app`'s settings), without building the other
    commands; a group's subcommands wait until used."""
    short, markup = app.pretty_exceptions_short, app.rich_markup_mode
    for command in source.registered_commands:
        if _command_name(command) == name:
            return typer.main.get_command_from_info(
                command, pretty_exceptions_short=short, rich_markup_mode=markup
            )
    for group in source.registered_groups:
        if group.name == name and group.typer_instance is not None:
            inner = copy.copy(group.typer_instance)
            inner.registered_commands, inner.registered_groups = [], []
            shell = copy.copy(group)
            shell.typer_instance, shell.cls = inner, LazySubcommands
            built = typer.main.get_group_from_info(
                shell,
                pretty_exceptions_short=short,
                rich_markup_mode=markup,
                suggest_commands=app.suggest_commands,
            )
            assert isinstance(built, LazySubcommands)
            built.source = group.typer_instance
            return built
    return None


_loaded: set[str] = set()
"""Command modules registered on `app` in this process (each is registered once)."""


def _load(name: str) -> bool:
    """Register the modules that define the top-level command `name` on `app`."""
    entry = next((c for c in commands.COMMANDS if c.name == name), None)
    if entry is None:
        return False
    for module in entry.modules:
        if module not in _loaded:
            _loaded.add(module)
            importlib.import_module(module).register(app)
    return True


# Plain help (below) with rich installed: typer still escapes each option's `[required]` and
# `[default: ...]` for rich's markup, printing `\[required]`, and loads rich to do it. kzfacts
# renders no help with rich, so typer is told there is none.
typer.core.HAS_RICH = False

app = typer.Typer(
    name="kzfacts",
    help=commands.APP_HELP,
    cls=LazyGroup,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    # Plain help: it shows boolean options as flags (`--full`), not as options taking a value.
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kzfacts {__version__}")
        raise typer.Exit()


def _global_option(name: str, help: str) -> Any:
    """An option of `kzfacts` itself, `--NAME`, also read from the variable `KZFACTS_NAME`."""
    return typer.Option(f"--{name}", envvar=f"KZFACTS_{name.upper().replace('-', '_')}", help=help)


@app.callback()
def main_callback(
    ctx: typer.Context,
    db: Annotated[str | None, _global_option("db", commands.DB_HELP)] = None,
    root: Annotated[Path | None, _global_option("root", commands.ROOT_HELP)] = None,
    snapshot_only: Annotated[
        bool, _global_option("snapshot-only", commands.SNAPSHOT_ONLY_HELP)
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help=commands.VERSION_HELP),
    ] = False,
) -> None:
    """kzfacts: every fact keeps the exact quoted span of the document that states it."""
    from kzfacts.cli.context import AppContext
    from kzfacts.store.sqlite import database_value

    context = AppContext(database_value(db), root_option=root, snapshot_only=snapshot_only)
    if context.sqlite_file is None:  # a URL: checked before the command runs
        try:
            context.url  # noqa: B018
        except Exception as exc:
            raise fail(str(exc), 2) from None
    ctx.obj = context
    ctx.call_on_close(context.dispose)


@handle_errors
def init(ctx: typer.Context) -> None:
    """Create the database or upgrade its schema to this version (idempotent)."""
    from kzfacts.store import migrate  # Alembic loads only for the command that needs it
    from kzfacts.store.engine import sqlite_path

    context = app_context(ctx)
    path = sqlite_path(context.url)
    if path is not None and not path.parent.is_dir():
        raise fail(f"folder {path.parent} does not exist: create it or choose another --db", 2)
    engine = context.engine()
    before = migrate.current_revision(engine)
    if before is not None and before not in migrate.known_revisions(engine):
        raise fail(
            f"database {context.label} has schema {before}, newer than this kzfacts knows: "
            "upgrade kzfacts",
            2,
        )
    migrate.upgrade(engine)
    after = migrate.current_revision(engine)
    state = "already at" if before == after else "upgraded to"
    typer.echo(f"{context.label}: schema {state} {after}")


def _print_load_errors(result: LoadResult) -> None:
    for path, error in result.errors:
        typer.echo(
            f"{path} record {error.number} ({error.fact_id!r}): {error.code}: {error.message}",
            err=True,
        )


@handle_errors
def load(
    ctx: typer.Context,
    folder: Annotated[
        Path,
        typer.Argument(
            help="Folder with sources.toml, entities/*.yaml and facts/*.(yaml|jsonl|csv)."
        ),
    ] = Path("seeds"),
    dry_run: DryRunOption = False,
    max_gap: MaxGapOption = MAX_GAP,
) -> None:
    """Register a folder's sources and entities and import its facts (running it twice changes nothing)."""
    from kzfacts.services.records.load import load_folder

    context = app_context(ctx)
    with context.write() as session:
        with progress_bar(f"loading {folder}") as progress:
            result = load_folder(session, folder, context.root, progress, max_gap=max_gap)
        if result.errors:
            _print_load_errors(result)
            session.rollback()
            raise fail(f"{len(result.errors)} bad record(s) in {folder}: nothing was loaded", 1)
        if dry_run:
            session.rollback()
    for message in result.messages:
        typer.echo(message, err=True)
    typer.echo(
        f"{'would load' if dry_run else 'loaded'} {folder}: {len(result.sources_added)} sources, {result.entities_added} entities, "
        f"{result.aliases_added} aliases, {result.facts_added} facts added "
        f"({result.facts_unchanged} already present)"
    )
    if dry_run:
        typer.echo(DRY_RUN_NOTE, err=True)


class _FolderRefused(Exception):
    """A fresh audit's folder that does not load: why, and its refused records as findings."""

    def __init__(self, message: str, findings: list[Finding]) -> None:
        super().__init__(message)
        self.findings = findings


def _fresh_audit(folder: Path, root: Path, workers: int) -> tuple[AuditReport, list[Finding]]:
    """Load `folder` into a new temporary database and audit it: what a clone holds, with no
    database to set up (pre-commit, CI). A bad record fails like `kzfacts load`."""
    import tempfile  # only this command needs it: every other starts without

    from kzfacts.api import FactDB
    from kzfacts.services.audit.locations import place_findings, refused_records
    from kzfacts.services.records.load import load_folder
    from kzfacts.store import migrate  # Alembic loads only for the command that needs it
    from kzfacts.store.engine import make_engine, resolve_url

    with tempfile.TemporaryDirectory(prefix="kzfacts-fresh-") as scratch:
        url = resolve_url(str(Path(scratch) / "kzfacts.db"))
        db = FactDB(make_engine(url), url, root)
        try:
            migrate.upgrade(db.engine)
            with db.write() as session:
                result = load_folder(session, folder, root)
                if result.errors:
                    _print_load_errors(result)
                    session.rollback()
                    raise _FolderRefused(
                        f"{len(result.errors)} bad record(s) in {folder}: fix them, or the "
                        "source texts their quotes no longer match",
                        refused_records(result.errors, root),
                    )
            with progress_bar("auditing") as progress:
                report = db.audit(full=True, workers=workers, progress=progress)
            with db.read() as session:
                return report, place_findings(session, root, report.findings)
        finally:
            db.close()


@handle_errors
def audit(
    ctx: typer.Context,
    output_format: FindingFormatOption = FindingFormat.TEXT,
    fail_on: FailOnOption = FailOn.ERROR,
    full: Annotated[
        bool,
        typer.Option(
            "--full",
            help="Re-check every fact, not only those whose source or row changed since the last audit.",
        ),
    ] = False,
    fresh: Annotated[
        Path | None,
        typer.Option(
            "--fresh",
            metavar="FOLDER",
            help="Load FOLDER (as `kzfacts load`) into a new temporary database and audit that, "
            "ignoring --db: a fresh audit of what a clone holds. Paths are relative to --root, "
            "default the working folder.",
        ),
    ] = None,
    workers: Annotated[
        int,
        typer.Option(
            "--workers", min=1, help="Processes to spread sources over (default: up to 2)."
        ),
    ] = min(2, os.cpu_count() or 1),
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run",
            help="Report without recording the run or updating stored anchors (works on a "
            "read-only database).",
        ),
    ] = False,
    max_gap: MaxGapOption = MAX_GAP,
) -> None:
    """Re-anchor facts against the current sources; report broken quotes, values, contradictions."""
    from kzfacts.checks.findings import Severity, worst_at_or_above
    from kzfacts.formats.render import render_findings
    from kzfacts.services.audit.locations import place_findings

    context = app_context(ctx)
    if fresh is not None:
        root = (context.root_option or Path.cwd()).resolve()
        try:
            report, findings = _fresh_audit(fresh, root, workers)
        except _FolderRefused as refused:
            # Reported in the format asked for too: a CI step's SARIF or annotations say why.
            if output_format is not FindingFormat.TEXT:
                counts = {"errors": len(refused.findings), "warnings": 0, "info": 0}
                typer.echo(render_findings(refused.findings, counts, output_format, base=root))
            raise fail(str(refused), 1) from None
    else:
        database = context.sqlite_path()
        if database is not None and not database.exists():
            raise fail(
                f"no database at {database}: create it with `kzfacts init && kzfacts load "
                "FOLDER`, or audit a folder without one: `kzfacts audit --fresh FOLDER`",
                2,
            )
        root = context.root.resolve()
        with progress_bar("auditing") as progress:
            report = context.db().audit(
                full, workers=workers, dry_run=dry_run, max_gap=max_gap, progress=progress
            )
        findings = report.findings
        if output_format is not FindingFormat.TEXT:
            with context.quick_read() as opened:
                findings = place_findings(opened, context.root, findings)
    typer.echo(render_findings(findings, report.summary(), output_format, base=root))
    if worst_at_or_above(report.findings, Severity(fail_on.value)):
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """`kzfacts init`, `load` and `audit`: the database, filled and checked."""
    app.command("init")(init)
    app.command("load")(load)
    app.command("audit")(audit)


def main() -> None:
    app()
