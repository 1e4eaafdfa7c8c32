"""`exit_now`: a kzfacts process ends as `sys.exit` ends it (exit handlers run, buffered output
written, the same status, a message on stderr) without the interpreter's teardown; while
another thread runs, it waits for it as `sys.exit` does. Each case runs in a process of its
own, as the `kzfacts` script ends."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from kzfacts.store.schema import SCHEMA_REVISION

PROLOGUE = "import atexit, sys, threading, time\nfrom kzfacts.process_exit import exit_now\n"
#: Output buffered as a shell's pipe buffers it (not unbuffered, as some CI runners set it).
BUFFERED = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}


def ended(script: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", PROLOGUE + script],
        capture_output=True,
        text=True,
        timeout=60,
        env=BUFFERED,
    )


def test_handlers_run_and_buffered_output_is_written_before_the_status(tmp_path: Path) -> None:
    handled = tmp_path / "handled.txt"
    done = ended(
        f"atexit.register(lambda: open({str(handled)!r}, 'w').write('handled'))\n"
        "sys.stdout.write('kept in the buffer, no line end')\n"
        "sys.stderr.write('and on stderr')\n"
        "exit_now(3)\n"
    )
    assert (done.returncode, done.stdout, done.stderr) == (
        3, "kept in the buffer, no line end", "and on stderr"
    )  # fmt: skip
    assert handled.read_text() == "handled"


@pytest.mark.parametrize(
    ("code", "status", "stderr"),
    [("None", 0, ""), ("0", 0, ""), ("2", 2, ""), ("'kzfacts: a message'", 1, "kzfacts: a message\n")],
)  # fmt: skip
def test_the_status_and_message_are_those_of_sys_exit(code: str, status: int, stderr: str) -> None:
    for ending in ("exit_now", "sys.exit"):
        done = ended(f"{ending}({code})\n")
        assert (done.returncode, done.stdout, done.stderr) == (status, "", stderr), ending


def test_a_thread_still_running_is_waited_for(tmp_path: Path) -> None:
    finished = tmp_path / "finished.txt"
    done = ended(
        "def late():\n"
        "    time.sleep(0.3)\n"
        f"    open({str(finished)!r}, 'w').write('finished')\n"
        "threading.Thread(target=late).start()\n"
        "exit_now(4)\n"
    )
    assert done.returncode == 4
    assert finished.read_text() == "finished"


def test_the_kzfacts_script_ends_with_the_command_s_status_and_output(tmp_path: Path) -> None:
    script = [sys.executable, "-m", "kzfacts", "--db", str(tmp_path / "kzfacts.db")]
    created = subprocess.run(
        [*script, "init"], capture_output=True, text=True, timeout=60, env=BUFFERED
    )
    assert (created.returncode, created.stderr) == (0, "")
    assert created.stdout == f"{tmp_path / 'kzfacts.db'}: schema upgraded to {SCHEMA_REVISION}\n"
    listed = subprocess.run([*script, "fact", "list", "--format", "json"],
                            capture_output=True, text=True, timeout=60, env=BUFFERED)  # fmt: skip
    assert (listed.returncode, listed.stdout.strip(), listed.stderr) == (0, "[]", "")
    refused = subprocess.run([*script, "fact", "list", "--bogus"],
                             capture_output=True, text=True, timeout=60, env=BUFFERED)  # fmt: skip
    assert refused.returncode == 2
    assert refused.stderr.splitlines()[-1] == "Error: No such option '--bogus'."
    assert list(tmp_path.iterdir()) == [tmp_path / "kzfacts.db"]  # no -wal or -shm left behind


@pytest.mark.parametrize(("code", "status"), [("256", 0), ("-1", 255), ("2**31 + 3", 3)])
def test_a_status_keeps_its_low_8_bits_as_sys_exit_s(code: str, status: int) -> None:
    for ending in ("exit_now", "sys.exit"):
        assert ended(f"{ending}({code})\n").returncode == status, ending


def test_output_that_cannot_be_written_ends_with_120_and_says_so() -> None:
    """A full disk (`/dev/full`): the interpreter's own exit gives 120 whatever the command's
    status; so does this one, with a line on stderr."""
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-c", PROLOGUE + "sys.stdout.write('lost')\nexit_now(2)\n"],
            stdout=full, stderr=subprocess.PIPE, text=True, timeout=60, env=BUFFERED,
        )  # fmt: skip
    assert done.returncode == 120
    assert done.stderr == (
        "kzfacts: the output could not be written: [Errno 28] No space left on device\n"
    )


def test_a_profiler_still_reports_when_the_script_ends(tmp_path: Path) -> None:
    """Under `python -m cProfile` (or coverage, or a debugger) the process ends as `sys.exit`
    ends it, so that the tool writes what it gathered."""
    profile = tmp_path / "version.prof"
    done = subprocess.run(
        [sys.executable, "-m", "cProfile", "-o", str(profile), "-m", "kzfacts", "--version"],
        capture_output=True, text=True, timeout=60, env=BUFFERED,
    )  # fmt: skip
    assert (done.returncode, done.stdout.startswith("kzfacts ")) == (0, True)
    assert profile.stat().st_size > 0


@pytest.mark.sqlite_only
@pytest.mark.parametrize("buffered", [True, False], ids=["buffered", "unbuffered"])
@pytest.mark.parametrize(
    "command",
    [
        ["--version"], ["--help"], ["fact", "list", "--format", "json"], ["audit"], ["source", "list"],
        ["dump"], ["dump", "--output", "-"], ["suggest", "hrw-2009-stalled-reforms", "--out", "-"],
    ],
)  # fmt: skip
def test_a_command_whose_output_has_no_room_says_so_in_one_line(
    seeded: Path, command: list[str], buffered: bool
) -> None:
    """On a full disk every command ends with 120 and one line, whether its output fails as
    it is printed (a long list, or output unbuffered, as some CI runners set it) or at the
    exit (a short one): never a traceback."""
    env = BUFFERED if buffered else {**BUFFERED, "PYTHONUNBUFFERED": "1"}
    database = [] if command[0].startswith("--") else ["--db", str(seeded / "kzfacts.db")]
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "kzfacts", *database, *command],
            stdout=full, stderr=subprocess.PIPE, text=True, timeout=120, env=env, cwd=seeded,
        )  # fmt: skip
    assert (done.returncode, done.stderr) == (
        120, "kzfacts: the output could not be written: [Errno 28] No space left on device\n"
    )  # fmt: skip


@pytest.mark.sqlite_only
@pytest.mark.parametrize("buffered", [True, False], ids=["buffered", "unbuffered"])
def test_output_written_in_part_ends_with_120_and_says_so(
    seeded: Path, tmp_path: Path, buffered: bool
) -> None:
    """A file that takes part of a write (here a file size limit: a disk that fills does the
    same): the rest is not lost in silence, unbuffered (`python -u`, PYTHONUNBUFFERED) too."""
    env = BUFFERED if buffered else {**BUFFERED, "PYTHONUNBUFFERED": "1"}
    limit = 100_000  # above what reading the database writes (its 32 KB shared-memory file)

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    output = tmp_path / "facts.json"
    command = ["--db", str(seeded / "kzfacts.db"), "fact", "list", "--format", "json"]
    with output.open("w") as out:
        done = subprocess.run(
            [sys.executable, "-m", "kzfacts", *command], stdout=out, stderr=subprocess.PIPE,
            text=True, timeout=120, env=env, preexec_fn=limited,
        )  # fmt: skip
    assert (done.returncode, done.stderr) == (
        120, "kzfacts: the output could not be written: [Errno 27] File too large\n"
    )  # fmt: skip
    assert output.stat().st_size == limit
