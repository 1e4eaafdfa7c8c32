"""Ending a kzfacts process without the interpreter's teardown.

When a command is done, its process still holds what it loaded: after an audit or an import of
100,000 facts, hundreds of megabytes of rows, results and source texts. The interpreter's own
exit frees them object by object (0.2 to 0.4 s on those commands), memory the operating system
takes back at once when the process ends. `exit_now` does what that exit does that anyone can
see (the exit handlers run, buffered output is written, the status is the one `sys.exit`
gives) and ends the process without the rest.
"""

from __future__ import annotations

import atexit
import os
import sys
from typing import NoReturn

UNWRITTEN_OUTPUT = 120
"""The status when buffered output cannot be written, as the interpreter's exit gives it."""


def exit_status(code: str | int | None) -> int:
    """The status `sys.exit(code)` ends the process with; a message (text) is written to
    stderr, as `sys.exit` writes it, and ends it with 1."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    sys.stderr.write(f"{code}\n")
    return 1


def exit_now(code: str | int | None = 0) -> NoReturn:
    """End the process as `sys.exit(code)` would, without freeing what it holds. While another
    thread runs, the interpreter's own exit waits for it: then this is `sys.exit`."""
    threading = sys.modules.get("threading")  # not loaded: no thread was started through it
    if threading is not None and threading.active_count() > 1:
        sys.exit(code)
    status = exit_status(code)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe or stream
            status = status or UNWRITTEN_OUTPUT
    os._exit(status)
