"""Ending a kzfacts process without the interpreter's teardown.

When a command is done, its process still holds what it loaded: after an audit or an import of
100,000 facts, hundreds of megabytes of rows, results and source texts. The interpreter's own
exit frees them object by object (0.2 to 0.4 s on those commands), memory the operating system
takes back at once when the process ends. `exit_now` does what that exit does that anyone can
see (the exit handlers run, buffered output is written, the status is the one `sys.exit`
gives) and ends the process without the rest. Output that cannot be written ends a command
with a status of its own (`output_failed`): 141 when its reader went away, 120 when it had
no room.
"""

from __future__ import annotations

import atexit
import errno
import io
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

UNWRITTEN_OUTPUT = 120
"""The status when the output cannot be written, whatever the command's: the interpreter's."""

READER_GONE = 141
"""The status when the output's reader went away (`kzfacts fact list | head -1`), whatever the
command found: what a shell reports for a Unix tool that a closed pipe ends (128 + SIGPIPE)."""


def whole_writes() -> None:
    """Make stdout write all it is given or fail. Unbuffered (`python -u`, PYTHONUNBUFFERED,
    which CI images often set) it writes text straight to its file, and a write the system
    takes in part (a disk that fills, a file size limit, a pipe whose reader leaves) loses the
    rest without an error: the text layer ignores the count written. A buffered layer writes
    the rest, or fails; each line is still written as it ends (`echo` writes out every call)."""
    stream = sys.stdout
    if not isinstance(stream, io.TextIOWrapper) or not isinstance(stream.buffer, io.RawIOBase):
        return  # buffered, or not a file (a test's capture)
    sys.stdout = open(  # noqa: SIM115 - it is the process's stdout now
        stream.fileno(), "w", buffering=1, encoding=stream.encoding, errors=stream.errors,
        closefd=False,
    )  # fmt: skip


def exit_status(code: str | int | None) -> int:
    """The status `sys.exit(code)` ends the process with (its low 8 bits, as the system keeps
    them); a message (text) is written to stderr, as `sys.exit` writes it, and ends it with 1."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    sys.stderr.write(f"{code}\n")
    return 1


def exit_now(code: str | int | None = 0) -> NoReturn:
    """End the process as `sys.exit(code)` would, without freeing what it holds. While another
    thread runs, the interpreter's own exit waits for it, and a profiler or tracer (`python -m
    cProfile`, coverage) reports when the program ends: then this is `sys.exit`."""
    threading = sys.modules.get("threading")  # not loaded: no thread was started through it
    if (
        (threading is not None and threading.active_count() > 1)
        or sys.getprofile() is not None
        or sys.gettrace() is not None
    ):
        sys.exit(code)
    status = exit_status(code)
    atexit._run_exitfuncs()
    try:
        sys.stdout.flush()
    except (OSError, ValueError) as error:  # a full disk, a closed pipe or stream
        status = unwritten(error)
    _say("")  # stderr flushed
    os._exit(status)


_NO_ROOM = frozenset(
    code for code in (errno.ENOSPC, getattr(errno, "EDQUOT", None), errno.EFBIG) if code
)
"""What a write fails with when there is no room for it; no read fails so."""


def output_failed(error: OSError) -> int | None:
    """The status to end with when `error` says that the output could not be written: its
    reader went away (a closed pipe), said by nothing but `READER_GONE`; or it had no room (a
    full disk, a quota, a file size limit), said in one line, with `UNWRITTEN_OUTPUT`. Then
    stdout is pointed at nothing, so that the exit does not fail again on what it still holds.
    None for any other error."""
    if error.errno == errno.EPIPE:
        status = READER_GONE
    elif error.errno in _NO_ROOM:
        status = unwritten(error)
    else:
        return None
    drop_stdout()
    return status


def drop_stdout() -> None:
    """Point stdout at nothing, so that the exit's flush of what it still holds does not fail
    a second time."""
    try:
        nothing = os.open(os.devnull, os.O_WRONLY)
        os.dup2(nothing, sys.stdout.fileno())
        os.close(nothing)
    except (OSError, ValueError):  # no file descriptor behind it
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - it is the process's stdout now


@contextmanager
def output_failure_exits() -> Iterator[None]:
    """Output that cannot be written in the block ends the command with `output_failed`'s
    status, as `SystemExit`, which click lets through (it ends a command whose reader went
    away with 1, the status of findings)."""
    try:
        yield
    except OSError as error:
        status = output_failed(error)
        if status is None:
            raise
        raise SystemExit(status) from None


def unwritten(error: Exception) -> int:
    """Say that the output could not be written; the status to end with."""
    _say(f"kzfacts: the output could not be written: {error}\n")
    return UNWRITTEN_OUTPUT


def _say(message: str) -> None:
    """Write and flush `message` on stderr, which may be closed or full itself."""
    try:
        sys.stderr.write(message)
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
