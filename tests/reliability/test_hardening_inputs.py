"""No traceback and bounded work for any input: each hostile or careless input of the second
reliability pass gets one line and exit 1 or 2, and nothing is written."""

from __future__ import annotations

import json
import shutil
import sqlite3
import sys
import time
from pathlib import Path

import pytest

from kzfacts.checks.quotes import check_quote
from kzfacts.services.errors import Refused
from kzfacts.services.records.read import load_yaml
from kzfacts.store.schema import SCHEMA_REVISION
from kzfacts.text.anchor import PreparedSource
from tests.conftest import Run, seed_text
from tests.reliability.reliability_helpers import (
    LETTER_2009,
    ZHOVTIS_QUOTE,
    assert_no_traceback,
    assert_refused,
    fact_args,
    snapshot,
)

RECORD = {
    "id": "hardening-one",
    "source": LETTER_2009,
    "subject": "Evgeniy Zhovtis",
    "predicate": "sentence_length",
    "value": "4 years",
    "quote": ZHOVTIS_QUOTE,
}


def entities_folder(root: Path, body: bytes) -> Path:
    folder = root / "more"
    (folder / "entities").mkdir(parents=True)
    (folder / "entities" / "people.yaml").write_bytes(body)
    return folder


# -- entities files: the checks of the entity commands, and no traceback ---------------------

ENTITY_FILES = [
    (b"- id: a-one\n  name: A One\n  aliases: null\n", None),
    (b"- id: a-one\n  name: A One\n  aliases: 5\n", "aliases must be a list of names, e.g. aliases: [Name, Other]"),
    (b"- id: a-one\n  name: A One\n  distinct_from: [5]\n", "distinct_from entries are entity ids or {id, reason}, not 5"),
    (b"- id: \"a'one; DROP\"\n  name: A One\n", "entity id \"a'one; DROP\" is not a valid id: use letters, digits, '-', '_', '.', ':' (at most 120 characters, starting with a letter or digit)"),
    (b"- id: a-one\n  name: \"A\\0 One\"\n", "entity name 'A\\x00 One' contains a control or direction character (U+0000): remove it"),
    (b"- id: a-one\n  name: \"A \\u202eenO\"\n", "entity name 'A \\u202eenO' contains a control or direction character (U+202E): remove it"),
    (b"- id: a-one\n  name: A One\n  aliases: [\"B\\u2066 Two\"]\n", "entity name 'B\\u2066 Two' contains a control or direction character (U+2066): remove it"),
]  # fmt: skip


@pytest.mark.parametrize(("body", "reason"), ENTITY_FILES)
def test_load_checks_entities_as_the_entity_commands_do(
    run: Run, seeded: Path, body: bytes, reason: str | None
) -> None:
    folder = entities_folder(seeded, body)
    if reason is None:  # `aliases: null` is no aliases
        assert run("load", str(folder)).exit_code == 0
        return
    before = snapshot()
    assert_refused(
        run("load", str(folder)), 1, f"{folder}/entities/people.yaml entity #1: {reason}"
    )
    assert snapshot() == before


def test_a_non_utf8_entities_file_is_refused_in_one_line(run: Run, seeded: Path) -> None:
    folder = entities_folder(seeded, b"- id: a-one\n  name: Zh\xf6vtis\n")
    assert_refused(
        run("load", str(folder)),
        1,
        f"{folder}/entities/people.yaml is not UTF-8 (bad byte at offset 22): convert it, "
        "e.g. iconv -t UTF-8; nothing was loaded",
    )


# -- bounded work -----------------------------------------------------------------------------

ALIAS_BOMB = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi", strict=True)
)  # nine levels of nine: 387 million strings from 700 bytes


@pytest.mark.parametrize("shape", ["facts", "entities"])
def test_a_yaml_alias_bomb_is_refused_in_under_a_second(run: Run, seeded: Path, shape: str) -> None:
    started = time.perf_counter()
    with pytest.raises(Refused) as refused:
        load_yaml(ALIAS_BOMB, "bomb.yaml")
    assert time.perf_counter() - started < 1.0
    assert str(refused.value) == (
        "bomb.yaml: its aliases (*name) expand to more than 1,000,000 values: write the records "
        "out without aliases; nothing was imported"
    )
    if shape == "facts":
        path = seeded / "bomb.yaml"
        path.write_text(
            "- id: bomb\n  quote:\n" + "".join(f"    {ln}\n" for ln in ALIAS_BOMB.splitlines())
        )
        assert_refused(run("fact", "import", str(path)), 1)
    else:
        body = "- id: bomb\n  name: Bomb\n  aliases: *i\n  bombs:\n"
        body += "".join(f"    {line}\n" for line in ALIAS_BOMB.splitlines())
        folder = entities_folder(seeded, body.replace("aliases: *i\n", "").encode())
        assert_refused(run("load", str(folder)), 1)


