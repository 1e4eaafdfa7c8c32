"""A reader that goes away (`kzfacts … | head -1`): every command ends as a Unix tool that a
closed pipe ends, with 141 and nothing on stderr, and what it wrote to its database is whole.
Each case runs the `kzfacts` script with its stdout a real pipe, on output larger than the
pipe's buffer, so that the command is still writing when the pipe closes."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.test_process_exit import BUFFERED
from tests.conftest import db_scalar

pytestmark = pytest.mark.sqlite_only

READER_GONE = 141


def first_line_then_close(
    seeded: Path, *command: str, env: dict[str, str] = BUFFERED
) -> tuple[bytes, int, bytes]:
    """The first line the command writes, its status once its reader closed the pipe after
    that line, and all it wrote on stderr."""
    script = [sys.executable, "-m", "kzfacts", "--db", str(seeded / "kzfacts.db")]
    process = subprocess.Popen(
        [*script, *command], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=seeded, env=env
    )
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()
    stderr = process.stderr.read()
    process.stderr.close()
    return first, process.wait(timeout=120), stderr


@pytest.mark.parametrize(
    ("command", "first"),
    [
        (["fact", "list", "--format", "json"], b"[\n"),
        (["fact", "export", "--format", "annotation"], b"{\n"),
        (["fact", "export", "--format", "annotation", "--output", "-"], b"{\n"),
        (["dump"], b'{"format": "kzfacts-dump"'),
        (["dump", "--output", "-"], b'{"format": "kzfacts-dump"'),
    ],
)
@pytest.mark.parametrize("buffered", [True, False], ids=["buffered", "unbuffered"])
def test_a_command_whose_reader_goes_away_ends_with_141_and_says_nothing(
    seeded: Path, command: list[str], first: bytes, buffered: bool
) -> None:
    """Unbuffered output too (PYTHONUNBUFFERED, as some CI runners set it), whose text layer
    took a write cut short by the closing pipe for a whole one."""
    env = BUFFERED if buffered else {**BUFFERED, "PYTHONUNBUFFERED": "1"}
    line, status, stderr = first_line_then_close(seeded, *command, env=env)
    assert line.startswith(first)
    assert (status, stderr) == (READER_GONE, b"")


def test_an_audit_whose_reader_goes_away_is_recorded_whole(seeded: Path) -> None:
    """An audit with findings (exit 1 had its reader stayed): 141, not the findings' 1, and its
    run and findings recorded before a line was written."""
    for text in (seeded / "seeds").glob("*.txt"):  # every number changed: a finding a quote
        text.write_text(re.sub(r"\d", "7", text.read_text(encoding="utf-8")), encoding="utf-8")
    line, status, stderr = first_line_then_close(seeded, "audit", "--format", "sarif")
    assert (line, status, stderr) == (b"{\n", READER_GONE, b"")
    assert db_scalar("SELECT count(*) FROM auditrun") == 1
    assert db_scalar("SELECT count(*) FROM finding") == 99


def test_a_report_whose_reader_goes_away_is_recorded(seeded: Path) -> None:
    """`report --output -` writes the page once its audit run is recorded: the pipe closing
    loses the page, not the run."""
    line, status, stderr = first_line_then_close(seeded, "report", "--output", "-")
    assert (line, status, stderr) == (b"<!DOCTYPE html>\n", READER_GONE, b"")
    assert db_scalar("SELECT count(*) FROM auditrun") == 1


@pytest.mark.parametrize(
    "command",
    [
        ["--version"], ["--help"], ["DB", "--version"], ["DB", "predicate", "list"],
        ["DB", "fact", "list"], ["DB", "fact", "show", "sokolova-release-date"],
        ["DB", "suggest", "hrw-2009-stalled-reforms", "--out", "-"],
    ],
)  # fmt: skip
def test_a_reader_gone_before_the_first_line_ends_the_command_with_141(
    seeded: Path, command: list[str]
) -> None:
    """Output short enough to wait in the buffer until the command ends, or written at once,
    or answered before the app loads (`--version`, `--help`): 141 every time, nothing said."""
    arguments = [
        a for c in command for a in (["--db", str(seeded / "kzfacts.db")] if c == "DB" else [c])
    ]
    reading, writing = os.pipe()
    os.close(reading)
    with os.fdopen(writing, "wb") as closed:
        done = subprocess.run(
            [sys.executable, "-m", "kzfacts", *arguments],
            stdout=closed, stderr=subprocess.PIPE, cwd=seeded, env=BUFFERED, timeout=120,
        )  # fmt: skip
    assert (done.returncode, done.stderr) == (READER_GONE, b"")
