"""`fact edit`, `fact remove`, `fact history`, `source remove` and `--dry-run`, on the seed corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Run, db_scalar

SOKOLOVA = "sokolova-sentence-length-2011"
REDUCED = "sokolova-sentence-length-2012"


def count(sql: str, **params: str) -> int:
    return int(db_scalar(sql, **params))


def test_an_edit_the_source_refutes_is_refused_and_writes_nothing(seeded: Path, run: Run) -> None:
    # The 2012 appeal says "imprisoned for six years": five years is refused, as `fact add` would.
    result = run("fact", "edit", SOKOLOVA, "--value", "5 years")
    assert result.exit_code == 1
    assert result.stderr.startswith("kzfacts: value-unsupported: the quote does not support")
    assert db_scalar("select value from fact where id = :i", i=SOKOLOVA) == "6 years"
    assert count("select count(*) from factversion where fact_id = :i", i=SOKOLOVA) == 1


def test_an_edit_the_source_supports_is_written_and_recorded(
    seeded: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KZFACTS_USER", "editor-from-env")
    quote = "was imprisoned for six years in August 2011"
    result = run("fact", "edit", SOKOLOVA, "--quote", quote, "--by", "alice")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith(f"edited {SOKOLOVA}: nhc-iphr-2012-eu-appeal")
    assert db_scalar("select quote from fact where id = :i", i=SOKOLOVA) == quote
    row = json.loads(run("fact", "history", SOKOLOVA, "--format", "json").stdout)
    assert [(v["version"], v["action"], v["changed_by"]) for v in row] == [
        (1, "added", row[0]["changed_by"]),
        (2, "edited", "alice"),
    ]
    assert row[1]["via"] == "kzfacts fact edit"
    assert row[1]["changes"] == {
        "quote": {
            "before": 'was imprisoned for six years in August 2011 for "inciting social hatred"',
            "after": quote,
        }
    }
    # Without --by, the environment names the editor.
    assert run("fact", "edit", SOKOLOVA, "--note", "original sentence").exit_code == 0
    text = run("fact", "history", SOKOLOVA).stdout
    assert "v3 edited" in text and "by editor-from-env via kzfacts fact edit" in text
    assert "  note: 'original sentence; later reduced (see sokolova-sentence-length-2012)'" in text


def test_edit_dry_run_shows_the_verdict_and_writes_nothing(seeded: Path, run: Run) -> None:
    result = run("fact", "edit", SOKOLOVA, "--as-of", "2011-09", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"would edit {SOKOLOVA}: nhc-iphr-2012-eu-appeal line ")
    assert "  as_of: '2011-08' → '2011-09'" in result.stdout
    # The quote dates the sentence (August 2011), so --as-of 2011-09 is noted, not used.
    assert result.stderr == (
        "notice: the quote dates 'sokolova-sentence-length-2011' ('August 2011'); it holds "
        "then, not at --as-of 2011-09\ndry run: nothing was written\n"
    )
    assert db_scalar("select as_of from fact where id = :i", i=SOKOLOVA) == "2011-08"


def test_edit_with_nothing_to_change_is_refused(seeded: Path, run: Run) -> None:
    result = run("fact", "edit", SOKOLOVA)
    assert result.exit_code == 1
    assert result.stderr.startswith("kzfacts: nothing to change: give at least one of --value")


def test_remove_hides_the_fact_keeps_its_history_and_rechains_supersedes(
    seeded: Path, run: Run
) -> None:
    assert run("audit").exit_code == 0
    assert count("select count(*) from factaudit where fact_id = :i", i=SOKOLOVA) == 1
    draft = seeded / "note.md"
    draft.write_text(
        f"Natalia Sokolova was sentenced to six years [@{SOKOLOVA}].\n", encoding="utf-8"
    )
    result = run(
        "fact", "remove", SOKOLOVA, "--reason", "the appeal's later figure replaces it",
        "--draft", str(draft), "--by", "bob",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"removed {SOKOLOVA}: the appeal's later figure replaces it",
        f"  {REDUCED} superseded it; it now supersedes nothing",
        f"  {draft}:1 cites [@{SOKOLOVA}]: `kzfacts check` now reports it",
    ]
    assert count("select count(*) from fact where id = :i", i=SOKOLOVA) == 0
    assert count("select count(*) from factaudit where fact_id = :i", i=SOKOLOVA) == 0
    assert db_scalar("select supersedes from fact where id = :i", i=REDUCED) is None
    assert SOKOLOVA not in run("fact", "list").stdout
    assert SOKOLOVA not in run("fact", "export", "--format", "jsonl").stdout
    audit = run("audit", "--format", "json")
    assert audit.exit_code == 0
    assert SOKOLOVA not in audit.stdout
    history = run("fact", "history", SOKOLOVA).stdout.splitlines()
    assert history[-2].startswith("v2 removed ") and history[-2].endswith(
        "by bob via kzfacts fact remove"
    )
    assert history[-1] == "  reason: the appeal's later figure replaces it"
    check = run("check", str(draft), "--format", "json")
    assert check.exit_code == 1
    findings = json.loads(check.stdout)["findings"]
    assert [(f["code"], f["reason"]) for f in findings] == [
        ("cites-removed-fact", "the appeal's later figure replaces it")
    ]
    shown = run("fact", "show", SOKOLOVA)
    assert shown.exit_code == 1
    assert shown.stderr == (
        f"kzfacts: fact {SOKOLOVA!r} was removed (the appeal's later figure replaces it): "
        f"`kzfacts fact history {SOKOLOVA}` shows its versions\n"
    )
    edited = run("fact", "edit", SOKOLOVA, "--note", "x")
    assert edited.exit_code == 1
    assert "was removed (the appeal's later figure replaces it): it cannot be edited" in (
        edited.stderr
    )
    again = run("fact", "remove", SOKOLOVA, "--reason", "twice")
    assert again.exit_code == 1
    assert again.stderr == (
        f"kzfacts: fact {SOKOLOVA!r} was already removed (the appeal's later figure replaces it)\n"
    )


def test_remove_needs_a_reason(seeded: Path, run: Run) -> None:
    result = run("fact", "remove", SOKOLOVA, "--reason", "  ")
    assert result.exit_code == 1
    assert "--reason is empty" in result.stderr
    assert count("select count(*) from fact where id = :i", i=SOKOLOVA) == 1


def test_source_remove_refuses_while_facts_cite_it(seeded: Path, run: Run) -> None:
    result = run("source", "remove", "hrw-2009-stalled-reforms")
    assert result.exit_code == 1
    assert result.stderr == (
        "kzfacts: source 'hrw-2009-stalled-reforms' is cited by 7 fact(s): "
        "eu-us-osce-statements-2009-date, kazakhstan-february-2009-reforms-date, "
        "kazakhstan-osce-chairmanship-year-2009, osce-ministerial-council-athens-2009-date, "
        "yesergepov-status-2009, zhovtis-sentence-length-2009, zhovtis-status-2009; remove them "
        "first, or pass --with-facts --reason TEXT to remove them with the source\n"
    )
    assert run("source", "remove", "hrw-2009-stalled-reforms", "--with-facts").exit_code == 1
    assert count("select count(*) from source") == 5
    result = run(
        "source", "remove", "hrw-2009-stalled-reforms", "--with-facts", "--reason", "withdrawn"
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "removed source hrw-2009-stalled-reforms and 7 fact(s) citing it\n"
    assert count("select count(*) from source") == 4
    assert count("select count(*) from fact") == 166
    assert count("select count(*) from factversion where action = 'removed'") == 7
    assert run("audit").exit_code == 0


def test_dry_runs_of_add_import_and_load_write_nothing(seeded: Path, run: Run) -> None:
    before = count("select count(*) from fact")
    add = run(
        "fact", "add", "--id", "sokolova-again", "--source", "nhc-iphr-2012-eu-appeal",
        "--subject", "Natalia Sokolova", "--predicate", "release_date", "--value", "2012-03-08",
        "--quote", "was released from prison on 8 March 2012", "--dry-run",
    )  # fmt: skip
    assert add.exit_code == 0, add.stderr
    assert add.stdout.startswith("would add sokolova-again: nhc-iphr-2012-eu-appeal line ")
    records = seeded / "new.jsonl"
    records.write_text(
        json.dumps(
            {
                "id": "new-entity-fact",
                "source": "nhc-iphr-2012-eu-appeal",
                "subject": "A Wholly New Person",
                "predicate": "release_date",
                "value": "2012-03-08",
                "quote": "was released from prison on 8 March 2012",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    imported = run("fact", "import", str(records), "--dry-run")
    assert imported.exit_code == 0, imported.stderr
    # A new person the quote never names: accepted, with a subject-unverified warning.
    assert imported.stdout == f"would import 1 fact from {records} (1 with warnings)\n"
    assert "created new entity 'a-wholly-new-person'" in imported.stderr
    loaded = run("load", "seeds", "--dry-run")
    assert loaded.exit_code == 0
    assert loaded.stdout.startswith("would load seeds: 0 sources")
    assert count("select count(*) from fact") == before
    assert count("select count(*) from entity where id = 'a-wholly-new-person'") == 0
    assert count("select count(*) from factversion") == before


def test_an_incremental_audit_forgets_the_contradictions_of_a_removed_fact(
    seeded: Path, run: Run
) -> None:
    added = run(
        "fact", "add", "--id", "sokolova-three-in-2011", "--source", "nhc-iphr-2012-eu-appeal",
        "--subject", "Natalia Sokolova", "--predicate", "sentence_length", "--value", "3 years",
        "--quote", "her sentence was reduced to a three-year suspended one", "--as-of", "2011-08",
    )  # fmt: skip
    assert added.exit_code == 0, added.stderr
    first = json.loads(run("audit", "--format", "json").stdout)["findings"]
    assert [(f["code"], f["fact"], f["entity"]) for f in first] == [
        ("contradiction", SOKOLOVA, "natalia-sokolova")
    ]
    removed = run("fact", "remove", "sokolova-three-in-2011", "--reason", "misdated")
    assert removed.exit_code == 0
    after = run("audit", "--format", "json")
    assert after.exit_code == 0
    assert json.loads(after.stdout)["findings"] == []


def test_a_name_too_long_for_the_history_is_refused(seeded: Path, run: Run) -> None:
    result = run("fact", "remove", SOKOLOVA, "--reason", "x", "--by", "a" * 201)
    assert result.exit_code == 1
    assert result.stderr == "kzfacts: --by is 201 characters long: give at most 200\n"
    assert count("select count(*) from fact where id = :i", i=SOKOLOVA) == 1


def test_an_entity_merge_is_a_version_of_every_fact_it_moves(
    seeded: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KZFACTS_USER", "carol")
    added = run(
        "fact", "add", "--id", "sokolova-freed", "--source", "nhc-iphr-2012-eu-appeal",
        "--subject", "N. Sokolova", "--new-entity", "--predicate", "release_date",
        "--value", "2012-03-08", "--quote", "was released from prison on 8 March 2012",
    )  # fmt: skip
    assert added.exit_code == 0, added.stderr
    assert run("entity", "merge", "natalia-sokolova", "n-sokolova").exit_code == 0
    versions = json.loads(run("fact", "history", "sokolova-freed", "--format", "json").stdout)
    last = versions[-1]
    assert (last["version"], last["action"], last["changed_by"], last["via"]) == (
        2, "edited", "carol", "kzfacts entity merge natalia-sokolova n-sokolova"
    )  # fmt: skip
    assert last["reason"] == "entity n-sokolova merged into natalia-sokolova"
    assert last["changes"] == {"entity_id": {"before": "n-sokolova", "after": "natalia-sokolova"}}


def test_edit_sets_and_clears_the_event_key_and_the_history_records_each_change(
    seeded: Path, run: Run
) -> None:
    dry = run("fact", "edit", SOKOLOVA, "--event", "sokolova-trial-2011", "--dry-run")
    assert dry.exit_code == 0, dry.stderr
    assert dry.stdout.splitlines()[1:] == ["  event_key: (none) → 'sokolova-trial-2011'"]
    assert db_scalar("select event_key from fact where id = :i", i=SOKOLOVA) is None
    assert count("select count(*) from factversion where fact_id = :i", i=SOKOLOVA) == 1

    keyed = run("fact", "edit", SOKOLOVA, "--event", "sokolova-trial-2011", "--by", "alice")
    assert keyed.exit_code == 0, keyed.stderr
    assert keyed.stdout.splitlines()[0].startswith(f"edited {SOKOLOVA}: nhc-iphr-2012-eu-appeal")
    assert keyed.stdout.splitlines()[1:] == ["  event_key: (none) → 'sokolova-trial-2011'"]
    assert db_scalar("select event_key from fact where id = :i", i=SOKOLOVA) == (
        "sokolova-trial-2011"
    )
    cleared = run("fact", "edit", SOKOLOVA, "--event", "", "--by", "bob")
    assert cleared.exit_code == 0, cleared.stderr
    assert cleared.stdout.splitlines()[1:] == ["  event_key: 'sokolova-trial-2011' → (none)"]
    assert db_scalar("select event_key from fact where id = :i", i=SOKOLOVA) is None
    again = run("fact", "edit", SOKOLOVA, "--event", "")
    assert again.stdout == f"{SOKOLOVA} unchanged: the edit gives every field the value it has\n"

    versions = json.loads(run("fact", "history", SOKOLOVA, "--format", "json").stdout)
    assert [(v["version"], v["changed_by"], v["event_key"]) for v in versions] == [
        (1, versions[0]["changed_by"], None),
        (2, "alice", "sokolova-trial-2011"),
        (3, "bob", None),
    ]
    assert [v["changes"] for v in versions[1:]] == [
        {"event_key": {"before": None, "after": "sokolova-trial-2011"}},
        {"event_key": {"before": "sokolova-trial-2011", "after": None}},
    ]
    v2, change2, v3, change3 = run("fact", "history", SOKOLOVA).stdout.splitlines()[-4:]
    assert v2.startswith("v2 edited ") and v2.endswith(" by alice via kzfacts fact edit")
    assert change2 == "  event_key: (none) → 'sokolova-trial-2011'"
    assert v3.startswith("v3 edited ") and v3.endswith(" by bob via kzfacts fact edit")
    assert change3 == "  event_key: 'sokolova-trial-2011' → (none)"


@pytest.mark.parametrize("key", ["sokolova trial", "-trial", "trial/2011", "k" * 121])
def test_edit_refuses_an_event_key_fact_add_refuses_in_the_same_words(
    seeded: Path, run: Run, key: str
) -> None:
    edited = run("fact", "edit", SOKOLOVA, "--event", key)
    assert edited.exit_code == 1
    assert edited.stdout == ""
    assert edited.stderr == (
        f"kzfacts: event id {key!r} is not a valid id: use letters, digits, '-', '_', '.', ':' "
        "(at most 120 characters, starting with a letter or digit)\n"
    )
    added = run(
        "fact", "add", "--id", "sokolova-keyed", "--source", "nhc-iphr-2012-eu-appeal",
        "--subject", "Natalia Sokolova", "--predicate", "release_date", "--value", "2012-03-08",
        "--quote", "was released from prison on 8 March 2012", "--event", key,
    )  # fmt: skip
    assert (added.exit_code, added.stderr) == (1, edited.stderr)
    assert db_scalar("select event_key from fact where id = :i", i=SOKOLOVA) is None
    assert count("select count(*) from factversion where fact_id = :i", i=SOKOLOVA) == 1


def test_add_import_and_load_record_the_event_key_in_the_first_version(
    seeded: Path, run: Run
) -> None:
    fact = {
        "source": "nhc-iphr-2012-eu-appeal", "subject": "Natalia Sokolova",
        "predicate": "release_date", "value": "2012-03-08",
        "quote": "was released from prison on 8 March 2012",
    }  # fmt: skip
    added = run(
        "fact", "add", "--id", "freed-added", *(f"--{k}={v}" for k, v in fact.items()),
        "--event", "release-added",
    )  # fmt: skip
    assert added.exit_code == 0, added.stderr
    (seeded / "new.jsonl").write_text(
        json.dumps({"id": "freed-imported", **fact, "event": "release-imported"}) + "\n",
        encoding="utf-8",
    )
    assert run("fact", "import", "new.jsonl").exit_code == 0
    (seeded / "more" / "facts").mkdir(parents=True)
    (seeded / "more" / "facts" / "extra.yaml").write_text(
        json.dumps([{"id": "freed-loaded", **fact, "event": "release-loaded"}]), encoding="utf-8"
    )
    loaded = run("load", "more")
    assert loaded.exit_code == 0, loaded.stderr
    # An empty key is no key: stored as NULL, as `fact edit --event ''` leaves it.
    unkeyed = run("fact", "add", "--id", "freed-unkeyed", *(f"--{k}={v}" for k, v in fact.items()),
                  "--event", "")  # fmt: skip
    assert unkeyed.exit_code == 0, unkeyed.stderr
    for how in ("added", "imported", "loaded", "unkeyed"):
        (version,) = json.loads(run("fact", "history", f"freed-{how}", "--format", "json").stdout)
        key = None if how == "unkeyed" else f"release-{how}"
        assert (version["action"], version["event_key"]) == ("added", key)
        assert version["changes"].get("event_key") == (
            None if key is None else {"before": None, "after": key}
        )
        assert db_scalar("select event_key from fact where id = :i", i=f"freed-{how}") == key
    text = run("fact", "history", "freed-loaded").stdout.splitlines()
    assert text[-1] == "  event_key: 'release-loaded'"
