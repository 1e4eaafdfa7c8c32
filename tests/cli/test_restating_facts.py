"""A fact that restates another (the same statement quoted from the same words of one source)
is accepted with a notice naming the first, on the seed corpus through the real CLI; its
honest neighbours are accepted without one; `kzfacts doctor` lists those already stored."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_fact_add_paths import APPEAL, fact
from tests.conftest import Run

NOTICE = (
    "notice: {id!r} states what {first!r} states already (the same words of "
    "'nhc-iphr-2012-eu-appeal', entity, predicate, value and time): remove one with "
    "`kzfacts fact remove`, or give it --supersedes {first} if it revises that fact\n"
)


def test_the_sentence_added_again_from_the_same_words_is_noticed(run: Run, seeded: Path) -> None:
    again = run(*fact("sokolova-six-years", APPEAL, "Natalia Sokolova", "sentence_length",
                      "six years", "who was imprisoned for six years in August 2011"))  # fmt: skip
    assert again.exit_code == 0, again.stderr
    assert again.stderr == NOTICE.format(
        id="sokolova-six-years", first="sokolova-sentence-length-2011"
    )
    original = run("fact", "edit", "sokolova-sentence-length-2011", "--note", "the first")
    assert (original.exit_code, original.stderr) == (0, "")  # the copy restates it, not it the copy
    assert run("doctor").stdout.splitlines()[-3] == (
        "problem  facts: 1 fact restates another in the same words of its source "
        "('sokolova-six-years' restates 'sokolova-sentence-length-2011')"
    )


def test_a_record_of_an_import_that_restates_an_earlier_one_is_noticed(
    run: Run, seeded: Path
) -> None:
    base = dict(source=APPEAL, subject="Natalia Sokolova", predicate="status", value="released")
    records = [
        dict(base, id="released-a", quote="was released from prison on 8 March 2012"),
        dict(base, id="released-b", quote="released from prison on 8 March 2012"),
    ]
    file = seeded / "records.jsonl"
    file.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    imported = run("fact", "import", str(file))
    assert imported.exit_code == 0, imported.stderr
    # Each notice names the record as a refusal would: the file, its line and the fact's id.
    assert imported.stderr.splitlines() == [
        f"{file}:{line} ({fact_id!r}): "
        + NOTICE.format(id=fact_id, first="sokolova-status-2012").rstrip("\n")
        for line, fact_id in ((1, "released-a"), (2, "released-b"))
    ]


def test_a_loaded_record_that_restates_an_earlier_one_is_noticed_with_its_file_and_line(
    run: Run, seeded: Path
) -> None:
    base = dict(source=APPEAL, subject="Natalia Sokolova", predicate="status", value="released")
    record = dict(base, id="released-a", quote="was released from prison on 8 March 2012")
    facts = seeded / "more" / "facts"
    facts.mkdir(parents=True)
    (facts / "records.jsonl").write_text("\n" + json.dumps(record) + "\n", encoding="utf-8")
    loaded = run("load", "more")
    assert loaded.exit_code == 0, loaded.stderr
    assert loaded.stderr.splitlines() == [
        f"{Path('more', 'facts', 'records.jsonl')}:2 ('released-a'): "
        + NOTICE.format(id="released-a", first="sokolova-status-2012").rstrip("\n")
    ]


def test_neighbours_that_say_something_else_are_not_noticed(run: Run, seeded: Path) -> None:
    """The same words for another predicate (the seeds' own pair), the reduced sentence that
    revises the first, and an edit of the first fact itself."""
    date_of_it = run(*fact("sokolova-imprisoned-when", APPEAL, "Natalia Sokolova", "event_date",
                           "August 2011", "was imprisoned for six years in August 2011",
                           "--event", "sokolova-imprisonment"))  # fmt: skip
    assert (date_of_it.exit_code, date_of_it.stderr) == (0, "")
    revision = run(*fact("sokolova-six-years-again", APPEAL, "Natalia Sokolova",
                         "sentence_length", "six years",
                         "was imprisoned for six years in August 2011",
                         "--supersedes", "sokolova-sentence-length-2011"))  # fmt: skip
    assert (revision.exit_code, revision.stderr) == (0, "")
    edited = run("fact", "edit", "sokolova-sentence-length-2011", "--value", "six years")
    assert (edited.exit_code, edited.stderr) == (0, "")
    doctor = run("doctor")
    assert (doctor.exit_code, doctor.stdout.splitlines()[-2:]) == (
        0, ["ok       facts: no fact restates another", "no problems found"],
    )  # fmt: skip


def test_an_edit_keeps_the_event_and_names_the_later_copy_not_the_first(
    run: Run, seeded: Path
) -> None:
    copy = run(*fact("sokolova-copy", APPEAL, "Natalia Sokolova", "sentence_length", "6 years",
                     "was imprisoned for six years in August 2011", "--event", "other"))  # fmt: skip
    assert (copy.exit_code, copy.stderr) == (0, "")  # another event: another statement
    noted = run("fact", "edit", "sokolova-copy", "--note", "kept apart")
    assert (noted.exit_code, noted.stderr) == (0, "")
    shown = json.loads(run("fact", "show", "sokolova-copy", "--format", "json").stdout)
    assert shown["event_key"] == "other"
    original = run("fact", "edit", "sokolova-sentence-length-2011", "--note", "original")
    assert (original.exit_code, original.stderr) == (0, "")


def test_an_edit_says_which_fact_a_copy_revises(run: Run, seeded: Path) -> None:
    added = run(*fact("sokolova-again", APPEAL, "Natalia Sokolova", "sentence_length", "6 years",
                      "was imprisoned for six years in August 2011"))  # fmt: skip
    assert added.stderr == NOTICE.format(id="sokolova-again", first="sokolova-sentence-length-2011")
    revises = run("fact", "edit", "sokolova-again", "--supersedes", "sokolova-sentence-length-2011")
    assert (revises.exit_code, revises.stderr) == (0, "")
    assert revises.stdout.splitlines()[1] == (
        "  supersedes: (none) → 'sokolova-sentence-length-2011'"
    )
    itself = run("fact", "edit", "sokolova-again", "--supersedes", "sokolova-again")
    assert (itself.exit_code, itself.stderr) == (
        1, "kzfacts: fact 'sokolova-again' cannot supersede itself: give the fact it revises\n",
    )  # fmt: skip
    cleared = run("fact", "edit", "sokolova-again", "--supersedes", "")
    assert cleared.stderr == NOTICE.format(
        id="sokolova-again", first="sokolova-sentence-length-2011"
    )
