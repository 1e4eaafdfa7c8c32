"""The schema comes only from migrations: they match the models, and go up and down cleanly."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import inspect

from kzfacts.store import migrate
from kzfacts.store.engine import make_engine, resolve_url
from kzfacts.store.schema import KNOWN_REVISIONS, SCHEMA_REVISION, stored_revision

TABLES = {"source", "entity", "alias", "predicate", "fact", "auditrun", "finding"}


def test_models_and_migrations_do_not_drift(tmp_path: Path) -> None:
    engine = make_engine(resolve_url(str(tmp_path / "check.db")))
    migrate.upgrade(engine)
    command.check(migrate.alembic_config(engine))  # raises if autogenerate would find changes


def test_upgrade_empty_database_to_head_and_down_to_base(tmp_path: Path) -> None:
    engine = make_engine(resolve_url(str(tmp_path / "updown.db")))
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.head_revision(engine) == "0003"
    assert set(inspect(engine).get_table_names()) >= TABLES
    migrate.downgrade(engine, "base")
    assert migrate.current_revision(engine) is None
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == "0003"


def test_migrations_ship_inside_the_package_build() -> None:
    pyproject = (Path(__file__).resolve().parents[2] / "pyproject.toml").read_text(encoding="utf-8")
    assert '"migrations" = "kzfacts/migrations"' in pyproject
    assert (migrate.migrations_dir() / "versions" / "0001_initial_schema.py").is_file()


def test_the_schema_check_knows_every_migration(tmp_path: Path) -> None:
    engine = make_engine(resolve_url(str(tmp_path / "revisions.db")))
    assert migrate.head_revision(engine) == SCHEMA_REVISION
    assert migrate.known_revisions(engine) == set(KNOWN_REVISIONS)
    assert stored_revision(engine) is None
    migrate.upgrade(engine)
    assert stored_revision(engine) == SCHEMA_REVISION
