"""`kzfacts audit`: re-anchoring against the current sources, findings, exit codes, recorded runs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.test_facts import QUOTE, add
from tests.conftest import Run, db_execute, db_scalar, seed_text


@pytest.fixture
def one_fact(run: Run, tmp_path: Path) -> Path:
    path = tmp_path / "letter.txt"
    path.write_text(seed_text("000"), encoding="utf-8")
    run("init")
    run("source", "add", "letter.txt", "--id", "letter", "--published", "2009-11-18")
    assert add(run).exit_code == 0
    return path


def audit(run: Run, *args: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    result = run("audit", "--format", "json", *args)
    return result.exit_code, json.loads(result.stdout)


def codes(report: dict) -> list[str]:  # type: ignore[type-arg]
    return sorted(f["code"] for f in report["findings"])


def test_clean_audit_exits_zero_and_records_the_run(
    run: Run, one_fact: Path, tmp_path: Path
) -> None:
    code, report = audit(run)
    assert code == 0
    assert report["findings"] == []
    assert report["summary"]["facts_checked"] == 1
    assert report["summary"]["errors"] == 0
    assert db_scalar("select count(*) from auditrun") == 1
    assert db_scalar("select max(facts_checked) from auditrun") == 1


def test_a_dry_run_names_no_run_in_any_format(run: Run, one_fact: Path) -> None:
    """A dry run records no run: it says so, and its JSON (and SARIF) carry no run id."""
    counts = "audited 1 fact in 1 source: 0 errors, 0 warnings, 0 notices"
    for _ in range(2):  # before any run, and after one: never the number of the next
        text = run("audit", "--dry-run")
        assert (text.exit_code, text.stdout) == (0, f"{counts} (dry run, not recorded)\n")
        code, report = audit(run, "--dry-run")
        assert (code, report["summary"]["run"]) == (0, None)
        github = run("audit", "--dry-run", "--format", "github")
        assert github.stdout == f"kzfacts: {counts} (dry run, not recorded)\n"
        sarif = json.loads(run("audit", "--dry-run", "--format", "sarif").stdout)
        assert sarif["runs"][0]["properties"]["summary"]["run"] is None
        recorded = db_scalar("select count(*) from auditrun")
        real = run("audit").stdout
        assert db_scalar("select count(*) from auditrun") == recorded + 1
        assert real == f"{counts} (run {db_scalar('select max(id) from auditrun')})\n"


def test_moved_quote_is_updated_and_reported(run: Run, one_fact: Path, tmp_path: Path) -> None:
    one_fact.write_text("A new opening paragraph.\n\n" + seed_text("000"), encoding="utf-8")
    code, report = audit(run)
    assert code == 0
    assert codes(report) == ["quote-moved", "source-changed"]
    moved = next(f for f in report["findings"] if f["code"] == "quote-moved")
    assert (moved["start"], moved["previous_start"]) == (1309 + 26, 1309)
    shown = json.loads(run("fact", "show", "zhovtis-sentence", "--format", "json").stdout)
    assert shown["anchor"]["TextPositionSelector"]["start"] == 1335
    code, report = audit(run)
    assert (code, codes(report)) == (0, [])


def test_altered_source_is_an_error(run: Run, one_fact: Path) -> None:
    one_fact.write_text(seed_text("000").replace("four years'", "three years'"), encoding="utf-8")
    code, report = audit(run)
    assert code == 1
    assert codes(report) == ["quote-altered", "source-changed"]
    altered = next(f for f in report["findings"] if f["code"] == "quote-altered")
    assert altered["severity"] == "error"
    assert altered["fact"] == "zhovtis-sentence"
    assert "'four' → source 'three' (number)" in altered["message"]


def test_inexact_source_edit_is_a_warning_and_fail_on_warning_fails(
    run: Run, one_fact: Path
) -> None:
    one_fact.write_text(
        seed_text("000").replace("was sentenced", "was sentanced"), encoding="utf-8"
    )
    code, report = audit(run)
    assert (code, codes(report)) == (0, ["quote-inexact", "source-changed"])
    code, report = audit(run, "--fail-on", "warning")
    assert (code, codes(report)) == (1, ["quote-inexact"])


def test_missing_source_file(run: Run, one_fact: Path) -> None:
    one_fact.unlink()
    code, report = audit(run)
    assert code == 1
    assert codes(report) == ["source-missing", "source-missing"]


def test_unsourced_row_written_by_another_tool(run: Run, one_fact: Path, tmp_path: Path) -> None:
    db_execute(
        "insert into fact (id, subject, predicate, value, created_at, updated_at) "
        "values ('orphan', 'Someone', 'count', '3', '2026-01-01', '2026-01-01')"
    )
    code, report = audit(run)
    assert code == 1
    assert codes(report) == ["unsourced"]
    assert report["findings"][0]["fact"] == "orphan"


def test_text_report_shows_quote_and_source_side_by_side(run: Run, one_fact: Path) -> None:
    one_fact.write_text(seed_text("000").replace("four years'", "three years'"), encoding="utf-8")
    result = run("audit")
    assert result.exit_code == 1
    assert "letter\n" in result.stdout
    assert f'quote:  "{QUOTE}"' in result.stdout
    assert 'source: "Evgeniy Zhovtis, was sentenced to three years\' imprisonment"' in result.stdout
    assert "1 error, 1 warning" in result.stdout


def test_a_quote_edited_in_the_database_is_anchored_again(run: Run, one_fact: Path) -> None:
    assert audit(run)[0] == 0
    db_execute(
        "update fact set quote = :quote, updated_at = :now where id = 'zhovtis-sentence'",
        quote=QUOTE.replace("four", "five"),
        now="2099-01-01 00:00:00",
    )
    code, report = audit(run)
    assert code == 1
    assert codes(report) == ["quote-altered"]
    assert "'five' → source 'four' (number)" in report["findings"][0]["message"]
