"""The Python API: the same checks, refusals and results as the CLI, one transaction a write."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import inspect

import kzfacts
from kzfacts import ConfigError, FactDB, RecordsRefused, Refused
from tests.conftest import Run, db_execute, db_scalar

SOKOLOVA = dict(
    source="nhc-iphr-2012-eu-appeal",
    subject="Natalia Sokolova",
    predicate="sentence_length",
    quote="was imprisoned for six years in August 2011",
)


def open_db(root: Path) -> FactDB:
    return FactDB.open(os.environ["KZFACTS_DB"], root)


def test_import_kzfacts_loads_no_database_layer() -> None:
    code = "import sys, kzfacts; print(sorted(m for m in sys.modules if m.startswith(('sqlalchemy', 'kzfacts.'))))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
    assert {"FactDB", "anchor_quote", "parse_value", "verify_fact"} <= set(dir(kzfacts))
    assert kzfacts.FactDB is FactDB
    with pytest.raises(AttributeError, match="module 'kzfacts' has no attribute 'Nothing'"):
        _ = kzfacts.Nothing  # type: ignore[attr-defined]


def test_a_database_without_the_schema_is_refused_and_left_alone(run: Run, tmp_path: Path) -> None:
    db_execute("CREATE TABLE unrelated (id INTEGER)")
    with pytest.raises(ConfigError, match=r"has no kzfacts schema: run `kzfacts init`$"):
        open_db(tmp_path)
    assert db_scalar("SELECT count(*) FROM unrelated") == 0


def test_a_database_behind_the_schema_is_not_upgraded(run: Run, tmp_path: Path) -> None:
    assert run("init").exit_code == 0
    db_execute("UPDATE alembic_version SET version_num = '0006'")
    with pytest.raises(ConfigError, match=r"schema is behind \(0006 < \d+\): run `kzfacts init`$"):
        open_db(tmp_path)
    assert db_scalar("SELECT version_num FROM alembic_version") == "0006"
    cli = run("fact", "list")
    assert cli.exit_code == 2
    assert "schema is behind (0006 <" in cli.stderr  # the same check, the same words


def test_a_newer_schema_asks_to_upgrade_kzfacts(run: Run, tmp_path: Path) -> None:
    assert run("init").exit_code == 0
    db_execute("UPDATE alembic_version SET version_num = '9999_future'")
    with pytest.raises(ConfigError, match=r"schema 9999_future, newer than this kzfacts knows"):
        open_db(tmp_path)


def test_add_fact_is_the_cli_s_fact_add(seeded: Path, run: Run) -> None:
    with open_db(seeded) as db:
        added = db.add_fact("api-term", value="six years", **SOKOLOVA)
    cli = run(
        "fact", "add", "--id", "cli-term", "--value", "six years",
        *[x for k, v in SOKOLOVA.items() for x in (f"--{k}", v)],
    )  # fmt: skip
    assert cli.exit_code == 0, cli.output
    assert cli.stdout == (
        "added cli-term: nhc-iphr-2012-eu-appeal line 220, characters 8786-8829 (exact), "
        "entity natalia-sokolova\n"
    )
    assert (added.id, added.line, added.position, added.verdict, added.fact.entity) == (
        "api-term", 220, (8786, 8829), "exact", "natalia-sokolova",
    )  # fmt: skip
    data = json.loads(added.to_json())
    assert {k: v for k, v in data.items() if k not in ("value", "parts")} == {
        "id": "api-term", "ok": True, "source": "nhc-iphr-2012-eu-appeal",
        "entity": "natalia-sokolova", "verdict": "exact", "start": 8786, "end": 8829,
        "line": 220, "page": None, "last_page": None, "warnings": [],
        "messages": [  # the seed's own fact states it already
            "notice: 'api-term' states what 'sokolova-sentence-length-2011' states already (the "
            "same words of 'nhc-iphr-2012-eu-appeal', entity, predicate, value and time): remove "
            "one with `kzfacts fact remove`, or give it --supersedes "
            "sokolova-sentence-length-2011 if it revises that fact"
        ],
    }  # fmt: skip
    assert [p["name"] for p in data["parts"]] == ["time", "quote", "boundaries", "value", "subject"]
    assert db_scalar("SELECT created_by FROM fact WHERE id = 'api-term'") == "kzfacts API"


def test_a_refused_fact_writes_nothing_and_names_the_finding(seeded: Path) -> None:
    before = db_scalar("SELECT count(*) FROM fact")
    with open_db(seeded) as db, pytest.raises(Refused) as refused:
        db.add_fact("api-term", value="seven years", **SOKOLOVA)
    assert [f.code.value for f in refused.value.findings] == ["value-unsupported"]
    assert db_scalar("SELECT count(*) FROM fact") == before


def test_dry_run_checks_and_writes_nothing(seeded: Path) -> None:
    before = db_scalar("SELECT count(*) FROM fact")
    with open_db(seeded) as db:
        added = db.add_fact("api-term", value="six years", dry_run=True, **SOKOLOVA)
    assert added.verdict == "exact"
    assert db_scalar("SELECT count(*) FROM fact") == before


def test_an_import_with_one_bad_record_writes_none(seeded: Path, tmp_path: Path) -> None:
    good = {"id": "api-good", "value": "six years", **SOKOLOVA}
    bad = {"id": "api-bad", "value": "6 months", **SOKOLOVA}
    before = db_scalar("SELECT count(*) FROM fact")
    with open_db(seeded) as db:
        with pytest.raises(RecordsRefused) as refused:
            db.import_records([good, bad])
        assert [(e.number, e.fact_id, e.code) for e in refused.value.errors] == [
            (2, "api-bad", "value-unsupported")
        ]
        assert db_scalar("SELECT count(*) FROM fact") == before
        path = tmp_path / "records.jsonl"
        path.write_text(json.dumps(good) + "\n", encoding="utf-8")
        imported = db.import_records(path)
    assert [f.id for f in imported.facts] == ["api-good"]
    assert [(f["id"], f["line"]) for f in json.loads(imported.to_json())] == [("api-good", 220)]
    assert db_scalar("SELECT count(*) FROM fact") == before + 1


def test_edit_fact_records_the_changes(seeded: Path) -> None:
    with open_db(seeded) as db:
        edited = db.edit_fact("sokolova-sentence-length-2011", value="six years")
        unchanged = db.edit_fact("sokolova-sentence-length-2011", value="six years")
    assert [(c.field, c.before, c.after) for c in edited.changes] == [
        ("value", "6 years", "six years")
    ]
    assert unchanged.changes == ()
    assert json.loads(edited.to_json())["changes"] == {
        "value": {"before": "6 years", "after": "six years"}
    }
    versions = "FROM factversion WHERE fact_id = 'sokolova-sentence-length-2011'"
    assert db_scalar(f"SELECT count(*) {versions}") == 2
    assert db_scalar(f"SELECT via {versions} AND version = 2") == "kzfacts API"


def test_edit_fact_sets_and_clears_the_event_key(seeded: Path) -> None:
    with open_db(seeded) as db:
        keyed = db.edit_fact("sokolova-sentence-length-2011", event="sokolova-trial-2011")
        cleared = db.edit_fact("sokolova-sentence-length-2011", event="")
    assert [(c.field, c.before, c.after) for c in keyed.changes + cleared.changes] == [
        ("event_key", None, "sokolova-trial-2011"),
        ("event_key", "sokolova-trial-2011", None),
    ]
    keys = "SELECT event_key FROM factversion WHERE fact_id = 'sokolova-sentence-length-2011'"
    assert db_scalar(f"{keys} AND version = 2") == "sokolova-trial-2011"
    assert db_scalar(f"{keys} AND version = 3") is None


def test_audit_and_entity_are_what_the_cli_prints(seeded: Path, run: Run) -> None:
    with open_db(seeded) as db:
        dry = db.audit(dry_run=True)
        report = db.audit(full=True)
        profile = db.entity("natalia-sokolova")
    assert (dry.run_id, json.loads(dry.to_json())["summary"]["run"]) == (None, None)
    # the one run recorded (PostgreSQL's sequence may have given the dry run's number away)
    assert db_scalar("select count(*) from auditrun") == 1
    recorded = db_scalar("select id from auditrun")
    assert (report.run_id, report.facts_checked, report.sources_checked) == (recorded, 173, 5)
    assert report.findings == []
    cli = run("audit", "--format", "json")
    assert cli.exit_code == 0
    assert json.loads(cli.stdout)["summary"]["facts_checked"] == 173
    assert json.loads(report.to_json())["summary"]["errors"] == 0
    shown = run("entity", "show", "natalia-sokolova", "--format", "json")
    assert shown.stdout == profile.to_json() + "\n"
    with open_db(seeded) as db, pytest.raises(Refused, match="unknown entity 'nobody'"):
        db.entity("nobody")


def test_check_draft_finds_what_kzfacts_check_finds(seeded: Path, run: Run) -> None:
    draft = seeded / "draft.md"
    draft.write_text(
        "Natalia Sokolova was released on 9 March 2012 [@sokolova-release-date].\n",
        encoding="utf-8",
    )
    with open_db(seeded) as db:
        from_path = db.check_draft(draft)
        from_text = db.check_draft(draft.read_text(encoding="utf-8"), label="draft.md")
        cited_right = db.check_draft(
            "Natalia Sokolova was released on 8 March 2012 [@sokolova-release-date].\n"
        )
    cli = json.loads(run("check", str(draft), "--format", "json").stdout)["findings"]
    assert [f.code.value for f in from_path] == [f["code"] for f in cli] == ["claim-mismatch"]
    assert [f.to_dict() for f in from_text] == [
        {**f.to_dict(), "file": "draft.md"} for f in from_path
    ]
    assert cited_right == []


def test_facts_lists_what_fact_list_lists(seeded: Path, run: Run) -> None:
    with open_db(seeded) as db:
        facts = db.facts(subject="sokolova")
    listed = json.loads(run("fact", "list", "--subject", "sokolova", "--format", "json").stdout)
    assert [f.id for f in facts] == [f["id"] for f in listed]
    # The rows are detached and loaded whole: readable after the database is closed.
    assert [f.to_dict() for f in facts] == listed
    assert json.loads(facts[0].to_json()) == listed[0]
    assert (facts[0].entity_id, facts[0].anchor_verdict) == ("natalia-sokolova", "exact")
    assert all(isinstance(f, kzfacts.Fact) and inspect(f).detached for f in facts)


def test_a_fact_carries_the_last_audits_word_detached(seeded: Path, run: Run) -> None:
    """Each fact's verdict, from its `factaudit` row, loaded with it: none before an audit,
    the audit's after it, readable once the database is closed."""
    with open_db(seeded) as db:
        before = db.facts(subject="sokolova")
    assert {(f.audit_status, f.audit_codes, f.last_verified_at) for f in before} == {
        (None, None, None)
    }
    assert run("audit").exit_code == 0
    with open_db(seeded) as db:
        after = db.facts(subject="sokolova")
    assert {(f.audit_status, f.audit_codes) for f in after} == {("ok", None)}
    assert all(f.last_verified_at is not None and inspect(f).detached for f in after)
    listed = json.loads(run("fact", "list", "--subject", "sokolova", "--format", "json").stdout)
    assert [f.to_dict() for f in after] == listed
    assert {f["audit"]["status"] for f in listed} == {"ok"}


def test_close_releases_the_database(seeded: Path) -> None:
    db = open_db(seeded)
    db.close()
    assert db.engine.pool.checkedout() == 0
