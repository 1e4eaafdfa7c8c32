"""The `kzfacts` command."""

from __future__ import annotations

import copy
import importlib
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
from kzfacts.cli.options import DRY_RUN_NOTE, DryRunOption, MaxGapOption
from kzfacts.process_exit import output_failure_exits
from kzfacts.text.limits import MAX_GAP

if TYPE_CHECKING:
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


def print_load_errors(result: LoadResult) -> None:
    """Each refused record on stderr, as `load` and `audit --fresh` report them."""
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
            print_load_errors(result)
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


def register(app: typer.Typer) -> None:
    """`kzfacts init` and `load`: the database, made and filled (`cli/audit.py` checks it)."""
    app.command("init")(init)
    app.command("load")(load)


def main() -> None:
    app()
