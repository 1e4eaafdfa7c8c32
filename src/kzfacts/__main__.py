"""The `kzfacts` script and `python -m kzfacts`.

`kzfacts --version` and `kzfacts --help` are answered here, before typer and the database layer
load (an editor or a CI job runs them often); everything else goes to the typer app.
"""

from __future__ import annotations

import gc
import os
import sys
from typing import NoReturn


def run() -> str | int | None:
    """Run the command `sys.argv` names and write out what it left in the buffer; its exit code
    (as `sys.exit` takes it), for a caller that goes on: the script ends with it (`main`).
    Output whose reader went away (a closed pipe) ends it with 141, nothing said; output with
    no room to be written (a full disk), with 120 and one line (`output_failed`)."""
    from kzfacts.process_exit import output_failed, whole_writes

    whole_writes()
    try:
        code = _command(sys.argv[1:])
        sys.stdout.flush()
    except OSError as error:
        status = output_failed(error)
        if status is None:
            raise
        return status
    return code


def _command(arguments: list[str]) -> str | int | None:
    if "_KZFACTS_COMPLETE" in os.environ:  # the shell asks for completions: the app answers
        arguments = ["(completion)"]
    if arguments == ["--version"]:
        from kzfacts import __version__

        sys.stdout.write(f"kzfacts {__version__}\n")
        return 0
    if arguments in ([], ["--help"]):
        from kzfacts.cli.commands import render_help

        sys.stdout.write(render_help())
        return 2 if not arguments else 0  # no command is a usage error, as in the typer app
    from kzfacts.cli.app import main as run_app

    try:
        run_app()
    except SystemExit as finished:
        return finished.code
    finally:
        # The command is done, its output written and its database closed: what is left is the
        # interpreter's exit, whose garbage collections walk every object the command loaded
        # (a quarter of a second after an audit of 100,000 facts). Frozen, they are not walked.
        gc.freeze()
    return 0


def main() -> NoReturn:
    """The script: the command run, then the process ended without freeing what it loaded
    (`exit_now`), whose memory goes back with the process."""
    from kzfacts.process_exit import exit_now

    exit_now(run())


if __name__ == "__main__":
    main()
