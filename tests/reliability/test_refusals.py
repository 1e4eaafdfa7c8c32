"""What kzfacts refuses: one test per row of the README table, through the CLI.

Every refusal is one line on stderr naming the input and the fix, exit code 1 (refused input)
or 2 (configuration: the database itself; a path that names nothing: `test_named_paths.py`), no
traceback, and the database unchanged. Rows that
show a bug in code this suite does not own are strict xfails: they start passing when it is
fixed, and then the marker must go.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Run, seed_text
from tests.reliability.reliability_helpers import (
    APPEAL_2012,
    LETTER_2009,
    ZHOVTIS_QUOTE,
    assert_no_traceback,
    assert_refused,
    count,
    fact_args,
    kzfacts_command,
    snapshot,
)

PAYLOAD = "Robert'); DROP TABLE fact; -- $(touch pwned) `touch pwned2` | rm -rf ~ & [bold]x[/bold] %s {0} \\ \""
RECORD = {
    "id": "import-one",
    "source": LETTER_2009,
    "subject": "Evgeniy Zhovtis",
    "predicate": "sentence_length",
    "value": "4 years",
    "quote": ZHOVTIS_QUOTE,
}


@pytest.fixture
def unchanged(seeded: Path) -> Iterator[Path]:
    """The seeded database, asserted identical, row for row, when the test ends."""
    before = snapshot()
    yield seeded
    assert snapshot() == before


def write_jsonl(path: Path, records: list[object]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


# -- source files ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"Zh\xf6vtis was sentenced", "source file doc.txt is not UTF-8 (bad byte at offset 2): convert it, e.g. iconv -t UTF-8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "source file doc.txt is binary: convert it to UTF-8 text first"),
        (b"", "source file doc.txt is empty: a source needs its text"),
        (b" \n\t\n", "source file doc.txt holds only whitespace: a source needs its text"),
    ],
    ids=["not-utf8", "binary", "empty", "whitespace"],
)  # fmt: skip
def test_unreadable_source_file_is_refused(
    run: Run, unchanged: Path, content: bytes, message: str
) -> None:
    (unchanged / "doc.txt").write_bytes(content)
    assert_refused(run("source", "add", "doc.txt", "--id", "doc"), 1, message)


def test_a_100_mb_source_is_refused_by_its_size_before_it_is_read(
    run: Run, unchanged: Path
) -> None:
    big = unchanged / "big.txt"
    with big.open("wb") as handle:  # sparse: all NUL bytes, so reading it would say "binary"
        handle.truncate(100 * 1024 * 1024)
    assert_refused(
        run("source", "add", "big.txt", "--id", "big"),
        1,
        "source file big.txt is 100 MB, over the 50 MB limit: split the document",
    )


@pytest.mark.parametrize("through", ["path", "symlink"])
def test_source_outside_the_sources_root_is_refused(
    run: Run, unchanged: Path, tmp_path_factory: pytest.TempPathFactory, through: str
) -> None:
    outside = tmp_path_factory.mktemp("elsewhere") / "doc.txt"
    outside.write_text(seed_text("000"), encoding="utf-8")
    given = outside
    if through == "symlink":
        given = unchanged / "link.txt"
        given.symlink_to(outside)
    assert_refused(
        run("source", "add", str(given), "--id", "doc"),
        1,
        f"source file {given} is outside the sources root {unchanged}: "
        "move it under the root or pass --root",
    )


def _folder(root: Path) -> Path:
    folder = root / "more"
    folder.mkdir()
    (folder / "doc.txt").write_text(seed_text("000"), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    "case", ["path-outside", "path-symlink", "facts-symlink", "entities-symlink"]
)
def test_metadata_pointing_outside_its_folder_or_through_a_symlink_is_refused(
    run: Run, unchanged: Path, tmp_path_factory: pytest.TempPathFactory, case: str
) -> None:
    folder = _folder(unchanged)
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (elsewhere / "doc.txt").write_text(seed_text("000"), encoding="utf-8")
    (elsewhere / "facts.yaml").write_text("[]\n", encoding="utf-8")
    path = {"path-outside": "../doc.txt", "path-symlink": "linked.txt"}.get(case, "doc.txt")
    (folder / "sources.toml").write_text(
        f'[[source]]\nid = "more"\npath = "{path}"\n', encoding="utf-8"
    )
    if case == "path-outside":
        (unchanged / "doc.txt").write_text(seed_text("000"), encoding="utf-8")
        message = "more/sources.toml source #1: path more/../doc.txt is outside more: keep sources inside the folder"
    elif case == "path-symlink":
        (folder / "linked.txt").symlink_to(elsewhere / "doc.txt")
        message = "more/sources.toml source #1: path more/linked.txt is a symbolic link: copy the file into more"
    else:
        name = case.removesuffix("-symlink")
        (folder / name).mkdir()
        (folder / name / "x.yaml").symlink_to(elsewhere / "facts.yaml")
        message = f"file more/{name}/x.yaml is a symbolic link: copy the file into more"
    assert_refused(run("load", "more"), 1, message)


# -- vocabulary -----------------------------------------------------------------------------


def test_unknown_predicate_is_refused(run: Run, unchanged: Path) -> None:
    line = assert_refused(run(*fact_args(predicate="jail_time")), 1)
    assert line.startswith(
        "kzfacts: unknown predicate 'jail_time': use one of amount, arrest_date, "
    )
    assert "sentence_length" in line


def test_unknown_source_is_refused(run: Run, unchanged: Path) -> None:
    assert_refused(
        run(*fact_args(source="no-such-source")),
        1,
        "unknown source 'no-such-source': register it with `kzfacts source add` "
        "(see `kzfacts source list`)",
    )


# -- dates ----------------------------------------------------------------------------------

BAD_DATES = ["31 February 2009", "2009-02-31", "13/14/2012", "02/03/2012"]


@pytest.mark.parametrize("written", BAD_DATES)
def test_malformed_impossible_or_ambiguous_date_as_a_value_is_refused(
    run: Run, unchanged: Path, written: str
) -> None:
    line = assert_refused(run(*fact_args(predicate="sentence_date", value=written)), 1)
    assert line.startswith(f"kzfacts: value {written!r}: could not read ")
    assert line.endswith("'2009-12-01 to 2009-12-02'")  # the examples of what to write


@pytest.mark.parametrize("written", BAD_DATES)
def test_malformed_impossible_or_ambiguous_as_of_is_refused(
    run: Run, unchanged: Path, written: str
) -> None:
    assert_refused(
        run(*fact_args(extra=("--as-of", written))),
        1,
        f"as_of {written!r} is not a date: write e.g. 2012-03-15, 2012-03 or 2012",
    )


@pytest.mark.parametrize("written", BAD_DATES)
def test_malformed_impossible_or_ambiguous_publication_date_is_refused(
    run: Run, unchanged: Path, written: str
) -> None:
    (unchanged / "doc.txt").write_text(seed_text("000"), encoding="utf-8")
    assert_refused(
        run("source", "add", "doc.txt", "--id", "doc", "--published", written),
        1,
        f"publication date {written!r} is not a date: write YYYY-MM-DD, YYYY-MM or YYYY",
    )


@pytest.mark.parametrize("where", ["fact-import", "load-entities"])
def test_impossible_yaml_date_never_crashes(run: Run, seeded: Path, where: str) -> None:
    before = snapshot()
    if where == "fact-import":
        record = "".join(f"  {k}: {json.dumps(v)}\n" for k, v in RECORD.items() if k != "id")
        (seeded / "facts.yaml").write_text(
            f"- id: yaml-date\n{record}  as_of: 2012-02-30\n", encoding="utf-8"
        )
        result = run("fact", "import", "facts.yaml")
    else:
        folder = _folder(seeded)
        (folder / "sources.toml").write_text('[[source]]\nid = "more"\npath = "doc.txt"\n')
        (folder / "entities.yaml").write_text("- id: when\n  name: 2012-02-30\n")
        result = run("load", "more")
    if where == "fact-import":
        assert_no_traceback(result)
        assert result.exit_code == 1
        assert result.stderr.splitlines() == [
            "facts.yaml:1 ('yaml-date'): value-invalid: as_of '2012-02-30' is not a date: "
            "write e.g. 2012-03-15, 2012-03 or 2012",
            "kzfacts: 1 of 1 records refused: nothing was imported",
        ]
        assert snapshot() == before
    else:
        # A date-like name is text, not a date: the entity is registered under that name.
        assert_no_traceback(result)
        assert result.exit_code == 0, result.stderr
        shown = run("entity", "show", "when", "--format", "json")
        assert json.loads(shown.stdout)["name"] == "2012-02-30"


def test_publication_date_at_the_end_of_the_calendar_is_refused(run: Run, seeded: Path) -> None:
    before = snapshot()
    (seeded / "doc.txt").write_text(seed_text("000"), encoding="utf-8")
    line = assert_refused(
        run("source", "add", "doc.txt", "--id", "doc", "--published", "9999-12"), 1
    )
    assert "9999-12" in line
    assert snapshot() == before


# -- numbers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("predicate", "value", "source", "quote"),
    [
        ("sentence_length", "-4 years", LETTER_2009, ZHOVTIS_QUOTE),
        ("injured_count", "-90 to 110", APPEAL_2012, "some 100 were wounded as police used arms to put down riots"),
        ("sentence_length", "minus 4 years", LETTER_2009, ZHOVTIS_QUOTE),
    ],
    ids=["duration", "count", "minus-word"],
)  # fmt: skip
def test_negative_number_is_refused(
    run: Run, seeded: Path, predicate: str, value: str, source: str, quote: str
) -> None:
    before = snapshot()
    result = run(*fact_args(source=source, predicate=predicate, value=value, quote=quote))
    line = assert_refused(result, 1)
    assert repr(value) in line
    assert snapshot() == before


@pytest.mark.parametrize(
    ("value", "start"),
    [
        ("99999999999999999999 years", "value '99999999999999999999 years': could not read "),
        ("9" * 5000 + " years", "value '" + "9" * 5000 + " years': could not read "),
        ("1e308 years", "value '1e308 years': could not read "),
        (
            "100000000 years",
            "value-unsupported: the quote does not support value '100000000 years'",
        ),
    ],
    ids=["20-digits", "5000-digits", "exponent", "unsupported"],
)
def test_absurdly_large_number_is_refused(
    run: Run, unchanged: Path, value: str, start: str
) -> None:
    line = assert_refused(run(*fact_args(value=value)), 1)
    assert line.startswith(f"kzfacts: {start}")


@pytest.mark.parametrize("suffix", [".jsonl", ".yaml"])
def test_absurdly_large_number_in_an_import_file_is_refused(
    run: Run, seeded: Path, suffix: str
) -> None:
    before = snapshot()
    digits = "9" * 5000
    path = seeded / f"facts{suffix}"
    if suffix == ".jsonl":
        path.write_text(json.dumps(RECORD)[:-1] + f', "as_of": {digits}}}\n', encoding="utf-8")
    else:
        body = "".join(f"  {k}: {json.dumps(v)}\n" for k, v in RECORD.items() if k != "id")
        path.write_text(f"- id: huge\n{body}  as_of: {digits}\n", encoding="utf-8")
    line = assert_refused(run("fact", "import", path.name), 1)
    assert path.name in line
    assert snapshot() == before


# -- hostile characters ---------------------------------------------------------------------

HOSTILE_NAMES = {
    "bell": "Evgeniy\x07 Zhovtis",
    "escape-sequence": "Evgeniy \x1b[2JZhovtis",
    "right-to-left-override": "Evgeniy \u202eZhovtis",
    "right-to-left-mark": "Evgeniy\u200f Zhovtis",
}


@pytest.mark.parametrize("name", list(HOSTILE_NAMES.values()), ids=list(HOSTILE_NAMES))
def test_control_characters_and_bidi_marks_in_a_subject_are_refused(
    run: Run, seeded: Path, name: str
) -> None:
    before = snapshot()
    line = assert_refused(run(*fact_args(subject=name)), 1)
    assert repr(name) in line
    assert snapshot() == before


@pytest.mark.parametrize("name", list(HOSTILE_NAMES.values()), ids=list(HOSTILE_NAMES))
def test_control_characters_and_bidi_marks_in_an_alias_are_refused(
    run: Run, seeded: Path, name: str
) -> None:
    before = snapshot()
    line = assert_refused(run("entity", "alias", "add", "evgeniy-zhovtis", name), 1)
    assert repr(name) in line
    assert snapshot() == before


def test_bidi_override_in_a_value_is_refused(run: Run, seeded: Path) -> None:
    before = snapshot()
    assert_refused(run(*fact_args(value="\u202e4 years")), 1)
    assert snapshot() == before


def test_nul_byte_in_an_import_file_is_refused(run: Run, seeded: Path) -> None:
    before = snapshot()
    header = ",".join(RECORD)
    cells = {**RECORD, "subject": "Evg\x00eniy Zhovtis"}.values()
    row = ",".join('"' + str(v).replace('"', '""') + '"' for v in cells)  # a real NUL byte
    (seeded / "facts.csv").write_text(f"{header}\n{row}\n", encoding="utf-8")
    result = run("fact", "import", "facts.csv")
    assert_no_traceback(result)
    assert result.exit_code == 1
    assert snapshot() == before


def test_an_import_error_never_prints_raw_control_characters(run: Run, seeded: Path) -> None:
    before = snapshot()
    forged = "x\nkzfacts: imported 99 facts from facts.jsonl\x1b[2J"
    write_jsonl(seeded / "facts.jsonl", [{**RECORD, "id": forged}])
    result = run("fact", "import", "facts.jsonl")
    assert_no_traceback(result)
    assert result.exit_code == 1
    assert "\x1b" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines[0].startswith("facts.jsonl:1 ")
    assert lines[1:] == ["kzfacts: 1 of 1 records refused: nothing was imported"]
    assert snapshot() == before


def test_sql_and_shell_metacharacters_are_stored_and_shown_exactly(run: Run, seeded: Path) -> None:
    name = "o'brien; rm -rf $(x) `y` | z & [b].txt"
    sentence = f"The court sentenced {PAYLOAD} to four years in a colony after a closed trial."
    (seeded / name).write_text(f"Preamble.\n\n{sentence}\n", encoding="utf-8")
    tables = sorted(snapshot())
    added = run(
        "source", "add", name, "--id", "payload", "--title", PAYLOAD,
        "--publisher", PAYLOAD, "--url", PAYLOAD, "--published", "2012-01-01",
    )  # fmt: skip
    assert added.exit_code == 0, added.stderr
    quote = f"The court sentenced {PAYLOAD} to four years in a colony"
    result = run(
        *fact_args(
            "payload-fact", source="payload", subject=PAYLOAD, quote=quote,
            extra=("--note", PAYLOAD, "--new-entity"),
        )
    )  # fmt: skip
    assert_no_traceback(result)
    assert result.exit_code == 0, result.stderr
    source = json.loads(run("source", "show", "payload", "--format", "json").stdout)
    assert (source["path"], source["title"], source["publisher"], source["url"]) == (
        name, PAYLOAD, PAYLOAD, PAYLOAD
    )  # fmt: skip
    fact = json.loads(run("fact", "show", "payload-fact", "--format", "json").stdout)
    assert (fact["subject"], fact["quote"], fact["note"]) == (PAYLOAD, quote, PAYLOAD)
    assert fact["anchor"]["TextQuoteSelector"]["exact"] == quote
    # Printed as written: Rich markup such as [bold] is not swallowed, nothing is expanded.
    assert f"subject     {PAYLOAD}\n" in run("fact", "show", "payload-fact").stdout
    assert f"title                {PAYLOAD}\n" in run("source", "show", "payload").stdout
    assert sorted(snapshot()) == tables  # no table dropped or added
    assert count("fact") == 174
    assert not (seeded / "pwned").exists() and not (seeded / "pwned2").exists()


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("--id", f"fact id {PAYLOAD!r} is not a valid id: use letters, digits, '-', '_', '.', ':' (at most 120 characters, starting with a letter or digit)"),
        ("--source", f"unknown source {PAYLOAD!r}: register it with `kzfacts source add` (see `kzfacts source list`)"),
        ("--entity", f"unknown entity {PAYLOAD!r}: see `kzfacts entity list`, or add --new-entity to create it"),
        ("--as-of", f"as_of {PAYLOAD!r} is not a date: write e.g. 2012-03-15, 2012-03 or 2012"),
        ("--supersedes", f"supersedes names unknown fact {PAYLOAD!r}: add that fact first"),
    ],
)  # fmt: skip
def test_sql_and_shell_metacharacters_in_a_key_are_refused(
    run: Run, unchanged: Path, option: str, message: str
) -> None:
    args = fact_args()
    if option in args:
        args[args.index(option) + 1] = PAYLOAD
    else:
        args += [option, PAYLOAD]
    assert_refused(run(*args), 1, message)


def test_sql_and_shell_metacharacters_in_a_value_are_refused(run: Run, unchanged: Path) -> None:
    line = assert_refused(run(*fact_args(value=PAYLOAD)), 1)
    assert line.startswith(f"kzfacts: value {PAYLOAD!r}: could not read ")


# -- quotes ---------------------------------------------------------------------------------


@pytest.mark.parametrize("quote", ["four years", "Zhovtis", "...", "a b c"])
def test_a_quote_of_a_few_characters_is_refused(run: Run, unchanged: Path, quote: str) -> None:
    assert_refused(
        run(*fact_args(quote=quote)),
        1,
        "quote-too-short: the quote is too short to be evidence: quote at least a few words",
    )


def test_a_quote_longer_than_its_source_is_refused(run: Run, seeded: Path) -> None:
    paragraph = next(p for p in seed_text("000").split("\n") if ZHOVTIS_QUOTE in p)
    (seeded / "paragraph.txt").write_text(paragraph + "\n", encoding="utf-8")
    assert run("source", "add", "paragraph.txt", "--id", "paragraph").exit_code == 0
    before = snapshot()
    quote = paragraph + " and more words at the end of it"
    assert len(quote) <= 2000  # under the cap on quotes: anchored, and not found
    line = assert_refused(run(*fact_args(quote=quote, source="paragraph")), 1)
    assert line.startswith("kzfacts: quote-not-found: ")
    assert snapshot() == before


# -- ids ------------------------------------------------------------------------------------


def test_duplicate_fact_id_is_refused(run: Run, unchanged: Path) -> None:
    assert_refused(
        run(*fact_args("zhovtis-sentence-length-2009")),
        1,
        "fact id 'zhovtis-sentence-length-2009' already exists: choose another id",
    )


def test_duplicate_source_id_is_refused(run: Run, unchanged: Path) -> None:
    (unchanged / "doc.txt").write_text(seed_text("000"), encoding="utf-8")
    assert_refused(
        run("source", "add", "doc.txt", "--id", LETTER_2009),
        1,
        f"source id {LETTER_2009!r} is already registered: choose another --id",
    )


def test_the_same_id_twice_in_one_import_file_is_refused(run: Run, unchanged: Path) -> None:
    write_jsonl(unchanged / "facts.jsonl", [RECORD, RECORD])
    result = run("fact", "import", "facts.jsonl")
    assert_no_traceback(result)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "facts.jsonl:2 ('import-one'): invalid-record: fact id 'import-one' already exists: "
        "choose another id",
        "kzfacts: 1 of 2 records refused: nothing was imported",
    ]


# -- import files ---------------------------------------------------------------------------


def test_import_with_good_and_bad_records_writes_nothing(run: Run, unchanged: Path) -> None:
    records: list[object] = [
        RECORD,
        {**RECORD, "id": "import-two", "predicate": "jail_time"},
        {**RECORD, "id": "import-three", "source": "no-such-source"},
        ["not", "a", "record"],
        {**RECORD, "id": "import-four", "colour": "red"},
        {**RECORD, "id": "import-five"},
    ]
    write_jsonl(unchanged / "facts.jsonl", records)
    result = run("fact", "import", "facts.jsonl")
    assert_no_traceback(result)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith(
        "facts.jsonl:2 ('import-two'): invalid-record: unknown predicate 'jail_time': use one of "
    )
    assert lines[1:] == [
        "facts.jsonl:3 ('import-three'): source-missing: unknown source 'no-such-source': "
        "register it with `kzfacts source add` (see `kzfacts source list`)",
        "facts.jsonl:4: invalid-record: a record must be a mapping of fields, got list",
        "facts.jsonl:5 ('import-four'): invalid-record: unknown field(s) colour: fields are id, "
        "source, subject, predicate, value, quote, as_of, note, supersedes, entity, new_entity, "
        "event",
        "kzfacts: 4 of 6 records refused: nothing was imported",
    ]
    assert result.stdout == ""


def test_an_import_error_names_its_code_once(run: Run, seeded: Path) -> None:
    before = snapshot()
    write_jsonl(seeded / "facts.jsonl", [{**RECORD, "value": "5 years"}])
    result = run("fact", "import", "facts.jsonl")
    assert result.exit_code == 1
    assert "value-unsupported: value-unsupported" not in result.stderr
    assert snapshot() == before


def test_truncated_jsonl_is_refused(run: Run, unchanged: Path) -> None:
    whole = "".join(json.dumps({**RECORD, "id": f"cut-{n}"}) + "\n" for n in range(3))
    (unchanged / "facts.jsonl").write_text(whole[:-40], encoding="utf-8")
    line = assert_refused(run("fact", "import", "facts.jsonl"), 1)
    assert line.startswith("kzfacts: facts.jsonl:3: not valid JSON (Unterminated string")
    assert line.endswith("): fix or remove the line; nothing was imported")


def test_deeply_nested_jsonl_is_refused(run: Run, seeded: Path) -> None:
    before = snapshot()
    (seeded / "facts.jsonl").write_text("[" * 100_000 + "]" * 100_000 + "\n")
    line = assert_refused(run("fact", "import", "facts.jsonl"), 1)
    assert "facts.jsonl:1" in line
    assert snapshot() == before


def test_import_file_that_is_not_utf8_is_refused(run: Run, unchanged: Path) -> None:
    (unchanged / "facts.jsonl").write_bytes(json.dumps(RECORD).encode().replace(b"Zh", b"Z\xe9"))
    assert_refused(
        run("fact", "import", "facts.jsonl"),
        1,
        "file facts.jsonl is not UTF-8 text: convert it first",
    )


# -- the database itself --------------------------------------------------------------------


@pytest.mark.sqlite_only
def test_database_whose_schema_is_newer_than_the_program_is_refused(
    run: Run, unchanged: Path
) -> None:
    with sqlite3.connect(unchanged / "kzfacts.db") as db:
        db.execute("UPDATE alembic_version SET version_num = '9999_future'")
    before = snapshot()
    database = unchanged / "kzfacts.db"
    assert_refused(
        run(*fact_args()),
        2,
        f"database {database} has schema 9999_future, newer than this kzfacts knows: "
        "upgrade kzfacts (pip install -U kzfacts)",
    )
    assert_refused(
        run("init"),
        2,
        f"database {database} has schema 9999_future, newer than this kzfacts knows: "
        "upgrade kzfacts",
    )
    assert snapshot() == before
    with sqlite3.connect(unchanged / "kzfacts.db") as db:  # for `unchanged`
        db.execute("UPDATE alembic_version SET version_num = ?", (_head(),))


def _head() -> str:
    from kzfacts.store import migrate
    from kzfacts.store.engine import make_engine, resolve_url

    engine = make_engine(resolve_url(None))
    try:
        head = migrate.head_revision(engine)
    finally:
        engine.dispose()
    assert head is not None
    return head


@pytest.fixture
def lock(unchanged: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[sqlite3.Connection]:
    """Another process's write transaction, held open; kzfacts waits 0.2 s instead of 10 s."""
    import kzfacts.store.sqlite

    monkeypatch.setattr(kzfacts.store.sqlite, "BUSY_TIMEOUT_MS", 200)
    holder = sqlite3.connect(unchanged / "kzfacts.db", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    yield holder
    holder.execute("ROLLBACK")
    holder.close()


@pytest.mark.sqlite_only
@pytest.mark.parametrize(
    "args",
    [fact_args(), ["entity", "alias", "add", "evgeniy-zhovtis", "Yevgeny Zhovtis"], ["audit"]],
    ids=["fact-add", "alias-add", "audit"],
)
def test_locked_database_is_refused(run: Run, lock: sqlite3.Connection, args: list[str]) -> None:
    line = assert_refused(run(*args), 2)
    assert line.endswith("is locked by another process (database is locked): wait and retry")


@pytest.mark.sqlite_only
def test_locked_database_message_names_the_database(
    run: Run, lock: sqlite3.Connection, seeded: Path
) -> None:
    line = assert_refused(run(*fact_args()), 2)
    assert str(seeded / "kzfacts.db") in line


def _read_only(database: Path) -> list[str]:
    """Make `database` read-only for the command about to run; the command prefix to run it with."""
    database.chmod(0o444)
    if os.geteuid() != 0:
        return []
    # root writes through file modes: drop every capability so that the mode counts.
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: cannot make a file read-only for root")
    return [setpriv, "--inh-caps=-all", "--bounding-set=-all", "--"]


@pytest.mark.sqlite_only
def test_read_only_database_is_refused(unchanged: Path) -> None:
    database = unchanged / "kzfacts.db"
    with sqlite3.connect(database) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    prefix = _read_only(database)
    try:
        done = subprocess.run(
            [*prefix, *kzfacts_command(), "--db", str(database), *fact_args()],
            capture_output=True,
            text=True,
            cwd=unchanged,
            timeout=60,
        )
    finally:
        database.chmod(0o644)
    assert "Traceback" not in done.stderr
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    assert done.stderr == (
        f"kzfacts: database {database} is read-only (attempt to write a readonly database): "
        "this command must write to it; copy it to a writable folder, or check its file "
        "permissions (commands that only read, such as fact list, work)\n"
    )


@pytest.mark.sqlite_only
def test_read_only_database_message_names_the_database(seeded: Path) -> None:
    database = seeded / "kzfacts.db"
    prefix = _read_only(database)
    try:
        done = subprocess.run(
            [*prefix, *kzfacts_command(), "--db", str(database), *fact_args()],
            capture_output=True,
            text=True,
            cwd=seeded,
            timeout=60,
        )
    finally:
        database.chmod(0o644)
    assert done.returncode == 2
    assert str(database) in done.stderr
