"""Progress bars show on a terminal and nowhere else (CI logs stay clean)."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from kzfacts.cli.context import progress_bar


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_no_progress_bar_when_stderr_is_not_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    with progress_bar("auditing") as progress:
        assert progress is None
    assert sys.stderr.getvalue() == ""


def test_progress_bar_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with progress_bar("auditing") as progress:
        assert progress is not None
        progress(50, 100)
        progress(100, 100)
    assert "auditing" in terminal.getvalue()


def test_the_audit_prints_only_its_report_in_a_pipe(seeded: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "kzfacts", "audit"], capture_output=True, text=True, cwd=seeded
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert done.stdout.splitlines()[-1].startswith("audited 173 facts in 5 sources")
