"""Whoever opens the database sees what the last audit found: `fact show`, `fact list
--broken`, SQL and Datasette agree; values and dates are readable in `fact_view`."""

from __future__ import annotations

import asyncio
import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from kzfacts.checks.findings import Code, Finding
from kzfacts.services.audit.verdicts import fact_verdicts
from tests.conftest import PROJECT, Run, db_scalar

METADATA = PROJECT / "datasette" / "metadata.json"


def _break_zhovtis(seeded: Path) -> None:
    letter = next((seeded / "seeds").glob("000_*.txt"))
    letter.write_text(
        letter.read_text(encoding="utf-8").replace("four years'", "three years'"),
        encoding="utf-8",
    )


def test_an_audit_writes_each_facts_verdict_everywhere(run: Run, seeded: Path) -> None:
    assert run("audit").exit_code == 0
    assert db_scalar("SELECT count(*) FROM fact_view WHERE audit_status = 'ok'") == 173
    assert db_scalar("SELECT count(*) FROM fact_view WHERE last_verified_at IS NULL") == 0
    assert db_scalar("SELECT count(*) FROM factaudit") == 173  # a row for each fact checked
    _break_zhovtis(seeded)
    assert run("audit").exit_code == 1

    shown = run("fact", "show", "zhovtis-sentence-length-2009").stdout
    assert "(altered)" in shown
    assert "audit       error (quote-altered), verified 20" in shown
    listed = run("fact", "list", "--broken")
    assert [line.split()[0] for line in listed.stdout.splitlines()[1:]] == [
        "zhovtis-sentence-length-2009",
        "zhovtis-status-2009",
    ]
    as_json = json.loads(run("fact", "show", "zhovtis-status-2009", "--format", "json").stdout)
    assert as_json["anchor"]["verdict"] == "altered"
    assert (as_json["audit"]["status"], as_json["audit"]["codes"]) == ("error", ["quote-altered"])
    assert (
        db_scalar(
            "SELECT anchor_verdict || ' ' || audit_status || ' ' || audit_codes FROM fact_view "
            "WHERE id = 'zhovtis-sentence-length-2009'"
        )
        == "altered error quote-altered"
    )
    assert db_scalar("SELECT count(*) FROM fact_view WHERE audit_status = 'error'") == 2

    # The honest neighbour: the text restored, the next audit clears the verdict.
    letter = next((seeded / "seeds").glob("000_*.txt"))
    letter.write_text(
        letter.read_text(encoding="utf-8").replace("three years'", "four years'"),
        encoding="utf-8",
    )
    assert run("audit").exit_code == 0
    assert (
        db_scalar(
            "SELECT anchor_verdict || ' ' || audit_status FROM fact_view "
            "WHERE id = 'zhovtis-sentence-length-2009'"
        )
        == "exact ok"
    )
    assert run("fact", "list", "--broken").stdout.splitlines()[1:] == []


def test_a_contradiction_counts_for_both_facts_and_notices_do_not_count() -> None:
    contradiction = Finding(
        Code.CONTRADICTION,
        "disagree",
        "a",
        "s",
        {"sides": [{"fact": "a"}, {"fact": "b"}]},
    )
    found = fact_verdicts(
        [
            contradiction,
            Finding(Code.QUOTE_ALTERED, "four → three", "b", "s"),
            Finding(Code.QUOTE_MOVED, "moved", "c", "s"),
        ]
    )
    assert found == {
        "a": ("warning", "contradiction", None),
        "b": ("error", "contradiction,quote-altered", "altered"),
    }


def test_fact_view_shows_iso_dates_and_durations_in_their_written_unit(
    run: Run, seeded: Path
) -> None:
    assert run("audit").exit_code == 0

    def row(fact_id: str) -> str:
        return str(
            db_scalar(
                "SELECT value || '|' || COALESCE(value_from, '') || '|' || "
                "COALESCE(value_to, '') || '|' || value_unit FROM fact_view WHERE id = :id",
                id=fact_id,
            )
        )

    assert row("sokolova-sentence-date") == "2011-08|2011-08-01|2011-08-31|date"
    assert row("sokolova-release-date") == "2012-03-08|2012-03-08|2012-03-08|date"
    assert row("zhovtis-sentence-length-2009") == "4 years|4|4|years"
    assert row("sokolova-status-2012") == "released|||status"
    assert (
        db_scalar(
            "SELECT count(*) FROM fact_view v JOIN fact f ON f.id = v.id "
            "WHERE v.value_type = 'date' AND v.value_from NOT LIKE '____-__-__'"
        )
        == 0
    )


def test_finding_view_names_the_fact_and_source_of_each_finding(run: Run, seeded: Path) -> None:
    _break_zhovtis(seeded)
    assert run("audit").exit_code == 1
    assert (
        db_scalar(
            "SELECT fact_subject || ' | ' || fact_predicate || ' | ' || source_title "
            "FROM finding_view WHERE fact_id = 'zhovtis-sentence-length-2009'"
        )
        == "Evgeniy Zhovtis | sentence_length | Re: Kazakhstan's Stalled Reforms"
    )


