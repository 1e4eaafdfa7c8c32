"""A source's `covers` (the period it reports on) gives dates without a year their year, and
`fact show` says where a fact's year came from."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Run, db_scalar, seed_text

RAID = "On September 17, police raided an impromptu public exhibit in an Almaty market"


@pytest.fixture
def letter(run: Run, tmp_path: Path) -> Path:
    path = tmp_path / "letter.txt"
    path.write_text(seed_text("004"), encoding="utf-8")
    assert run("init").exit_code == 0
    return path


def add_raid(run: Run, value: str, fact_id: str = "raid"):  # type: ignore[no-untyped-def]
    return run(
        "fact", "add", "--id", fact_id, "--source", "letter", "--subject", "police raid",
        "--predicate", "event_date", "--value", value, "--quote", RAID,
    )  # fmt: skip


def test_covers_gives_the_year(run: Run, letter: Path) -> None:
    result = run(
        "source", "add", "letter.txt", "--id", "letter", "--published", "2005-10-11",
        "--covers", "2004",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert db_scalar("select covers from source") == "2004"
    refused = add_raid(run, "2005-09-17")
    assert refused.exit_code == 1
    assert refused.stderr.strip() == (
        "kzfacts: value-unsupported: the quote does not support value '2005-09-17' (2005-09-17): "
        "the source states 'September 17' = 2004-09-17 (year from the period the source covers "
        "(2004)) — a fact may be as vague as its source, never more precise"
    )
    assert add_raid(run, "2004-09-17").exit_code == 0
    shown = run("fact", "show", "raid")
    assert "read as     precision=day; year from the period the source covers (2004)" in (
        shown.stdout
    )
    assert run("audit").exit_code == 0


def test_without_covers_the_year_is_the_latest_not_after_the_source(run: Run, letter: Path) -> None:
    result = run("source", "add", "letter.txt", "--id", "letter", "--published", "2005-10-11")
    assert result.exit_code == 0, result.stderr
    assert add_raid(run, "2004-09-17").exit_code == 1
    assert add_raid(run, "2005-09-17").exit_code == 0
    assert db_scalar("select value_detail from fact") == (
        "precision=day; year from the source's date (2005-10-11; no other year near it)"
    )


def test_a_bad_covers_is_refused_in_one_line(run: Run, letter: Path) -> None:
    result = run("source", "add", "letter.txt", "--id", "letter", "--covers", "twenty-twelve")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "kzfacts: covers 'twenty-twelve' is not a period: write a year (2012), a month "
        "(2012-05) or a range (2011 to 2012)"
    )
    assert db_scalar("select count(*) from source") == 0


def test_sources_toml_takes_covers(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "more"
    folder.mkdir()
    (folder / "letter.txt").write_text(seed_text("004"), encoding="utf-8")
    (folder / "sources.toml").write_text(
        '[[source]]\nid = "letter"\npath = "letter.txt"\npublished = "2005-10-11"\n'
        'covers = "2004"\n',
        encoding="utf-8",
    )
    assert run("init").exit_code == 0
    result = run("load", "more")
    assert result.exit_code == 0, result.stderr
    assert db_scalar("select covers from source where id = 'letter'") == "2004"
    (folder / "sources.toml").write_text(
        '[[source]]\nid = "other"\npath = "letter.txt"\ncovers = "soon"\n', encoding="utf-8"
    )
    bad = run("load", "more")
    assert bad.exit_code == 1
    assert "source #1: covers 'soon' is not a period" in bad.stderr


def test_a_qualifier_outside_the_quote_is_refused_by_fact_add(run: Run, letter: Path) -> None:
    assert run("source", "add", "letter.txt", "--id", "letter", "--published", "2005-10-11")
    args = ("--source", "letter", "--subject", "opposition meeting", "--predicate")
    quote = "fifty men stormed a meeting of opposition leaders"
    refused = run("fact", "add", "--id", "a", *args, "participant_count", "--value", "50",
                  "--quote", quote)  # fmt: skip
    assert refused.exit_code == 1
    assert refused.stderr == (
        "kzfacts: quote-altered: the quote differs from the source in protected words: "
        "the source's 'some' (qualifier) is left out: quote it too\n"
    )
    whole = f"some {quote}"
    too_precise = run("fact", "add", "--id", "a", *args, "participant_count", "--value", "50",
                      "--quote", whole)  # fmt: skip
    assert too_precise.exit_code == 1
    assert "the source states 'some fifty' = 45–55" in too_precise.stderr
    accepted = run("fact", "add", "--id", "b", *args, "participant_count", "--value", "about 50",
                   "--quote", whole)  # fmt: skip
    assert accepted.exit_code == 0, accepted.stderr


def test_the_first_audit_after_the_upgrade_rechecks_every_fact(run: Run, letter: Path) -> None:
    from kzfacts.store import migrate
    from kzfacts.store.engine import make_engine, resolve_url
    from tests.conftest import database_url

    assert run("source", "add", "letter.txt", "--id", "letter", "--published", "2005-10-11")
    assert add_raid(run, "2005-09-17").exit_code == 0
    assert add_raid(run, "2005-09", "raid-month").exit_code == 0
    assert run("audit").exit_code == 0
    assert run("audit").exit_code == 0
    assert db_scalar("select facts_rechecked from auditrun order by id desc limit 1") == 0
    engine = make_engine(resolve_url(database_url()))
    migrate.downgrade(engine, "0002")
    engine.dispose()
    assert run("init").exit_code == 0
    assert db_scalar("select count(*) from fact where support_key is null") == 2
    assert run("audit").exit_code == 0
    assert db_scalar("select facts_rechecked from auditrun order by id desc limit 1") == 2