def test_a_self_containing_yaml_alias_is_refused() -> None:
    with pytest.raises(Refused, match="expand to more than"):
        load_yaml("- &a [*a]\n", "loop.yaml")


@pytest.mark.parametrize(
    "quote",
    [
        "was sentenced to four years " * 900,  # 25 KB, repetitive, not in the source
        "x" * 100_000,
        " ".join(["imprisonment"] * 301),  # under 2,000 characters? no: over 300 words
    ],
    ids=["25kb-repetitive", "100k-characters", "301-words"],
)
def test_a_quote_over_the_cap_gets_a_verdict_within_a_second(quote: str) -> None:
    source = PreparedSource(seed_text("000"))
    started = time.perf_counter()
    checked = check_quote(quote, source)
    assert time.perf_counter() - started < 1.0
    assert [f.code.value for f in checked.findings] == ["quote-too-long"]
    assert checked.findings[0].message == (
        f"the quote is {len(quote):,} characters and {len(quote.split()):,} words, over the limit "
        "of 2,000 characters or 300 words: a passage is not a quote; split it into the sentences "
        "that state the fact, one fact each"
    )


def test_a_long_real_passage_is_refused_and_its_sentence_accepted(run: Run, seeded: Path) -> None:
    text = " ".join(seed_text("000").split())
    start = text.index("Evgeniy Zhovtis, was sentenced")
    passage = text[start - 1200 : start + 900]
    passage = passage[passage.index(" ") + 1 : passage.rindex(" ")]
    assert ZHOVTIS_QUOTE in passage and len(passage) > 2000
    line = assert_refused(run(*fact_args("too-long", quote=passage)), 1)
    assert line.startswith(f"kzfacts: quote-too-long: the quote is {len(passage):,} characters")
    assert run(*fact_args("just-right")).exit_code == 0


# -- one line, never a traceback --------------------------------------------------------------


def test_a_publication_date_past_any_calendar_is_refused(run: Run, seeded: Path) -> None:
    shutil.copy(next((seeded / "seeds").glob("000_*.txt")), seeded / "copy.txt")
    assert_refused(
        run("source", "add", "copy.txt", "--id", "copy", "--published", "99999999999999999999"),
        1,
        "publication date '99999999999999999999' is not a date: write YYYY-MM-DD, YYYY-MM or YYYY",
    )


def test_a_lone_surrogate_in_json_is_refused(run: Run, seeded: Path) -> None:
    path = seeded / "facts.jsonl"
    path.write_text(json.dumps({**RECORD, "subject": "Zhovtis \ud800"}) + "\n")
    assert_refused(
        run("fact", "import", str(path)),
        1,
        f"{path}:1: a string holds a lone surrogate (U+D800), which is not a character: fix the "
        "\\u escape; nothing was imported",
    )


def test_a_non_utf8_byte_in_an_argument_is_refused(run: Run, seeded: Path) -> None:
    # Python hands a command-line byte that is not UTF-8 over as a lone surrogate (PEP 383).
    assert_refused(
        run("fact", "list", "--subject", "Zh\udcf6vtis"),
        1,
        "--subject holds the byte 0xF6, which is not UTF-8: pass the argument in UTF-8 (check "
        "the terminal's locale)",
    )


def test_a_csv_field_over_the_csv_limit_is_refused(run: Run, seeded: Path) -> None:
    path = seeded / "facts.csv"
    path.write_text("id,source,quote\nbig," + LETTER_2009 + ',"' + "a" * 131_073 + '"\n')
    assert_refused(
        run("fact", "import", str(path)),
        1,
        f"{path}:2: not valid CSV (field larger than field limit (131072)): fix the line; "
        "nothing was imported",
    )


def test_jsonl_splits_records_on_newlines_only(run: Run, seeded: Path) -> None:
    """U+2028 and U+2029 are line separators to str.splitlines, and plain characters to JSON."""
    path = seeded / "facts.jsonl"
    records = [
        {**RECORD, "id": "separated", "note": "first\u2028second\u2029third\x85fourth"},
        {**RECORD, "id": "second-line", "quote": "was sentenced to four years' imprisonment"},
    ]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    result = run("fact", "import", str(path))
    assert result.exit_code == 0, result.stderr
    shown = json.loads(run("fact", "show", "separated", "--format", "json").stdout)
    assert shown["note"] == "first\u2028second\u2029third\x85fourth"


