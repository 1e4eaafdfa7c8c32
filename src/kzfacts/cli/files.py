"""Files kzfacts writes (exports, reports, dumps): whole or not at all; `-` is standard output."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO, TypeVar

from kzfacts.services.errors import BadPath

T = TypeVar("T")


def named_file(output: Path | None) -> Path | None:
    """The file an --out/--output value names; None for standard output: `-`, as for most
    Unix tools, or no value where the option may be left out. The one place the rule is kept."""
    return None if output is None or str(output) == "-" else output


def check_output(output: Path | None, option: str, example: str) -> None:
    """Refuse, before any work, a destination `write_atomically` cannot write: a folder, a
    path in a folder that does not exist (or is a file), a folder that cannot be written.
    A usage error (exit 2) in every command, as a missing input file is. Standard output is
    not checked: what it cannot take ends the command as any output does (`process_exit`)."""
    output = named_file(output)
    if output is None:
        return
    if output.is_dir():
        raise BadPath(f"{option} {output} is a folder: give a file name, e.g. {example}")
    if output.exists() and not output.is_file():
        return  # a device or a pipe (`/dev/stdout`, a FIFO): written straight to
    folder = output.parent
    if not folder.exists():
        raise BadPath(f"folder {folder} does not exist: create it or choose another {option}")
    if not folder.is_dir():
        raise BadPath(f"{folder} is not a folder: choose another {option}")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise BadPath(f"folder {folder} is not writable: choose another {option}")


def _new_file_mode(target: Path) -> int:
    """The mode the file had, else what a plain open() would give it under the umask."""
    if target.exists():
        return target.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomically(output: Path, write: Callable[[TextIO], T]) -> T:
    """Write through a temporary file in the same folder, renamed over `output` once complete:
    a full disk or a crash leaves the old file as it was, never a truncated one. A device or a
    pipe (`/dev/stdout`, a FIFO) is written straight to; a symbolic link keeps pointing where it
    did, at the new file. Raises OSError when it cannot write."""
    import tempfile  # loaded by the commands that write files only (`fact add` does not)

    if output.exists() and not output.is_file():
        with output.open("w", encoding="utf-8", newline="\n") as out:
            return write(out)
    target = output.resolve()
    handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            result = write(out)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, _new_file_mode(target))
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return result


def write_output(output: Path | None, write: Callable[[TextIO], T], option: str) -> T:
    """`write_atomically`, with a write that fails (a full disk, a quota) refused in one line
    naming the file and the option: a usage error (exit 2) in every command, as a destination
    `check_output` refuses is. Standard output (`named_file`) is written straight to; its
    reader gone (141) or no room (120) ends the command as any output does
    (`output_failure_exits`)."""
    output = named_file(output)
    if output is None:
        result = write(sys.stdout)
        sys.stdout.flush()
        return result
    try:
        return write_atomically(output, write)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise BadPath(f"cannot write {output} ({reason}): choose another {option}") from None
