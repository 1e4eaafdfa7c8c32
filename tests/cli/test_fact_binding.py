"""`fact add` and `audit` bind a fact through one pipeline: what add refuses, audit reports
with the same code when another tool writes the fact anyway."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Run, db_execute

SOURCE = "hrw-2005-presidential-election"
# 004: "On May 2, some fifty men stormed a meeting of opposition leaders in Shymkent,
# threatening to kill Tuyakbai “for Nazarbaev.”"
STORMED = "some fifty men stormed a meeting of opposition leaders in Shymkent"


def add(run: Run, fact_id: str, quote: str, entity: str, *extra: str):  # type: ignore[no-untyped-def]
    return run(
        "fact", "add", "--id", fact_id, "--source", SOURCE, "--subject", entity,
        "--entity", entity, "--predicate", "participant_count", "--value", "about 50",
        "--quote", quote, *extra,
    )  # fmt: skip


def audit_codes(run: Run, fact_id: str) -> list[str]:
    report = json.loads(run("audit", "--full", "--format", "json").stdout)
    return [f["code"] for f in report["findings"] if f["fact"] == fact_id]


def test_a_quote_about_another_person_is_refused_and_its_own_subject_accepted(
    run: Run, seeded: Path
) -> None:
    refused = add(run, "stormed-kozlov", STORMED, "vladimir-kozlov")
    assert refused.exit_code == 1
    assert refused.stderr.startswith(
        "kzfacts: subject-mismatch: the text names Zharmakhan Tuyakbay, Nursultan Nazarbayev, "
        "not Vladimir Kozlov: the quote is about Zharmakhan Tuyakbay"
    )
    accepted = add(run, "stormed-tuyakbay", STORMED, "zharmakhan-tuyakbay")
    assert accepted.exit_code == 0, accepted.stderr
    assert audit_codes(run, "stormed-tuyakbay") == []


@pytest.mark.parametrize(
    ("quote", "code"),
    [
        (STORMED, "subject-mismatch"),  # attached to Kozlov below
        ("fifty men stormed a meeting of opposition leaders in Shymkent", "quote-altered"),
        ("On May 2, ... fifty men stormed a meeting of opposition leaders", "quote-altered"),
    ],
)
def test_audit_reports_what_fact_add_refuses(run: Run, seeded: Path, quote: str, code: str) -> None:
    entity = "vladimir-kozlov" if code == "subject-mismatch" else "zharmakhan-tuyakbay"
    refused = add(run, "bad", quote, entity)
    assert refused.exit_code == 1
    assert refused.stderr.startswith(f"kzfacts: {code}: ")
    # Another tool writes the honest fact, then changes it to the refused one.
    assert add(run, "bad", STORMED, "zharmakhan-tuyakbay").exit_code == 0
    db_execute(
        "update fact set quote = :quote, entity_id = :entity where id = 'bad'",
        quote=quote,
        entity=entity,
    )
    assert audit_codes(run, "bad") == [code]


def test_max_gap_lets_a_wider_elision_through_in_add_and_audit(run: Run, seeded: Path) -> None:
    quote = (
        "to offer concrete recommendations for improving human rights ... On April 9, a brick "
        "thrown at Tuyakbai"
    )
    args = ("--predicate", "event_date", "--value", "2005-04-09")
    refused = run(
        "fact", "add", "--id", "wide", "--source", SOURCE, "--subject", "Zharmakhan Tuyakbay",
        "--quote", quote, *args,
    )  # fmt: skip
    assert refused.exit_code == 1
    assert "kzfacts: quote-elision-too-long: the fragments stand 905 characters apart" in (
        refused.stderr
    )
    assert "an elision may span at most 400: quote two facts, or raise `--max-gap`" in (
        refused.stderr
    )
    accepted = run(
        "fact", "add", "--id", "wide", "--source", SOURCE, "--subject", "Zharmakhan Tuyakbay",
        "--quote", quote, *args, "--max-gap", "1000",
    )  # fmt: skip
    assert accepted.exit_code == 0, accepted.stderr
    wide = json.loads(run("audit", "--full", "--max-gap", "1000", "--format", "json").stdout)
    assert [f["code"] for f in wide["findings"] if f["fact"] == "wide"] == []
    assert audit_codes(run, "wide") == ["quote-elision-too-long"]


def test_an_incremental_audit_rebinds_subjects_when_names_change(run: Run, seeded: Path) -> None:
    assert add(run, "stormed", STORMED, "zharmakhan-tuyakbay").exit_code == 0
    first = json.loads(run("audit", "--format", "json").stdout)
    assert [f for f in first["findings"] if f["fact"] == "stormed"] == []
    # Another tool drops the spellings the text uses ("Tuyakbai"): the quote no longer names him.
    db_execute("delete from alias where entity_id = 'zharmakhan-tuyakbay'")
    incremental = json.loads(run("audit", "--format", "json").stdout)
    assert [f["code"] for f in incremental["findings"] if f["fact"] == "stormed"] == [
        "subject-mismatch"
    ]
    assert audit_codes(run, "stormed") == ["subject-mismatch"]
