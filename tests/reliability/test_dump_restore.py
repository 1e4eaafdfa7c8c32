"""`kzfacts dump` / `kzfacts restore`: the whole database through one portable JSONL file and back,
row for row; a damaged, truncated or too-new dump restores nothing."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from kzfacts import __version__
from kzfacts.store.models import metadata
from tests.conftest import Run
from tests.reliability.reliability_helpers import (
    LETTER_2009,
    assert_no_traceback,
    assert_refused,
    fact_args,
    snapshot,
)

pytestmark = pytest.mark.sqlite_only

ODD_NOTE = (
    "Жовтис 🙂 «quoted» line\nbreak\ttab \u2028 'single' \"double\" \\ back; DROP TABLE fact;"
)


def rows(database: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table of an SQLite file, as stored (types and text exactly as SQLite holds them)."""
    db = sqlite3.connect(database)
    try:
        names = [n for (n,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {
            name: db.execute(f'SELECT * FROM "{name}" ORDER BY 1').fetchall()
            for name in sorted(names)
        }
    finally:
        db.close()


@pytest.fixture(scope="module")
def full_template(tmp_path_factory: pytest.TempPathFactory, seeded_template: Path) -> Path:
    """The seed corpus plus what makes every table non-empty: audit runs with findings."""
    from typer.testing import CliRunner

    from kzfacts.cli.app import app

    folder = tmp_path_factory.mktemp("full")
    shutil.copytree(seeded_template / "seeds", folder / "seeds")
    shutil.copy2(seeded_template / "kzfacts.db", folder / "kzfacts.db")
    runner = CliRunner()
    options = ["--db", str(folder / "kzfacts.db"), "--root", str(folder)]

    def run(*args: str) -> int:
        return runner.invoke(app, [*options, *args]).exit_code

    assert run(*fact_args("odd-note", extra=("--note", ODD_NOTE))) == 0
    # History beyond the first version: an edit and a removal.
    assert run("fact", "edit", "sokolova-release-date", "--note", "edited", "--by", "Жовтис") == 0
    assert run("fact", "remove", "sokolova-sentence-date", "--reason", ODD_NOTE) == 0
    letter = next((folder / "seeds").glob("000_*.txt"))
    text = letter.read_text()
    letter.write_text(text.replace("four years", "five years"))
    assert run("audit") == 1  # findings: altered quotes, a changed source
    letter.write_text(text)
    assert run("audit") == 0  # a second run, clean
    with sqlite3.connect(folder / "kzfacts.db") as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return folder


@pytest.fixture
def full(tmp_path: Path, full_template: Path) -> Path:
    shutil.copytree(full_template / "seeds", tmp_path / "seeds")
    shutil.copy2(full_template / "kzfacts.db", tmp_path / "kzfacts.db")
    return tmp_path


def dump_lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="ascii").splitlines()]


def test_dump_and_restore_round_trip_every_row(run: Run, full: Path) -> None:
    original = rows(full / "kzfacts.db")
    assert all(original.values()), {k: len(v) for k, v in original.items()}  # no empty table
    dumped = run("dump", "--output", "all.jsonl")
    assert_no_traceback(dumped)
    assert dumped.exit_code == 0, dumped.stderr
    total = sum(len(v) for name, v in original.items() if name != "alembic_version")
    assert dumped.stderr == f"dumped {total} rows to all.jsonl\n"
    assert dumped.stdout == ""

    fresh = full / "fresh.db"
    assert run("--db", str(fresh), "init").exit_code == 0
    restored = run("--db", str(fresh), "restore", "all.jsonl")
    assert_no_traceback(restored)
    assert restored.exit_code == 0, restored.stderr
    assert restored.stdout.startswith(f"restored {total} rows from all.jsonl (")
    # Every table, row by row, byte for byte, but for what said which quotes, values and
    # entities were verified: a dump is a file anyone can edit, so the next audit checks again.
    distrusted = full / "distrusted.db"
    shutil.copy2(full / "kzfacts.db", distrusted)
    with sqlite3.connect(distrusted) as db:
        db.execute("UPDATE fact SET anchor_quote_sha256 = NULL, support_key = NULL")
        db.execute("UPDATE auditrun SET entities_fingerprint = ''")
    assert rows(fresh) == rows(distrusted)

    again = run("--db", str(fresh), "dump", "--output", "again.jsonl")
    assert again.exit_code == 0
    first, second = dump_lines(full / "all.jsonl"), dump_lines(full / "again.jsonl")
    assert len(first) == len(second)
    for line in first[1:]:
        if line["table"] == "fact":
            line["row"].update(anchor_quote_sha256=None, support_key=None)
        if line["table"] == "auditrun":
            line["row"]["entities_fingerprint"] = ""
    assert first[1:] == second[1:]
    assert {k: v for k, v in first[0].items() if k != "dumped_at"} == {
        k: v for k, v in second[0].items() if k != "dumped_at"
    }
    audited = run("--db", str(fresh), "audit", "--format", "json")
    assert audited.exit_code == 0, audited.stdout  # the restored database works as the original


