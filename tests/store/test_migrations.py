"""The schema comes only from migrations: they match the models, and go up and down cleanly."""

from __future__ import annotations

import json
from pathlib import Path

from alembic import command
from sqlalchemy import inspect, text

from kzfacts.store import migrate
from kzfacts.store.engine import make_engine, resolve_url
from kzfacts.store.schema import KNOWN_REVISIONS, SCHEMA_REVISION, stored_revision
from tests.conftest import Run, database_url

TABLES = {
    "source", "entity", "alias", "predicate", "fact", "factaudit", "auditrun", "finding",
    "factversion",
}  # fmt: skip


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


def test_findings_reference_their_fact_and_source_and_outlive_them(tmp_path: Path) -> None:
    """0008: findings naming a fact or source that is gone are unlinked, not refused; after it,
    removing a fact or source nulls its findings' reference and keeps the findings."""
    engine = make_engine(resolve_url(str(tmp_path / "findings.db")))
    migrate.upgrade(engine, "0007")
    with engine.begin() as connection:
        for statement in (
            "INSERT INTO source (id, path, sha256, length, registered_at) "
            "VALUES ('s', 's.txt', 'abc', 3, '2020-01-01 00:00:00')",
            "INSERT INTO fact (id, subject, predicate, value, source_id, quote, created_at, "
            "updated_at) VALUES ('f', 'E', 'status', 'released', 's', 'E was released', "
            "'2020-01-01 00:00:00', '2020-01-01 00:00:00')",
            "INSERT INTO auditrun (id, started_at, sources_checked, facts_checked, errors, "
            "warnings, full, facts_rechecked, entities_fingerprint, tool_version) "
            "VALUES (1, '2020-01-02 00:00:00', 1, 2, 3, 0, 1, 2, '', '0.1')",
            "INSERT INTO finding (id, run_id, code, severity, fact_id, source_id, message) VALUES "
            "(1, 1, 'quote-altered', 'error', 'f', 's', 'kept'), "
            "(2, 1, 'quote-altered', 'error', 'removed-fact', 's', 'fact gone'), "
            "(3, 1, 'source-missing', 'error', NULL, 'removed-source', 'source gone')",
        ):
            connection.execute(text(statement))
    migrate.upgrade(engine)

    def findings() -> list[tuple[object, ...]]:
        with engine.connect() as connection:
            rows = connection.execute(
                text("SELECT id, fact_id, source_id, message FROM finding ORDER BY id")
            )
            return [tuple(row) for row in rows]

    assert findings() == [
        (1, "f", "s", "kept"),
        (2, None, "s", "fact gone"),
        (3, None, None, "source gone"),
    ]
    keys = {
        (fk["name"], fk["referred_table"], fk["options"].get("ondelete"))
        for fk in inspect(engine).get_foreign_keys("finding")
    }
    assert keys == {
        ("fk_finding_run_id_auditrun", "auditrun", None),
        ("fk_finding_fact_id_fact", "fact", "SET NULL"),
        ("fk_finding_source_id_source", "source", "SET NULL"),
    }
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM fact WHERE id = 'f'"))
        connection.execute(text("DELETE FROM source WHERE id = 's'"))
    assert findings() == [
        (1, None, None, "kept"),
        (2, None, None, "fact gone"),
        (3, None, None, "source gone"),
    ]

    migrate.downgrade(engine, "0007")
    assert [fk["name"] for fk in inspect(engine).get_foreign_keys("finding")] == [
        "fk_finding_run_id_auditrun"
    ]
    assert len(findings()) == 3


