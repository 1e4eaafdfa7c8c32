"""Test set-up: every test gets its own database file and sources root; nothing touches a user's."""

from __future__ import annotations

import shutil
import sqlite3
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


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed corpus loaded once per test session through the real CLI; tests get copies."""
    from kzfacts.cli.app import app

    folder = tmp_path_factory.mktemp("seeded")
    shutil.copytree(SEEDS, folder / "seeds")
    runner = CliRunner()
    database = ["--db", str(folder / "kzfacts.db")]
    assert runner.invoke(app, [*database, "init"]).exit_code == 0
    result = runner.invoke(app, [*database, "load", str(folder / "seeds")])
    assert result.exit_code == 0, result.output
    with sqlite3.connect(folder / "kzfacts.db") as db:  # fold the write-ahead log into the file
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return folder


@pytest.fixture
def seeded(tmp_path: Path, seeded_template: Path) -> Path:
    """A database with the shipped seed corpus loaded, and the seeds copied under the tmp root."""
    shutil.copytree(seeded_template / "seeds", tmp_path / "seeds")
    shutil.copy2(seeded_template / "kzfacts.db", tmp_path / "kzfacts.db")
    return tmp_path


def seed_text(name: str) -> str:
    return next(SEEDS.glob(f"{name}_*.txt")).read_text(encoding="utf-8")
