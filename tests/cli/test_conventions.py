"""Command-line conventions: boolean options are flags, shell completion is available."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import Run


def test_boolean_options_are_shown_and_parsed_as_flags(run: Run) -> None:
    help_text = run("audit", "--help").stdout
    full = next(line for line in help_text.splitlines() if line.strip().startswith("--full"))
    assert full.split()[:2] == ["--full", "Re-check"]
    assert "<bool>" not in help_text
    refused = run("audit", "--full", "true")
    assert refused.exit_code == 2
    assert "unexpected extra argument" in refused.output


KZFACTS = str(Path(sys.executable).parent / "kzfacts")


def test_shell_completion_script_is_offered() -> None:
    """For the shell it runs in (found among its parent processes, as in a user's terminal:
    the option takes no shell name)."""
    result = subprocess.run(
        ["bash", "-c", f"{KZFACTS} --show-completion; exit $?"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "complete -o default -F _kzfacts_completion kzfacts" in result.stdout


def test_completion_completes_commands_and_options() -> None:
    def complete(words: str) -> list[str]:
        env = {
            **os.environ,
            "_KZFACTS_COMPLETE": "complete_bash",
            "COMP_WORDS": words,
            "COMP_CWORD": str(len(words.split()) - 1),
        }
        done = subprocess.run([KZFACTS], capture_output=True, text=True, env=env, check=False)
        return done.stdout.split()

    assert complete("kzfacts au") == ["audit"]
    assert complete("kzfacts audit --f") == ["--format", "--fail-on", "--full", "--fresh"]