def test_dump_format(run: Run, full: Path) -> None:
    result = run("dump")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.isascii()
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    header, body = lines[0], lines[1:]
    original = rows(full / "kzfacts.db")
    assert set(header) == {"format", "format_version", "schema", "kzfacts", "dumped_at", "rows"}
    assert (header["format"], header["format_version"], header["kzfacts"]) == (
        "kzfacts-dump", 1, __version__
    )  # fmt: skip
    assert header["schema"] == original["alembic_version"][0][0]
    assert header["rows"] == {t.name: len(original[t.name]) for t in metadata.sorted_tables}
    assert all(set(line) == {"table", "row"} for line in body)
    order = [t.name for t in metadata.sorted_tables]
    seen = [line["table"] for line in body]
    assert seen == sorted(seen, key=order.index)  # parents before children
    facts = [line["row"] for line in body if line["table"] == "fact"]
    position = {f["id"]: n for n, f in enumerate(facts)}
    revisions = [f for f in facts if f["supersedes"]]
    assert revisions and all(position[f["supersedes"]] < position[f["id"]] for f in revisions)
    source = next(line["row"] for line in body if line["table"] == "source")
    assert source["published"] == "2005-10-11"  # dates as ISO strings
    assert source["registered_at"].endswith("+00:00")  # datetimes as ISO strings, in UTC
    note = next(f["note"] for f in facts if f["id"] == "odd-note")
    assert note == ODD_NOTE


def test_dump_refused_leaves_an_existing_output_file_alone(run: Run, full: Path) -> None:
    (full / "all.jsonl").write_text("an older dump\n")
    with sqlite3.connect(full / "kzfacts.db") as db:
        db.execute("UPDATE alembic_version SET version_num = '9999_future'")
    result = run("dump", "--output", "all.jsonl")
    assert_no_traceback(result)
    assert result.exit_code == 2
    assert (full / "all.jsonl").read_text() == "an older dump\n"
    assert sorted(p.name for p in full.iterdir() if "all.jsonl" in p.name) == ["all.jsonl"]


def test_dump_through_a_symlink_replaces_the_file_it_names(run: Run, full: Path) -> None:
    (full / "real.jsonl").write_text("an older dump\n")
    (full / "link.jsonl").symlink_to("real.jsonl")
    assert run("dump", "--output", "link.jsonl").exit_code == 0
    assert (full / "link.jsonl").is_symlink()
    assert dump_lines(full / "real.jsonl")[0]["format"] == "kzfacts-dump"


def test_dump_into_a_missing_folder_is_refused(run: Run, full: Path) -> None:
    assert_refused(
        run("dump", "--output", "nowhere/all.jsonl"),
        2,
        "folder nowhere does not exist: create it or choose another --output",
    )


@pytest.fixture
def dump_file(run: Run, full: Path) -> Path:
    assert run("dump", "--output", "all.jsonl").exit_code == 0
    assert run("--db", "fresh.db", "init").exit_code == 0
    return full / "all.jsonl"


