"""The command table: which module defines each top-level command, and its one-line summary.

Read without typer, so that `kzfacts --help` and `kzfacts --version` answer before the CLI (typer,
the database layer, the value patterns) loads, and each command loads only the modules it needs.

Every command is registered one way: a module of `kzfacts.cli` defines it and has a
`register(app)` function that adds it to the app (a command as `cli/check.py` does,
a group of subcommands as `cli/sources.py` does), and one `Command` line below names that
module. A command added to an existing group (`kzfacts fact ...`) is registered by a module
listed in that group's `modules`. `tests/cli/test_startup.py` holds each
summary equal to the first paragraph of the command's own help.
"""

from __future__ import annotations

from typing import NamedTuple

APP_HELP = "Cited facts whose quoted source spans are verified; `kzfacts audit` re-checks them all."
DB_HELP = "Database: a file path (SQLite) or any SQLAlchemy URL. Default ./kzfacts.db."
ROOT_HELP = (
    "Folder that source paths are relative to. Default: the database file's folder "
    "(the working folder for server databases)."
)
VERSION_HELP = "Print the version."
SNAPSHOT_ONLY_HELP = (
    "Audit, report and export from the texts stored in the database alone: no source files needed."
)


class Command(NamedTuple):
    """A top-level command: its name, its summary in `kzfacts --help` and where it is defined.

    `modules` are the modules whose `register(app)` adds the command (the first)
    and, for a group, more of its subcommands, in the order `--help` lists them.
    """

    name: str
    summary: str
    modules: tuple[str, ...]


CORE = "kzfacts.cli.app"  # init and load are defined in cli/app.py itself

COMMANDS: tuple[Command, ...] = (
    Command(
        "init", "Create the database or upgrade its schema to this version (idempotent).", (CORE,)
    ),
    Command(
        "load",
        "Register a folder's sources and entities and import its facts (running it twice "
        "changes nothing).",
        (CORE,),
    ),
    Command(
        "audit",
        "Re-anchor facts against the current sources; report broken quotes, values, "
        "contradictions.",
        ("kzfacts.cli.audit",),
    ),
    Command(
        "check",
        "Check drafts: every sentence stating a number, date, duration, amount or percent must "
        "cite a fact, and what it says must agree with the facts it cites.",
        ("kzfacts.cli.check",),
    ),
    Command(
        "report",
        "Audit everything now and write the result as one HTML page (no network needed to "
        "read it).",
        ("kzfacts.cli.report",),
    ),
    Command(
        "doctor",
        "Check the database (schema, integrity, orphan rows, sources); say what to do; exit 1 "
        "if wrong.",
        ("kzfacts.cli.maintenance",),
    ),
    Command(
        "dump",
        "Write the whole database as portable JSONL (a header line, then one line per row).",
        ("kzfacts.cli.maintenance",),
    ),
    Command(
        "restore",
        "Load a dump into an empty, initialised database, all or nothing.",
        ("kzfacts.cli.maintenance",),
    ),
    Command(
        "suggest",
        "Propose a verified fact record for each value of a source that no fact cites, as YAML "
        "or JSONL that `kzfacts fact import` reads once reviewed.",
        ("kzfacts.cli.suggest",),
    ),
    Command("source", "Register and inspect source documents.", ("kzfacts.cli.sources",)),
    Command(
        "fact",
        "Add, import, edit, refresh, remove and inspect cited facts.",
        ("kzfacts.cli.facts", "kzfacts.cli.export", "kzfacts.cli.edits", "kzfacts.cli.refresh"),
    ),
    Command(
        "entity",
        "People, organisations, outlets, laws and events.",
        ("kzfacts.cli.entities",),
    ),
    Command("predicate", "The predicate vocabulary.", ("kzfacts.cli.facts",)),
)


def _rows(rows: list[tuple[str, str]], width: int = 80) -> list[str]:
    """Two columns, the second wrapped to the width."""
    import textwrap

    left = max(len(name) for name, _ in rows) + 2
    lines = []
    for name, text in rows:
        wrapped = textwrap.wrap(text, width - left - 2) or [""]
        lines.append(f"  {name.ljust(left)}{wrapped[0]}")
        lines += [" " * (left + 2) + more for more in wrapped[1:]]
    return lines


def render_help() -> str:
    """`kzfacts --help`: usage, global options and the command table (no command is loaded)."""
    options = [
        ("--db TEXT", f"{DB_HELP} [env var: KZFACTS_DB]"),
        ("--root PATH", f"{ROOT_HELP} [env var: KZFACTS_ROOT]"),
        ("--snapshot-only", f"{SNAPSHOT_ONLY_HELP} [env var: KZFACTS_SNAPSHOT_ONLY]"),
        ("--version", VERSION_HELP),
        ("--install-completion", "Install completion for the current shell."),
        ("--show-completion", "Show completion for the current shell, to copy it or customize it."),
        ("--help", "Show this message and exit."),
    ]
    commands = [(command.name, command.summary) for command in COMMANDS]
    lines = [
        "Usage: kzfacts [OPTIONS] COMMAND [ARGS]...",
        "",
        f"  {APP_HELP}",
        "",
        "Options:",
        *_rows(options),
        "",
        "Commands:",
        *_rows(commands),
    ]
    return "\n".join(lines) + "\n"
