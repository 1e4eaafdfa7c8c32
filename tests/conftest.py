"""Test set-up: every test gets its own database file and sources root; nothing touches a user's."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

PROJECT = Path(__file__).resolve().parent.parent
SEEDS = PROJECT / "seeds"


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KZFACTS_DB", str(tmp_path / "kzfacts.db"))
    monkeypatch.delenv("KZFACTS_ROOT", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.chdir(tmp_path)
    return tmp_path


Run = Callable[..., Result]


@pytest.fixture
def run() -> Run:
    from kzfacts.cli.app import app

    runner = CliRunner()

    def invoke(*args: str, input: str | None = None) -> Result:
        return runner.invoke(app, list(args), input=input)

    return invoke


@pytest.fixture
def seeded(tmp_path: Path, run: Run) -> Path:
    """A database with the shipped seed corpus loaded (the seeds copied under the tmp root)."""
    shutil.copytree(SEEDS, tmp_path / "seeds")
    assert run("init").exit_code == 0
    result = run("load", "seeds")
    assert result.exit_code == 0, result.output + result.stderr
    return tmp_path


def seed_text(name: str) -> str:
    return next(SEEDS.glob(f"{name}_*.txt")).read_text(encoding="utf-8")
