"""The schema comes only from migrations: they match the models, and go up and down cleanly."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import inspect, text

from kzfacts.store import migrate
from kzfacts.store.engine import make_engine, resolve_url
from kzfacts.store.schema import KNOWN_REVISIONS, SCHEMA_REVISION, stored_revision

TABLES = {"source", "entity", "alias", "predicate", "fact", "auditrun", "finding", "factversion"}


def test_models_and_migrations_do_not_drift(tmp_path: Path) -> None:
    engine = make_engine(resolve_url(str(tmp_path / "check.db")))
    migrate.upgrade(engine)
    command.check(migrate.alembic_config(engine))  # raises if autogenerate would find changes


def test_upgrade_empty_database_to_head_and_down_to_base(tmp_path: Path) -> None:
    engine = make_engine(resolve_url(str(tmp_path / "updown.db")))
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.head_revision(engine) == SCHEMA_REVISION
    assert set(inspect(engine).get_table_names()) >= TABLES
    migrate.downgrade(engine, "base")
    assert migrate.current_revision(engine) is None
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == SCHEMA_REVISION


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


def test_a_later_batch_migration_can_rebuild_a_table_that_views_read(tmp_path: Path) -> None:
    """fact_view reads fact: rebuilding fact (SQLite batch mode) must not break on the view."""
    from alembic.migration import MigrationContext
    from alembic.operations import Operations
    from sqlalchemy import Column, Integer, text

    engine = make_engine(resolve_url(str(tmp_path / "rebuild.db")))
    migrate.upgrade(engine)
    with engine.begin() as connection:
        connection.exec_driver_sql("PRAGMA legacy_alter_table = ON")  # as migrations/env.py does
        operations = Operations(MigrationContext.configure(connection))
        with operations.batch_alter_table("fact", recreate="always") as batch:
            batch.add_column(Column("later", Integer()))
        assert connection.execute(text("SELECT count(*) FROM fact_view")).scalar() == 0
    migrate.downgrade(engine, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}


def test_upgrading_to_fact_history_gives_every_existing_fact_its_first_version(
    tmp_path: Path,
) -> None:
    engine = make_engine(resolve_url(str(tmp_path / "history.db")))
    migrate.upgrade(engine, "0002")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO entity (id, name, kind, created_at) VALUES ('e', 'E', 'person', '2020-01-01 00:00:00')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO fact (id, entity_id, subject, predicate, value, quote, note, "
                "created_at, created_by, updated_at) VALUES ('f', 'e', 'E', 'status', 'released', "
                "'E was released on 1 May', 'n', '2020-01-02 03:04:05', 'kzfacts load', "
                "'2020-01-02 03:04:05')"
            )
        )
    migrate.upgrade(engine)
    with engine.connect() as connection:
        versions = connection.execute(
            text(
                "SELECT fact_id, version, action, changed_by, via, subject, entity_id, value, "
                "quote, note FROM factversion"
            )
        ).all()
    assert [tuple(v) for v in versions] == [
        ("f", 1, "added", "kzfacts load", "kzfacts load", "E", "e", "released",
         "E was released on 1 May", "n"),
    ]  # fmt: skip
    migrate.downgrade(engine, "0002")
    assert "factversion" not in inspect(engine).get_table_names()