def test_the_audits_word_moves_to_its_own_table_and_back(run: Run, seeded: Path) -> None:
    """0010: every fact's last verdict moves from its row to `factaudit` and back, as the
    audit wrote it (a fact with an error among them); the findings keep their links to their
    facts (the columns leave `fact` in place: rebuilding it would fire its foreign keys), and
    `fact_view` shows the same verdicts either way."""
    letter = next((seeded / "seeds").glob("000_*.txt"))
    letter.write_text(
        letter.read_text(encoding="utf-8").replace("four years'", "three years'"),
        encoding="utf-8",
    )
    assert run("audit").exit_code == 1
    engine = make_engine(resolve_url(database_url()))
    verdicts = "SELECT id, audit_status, audit_codes, last_verified_at FROM fact_view ORDER BY id"
    links = "SELECT id, fact_id FROM finding ORDER BY id"

    def read(sql: str) -> list[tuple[object, ...]]:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(sql))]

    audited, linked = read(verdicts), read(links)
    assert len(audited) == 173 and ("error" in {row[1] for row in audited})
    assert sum(1 for _, fact_id in linked if fact_id is not None) >= 2
    migrate.downgrade(engine, "0009")
    assert "factaudit" not in inspect(engine).get_table_names()
    on_rows = read("SELECT id, audit_status, audit_codes, last_verified_at FROM fact ORDER BY id")
    assert on_rows == audited
    assert read(verdicts) == audited and read(links) == linked
    migrate.upgrade(engine)
    assert {c["name"] for c in inspect(engine).get_columns("fact")}.isdisjoint(
        {"audit_status", "audit_codes", "last_verified_at"}
    )
    assert read(verdicts) == audited and read(links) == linked
    assert read("SELECT count(*) FROM factaudit") == [(173,)]
    engine.dispose()


def test_upgrading_to_0011_fills_each_versions_event_key_from_its_fact(run: Run) -> None:
    """0011: until then no command changed a fact's key after it was added, so the versions
    since a fact was (last) added take its row's key; those of a removed fact, and those
    before an id was re-used, keep NULL (not recorded)."""
    engine = make_engine(resolve_url(database_url()))
    migrate.upgrade(engine, "0010")
    when = "'2020-01-02 03:04:05'"
    facts = [("keyed", "'trial-2012'"), ("plain", "NULL"), ("reused", "'second-case'")]
    versions = [
        ("keyed", 1, "added"), ("keyed", 2, "edited"), ("plain", 1, "added"),
        ("gone", 1, "added"), ("gone", 2, "removed"),
        ("reused", 1, "added"), ("reused", 2, "removed"), ("reused", 3, "added"),
        ("reused", 4, "edited"),
    ]  # fmt: skip
    with engine.begin() as connection:
        for fact_id, key in facts:
            connection.execute(
                text(
                    "INSERT INTO fact (id, subject, predicate, value, event_key, created_at, "
                    f"updated_at) VALUES ('{fact_id}', 'E', 'status', 'released', {key}, {when}, "
                    f"{when})"
                )
            )
        for fact_id, number, action in versions:
            connection.execute(
                text(
                    "INSERT INTO factversion (fact_id, version, action, changed_by, changed_at, "
                    f"subject, predicate, value) VALUES ('{fact_id}', {number}, '{action}', "
                    f"'alice', {when}, 'E', 'status', 'released')"
                )
            )
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == "0011"
    keys = "SELECT fact_id, version, event_key FROM factversion ORDER BY fact_id, version"

    def read() -> list[tuple[object, ...]]:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(keys))]

    filled = [
        ("gone", 1, None), ("gone", 2, None),
        ("keyed", 1, "trial-2012"), ("keyed", 2, "trial-2012"),
        ("plain", 1, None),
        ("reused", 1, None), ("reused", 2, None), ("reused", 3, "second-case"),
        ("reused", 4, "second-case"),
    ]  # fmt: skip
    assert read() == filled
    shown = json.loads(run("fact", "history", "reused", "--format", "json").stdout)
    assert [(v["version"], v["event_key"]) for v in shown] == [
        (1, None), (2, None), (3, "second-case"), (4, "second-case")
    ]  # fmt: skip
    assert [v["changes"].get("event_key") for v in shown] == [
        None, None, {"before": None, "after": "second-case"}, None
    ]  # fmt: skip
    migrate.downgrade(engine, "0010")
    assert "event_key" not in {c["name"] for c in inspect(engine).get_columns("factversion")}
    migrate.upgrade(engine)
    assert read() == filled
    engine.dispose()