def edit(path: Path, change: Any) -> list[str]:
    lines = path.read_text().splitlines(keepends=True)
    lines = change(lines)
    path.write_text("".join(lines))
    return lines


def header_with(**fields: Any) -> Any:
    def change(lines: list[str]) -> list[str]:
        return [json.dumps({**json.loads(lines[0]), **fields}) + "\n", *lines[1:]]

    return change


def restore_refused(run: Run, full: Path, message: str, code: int = 1) -> None:
    before = rows(full / "fresh.db")
    assert_refused(run("--db", "fresh.db", "restore", "all.jsonl"), code, message)
    assert rows(full / "fresh.db") == before


def test_restore_refuses_a_dump_from_a_newer_schema(run: Run, dump_file: Path) -> None:
    edit(dump_file, header_with(schema="9999_future", kzfacts="9.0"))
    restore_refused(
        run,
        dump_file.parent,
        "all.jsonl was dumped from schema 9999_future (kzfacts 9.0), newer than this kzfacts "
        "knows: upgrade kzfacts (pip install -U kzfacts) to restore it",
    )


def test_restore_refuses_a_newer_dump_format(run: Run, dump_file: Path) -> None:
    edit(dump_file, header_with(format_version=2))
    restore_refused(
        run,
        dump_file.parent,
        "all.jsonl is dump format 2, newer than this kzfacts reads (1): upgrade kzfacts "
        "(pip install -U kzfacts)",
    )


def test_restore_refuses_a_dump_from_an_older_schema(run: Run, dump_file: Path) -> None:
    head = json.loads(dump_file.read_text().splitlines()[0])["schema"]
    edit(dump_file, header_with(schema="0001", kzfacts="0.0.9"))
    restore_refused(
        run,
        dump_file.parent,
        f"all.jsonl was dumped from schema 0001 (kzfacts 0.0.9), older than this kzfacts's "
        f"{head}: restore it with kzfacts 0.0.9, then run `kzfacts init` with this one to upgrade",
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "all.jsonl is empty: give a file written by `kzfacts dump`"),
        (b'{"id": "a-fact", "source": "x"}\n', "all.jsonl is not a kzfacts dump (its first line is not a kzfacts-dump header): give a file written by `kzfacts dump`"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\xff", "all.jsonl is not UTF-8 text: give a file written by `kzfacts dump`"),
    ],
    ids=["empty", "facts-file", "binary"],
)  # fmt: skip
def test_restore_refuses_what_is_not_a_dump(
    run: Run, dump_file: Path, content: bytes, message: str
) -> None:
    dump_file.write_bytes(content)
    restore_refused(run, dump_file.parent, message)


def test_restore_refuses_a_dump_cut_at_a_line_end(run: Run, dump_file: Path) -> None:
    last_table = json.loads(dump_file.read_text().splitlines()[-1])["table"]
    assert last_table == "finding"  # it references facts and sources: it comes after them
    lines = edit(dump_file, lambda lines: lines[:-3])  # the last lines are findings
    findings = json.loads(lines[0])["rows"][last_table]
    assert findings > 3
    restore_refused(
        run,
        dump_file.parent,
        f"all.jsonl is truncated or damaged ({findings} finding rows promised, "
        f"{findings - 3} found): nothing was restored",
    )


def test_restore_refuses_a_dump_cut_mid_line(run: Run, dump_file: Path) -> None:
    lines = edit(dump_file, lambda lines: [*lines[:-1], lines[-1][:22]])
    restore_refused(
        run,
        dump_file.parent,
        f"all.jsonl:{len(lines)}: not valid JSON (Unterminated string starting at): the dump is "
        "damaged; nothing was restored",
    )


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"table": "users", "row": {}}, "unknown table 'users': the dump is damaged"),
        ({"table": "fact", "row": {"id": "x", "colour": "red"}}, "table fact has no column(s) colour: the dump is damaged"),
        ({"table": "source", "row": {"published": "2012-02-30"}}, "source.published '2012-02-30' cannot be read (day is out of range for month): the dump is damaged"),
        ({"table": "auditrun", "row": {"errors": "many"}}, "auditrun.errors 'many' cannot be read (expected an integer): the dump is damaged"),
        (["fact"], 'expected {"table": ..., "row": {...}}: the dump is damaged'),
    ],
    ids=["table", "column", "date", "integer", "shape"],
)  # fmt: skip
def test_restore_refuses_a_damaged_row(run: Run, dump_file: Path, row: Any, message: str) -> None:
    edit(dump_file, lambda lines: [*lines[:3], json.dumps(row) + "\n", *lines[4:]])
    restore_refused(run, dump_file.parent, f"all.jsonl:4: {message}")


