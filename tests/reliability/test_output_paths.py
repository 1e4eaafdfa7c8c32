"""Every file a command writes (`suggest --out`, `dump --output`, `report --output`,
`fact export --output`) is refused alike when it cannot be written there: a folder, a path in a
folder that does not exist or is a file, a folder that cannot be written. One line, exit 2 (a
wrong path, as everywhere), before any work: no traceback, nothing written, nothing recorded.
`-` is standard output in each of them, never a file of that name."""

from __future__ import annotations

import errno
import os
import re
import subprocess
from pathlib import Path

import pytest

from tests.conftest import Run, as_unprivileged
from tests.reliability.reliability_helpers import (
    LETTER_2009,
    assert_refused,
    kzfacts_command,
    snapshot,
)

# Each command, its option, and the file name its refusal of a folder suggests.
WRITERS = [
    (["suggest", LETTER_2009], "--out", "suggestions.yaml"),
    (["dump"], "--output", "all.jsonl"),
    (["report"], "--output", "report.html"),
    (["fact", "export"], "--output", "facts.jsonl"),
]
IDS = ["suggest", "dump", "report", "export"]


def _refused_alike(run: Run, seeded: Path, command: list[str], target: str, message: str) -> None:
    before, files = snapshot(), sorted(p.name for p in seeded.iterdir())
    assert_refused(run(*command, target), 2, message)
    assert snapshot() == before  # `report` records no run
    assert sorted(p.name for p in seeded.iterdir()) == files  # nothing written beside
    assert {"out", "seeds"} <= set(files)
    assert list((seeded / "out").iterdir()) == []


@pytest.mark.parametrize(("command", "option", "example"), WRITERS, ids=IDS)
def test_a_folder_for_the_output_file_is_a_usage_error(
    run: Run, seeded: Path, command: list[str], option: str, example: str
) -> None:
    (seeded / "out").mkdir()
    message = f"{option} out is a folder: give a file name, e.g. {example}"
    _refused_alike(run, seeded, [*command, option], "out", message)


@pytest.mark.parametrize(("command", "option", "example"), WRITERS, ids=IDS)
def test_an_output_in_a_missing_folder_or_a_file_is_a_usage_error(
    run: Run, seeded: Path, command: list[str], option: str, example: str
) -> None:
    (seeded / "out").mkdir()
    message = f"folder out/nowhere does not exist: create it or choose another {option}"
    _refused_alike(run, seeded, [*command, option], "out/nowhere/x", message)
    message = f"seeds/sources.toml is not a folder: choose another {option}"
    _refused_alike(run, seeded, [*command, option], "seeds/sources.toml/x", message)


def test_export_names_a_file_of_the_format_asked_for(run: Run, seeded: Path) -> None:
    (seeded / "out").mkdir()
    for output_format, example in [("csv", "facts.csv"), ("claim", "claims.jsonld")]:
        message = f"--output out is a folder: give a file name, e.g. {example}"
        command = ["fact", "export", "--format", output_format, "--output"]
        _refused_alike(run, seeded, command, "out", message)


@pytest.mark.parametrize(("command", "option", "example"), WRITERS, ids=IDS)
def test_an_output_in_a_folder_that_cannot_be_written_is_a_usage_error(
    seeded: Path, command: list[str], option: str, example: str
) -> None:
    (seeded / "out").mkdir()
    prefix = as_unprivileged()
    before = snapshot()
    (seeded / "out").chmod(0o555)
    try:
        done = subprocess.run(
            [*prefix, *kzfacts_command(), *command, option, "out/x"],
            capture_output=True,
            text=True,
            cwd=seeded,
            timeout=120,
        )
    finally:
        (seeded / "out").chmod(0o755)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == f"kzfacts: folder out is not writable: choose another {option}\n"
    assert snapshot() == before
    assert list((seeded / "out").iterdir()) == []


def test_suggest_that_cannot_write_its_file_says_so_in_one_line(
    run: Run, seeded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write that fails after the checks (a full disk) is one line too, not a traceback."""

    def full(*_: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("kzfacts.cli.files.write_atomically", full)
    assert_refused(
        run("suggest", LETTER_2009, "--out", "s.yaml"),
        2,
        "cannot write s.yaml (No space left on device): choose another --out",
    )
    assert not (seeded / "s.yaml").exists()


# Each command that may leave its option out, the option, what it says on stderr and how its
# output begins: `-` must give what no option gives.
TO_STDOUT = [
    (
        ["suggest", LETTER_2009],
        "--out",
        f"3 facts proposed for {LETTER_2009}: review them, then `kzfacts fact import`\n",
        "# line 13, confidence 0.80\n- id: kazakhstan-government-duration-18-years\n",
    ),
    (["dump"], "--output", "dumped 828 rows\n", '{"format": "kzfacts-dump", '),
    (["dump"], "-o", "dumped 828 rows\n", '{"format": "kzfacts-dump", '),
    (["fact", "export"], "--output", "", '{"id": "presidential-election-2005-date", '),
    (["fact", "export"], "-o", "", '{"id": "presidential-election-2005-date", '),
]


def _undated(output: str) -> str:
    """A dump without the moment it was made, the one thing two dumps of a database differ in."""
    return re.sub(r'"dumped_at": "[^"]+"', '"dumped_at": ""', output, count=1)


@pytest.mark.parametrize(
    ("command", "option", "said", "begins"),
    TO_STDOUT,
    ids=["suggest", "dump", "dump-o", "export", "export-o"],
)
def test_a_dash_is_standard_output_as_no_option_is(
    run: Run, seeded: Path, command: list[str], option: str, said: str, begins: str
) -> None:
    files = sorted(p.name for p in seeded.iterdir())
    plain, dashed = run(*command), run(*command, option, "-")
    assert (dashed.exit_code, dashed.stderr) == (0, said)
    assert (plain.exit_code, plain.stderr) == (0, said)
    assert dashed.stdout.startswith(begins)
    assert _undated(dashed.stdout) == _undated(plain.stdout)
    assert sorted(p.name for p in seeded.iterdir()) == files  # no file named `-`
