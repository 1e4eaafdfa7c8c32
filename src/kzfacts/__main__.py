"""The `kzfacts` script and `python -m kzfacts`.

`kzfacts --version` and `kzfacts --help` are answered here, before typer and the database layer
load (an editor or a CI job runs them often); everything else goes to the typer app.
"""

from __future__ import annotations

import gc
import os
import sys


def main() -> None:
    arguments = sys.argv[1:]
    if "_KZFACTS_COMPLETE" in os.environ:  # the shell asks for completions: the app answers
        arguments = ["(completion)"]
    if arguments == ["--version"]:
        from kzfacts import __version__

        sys.stdout.write(f"kzfacts {__version__}\n")
        return
    if arguments in ([], ["--help"]):
        from kzfacts.cli.commands import render_help

        sys.stdout.write(render_help())
        sys.exit(2 if not arguments else 0)  # no command is a usage error, as in the typer app
    from kzfacts.cli.app import main as run_app

    try:
        run_app()
    finally:
        # The command is done, its output written and its database closed: what is left is the
        # interpreter's exit, whose garbage collections walk every object the command loaded
        # (a quarter of a second after an audit of 100,000 facts). Frozen, they are not walked;
        # their memory goes back with the process.
        gc.freeze()


if __name__ == "__main__":
    main()