def test_restore_refuses_a_row_whose_parent_is_not_in_the_dump(run: Run, dump_file: Path) -> None:
    def orphan(lines: list[str]) -> list[str]:
        out = []
        for line in lines:
            record = json.loads(line)
            if record.get("table") == "alias" and record["row"]["id"] == 1:
                record["row"]["entity_id"] = "ghost"
            out.append(json.dumps(record) + "\n")
        return out

    edit(dump_file, orphan)
    restore_refused(
        run,
        dump_file.parent,
        "all.jsonl: 1 alias row(s) point at entity rows missing from the dump "
        "(alias.entity_id = 'ghost'): the dump is damaged; nothing was restored",
    )


def test_restore_refuses_a_database_that_is_not_empty(run: Run, dump_file: Path) -> None:
    before = snapshot()
    database = dump_file.parent / "kzfacts.db"
    held = ", ".join(
        f"{len(before[t.name])} {t.name}" for t in metadata.sorted_tables if t.name != "predicate"
    )
    assert_refused(
        run("restore", "all.jsonl"),
        1,
        f"database {database} is not empty ({held}): restore only into a new database: "
        "kzfacts --db NEW.db init && kzfacts --db NEW.db restore all.jsonl",
    )
    assert snapshot() == before


def test_restore_needs_an_initialised_database(run: Run, dump_file: Path) -> None:
    missing = dump_file.parent / "missing.db"
    assert_refused(
        run("--db", str(missing), "restore", "all.jsonl"),
        2,
        f"no database at {missing}: run `kzfacts init` (or pass --db)",
    )
    assert not missing.exists()


def test_restore_of_a_missing_file_is_refused(run: Run, dump_file: Path) -> None:
    restore = run("--db", "fresh.db", "restore", "nothing.jsonl")
    assert_refused(restore, 2, "dump file nothing.jsonl does not exist: check the path")


def test_restored_ids_continue(run: Run, dump_file: Path) -> None:
    """After a restore, new rows get fresh ids (a new audit run is not confused with an old one)."""
    assert run("--db", "fresh.db", "restore", "all.jsonl").exit_code == 0
    fresh = dump_file.parent / "fresh.db"
    runs = len(rows(fresh)["auditrun"])
    assert run("--db", str(fresh), "--root", str(dump_file.parent), "audit").exit_code == 0
    assert [r[0] for r in rows(fresh)["auditrun"]] == list(range(1, runs + 2))
    assert LETTER_2009 in {r[0] for r in rows(fresh)["source"]}


def test_restore_carries_every_version_of_every_fact(run: Run, full: Path) -> None:
    assert run("dump", "--output", "all.jsonl").exit_code == 0
    fresh = full / "fresh.db"
    assert run("--db", str(fresh), "init").exit_code == 0
    assert run("--db", str(fresh), "restore", "all.jsonl").exit_code == 0
    versions = rows(fresh)["factversion"]
    assert versions == rows(full / "kzfacts.db")["factversion"]
    history = run(
        "--db", str(fresh), "fact", "history", "sokolova-release-date", "--format", "json"
    )
    assert [(v["action"], v["changed_by"]) for v in json.loads(history.stdout)][1:] == [
        ("edited", "Жовтис")
    ]
    removed = run(
        "--db", str(fresh), "fact", "history", "sokolova-sentence-date", "--format", "json"
    )
    last = json.loads(removed.stdout)[-1]
    assert (last["action"], last["reason"]) == ("removed", ODD_NOTE)