def test_removing_a_fact_or_its_source_keeps_the_findings_about_them(
    run: Run, seeded: Path
) -> None:
    """A finding references its fact and source by foreign key (ON DELETE SET NULL): removing
    them through kzfacts unlinks the findings and keeps them in their audit's record."""
    _break_zhovtis(seeded)
    assert run("audit").exit_code == 1
    findings = "SELECT count(*) FROM finding WHERE run_id = (SELECT min(id) FROM auditrun)"
    assert db_scalar(findings) == 5
    assert db_scalar("SELECT count(*) FROM finding WHERE fact_id IS NULL") == 1  # source-changed

    removed = run("fact", "remove", "zhovtis-sentence-length-2009", "--reason", "sentence disputed")
    assert removed.exit_code == 0, removed.output
    assert db_scalar(findings) == 5
    assert db_scalar("SELECT count(*) FROM finding WHERE fact_id IS NULL") == 2
    altered = "FROM finding WHERE code = 'quote-altered'"
    assert db_scalar(f"SELECT count(*) {altered}") == 2  # both kept
    assert db_scalar(f"SELECT fact_id {altered} AND fact_id IS NOT NULL") == "zhovtis-status-2009"
    assert run("audit").exit_code == 1  # zhovtis-status-2009 still quotes "four years'"

    removed = run(
        "source", "remove", "hrw-2009-stalled-reforms", "--with-facts", "--reason", "withdrawn"
    )
    assert removed.exit_code == 0, removed.output
    assert db_scalar(findings) == 5
    assert db_scalar("SELECT count(*) FROM finding WHERE source_id IS NOT NULL") == 0
    assert db_scalar("SELECT count(*) FROM finding WHERE fact_id IS NOT NULL") == 0
    assert run("audit").exit_code == 0


@pytest.mark.sqlite_only
def test_datasette_links_each_finding_to_its_fact_and_source(
    run: Run, seeded: Path, tmp_path: Path
) -> None:
    from datasette.app import Datasette

    _break_zhovtis(seeded)
    assert run("audit").exit_code == 1
    with sqlite3.connect(seeded / "kzfacts.db") as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    metadata = json.loads(METADATA.read_text(encoding="utf-8"))

    async def fetch(path: str) -> Any:
        datasette = Datasette([str(seeded / "kzfacts.db")], metadata=metadata)
        response = await datasette.client.get(path)
        assert response.status_code == 200, path
        return response

    fact = "zhovtis-sentence-length-2009"
    labelled = asyncio.run(fetch(f"/kzfacts/finding.json?_labels=on&_shape=array&fact_id={fact}"))
    [finding] = labelled.json()
    assert finding["fact_id"] == {"value": fact, "label": "Evgeniy Zhovtis"}
    assert finding["source_id"] == {
        "value": "hrw-2009-stalled-reforms",
        "label": "Re: Kazakhstan's Stalled Reforms",
    }
    page = asyncio.run(fetch(f"/kzfacts/finding?fact_id={fact}")).text
    assert f'<a href="/kzfacts/fact/{fact}">Evgeniy Zhovtis</a>&nbsp;<em>{fact}</em>' in page
    row = asyncio.run(fetch(f"/kzfacts/fact/{fact}.json?_extras=foreign_key_tables")).json()
    assert {
        (t["other_table"], t["other_column"], t["count"]) for t in row["foreign_key_tables"]
    } >= {("finding", "fact_id", 1)}


@pytest.mark.sqlite_only
def test_datasette_serves_the_seed_facts_with_the_shipped_metadata(
    run: Run, seeded: Path, tmp_path: Path
) -> None:
    from datasette.app import Datasette

    _break_zhovtis(seeded)
    assert run("audit").exit_code == 1
    with sqlite3.connect(seeded / "kzfacts.db") as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    browsed = tmp_path / "browse" / "kzfacts.db"
    browsed.parent.mkdir()
    shutil.copy2(seeded / "kzfacts.db", browsed)
    metadata = json.loads(METADATA.read_text(encoding="utf-8"))

    async def fetch(path: str) -> Any:
        datasette = Datasette([str(browsed)], metadata=metadata)
        response = await datasette.client.get(path)
        assert response.status_code == 200, path
        return response.json()

    facts = asyncio.run(fetch("/kzfacts/fact.json?_shape=array&_size=max"))
    assert len(facts) == 173
    by_id = {f["id"]: f for f in facts}
    assert by_id["zhovtis-sentence-length-2009"]["anchor_verdict"] == "altered"
    audits = asyncio.run(fetch("/kzfacts/factaudit.json?_shape=array&_size=max"))
    assert len(audits) == 173
    status_of = {a["fact_id"]: a["audit_status"] for a in audits}
    assert status_of["zhovtis-sentence-length-2009"] == "error"
    view = asyncio.run(fetch("/kzfacts/fact_view.json?_shape=objects&_size=max"))
    facets = view["facet_results"]
    facets = facets.get("results", facets)  # Datasette 1.0 nests them
    assert {"predicate", "audit_status", "anchor_verdict", "source_id"} <= set(facets)
    statuses = {item["value"]: item["count"] for item in facets["audit_status"]["results"]}
    assert statuses == {"ok": 171, "error": 2}


@pytest.mark.sqlite_only
def test_the_metadata_describes_only_what_the_database_has(run: Run) -> None:
    assert run("init").exit_code == 0
    metadata = json.loads(METADATA.read_text(encoding="utf-8"))
    tables = metadata["databases"]["kzfacts"]["tables"]
    with sqlite3.connect(Path.cwd() / "kzfacts.db") as db:
        for table, described in tables.items():
            columns = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
            assert columns, f"{table} is not in the database"
            assert set(described.get("columns", {})) <= columns, table
            assert set(described.get("facets", [])) <= columns, table
            assert {described.get("label_column")} - {None} <= columns, table
        view_columns = {row[1] for row in db.execute("PRAGMA table_info(fact_view)")}
    assert set(tables["fact_view"]["columns"]) == view_columns
