"""`kzfacts fact …`: anchoring before writing, refusals with finding codes, all-or-nothing imports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Run, db_scalar, seed_text

QUOTE = "Evgeniy Zhovtis, was sentenced to four years' imprisonment"


@pytest.fixture
def letter(run: Run, tmp_path: Path) -> Path:
    """The 2009 letter registered as source `letter`."""
    path = tmp_path / "letter.txt"
    path.write_text(seed_text("000"), encoding="utf-8")
    assert run("init").exit_code == 0
    result = run("source", "add", "letter.txt", "--id", "letter", "--published", "2009-11-18")
    assert result.exit_code == 0, result.stderr
    return path


def add(
    run: Run,
    fact_id: str = "zhovtis-sentence",
    quote: str = QUOTE,
    value: str = "4 years",
    *extra: str,
):  # type: ignore[no-untyped-def]
    return run(
        "fact", "add", "--id", fact_id, "--source", "letter", "--subject", "Evgeniy Zhovtis",
        "--predicate", "sentence_length", "--value", value, "--quote", quote, *extra,
    )  # fmt: skip


def fact_count(tmp_path: Path) -> int:
    return int(db_scalar("select count(*) from fact"))


def test_accepted_fact_prints_where_and_stores_the_anchor(
    run: Run, letter: Path, tmp_path: Path
) -> None:
    result = add(run)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(
        "added zhovtis-sentence: letter line 9, characters 1309-1367 (exact)"
    )
    shown = json.loads(run("fact", "show", "zhovtis-sentence", "--format", "json").stdout)
    anchor = shown["anchor"]
    assert anchor["TextPositionSelector"] == {"start": 1309, "end": 1367}
    assert (
        anchor["TextQuoteSelector"]["exact"]
        == "Evgeniy Zhovtis, was sentenced to four years' imprisonment"
    )
    assert anchor["TextQuoteSelector"]["prefix"].endswith("human rights defender, ")
    assert anchor["TextQuoteSelector"]["suffix"].startswith(" following an unfair trial")
    assert len(anchor["sha256"]) == 64
    assert shown["entity_id"] == "evgeniy-zhovtis"


@pytest.mark.parametrize(
    ("quote", "value", "code", "shown"),
    [
        (
            "Evgeniy Zhovtis, was sentenced to five years' imprisonment",
            "5 years",
            "quote-altered",
            "'five' → source 'four' (number)",
        ),
        (
            "Evgeniy Zhovtis was acquitted of all charges by the court",
            "4 years",
            "quote-not-found",
            "",
        ),
        (QUOTE, "5 years", "value-unsupported", "four years"),
        ("four years", "4 years", "quote-too-short", "too short"),
    ],
)
def test_refused_fact_names_the_code_and_writes_nothing(
    run: Run, letter: Path, tmp_path: Path, quote: str, value: str, code: str, shown: str
) -> None:
    result = add(run, "f", quote, value)
    assert result.exit_code == 1
    assert code in result.stderr
    assert shown in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert fact_count(tmp_path) == 0


def test_not_found_shows_the_closest_real_text(run: Run, letter: Path) -> None:
    result = add(
        run,
        "f",
        "the country's leading human rights defender, Evgeniy Zhovtis, was acquitted on appeal",
    )
    assert result.exit_code == 1
    assert "closest text in the source" in result.stderr or "quote-altered" in result.stderr


def test_misattributed_quote_names_the_source_that_has_it(
    run: Run, letter: Path, tmp_path: Path
) -> None:
    (tmp_path / "appeal.txt").write_text(seed_text("001"), encoding="utf-8")
    run("source", "add", "appeal.txt", "--id", "appeal")
    result = run(
        "fact", "add", "--id", "f", "--source", "letter", "--subject", "Natalia Sokolova",
        "--predicate", "release_date", "--value", "2012-03-08",
        "--quote", "was released from prison on 8 March 2012",
    )  # fmt: skip
    assert result.exit_code == 1
    assert "quote-misattributed" in result.stderr
    assert "'appeal'" in result.stderr


def test_inexact_quote_is_accepted_with_a_warning(run: Run, letter: Path) -> None:
    result = add(run, "f", "Evgeniy Zhovtis, was sentenced to four years' imprisonmnet")
    assert result.exit_code == 0, result.stderr
    assert "(inexact)" in result.stdout
    assert "warning: quote-inexact" in result.stderr
    assert "'imprisonmnet' → source 'imprisonment'" in result.stderr


def test_duplicate_id_and_unknown_source_or_predicate(run: Run, letter: Path) -> None:
    assert add(run).exit_code == 0
    again = add(run)
    assert again.exit_code == 1 and "already exists" in again.stderr
    unknown = run(
        "fact", "add", "--id", "g", "--source", "nope", "--subject", "X", "--predicate", "count",
        "--value", "4", "--quote", QUOTE,
    )  # fmt: skip
    assert unknown.exit_code == 1 and "unknown source 'nope'" in unknown.stderr
    bad_predicate = run(
        "fact", "add", "--id", "g", "--source", "letter", "--subject", "X", "--predicate", "height",
        "--value", "4", "--quote", QUOTE,
    )  # fmt: skip
    assert bad_predicate.exit_code == 1 and "unknown predicate 'height'" in bad_predicate.stderr


def test_import_is_all_or_nothing_and_reports_every_bad_record(
    run: Run, letter: Path, tmp_path: Path
) -> None:
    good = {
        "id": "zhovtis-sentence", "source": "letter", "subject": "Evgeniy Zhovtis",
        "predicate": "sentence_length", "value": "4 years", "quote": QUOTE,
    }  # fmt: skip
    altered = {**good, "id": "bad-1", "value": "5 years", "quote": QUOTE.replace("four", "five")}
    unsupported = {**good, "id": "bad-2", "value": "6 years"}
    lines = [json.dumps(r) for r in (good, altered, unsupported)]
    (tmp_path / "facts.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("fact", "import", "facts.jsonl")
    assert result.exit_code == 1
    assert "facts.jsonl:2 ('bad-1'): quote-altered" in result.stderr
    assert "facts.jsonl:3 ('bad-2'): value-unsupported" in result.stderr
    assert "2 of 3 records refused: nothing was imported" in result.stderr
    assert fact_count(tmp_path) == 0
    (tmp_path / "facts.jsonl").write_text(lines[0] + "\n", encoding="utf-8")
    ok = run("fact", "import", "facts.jsonl")
    assert ok.exit_code == 0, ok.stderr
    assert fact_count(tmp_path) == 1


def test_import_yaml_and_csv(run: Run, letter: Path, tmp_path: Path) -> None:
    (tmp_path / "facts.yaml").write_text(
        "- id: a\n  source: letter\n  subject: Evgeniy Zhovtis\n  predicate: sentence_length\n"
        f'  value: 4 years\n  quote: "{QUOTE}"\n',
        encoding="utf-8",
    )
    (tmp_path / "facts.csv").write_text(
        "id,source,subject,predicate,value,quote\n"
        'b,letter,Ramazan Yesergepov,status,convicted,"the sentencing of journalist Ramazan Yesergepov, and"\n',
        encoding="utf-8",
    )
    assert run("fact", "import", "facts.yaml").exit_code == 0
    csv_result = run("fact", "import", "facts.csv")
    assert csv_result.exit_code == 0, csv_result.stderr
    listed = json.loads(run("fact", "list", "--format", "json").stdout)
    assert sorted(f["id"] for f in listed) == ["a", "b"]


def test_truncated_jsonl_is_refused_with_its_line(run: Run, letter: Path, tmp_path: Path) -> None:
    (tmp_path / "facts.jsonl").write_text(
        '{"id": "a", "source": "letter"}\n{"id": "b", "sou', encoding="utf-8"
    )
    result = run("fact", "import", "facts.jsonl")
    assert result.exit_code == 1
    assert "facts.jsonl:2: not valid JSON" in result.stderr


def test_fact_list_filters(run: Run, letter: Path) -> None:
    assert add(run).exit_code == 0
    assert json.loads(run("fact", "list", "--subject", "zhovtis", "--format", "json").stdout)[0][
        "id"
    ] == ("zhovtis-sentence")
    assert (
        json.loads(run("fact", "list", "--predicate", "release_date", "--format", "json").stdout)
        == []
    )
    assert (
        json.loads(run("fact", "list", "--source", "letter", "--format", "json").stdout)[0]["value"]
        == "4 years"
    )
    text = run("fact", "list")
    assert "zhovtis-sentence" in text.stdout


def test_fact_show_keeps_the_space_or_punctuation_beside_the_quote(run: Run, seeded: Path) -> None:
    """The quote in its context reads as the source does: a comma right after it stays right
    after it, a space before it stays one space."""
    shown = run("fact", "show", "zsk-status-registered-2005").stdout
    assert (
        "On August 3, 2005, »the opposition movement For a Just Kazakhstan (ZSK) was finally "
        "registered«, after having had its application rejected"
    ) in shown
