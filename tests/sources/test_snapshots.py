"""Snapshots: the texts kzfacts verified quotes against stay in the database, beside each other,
readable when the file changes or disappears, and enough on their own to audit and report."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import create_engine, text

from tests.conftest import Run, database_url, db_execute

LETTER = "hrw-2009-stalled-reforms"
KNOWN = "zhovtis-sentence-length-2009"


def letter_file(seeded: Path) -> Path:
    return next((seeded / "seeds").glob("000_*.txt"))


def test_a_changed_source_is_kept_beside_the_old_and_its_facts_told_apart(
    run: Run, seeded: Path
) -> None:
    assert run("audit").exit_code == 0
    letter = letter_file(seeded)
    text = letter.read_text(encoding="utf-8")
    # An editor's revision: a sentence added near the top (every later quote moves) and
    # "four years" changed to "five years" (the two facts quoting it break).
    letter.write_text(
        text.replace("Dear Ministers,", "Dear Ministers,\n\nA revised version.")
        .replace("four years", "five years"),
        encoding="utf-8",
    )  # fmt: skip
    audit = run("audit", "--format", "json")
    changed = [f for f in json.loads(audit.stdout)["findings"] if f["code"] == "source-changed"]
    assert len(changed) == 1
    assert changed[0]["message"].endswith(
        "its facts were re-anchored and the new text stored beside the old one: 0 stayed; "
        "5 moved (eu-us-osce-statements-2009-date, kazakhstan-february-2009-reforms-date, "
        "kazakhstan-osce-chairmanship-year-2009, osce-ministerial-council-athens-2009-date, "
        "yesergepov-status-2009); 2 broke (zhovtis-sentence-length-2009, zhovtis-status-2009)"
    )
    assert changed[0]["stayed"] == []
    versions = run("source", "versions", LETTER, "--format", "json")
    rows = json.loads(versions.stdout)
    assert [(r["version"], r["current"], r["facts_verified_against"]) for r in rows] == [
        (1, False, 2),
        (2, True, 5),
    ]
    diff = run("source", "diff", LETTER)
    assert diff.exit_code == 0, diff.stderr
    lines = diff.stdout.splitlines()
    assert (
        lines[0]
        == f"{LETTER}: version 1 ({rows[0]['sha256'][:12]}…) → version 2 ({rows[1]['sha256'][:12]}…)"
    )
    assert "  zhovtis-sentence-length-2009: changed" in lines
    assert "  kazakhstan-osce-chairmanship-year-2009: unchanged" in lines
    # A change within 200 characters of a quote is shown with it.
    at = lines.index("  osce-ministerial-council-athens-2009-date: changed")
    assert "Dear Ministers, {+A revised version.+} We are writing in advance" in lines[at + 1]
    assert (
        sum("was sentenced to [-four-] {+five+} years' imprisonment" in line for line in lines) == 2
    )
    assert lines[-1] == "7 quoted passages: 4 unchanged, 3 changed"
    # The same two versions by number and by sha256 prefix.
    by_ref = run("source", "diff", LETTER, "1", rows[1]["sha256"][:8])
    assert by_ref.stdout == diff.stdout
    # The broken fact is still shown as it was verified: from the first snapshot.
    shown = run("fact", "show", KNOWN).stdout
    assert "Evgeniy Zhovtis, was sentenced to four years' imprisonment« following an" in shown


def test_a_source_with_one_version_has_nothing_to_compare(run: Run, seeded: Path) -> None:
    result = run("source", "diff", LETTER)
    assert (result.exit_code, result.stderr) == (
        1,
        f"kzfacts: source {LETTER!r} has 1 version(s): nothing to compare yet\n",
    )
    unknown = run("source", "diff", LETTER, "1", "7")
    assert unknown.stderr == (
        f"kzfacts: source {LETTER!r} has no version '7': give its number or the start of its "
        "sha256 (see `kzfacts source versions`)\n"
    )


def test_a_missing_file_leaves_its_facts_readable(run: Run, seeded: Path) -> None:
    letter_file(seeded).unlink()
    audit = run("audit", "--format", "json")
    assert audit.exit_code == 1
    codes = {f["code"] for f in json.loads(audit.stdout)["findings"]}
    assert codes == {"source-missing"}
    shown = run("fact", "show", KNOWN).stdout
    assert (
        "Furthermore, »the country's leading human rights defender, Evgeniy Zhovtis, was " in shown
    )
    report = run("report", "--output", "-")
    assert "was sentenced to four years&#x27; imprisonment" in report.stdout or (
        "was sentenced to four years' imprisonment" in report.stdout
    )


def test_snapshot_only_needs_no_source_files(run: Run, seeded: Path) -> None:
    for path in (seeded / "seeds").glob("*.txt"):
        path.unlink()
    audit = run("--snapshot-only", "audit")
    assert audit.exit_code == 0, audit.stdout
    assert audit.stdout.endswith(
        "173 facts in 5 sources: 0 errors, 0 warnings, 0 notices (run 1)\n"
    )
    report = run("--snapshot-only", "report", "--output", "-")
    assert report.exit_code == 0
    assert "Natalia Sokolova, a lawyer advising striking oil workers" in report.stdout
    export = run("--snapshot-only", "fact", "export", "--format", "annotation")
    assert export.exit_code == 0, export.stderr
    assert len(json.loads(export.stdout)["first"]["items"]) == 173


def test_dump_and_restore_carry_the_snapshots(run: Run, seeded: Path, tmp_path: Path) -> None:
    assert run("audit").exit_code == 0
    dumped = run("dump", "--output", str(tmp_path / "all.jsonl"))
    assert dumped.exit_code == 0, dumped.stderr
    restored = tmp_path / "restored"
    restored.mkdir()
    database = str(restored / "kzfacts.db")
    assert run("--db", database, "init").exit_code == 0
    assert run("--db", database, "restore", str(tmp_path / "all.jsonl")).exit_code == 0
    # No source file beside the restored database: the snapshots alone are the sources.
    audit = run("--db", database, "--snapshot-only", "audit", "--full")
    assert audit.exit_code == 0, audit.stdout
    assert audit.stdout.endswith(
        "173 facts in 5 sources: 0 errors, 0 warnings, 0 notices (run 2)\n"
    )
    assert (
        run("--db", database, "source", "versions", LETTER).stdout
        == run("source", "versions", LETTER).stdout
    )


def test_sources_registered_before_snapshots_get_one_at_the_next_audit(
    run: Run, seeded: Path
) -> None:
    # A database upgraded from a schema without snapshots: sources, but no stored text.
    db_execute("DELETE FROM sourceversion")
    db_execute("DELETE FROM snapshot")
    assert json.loads(run("source", "versions", LETTER, "--format", "json").stdout) == []
    assert run("audit").exit_code == 0
    rows = json.loads(run("source", "versions", LETTER, "--format", "json").stdout)
    assert [(r["version"], r["current"], r["facts_verified_against"]) for r in rows] == [
        (1, True, 7)
    ]
    letter_file(seeded).unlink()
    assert run("--snapshot-only", "audit", "--full").exit_code == 0


def test_a_long_list_of_moved_facts_is_cut_in_the_message_not_in_the_detail(
    run: Run, seeded: Path
) -> None:
    letter = next((seeded / "seeds").glob("004_*.txt"))
    letter.write_text(
        "An editor's note.\n\n" + letter.read_text(encoding="utf-8"), encoding="utf-8"
    )
    audit = run("audit", "--format", "json")
    changed = next(f for f in json.loads(audit.stdout)["findings"] if f["code"] == "source-changed")
    moved = changed["moved"]
    assert len(moved) == 110 and changed["stayed"] == changed["broke"] == []
    assert changed["message"].endswith(
        f": 0 stayed; 110 moved ({', '.join(moved[:10])} and 100 more); 0 broke"
    )


def _stored_texts() -> tuple[int, int]:
    """How many snapshots and source versions the test's database holds."""
    engine = create_engine(database_url())
    try:
        with engine.connect() as connection:
            snapshots = connection.execute(text("SELECT count(*) FROM snapshot")).scalar_one()
            versions = connection.execute(text("SELECT count(*) FROM sourceversion")).scalar_one()
    finally:
        engine.dispose()
    return snapshots, versions


def test_an_audit_stores_each_new_text_once_however_many_sources_have_it(
    run: Run, seeded: Path
) -> None:
    assert run("audit").exit_code == 0
    snapshots, versions = _stored_texts()
    files = sorted((seeded / "seeds").glob("00[0-3]_*.txt"))
    shared = files[1].read_text(encoding="utf-8") + "\n\nA closing note added by the editors.\n"
    files[1].write_text(shared, encoding="utf-8")  # two sources given one new text
    files[2].write_text(shared, encoding="utf-8")
    files[3].write_text(files[0].read_text(encoding="utf-8"), encoding="utf-8")  # a known text
    audit = run("audit", "--format", "json")
    changed = [f for f in json.loads(audit.stdout)["findings"] if f["code"] == "source-changed"]
    assert len(changed) == 3
    assert _stored_texts() == (snapshots + 1, versions + 3)
    assert run("audit").exit_code == audit.exit_code  # nothing new the second time
    assert _stored_texts() == (snapshots + 1, versions + 3)
