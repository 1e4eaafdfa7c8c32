"""Migrations and the main job on a real PostgreSQL server.

Skipped, with the reason, when no server is configured (KZFACTS_TEST_POSTGRES); CI always has one
and turns the skip into a failure.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import Engine

from kzfacts.store import migrate
from kzfacts.store.engine import make_engine, resolve_url
from tests.conftest import POSTGRES_ADMIN, SEEDS, Run, postgres_url

TABLES = {"source", "entity", "alias", "distinction", "predicate", "fact", "auditrun", "finding"}

if not POSTGRES_ADMIN:
    if os.environ.get("CI"):
        pytest.fail("CI must run the PostgreSQL tests: set KZFACTS_TEST_POSTGRES", pytrace=False)
    pytest.skip(
        "no PostgreSQL server: set KZFACTS_TEST_POSTGRES to an admin URL", allow_module_level=True
    )


@pytest.fixture
def database() -> Iterator[str]:
    admin = create_engine(POSTGRES_ADMIN, isolation_level="AUTOCOMMIT")
    name = f"kzt_pg_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield postgres_url(name)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def engine_for(url: str) -> Engine:
    return make_engine(resolve_url(url))


def test_migrations_upgrade_check_and_downgrade_on_postgresql(database: str) -> None:
    engine = engine_for(database)
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.head_revision(engine)
    assert set(inspect(engine).get_table_names()) >= TABLES
    command.check(migrate.alembic_config(engine))
    migrate.downgrade(engine, "base")
    assert migrate.current_revision(engine) is None
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    engine.dispose()


def test_main_job_on_postgresql(run: Run, database: str, tmp_path: Path) -> None:
    shutil.copytree(SEEDS, tmp_path / "seeds")
    assert run("--db", database, "init").exit_code == 0
    loaded = run("--db", database, "load", "seeds")
    assert loaded.exit_code == 0, loaded.stderr
    audited = run("--db", database, "audit")
    assert audited.exit_code == 0
    assert "audited 173 facts in 5 sources: 0 errors, 0 warnings" in audited.stdout
