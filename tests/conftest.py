"""Test set-up: every test gets its own database and sources root; nothing touches a user's.

The suite runs against SQLite by default. With `KZFACTS_TEST_BACKEND=postgresql` and
`KZFACTS_TEST_POSTGRES` (an admin URL of a PostgreSQL server) every test gets a fresh
PostgreSQL database instead; tests marked `sqlite_only` drive SQLite files directly and are
skipped there.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url
from typer.testing import CliRunner, Result

PROJECT = Path(__file__).resolve().parent.parent
SEEDS = PROJECT / "seeds"
BACKEND = os.environ.get("KZFACTS_TEST_BACKEND", "sqlite")
POSTGRES_ADMIN = os.environ.get("KZFACTS_TEST_POSTGRES", "")

# Property tests judge behaviour, not speed: a loaded CI machine must not fail them on
# generation time (speed is measured by the benchmarks in bench/).
settings.register_profile(
    "kzfacts", deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.load_profile("kzfacts")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "sqlite_only: drives an SQLite file directly")
    if BACKEND not in ("sqlite", "postgresql"):
        raise pytest.UsageError(f"KZFACTS_TEST_BACKEND={BACKEND!r}: use sqlite or postgresql")
    if BACKEND == "postgresql" and not POSTGRES_ADMIN:
        raise pytest.UsageError(
            "KZFACTS_TEST_BACKEND=postgresql needs KZFACTS_TEST_POSTGRES (an admin URL)"
        )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if BACKEND != "postgresql":
        return
    skip = pytest.mark.skip(reason="drives an SQLite file directly; covered by the SQLite run")
    for item in items:
        if "sqlite_only" in item.keywords:
            item.add_marker(skip)


def postgres_url(database: str) -> str:
    return make_url(POSTGRES_ADMIN).set(database=database).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def postgres_admin() -> Iterator[Engine]:
    engine = create_engine(POSTGRES_ADMIN, isolation_level="AUTOCOMMIT")
    yield engine
    engine.dispose()


def _create_database(admin: Engine, name: str, template: str | None = None) -> None:
    with admin.connect() as connection:
        clause = f" TEMPLATE {template}" if template else ""
        connection.execute(text(f'CREATE DATABASE "{name}"{clause}'))


def _drop_database(admin: Engine, name: str) -> None:
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(autouse=True)
def isolated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> Iterator[Path]:
    monkeypatch.delenv("KZFACTS_ROOT", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    # SARIF and annotations name files from the git work tree that holds the working folder:
    # a test's tree is the one it makes in tmp_path, never one that holds the temp folder.
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    monkeypatch.chdir(tmp_path)
    if BACKEND == "postgresql":
        admin: Engine = request.getfixturevalue("postgres_admin")
        name = f"kzt_{uuid.uuid4().hex[:16]}"
        _create_database(admin, name)
        monkeypatch.setenv("KZFACTS_DB", postgres_url(name))
        yield tmp_path
        _drop_database(admin, name)
        return
    monkeypatch.setenv("KZFACTS_DB", str(tmp_path / "kzfacts.db"))
    yield tmp_path


def database_url() -> str:
    """The current test's database, as KZFACTS_DB names it (a path or a URL)."""
    value = os.environ["KZFACTS_DB"]
    return value if "://" in value else f"sqlite:///{value}"


def python_output(code: str) -> str:
    """What `code` prints when run in a fresh interpreter (which must exit 0): what a command
    imports and leaves behind, unseen by the test's own process."""
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    return done.stdout


def db_scalar(sql: str, **params: Any) -> Any:
    """One value from the current test's database, whichever backend it is."""
    engine = create_engine(database_url())
    try:
        with engine.connect() as connection:
            return connection.execute(text(sql), params).scalar()
    finally:
        engine.dispose()


def db_execute(sql: str, **params: Any) -> None:
    """Run a statement on the current test's database, as another tool would."""
    engine = create_engine(database_url())
    try:
        with engine.begin() as connection:
            connection.execute(text(sql), params)
    finally:
        engine.dispose()


Run = Callable[..., Result]


@pytest.fixture
def run() -> Run:
    from kzfacts.cli.app import app

    runner = CliRunner()

    def invoke(*args: str, input: str | None = None) -> Result:
        return runner.invoke(app, list(args), input=input)

    return invoke


@pytest.fixture(scope="session")
def seeded_template(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Path:
    """The seed corpus loaded once per test session through the real CLI; tests get copies."""
    from kzfacts.cli.app import app

    folder = tmp_path_factory.mktemp("seeded")
    shutil.copytree(SEEDS, folder / "seeds")
    if BACKEND == "postgresql":
        admin: Engine = request.getfixturevalue("postgres_admin")
        _drop_database(admin, "kzt_seeded_template")
        _create_database(admin, "kzt_seeded_template")
        database = postgres_url("kzt_seeded_template")
    else:
        database = str(folder / "kzfacts.db")
    runner = CliRunner()
    options = ["--db", database, "--root", str(folder)]
    assert runner.invoke(app, [*options, "init"]).exit_code == 0
    result = runner.invoke(app, [*options, "load", str(folder / "seeds")])
    assert result.exit_code == 0, result.output
    if BACKEND == "sqlite":
        with sqlite3.connect(folder / "kzfacts.db") as db:  # fold the write-ahead log into the file
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return folder


@pytest.fixture
def seeded(tmp_path: Path, seeded_template: Path, request: pytest.FixtureRequest) -> Path:
    """The shipped seed corpus loaded in this test's database, the seeds copied under the tmp root."""
    shutil.copytree(seeded_template / "seeds", tmp_path / "seeds")
    if BACKEND == "postgresql":
        admin: Engine = request.getfixturevalue("postgres_admin")
        name = make_url(os.environ["KZFACTS_DB"]).database
        assert name is not None
        _drop_database(admin, name)
        _create_database(admin, name, template="kzt_seeded_template")
    else:
        shutil.copy2(seeded_template / "kzfacts.db", tmp_path / "kzfacts.db")
    return tmp_path


@pytest.fixture
def clone_database(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Callable[[], str]]:
    """Copy the current test's database as it is now; returns the copy's --db value."""
    clones: list[str] = []

    def clone() -> str:
        if BACKEND == "postgresql":
            admin: Engine = request.getfixturevalue("postgres_admin")
            source = make_url(os.environ["KZFACTS_DB"]).database
            name = f"kzt_{uuid.uuid4().hex[:16]}"
            _create_database(admin, name, template=source)
            clones.append(name)
            return postgres_url(name)
        original = Path(os.environ["KZFACTS_DB"])
        with sqlite3.connect(original) as db:
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        copy = tmp_path / f"clone-{len(clones)}.db"
        shutil.copy2(original, copy)
        clones.append(str(copy))
        return str(copy)

    yield clone
    if BACKEND == "postgresql":
        admin = request.getfixturevalue("postgres_admin")
        for name in clones:
            _drop_database(admin, name)


def seed_text(name: str) -> str:
    return next(SEEDS.glob(f"{name}_*.txt")).read_text(encoding="utf-8")


def as_unprivileged() -> list[str]:
    """The prefix that runs a command without root's power to write through file modes (a
    folder made read-only stays so); none when the tests do not run as root. Skips the test
    when root cannot drop it (no `setpriv`)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: cannot make a folder read-only for root")
    return [setpriv, "--inh-caps=-all", "--bounding-set=-all", "--"]
