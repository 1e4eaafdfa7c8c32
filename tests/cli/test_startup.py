"""Start-up: `--version` and `--help` load no heavy module; every command loads on demand."""

from __future__ import annotations

import click
import click.testing
import pytest
import typer.main

from kzfacts import __version__
from kzfacts.cli import app as app_module
from kzfacts.cli.commands import COMMANDS, Command, render_help
from tests.conftest import Run, python_output

HEAVY = ("sqlalchemy", "sqlmodel", "typer", "rich", "rapidfuzz", "alembic", "kzfacts.values")


def loaded_after(*arguments: str) -> tuple[str, list[str]]:
    """Run the `kzfacts` entry point in a fresh interpreter: (stdout, heavy modules it loaded)."""
    code = (
        "import sys\n"
        f"sys.argv = ['kzfacts', *{list(arguments)!r}]\n"
        "from kzfacts.__main__ import run\n"
        "run()\n"
        f"heavy = {HEAVY!r}\n"
        "print(sorted(m for m in sys.modules if m.startswith(heavy)))\n"
    )
    output, _, modules = python_output(code).rstrip("\n").rpartition("\n")
    return output, eval(modules)  # a list literal printed above


def test_version_imports_no_heavy_module() -> None:
    assert loaded_after("--version") == (f"kzfacts {__version__}", [])


def test_help_imports_no_heavy_module() -> None:
    output, modules = loaded_after("--help")
    assert modules == []
    assert output + "\n" == render_help()


def test_a_command_loads_what_it_uses_only() -> None:
    _, modules = loaded_after("--db", "missing/kzfacts.db", "source", "list")
    assert "sqlalchemy" in modules
    assert [m for m in modules if m.startswith(("rich", "rapidfuzz", "alembic"))] == []


@pytest.mark.parametrize(
    ("command", "shown"),
    [(("fact", "add"), "citation key.  [required]"), (("audit",), "[default: text]")],
)
def test_a_commands_help_shows_its_brackets_plainly_without_rich(
    command: tuple[str, ...], shown: str
) -> None:
    output, modules = loaded_after(*command, "--help")
    assert shown in output and "\\[" not in output
    assert [m for m in modules if m.startswith("rich")] == []


def test_a_command_leaves_the_collector_frozen_for_the_exit() -> None:
    """The interpreter's exit walks no object a command loaded (`kzfacts.__main__`); the
    answers of `--version` and `--help` load too little to matter."""
    code = (
        "import gc, sys\n"
        "sys.argv = ['kzfacts', '--db', 'missing/kzfacts.db', 'source', 'list']\n"
        "from kzfacts.__main__ import run\n"
        "print(run(), gc.get_freeze_count() > 10_000)\n"
    )
    assert python_output(code) == "2 True\n"  # 2: no database there


def test_help_through_the_typer_app_is_the_same_text(run: Run) -> None:
    result = run("--help")
    assert result.exit_code == 0
    assert result.stdout == render_help()


def test_no_command_prints_the_help_and_exits_2(run: Run) -> None:
    result = run()
    assert result.exit_code == 2
    assert result.stdout.startswith("Usage: kzfacts [OPTIONS] COMMAND [ARGS]...")


def test_unknown_command_is_refused(run: Run) -> None:
    result = run("nonsense")
    assert result.exit_code == 2
    assert "No such command 'nonsense'" in result.stderr


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c.name)
def test_summary_in_the_table_is_the_commands_own_help(command: Command) -> None:
    """The table's summary is the first paragraph of the help of the command it loads."""
    group = typer.main.get_group(app_module.app)
    loaded = group.get_command(click.Context(group), command.name)
    assert loaded is not None
    first_paragraph = " ".join((loaded.help or "").split("\n\n")[0].split())
    assert first_paragraph == command.summary


def _invocations(command: click.Command, path: list[str]) -> list[list[str]]:
    """The arguments that show a command's help and, for a group, its subcommands' and the
    error of a misspelt one, through the whole tree of `command`."""
    found = [[*path, "--help"]]
    if isinstance(command, click.Group):
        found += [path, [*path, "nonsense"]]
        for name, sub in command.commands.items():
            found += [[*path, name[:-1]], *_invocations(sub, [*path, name])]
    return found


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c.name)
def test_a_command_built_alone_reads_as_typer_builds_the_whole_app(command: Command) -> None:
    """`kzfacts fact add` builds the options of `fact add` alone (not of every command and
    subcommand): the same help, usage errors and suggestions as the app built at once."""
    app_module._load(command.name)
    eager = typer.main.get_group(app_module.app).commands[command.name]
    runner = click.testing.CliRunner()
    for arguments in _invocations(eager, []):
        alone = app_module._built(app_module.app, command.name)  # built anew for each
        assert alone is not None
        expected = runner.invoke(eager, arguments, prog_name=f"kzfacts {command.name}")
        built = runner.invoke(alone, arguments, prog_name=f"kzfacts {command.name}")
        assert (built.exit_code, built.stdout, built.stderr) == (
            expected.exit_code, expected.stdout, expected.stderr,
        ), arguments  # fmt: skip


def test_a_group_builds_only_the_subcommand_asked_for() -> None:
    """`kzfacts fact add` builds the options of `add` alone; the group's help builds them all,
    in the order typer lists them."""
    app_module._load("fact")
    group = app_module._built(app_module.app, "fact")
    assert isinstance(group, click.Group)
    context = click.Context(group)
    assert group.get_command(context, "add") is not None
    assert list(group.commands) == ["add"]
    names = ["add", "import", "list", "show", "export", "edit", "remove", "history", "refresh"]
    assert group.list_commands(context) == names
    built = [group.get_command(context, name) for name in names]
    assert [command.name if command else None for command in built] == names
    assert list(group.commands) == names