@pytest.mark.parametrize(
    ("subject", "count"), [("%", 0), ("_", 0), ("Evgeniy_Zhovtis", 0), ("Zhovtis", 2)]
)
def test_like_wildcards_in_subject_match_themselves(
    run: Run, seeded: Path, subject: str, count: int
) -> None:
    listed = json.loads(run("fact", "list", "--subject", subject, "--format", "json").stdout)
    assert len(listed) == count


@pytest.mark.sqlite_only  # edits the SQLite file directly
def test_two_schema_revisions_are_refused_by_every_command_and_reported_by_doctor(
    run: Run, seeded: Path
) -> None:
    database = seeded / "kzfacts.db"
    with sqlite3.connect(database) as db:
        db.execute("INSERT INTO alembic_version VALUES ('0001')")
    message = (
        f"database sqlite:///{database} records 2 schema revisions (0001, {SCHEMA_REVISION}) where there is "
        "one: it was edited by hand; delete the rows that do not match its tables (DELETE FROM "
        "alembic_version WHERE version_num = '…'), or restore a `kzfacts dump` into a new database"
    )
    assert_refused(run("init"), 2, message)
    assert_refused(run("fact", "list"), 2, message)
    doctor = run("doctor")
    assert doctor.exit_code == 1
    assert (
        f"problem  schema: database sqlite:///{database} records 2 schema revisions"
        in doctor.stdout
    )


def test_a_postgresql_url_without_its_driver_says_what_to_install(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if it were not installed
    assert_refused(
        run("--db", "postgresql+psycopg://kz@localhost/kz", "fact", "list"),
        2,
        "the database driver for postgresql+psycopg:// is not installed (import of psycopg "
        "halted; None in sys.modules): pip install 'kzfacts[postgresql]'",
    )


@pytest.mark.sqlite_only
@pytest.mark.parametrize("offset", [8192, 102_400])
def test_doctor_on_a_damaged_database_reports_integrity_check_and_what_to_do(
    run: Run, seeded: Path, offset: int
) -> None:
    database = seeded / "kzfacts.db"
    with database.open("r+b") as file:
        file.seek(offset)
        file.write(b"\xde\xad\xbe\xef" * 256)
    result = run("doctor")
    assert_no_traceback(result)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert (
        "problem  integrity: PRAGMA integrity_check: stopped: database disk image is malformed"
        in lines
    )
    assert (
        "         fix: the file is damaged: put back a backup, or salvage its rows with "
        f"`sqlite3 {database} .recover` into a new file"
    ) in lines
    assert lines[-1].endswith("found")


def test_a_capped_quote_not_in_a_megabyte_source_gets_a_verdict_within_a_second() -> None:
    """Every search step is bounded by the quote and window sizes, not the source's: the
    closest text is looked for where the quote's words are, not along the whole text."""
    texts = [seed_text(seed) for seed in ("000", "001", "002", "003", "004")]
    source = PreparedSource("\n\n".join(texts) * 16)  # about a megabyte
    assert len(source.raw) > 950_000
    words = " ".join(texts).split()
    shuffled = [
        " ".join(words[(i * k) % len(words)] for i in range(290))[:1999] for k in (7919, 104_729)
    ]
    check_quote(shuffled[1], source)  # the text's one-time preparation: normalised forms, index
    shuffled = shuffled[0]
    started = time.perf_counter()
    checked = check_quote(shuffled, source)
    assert time.perf_counter() - started < 1.0
    assert [f.code.value for f in checked.findings] == ["quote-not-found"]


# -- a path that names the wrong kind of thing: the message says what it is ------------------


def test_a_folder_given_as_the_database_is_named_a_folder(run: Run, tmp_path: Path) -> None:
    assert_refused(
        run("--db", str(tmp_path), "fact", "list"),
        2,
        f"database {tmp_path} is a folder: give --db a database file, e.g. {tmp_path / 'kzfacts.db'}",
    )


def test_a_folder_given_as_records_is_named_a_folder(run: Run, seeded: Path) -> None:
    assert_refused(
        run("fact", "import", str(seeded)),
        2,
        f"{seeded} is a folder: give a records file (.jsonl, .yaml, .yml, .csv)",
    )


def test_a_missing_source_outside_the_root_is_said_to_be_missing(
    run: Run, seeded: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("elsewhere")
    missing = outside / "missing.txt"
    assert_refused(
        run("source", "add", str(missing), "--id", "m1"),
        2,
        f"source file {missing} does not exist: check the path",
    )
    missing.write_text(seed_text("000"), encoding="utf-8")  # there now, still outside the root
    line = assert_refused(run("source", "add", str(missing), "--id", "m1"), 1)
    assert line.startswith(f"kzfacts: source file {missing} is outside the sources root ")
